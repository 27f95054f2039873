"""Admin page “New statements from an article”: paste or upload, review candidates, create drafts.

Step 1 takes the article (text, HTML or a file) with its URL and outlet and runs the intake
engine (``claims/intake.py``). Step 2 shows each quoted passage as a candidate statement: the
editor picks the event, keeps or drops candidates, assigns each a party, edits, and creates them
all in one submit — as drafts, submitted for review, or (a chief editor, every item of the
checklist ticked) published.
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from claims.intake import (
    MAX_ARTICLE_BYTES,
    MAX_ARTICLE_CHARS,
    ArticleRefused,
    decode_article,
    intake,
)
from claims.models import Denial, Precision, ReviewState, Statement, Status
from claims.models.review import CHECKLIST
from claims.models.roles import can_publish


class ArticleForm(forms.Form):
    text = forms.CharField(
        label=_("Article text or HTML"),
        required=False,
        max_length=MAX_ARTICLE_CHARS,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Paste the whole page or just the article; cookie banners, “See also” "
            "teasers and comment forms are removed."
        ),
    )
    file = forms.FileField(
        label=_("…or upload a file"),
        required=False,
        help_text=_("An .html, .htm or .txt file, up to 2 MB."),
    )
    source_url = forms.URLField(label=_("Article URL"), required=False, assume_scheme="https")
    source_name = forms.CharField(
        label=_("Outlet"), required=False, max_length=200, help_text=_("E.g. “WELT”, “AFP”.")
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if not upload.name.lower().endswith((".html", ".htm", ".txt")):
            raise forms.ValidationError(_("Upload an .html, .htm or .txt file."))
        if upload.size > MAX_ARTICLE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 2 MB; paste the article instead.")
            )
        try:
            self.decoded = decode_article(upload.read())
        except ArticleRefused as refusal:
            raise forms.ValidationError(str(refusal)) from refusal
        return upload

    def clean(self):
        data = super().clean()
        pasted, uploaded = data.get("text", "").strip(), data.get("file")
        if not self.errors and not pasted and not uploaded:
            raise forms.ValidationError(_("Paste the article's text or upload a file."))
        if pasted and uploaded:
            raise forms.ValidationError(
                _("You pasted text and chose a file: keep one, so that nothing is ignored.")
            )
        return data

    def raw_article(self):
        if self.cleaned_data.get("file"):
            return self.decoded
        return self.cleaned_data["text"]


class DateTimePicker(forms.DateTimeInput):
    """The browser's own date and time picker, on one line (the admin's split widget takes
    two, with shortcuts); it sends ISO 8601, which a DateTimeField reads."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        # To the second, as times are stored: a row saved unchanged keeps its time.
        super().__init__({"step": 1, **(attrs or {})}, format="%Y-%m-%dT%H:%M:%S")


def _label(name):
    return Statement._meta.get_field(name).verbose_name


# What happens to the statements once created: each is a button of the review page, so
# choosing it is the same press that creates them. The first is the default (Enter).
NEXT_STEPS = [
    ("submit", _("Create and submit for review")),
    ("draft", _("Create as drafts")),
    ("publish", _("Create and publish (every item checked)")),
]


