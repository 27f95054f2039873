"""Lists the newsroom keeps up to date in the admin: the conduits that carry governments' words
(news agencies, state media…) and spelling variants of names (Kyiv/Kiev).

They are reference data, not content: nothing in them is a draft, so they are public as they
stand — a conduit's name is offered in the browse filters whether or not a statement uses it.
A change still changes what public pages show (filters, search, names), so it moves the public
version on, like any content change, for every page (they are rarely edited). For the same
reason only chief editors change them, on every path (``check_reference_rule``).
"""

import re

from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from claims.models.fields import PlainCharField, PlainTextField
from claims.models.public import ALL, PublicState
from claims.models.rules import Versioned, refuse, restricted
from claims.text.folding import fold


def check_reference_rule(things):
    """Only chief editors (and the system) change reference lists: they change every page."""
    if restricted():
        refuse(
            gettext(
                "Only chief editors can change %(things)s: every page and search reads them. "
                "Ask a chief editor."
            )
            % {"things": things}
        )


class ReferenceQuerySet(models.QuerySet):
    """Bulk changes obey the same rule, and move every page on."""

    def update(self, **kwargs):
        check_reference_rule(self.model._meta.verbose_name_plural)
        with transaction.atomic(using=self.db):
            updated = super().update(**kwargs)
            if updated:
                PublicState.bump(parties=set(), events=set(), keys=ALL)
        return updated

    update.alters_data = True

    def delete(self):
        check_reference_rule(self.model._meta.verbose_name_plural)
        with transaction.atomic(using=self.db):
            deleted = super().delete()
            if deleted[0]:
                PublicState.bump(parties=set(), events=set(), keys=ALL)
        return deleted

    delete.alters_data = True
    delete.queryset_only = True


class ReferenceModel(Versioned):
    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        check_reference_rule(self._meta.verbose_name_plural)

    def save(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using") or self._state.db):
            self.full_clean(validate_unique=False, validate_constraints=False)
            super().save(*args, **kwargs)
            # A name or a spelling edited: every page may show it, none loses anything.
            PublicState.bump(parties=set(), events=set(), keys=ALL, withdrawn=False)

    def delete(self, *args, **kwargs):
        check_reference_rule(self._meta.verbose_name_plural)
        with transaction.atomic(using=kwargs.get("using") or self._state.db):
            deleted = super().delete(*args, **kwargs)
            PublicState.bump(parties=set(), events=set(), keys=ALL)
        return deleted


class Conduit(ReferenceModel):
    """Who carries a government's words when it does not publish them itself: "AFP"."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("News agency")
        STATE_MEDIA = "state_media", _("State media")
        BROADCASTER = "broadcaster", _("Broadcaster")
        NEWSPAPER = "newspaper", _("Newspaper")
        OTHER = "other", _("Other")

    name = PlainCharField(
        max_length=100,
        help_text=_("As statements name it in “conduit”: “AFP”, “TASS”. Offered in the filters."),
        verbose_name=_("name"),
    )
    full_name = PlainCharField(
        max_length=200,
        blank=True,
        help_text=_("“Agence France-Presse”."),
        verbose_name=_("full name"),
    )
    kind = models.CharField(
        max_length=20, choices=Kind, default=Kind.AGENCY, verbose_name=_("kind")
    )
    country = CountryField(
        blank=True,
        help_text=_("Where it is based (state media: whose)."),
        verbose_name=_("country"),
    )
    aliases = PlainTextField(
        blank=True,
        max_length=2000,
        help_text=_(
            "Other ways articles name it, one per line: “Agence France-Presse”, "
            "“France-Presse”. Article intake recognises every one."
        ),
        verbose_name=_("aliases"),
    )

    class Meta:
        verbose_name = _("conduit")
        verbose_name_plural = _("conduits")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="conduit_unique_name")]

    def __str__(self):
        return self.name

    def names(self):
        """Every name it goes by, its own first."""
        others = [line.strip() for line in self.aliases.splitlines() if line.strip()]
        return [self.name, *([self.full_name] if self.full_name else []), *others]


class SpellingQuerySet(ReferenceQuerySet):
    def expansions(self):
        """``{folded form: [every folded form of its group]}`` for search."""
        table = {}
        for group in self:
            forms = group.forms()
            for form in forms:
                table[form] = forms
        return table


class Spelling(ReferenceModel):
    """Names journalists meet spelt several ways: a search for one finds them all."""

    variants = PlainCharField(
        max_length=300,
        help_text=_(
            "The spellings, separated by commas: “Kyiv, Kiev”, “Beijing, Peking”. Case "
            "and accents do not matter."
        ),
        verbose_name=_("variants"),
    )

    objects = SpellingQuerySet.as_manager()

    class Meta:
        verbose_name = _("spelling")
        verbose_name_plural = _("spellings")
        ordering = ["variants"]

    def __str__(self):
        return self.variants

    def forms(self):
        return list(dict.fromkeys(fold(part.strip()) for part in self.variants.split(",")))

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        forms = self.forms()
        if len([form for form in forms if form]) < 2:
            raise ValidationError(
                {"variants": gettext("Give at least two spellings, separated by commas.")}
            )
        if any(not re.fullmatch(r"[\w'’-]+", form) for form in forms):
            raise ValidationError(
                {"variants": gettext("Each spelling is one word (letters, digits, ' or -).")}
            )


class DataLicence(ReferenceModel):
    """The licence the open data is published under (one row: the admin's "Open data")."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    name = PlainCharField(
        max_length=100,
        default="CC BY 4.0",
        help_text=_("As data users cite it: “CC BY 4.0”, “ODC-By 1.0”."),
        verbose_name=_("name"),
    )
    url = models.URLField(
        max_length=300,
        default="https://creativecommons.org/licenses/by/4.0/",
        help_text=_("Where its terms are."),
        verbose_name=_("url"),
    )
    attribution = PlainCharField(
        max_length=200,
        default="Newsdesk",
        help_text=_("How users should credit the data."),
        verbose_name=_("attribution"),
    )
    notes = PlainTextField(
        blank=True,
        max_length=2000,
        help_text=_("Anything else users should know (quotations remain their authors' words)."),
        verbose_name=_("notes"),
    )

    class Meta:
        verbose_name = _("open data licence")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="data_licence_single")]

    def __str__(self):
        return self.name

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).first() or cls()
