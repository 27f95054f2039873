"""A second factor for staff: a code from an authenticator app (TOTP), or a recovery code.

Built on django-otp (maintained by the Django community, small, and its devices are plain
models the admin already lists: a chief who loses a phone gets a new device when a superuser
deletes the old one). django-two-factor-auth would add a second login flow and phone/SMS
methods the desk does not use; allauth's MFA brings a whole account system.

Who needs it: chief editors always (they publish); editors when
``NEWSDESK_TWO_FACTOR_FOR_EDITORS`` is on; anyone who has set up a device. After the password,
such a person is sent to ``/admin/two-factor/``: to enter a code, or — the first time — to add
the app (its key shown as text and as an ``otpauth:`` link) and receive ten single-use
recovery codes. Until then the admin is closed to them and the public site treats them as a
reader (no drafts).
"""

from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from claims.models.roles import can_publish

RECOVERY_CODES = 10


def needs_second_factor(user):
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if not settings.NEWSDESK_TWO_FACTOR:
        return False
    if can_publish(user) or settings.NEWSDESK_TWO_FACTOR_FOR_EDITORS:
        return True
    return user_has_device(user)


def second_factor(get_response):
    """After django-otp's middleware: a signed-in person who still owes a code may reach only
    the two-factor page and log out; elsewhere in the admin they are sent there, and on the
    public site they are a reader."""

    def middleware(request):
        user = request.user
        if needs_second_factor(user) and not user.is_verified():
            allowed = (reverse("two-factor"), reverse("admin:logout"))
            if request.path in allowed:
                return get_response(request)
            if request.path.startswith(reverse("admin:index")):
                return redirect(f"{reverse('two-factor')}?next={quote(request.get_full_path())}")
            request.user = AnonymousUser()
        return get_response(request)

    return middleware


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows now, or a recovery code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check
        self.device = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        self.device = self.check(code)
        if self.device is None:
            raise forms.ValidationError(
                _(
                    "That code is not right, or was already used. Enter the one your app shows "
                    "now, or a recovery code."
                )
            )
        return code


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return reverse("admin:index")
    return target


def two_factor_view(request):
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if user.is_verified():
        return redirect(_next(request))
    context = {
        **_admin_context(request),
        "next": _next(request),
    }
    if user_has_device(user):
        form = CodeForm(request.POST or None, check=lambda code: match_token(user, code))
        if request.method == "POST" and form.is_valid():
            otp_login(request, form.device)
            return redirect(context["next"])
        context.update(title=_("Second factor"), form=form, step="verify")
        return TemplateResponse(request, "admin/two_factor.html", context)

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(
        request.POST or None, check=lambda code: device if device.verify_token(code) else None
    )
    if request.method == "POST" and form.is_valid():
        codes = _confirm(user, device)
        otp_login(request, device)
        context.update(title=_("Your recovery codes"), codes=codes, step="codes")
        return TemplateResponse(request, "admin/two_factor.html", context)
    context.update(
        title=_("Set up a second factor"),
        form=form,
        step="setup",
        key=_grouped(device.config_url),
        config_url=device.config_url,
    )
    return TemplateResponse(request, "admin/two_factor.html", context)


def _confirm(user, device):
    """The app is confirmed, with its recovery codes."""
    with transaction.atomic():
        device.confirmed = True
        device.save()
        return _new_recovery_codes(user)


def _new_recovery_codes(user):
    """Ten recovery codes, which replace any earlier ones."""
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    recovery.token_set.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def recovery_codes_view(request):
    """New recovery codes for someone signed in with their second factor (the old ones stop
    working): asked for with a POST, shown once."""
    user = request.user
    if not (user.is_authenticated and user.is_staff and user.is_verified()):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    context = {**_admin_context(request), "next": reverse("admin:index")}
    if request.method == "POST":
        with transaction.atomic():
            codes = _new_recovery_codes(user)
        context.update(title=_("Your recovery codes"), codes=codes, step="codes", renewed=True)
    else:
        context.update(title=_("New recovery codes"), step="renew")
    return TemplateResponse(request, "admin/two_factor.html", context)


def _grouped(config_url):
    """The base32 key from the otpauth URL, in groups of four for typing."""
    secret = config_url.split("secret=", 1)[1].split("&", 1)[0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _admin_context(request):
    from django.contrib import admin

    return admin.site.each_context(request)