class TargetForm(forms.Form):
    event = forms.ModelChoiceField(
        queryset=None, help_text=_("The event these statements are about.")
    )
    source_url = forms.URLField(required=False, widget=forms.HiddenInput, assume_scheme="https")
    source_name = forms.CharField(required=False, widget=forms.HiddenInput)
    issued_at = forms.DateTimeField(
        required=False,
        label=_("Issued at, for each statement without a time of its own"),
        widget=DateTimePicker(),
        help_text=_("When the article shows no date: enter it once here."),
    )
    checked_original = forms.BooleanField(
        required=False,
        label=_label("checked_original"),
        help_text=_("For every statement kept: ticked on each, and recorded as yours."),
    )
    checked_translation = forms.BooleanField(required=False, label=_label("checked_translation"))
    checked_second_source = forms.BooleanField(
        required=False, label=_label("checked_second_source")
    )
    # Rendered as the page's buttons (see ``NEXT_STEPS``), not as a field of its own.
    then = forms.ChoiceField(label=_("Then"), choices=NEXT_STEPS, widget=forms.HiddenInput)

    def __init__(self, *args, admin_site, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = Statement._meta.get_field("event")
        self.fields["event"].widget = AutocompleteSelect(field, admin_site)
        self.fields["event"].queryset = field.related_model.objects.all()  # sets the choices
        # What the model would refuse is not offered (and is checked here, not only hidden):
        # publishing needs a chief, and with a second pair of eyes another chief approves.
        if not can_publish(user) or settings.NEWSDESK_SECOND_CHIEF:
            self.fields["then"].choices = NEXT_STEPS[:2]


class CandidateForm(forms.Form):
    keep = forms.BooleanField(required=False, initial=True, label=_("Keep"))
    # Reported speech (no quotation marks): the article's sentence, as the outlet words it.
    reported = forms.BooleanField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_label("text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The statement's text; the whole sentence is proposed, trim it as needed."),
    )
    speaker = forms.CharField(required=False, max_length=200, label=_("Speaker as printed"))
    conduit = forms.CharField(required=False, max_length=100, label=_label("conduit"))
    party = forms.ModelChoiceField(queryset=None, required=False, label=_label("party"))
    # An honest empty choice: a candidate whose speaker intake did not find is not guessed
    # to be the party's official channel.
    attribution = forms.ChoiceField(
        choices=[("", "—"), *Statement.Attribution.choices],
        required=False,
        label=_label("attribution"),
    )
    kind = forms.ChoiceField(
        choices=Statement.Kind.choices, initial=Statement.Kind.READOUT, label=_label("kind")
    )
    issued_at = forms.DateTimeField(
        required=False,  # for a candidate kept: see clean()
        label=_label("issued_at"),
        widget=DateTimePicker(),
        help_text=_("Proposed: the article's date, when it shows one."),
    )
    issued_precision = forms.ChoiceField(
        choices=Precision.choices, initial=Precision.DAY, label=_label("issued_precision")
    )
    # A denial intake proposes: of the candidate numbered ``denies`` (from 0), disputing its
    # quoted words (``quote`` of that candidate), rebutting with this one's.
    quote = forms.CharField(required=False, widget=forms.HiddenInput)
    denies = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    as_denial = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args, admin_site, issued_default=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.issued_default = issued_default  # the review's one date for all, if given
        field = Statement._meta.get_field("party")
        self.fields["party"].widget = AutocompleteSelect(field, admin_site)
        self.fields["party"].queryset = field.related_model.objects.all()  # sets the choices
        if doubt := self.initial.get("doubt"):  # intake is unsure whose words these are
            self.fields["party"].help_text = doubt
        denies = (
            self.initial.get("denies")
            if not self.is_bound
            else self.data.get(self.add_prefix("denies"))
        )
        if denies in (None, ""):
            del self.fields["as_denial"]
        else:
            self.fields["as_denial"].label = _("A denial of quote %(number)s") % {
                "number": int(denies) + 1
            }
            self.fields["as_denial"].help_text = _(
                "The article says these words deny that statement: the denial is created with "
                "them, disputing its quoted words. Untick if they do not."
            )

    def clean(self):
        data = super().clean()
        if data.get("keep"):
            if not data.get("party"):
                self.add_error("party", _("Choose who speaks, or untick “keep”."))
            if not data.get("attribution"):
                self.add_error(
                    "attribution", _("Choose how directly the words come from the party.")
                )
            if not data.get("issued_at") and "issued_at" not in self.errors:
                if self.issued_default is not None:
                    data["issued_at"] = self.issued_default
                else:
                    self.add_error("issued_at", _("Enter when the statement was issued."))
        return data


CandidateFormSet = forms.formset_factory(CandidateForm, extra=0)


def initial_candidates(result):
    """The review forms' first values. "Issued at" is the article's date (at noon, shown at day
    precision), never today by default: an article without a date leaves it to the editor."""
    issued = {}
    if result.published is not None:
        noon = datetime.datetime.combine(result.published, datetime.time(12))
        issued = {"issued_at": timezone.make_aware(noon), "issued_precision": Precision.DAY}
    return [
        {
            "keep": True,
            "text": f"<p>{candidate.sentence}</p>",
            "speaker": candidate.speaker,
            "conduit": candidate.conduit,
            "attribution": candidate.attribution,
            "party": candidate.party,
            "doubt": candidate.doubt,
            "kind": candidate.kind,
            "reported": candidate.reported,
            "quote": candidate.quote,
            "denies": candidate.denies,
            **issued,
        }
        for candidate in result.candidates
    ]


