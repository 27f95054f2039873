"""What the desk knows of a staff member beyond Django's user: the language their alerts are
written in."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_profile"
    )
    language = models.CharField(
        _("language of alerts"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language they last signed in to the admin in."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return str(self.user)


def record_language(sender, request, user, **kwargs):
    """At each sign-in: the language the admin speaks to them (their browser's, as Django's
    LocaleMiddleware chose it) is the language of their alerts."""
    language = getattr(request, "LANGUAGE_CODE", None) or get_language()
    if language not in dict(settings.LANGUAGES) or not user.is_staff:
        return
    StaffProfile.objects.update_or_create(user=user, defaults={"language": language})


def languages_of(users):
    """``{user: language}`` for ``users``: each one's recorded language, else the site's."""
    recorded = dict(StaffProfile.objects.filter(user__in=users).values_list("user_id", "language"))
    return {user: recorded.get(user.pk) or settings.LANGUAGE_CODE for user in users}