def intake_view(model_admin, request):
    site, user = model_admin.admin_site, request.user
    context = {
        **site.each_context(request),
        "opts": Statement._meta,
        "title": _("New statements from an article"),
    }
    if request.method == "POST" and "create" in request.POST:
        target = TargetForm(request.POST, admin_site=site, user=user)
        default = target.cleaned_data.get("issued_at") if target.is_valid() else None
        formset = CandidateFormSet(
            request.POST, form_kwargs={"admin_site": site, "issued_default": default}
        )
        if target.is_valid() and formset.is_valid():
            created = create_statements(target.cleaned_data, formset, user)
            if created:
                count, event = len(created), target.cleaned_data["event"]
                then = target.cleaned_data["then"]
                if then == "publish":
                    message = ngettext(
                        "Created %(count)d statement for “%(event)s”.",
                        "Created %(count)d statements for “%(event)s”.",
                        count,
                    )
                elif then == "submit":
                    message = ngettext(
                        "Created %(count)d statement for “%(event)s” and submitted it for review.",
                        "Created %(count)d statements for “%(event)s” and submitted them for "
                        "review.",
                        count,
                    )
                else:
                    message = ngettext(
                        "Created %(count)d statement for “%(event)s” as a draft.",
                        "Created %(count)d statements for “%(event)s” as drafts.",
                        count,
                    )
                messages.success(request, message % {"count": count, "event": event})
                denials = Denial.objects.filter(statement__in=created).count()
                if denials:
                    messages.success(
                        request,
                        ngettext(
                            "Also created: %(count)d denial between them, as the article reports.",
                            "Also created: %(count)d denials between them, as the article reports.",
                            denials,
                        )
                        % {"count": denials},
                    )
                url = reverse("admin:claims_statement_changelist")
                return redirect(f"{url}?event__id__exact={target.cleaned_data['event'].pk}")
        context.update(step="review", target=target, formset=formset)
    elif request.method == "POST":
        article = ArticleForm(request.POST, request.FILES)
        if article.is_valid():
            result = intake(article.raw_article())
            if result.candidates and result.published is None:
                result.warnings.append(
                    _("The article shows no date: enter when each statement was issued.")
                )
            target = TargetForm(
                initial={
                    "source_url": article.cleaned_data["source_url"],
                    "source_name": article.cleaned_data["source_name"],
                },
                admin_site=site,
                user=user,
            )
            formset = CandidateFormSet(
                initial=initial_candidates(result), form_kwargs={"admin_site": site}
            )
            context.update(step="review", result=result, target=target, formset=formset)
        else:
            context.update(step="article", article=article)
    else:
        context.update(step="article", article=ArticleForm())
    media = model_admin.media
    for form in (context.get("target"), context.get("formset")):
        if form is not None:
            media += form.media
    context["media"] = media
    return TemplateResponse(request, "admin/claims/statement/intake.html", context)


def create_statements(target, formset, user):
    """Create every kept candidate in one transaction.

    Returns the statements, or None when nothing can be created: no candidate kept, or a
    kept one that the model refuses (its errors are then put on that candidate's form).
    """
    kept = [form for form in formset if form.cleaned_data.get("keep")]
    if not kept:
        formset._non_form_errors = formset.error_class([_("Tick “keep” on at least one.")])
        return None
    then = target.get("then", "draft")
    status = Status.PUBLISHED if then == "publish" and can_publish(user) else Status.DRAFT
    review = ReviewState.SUBMITTED if then == "submit" else ReviewState.PREPARING
    checks = {name: bool(target.get(name)) for name in CHECKLIST}
    statements = []
    for form in kept:
        data = form.cleaned_data
        statement = Statement(
            event=target["event"],
            party=data["party"],
            kind=data["kind"],
            attribution=data["attribution"],
            speaker=data["speaker"],
            conduit=data["conduit"],
            issued_at=data["issued_at"],
            issued_precision=data["issued_precision"],
            text=data["text"],
            source_url=target["source_url"],
            source_name=target["source_name"],
            status=status,
            review_state=review,
            **checks,
        )
        try:
            statement.full_clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        statements.append(statement)
    if any(form.errors for form in kept):
        return None
    try:
        with transaction.atomic():
            for statement in statements:
                statement._change_reason = "Created from article intake"
                statement.save()
            create_denials(formset, kept, statements, status, review, checks)
    except _Refused:
        return None
    return statements


class _Refused(Exception):
    """A proposed denial the model refuses: the transaction is rolled back, the error shown."""


def create_denials(formset, kept, statements, status, review, checks):
    """The denials intake proposed and the editor kept ticked, between statements just made."""
    made = dict(zip((formset.forms.index(form) for form in kept), statements, strict=True))
    for number, form in enumerate(formset.forms):
        data = form.cleaned_data
        target = made.get(data.get("denies"))
        if number not in made or target is None or not data.get("as_denial"):
            continue
        denial = Denial(
            statement=made[number],
            target=target,
            kind=Denial.Kind.DENIAL,
            disputed_passage=formset.forms[data["denies"]].cleaned_data["quote"],
            rebutting_passage=data["quote"],
            status=status,
            review_state=review,
            **checks,
        )
        try:
            denial.full_clean()
        except ValidationError as error:
            form.add_error(None, [_("The proposed denial cannot be made:"), *error.messages])
            raise _Refused from error
        denial._change_reason = "Created from article intake"
        denial.save()
