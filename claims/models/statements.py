"""Accounts and rebuttals: one party's statement about an event, and denials between statements."""

import re
import statistics
from html import escape

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from simple_history.models import HistoricalRecords

from ..sanitize import html_to_text, sanitize_html
from .events import Event
from .fields import PlainCharField, PlainTextField, SanitizedHTMLField
from .parties import Party, ancestors_path, side_id, side_q
from .publishing import (
    Precision,
    PublishableQuerySetMixin,
    Status,
    describe_delay,
    describe_delay_briefly,
    format_at_precision,
    format_duration,
)
from .search import SearchIndex, search_document_field

_TAG = re.compile(r"(<[^>]*>)")


def passage_in_html(html, passage):
    """True if ``passage`` occurs in one run of text of ``html`` (so it can be highlighted)."""
    needle = escape(passage, quote=False)
    return bool(needle) and any(
        needle in part for part in _TAG.split(html) if not part.startswith("<")
    )


def mark_passages(html, marks):
    """Wrap each ``(passage, mark_id, links)`` in ``<mark>``, followed by links to its denials.

    Only text between tags is searched, so attributes are never touched. A passage that cannot
    be found (the text changed after the denial was entered) is left unmarked.
    """
    parts = _TAG.split(html)
    for passage, mark_id, links in marks:
        needle = escape(passage, quote=False)
        for index, part in enumerate(parts):
            if part.startswith("<") or needle not in part:
                continue
            refs = "".join(
                f' <a class="denial-ref" href="#{escape(anchor)}">{escape(label)}</a>'
                for anchor, label in links
            )
            before, after = part.split(needle, 1)
            parts[index] = (
                f'{before}<mark id="{escape(mark_id)}">{needle}</mark>'
                f'<span class="denial-refs">{refs}</span>{after}'
            )
            break
    return mark_safe("".join(parts))


class StatementQuerySet(PublishableQuerySetMixin, models.QuerySet):
    published_filter = {"status": Status.PUBLISHED, "event__status": Status.PUBLISHED}

    def with_party(self):
        """The statement's event and party with every ancestor up to its side, in one query."""
        return self.select_related("event", ancestors_path("party"))

    def for_detail(self, user=None):
        """The statement page: party chain, visible denials both ways, public corrections."""
        return self.visible_to(user).with_party().with_denials(user).prefetch_related("corrections")

    def for_event(self, event):
        return self.filter(event=event)

    def by_side(self, side):
        return self.filter(side_q(side))

    def with_denials(self, user=None):
        """Prefetch the visible denials each statement made and received, with their statements."""
        denials = Denial.objects.visible_to(user).select_related(
            "claim",
            "statement__event",
            ancestors_path("statement__party"),
            "target__event",
            ancestors_path("target__party"),
        )
        return self.prefetch_related(
            models.Prefetch("denials_made", denials, to_attr="visible_denials_made"),
            models.Prefetch("denials_received", denials, to_attr="visible_denials_received"),
        )


class Statement(models.Model):
    class Kind(models.TextChoices):
        READOUT = "readout", "Readout"
        PRESS_RELEASE = "press_release", "Press release"
        PRESS_CONFERENCE = "press_conference", "Press conference"
        INTERVIEW = "interview", "Interview"
        SOCIAL_POST = "social_post", "Social media post"
        AGENCY_REPORT = "agency_report", "Remarks to a news agency"

    class Attribution(models.TextChoices):
        OFFICIAL = "official", "Official channel"
        NAMED_OFFICIAL = "named_official", "Named official, on the record"
        SPOKESPERSON = "spokesperson", "Spokesperson"
        ENTOURAGE = "entourage", "Entourage / sources close to"
        ANONYMOUS = "anonymous", "Anonymous official"
        MEDIA = "media", "Media characterisation"

    class Translator(models.TextChoices):
        OFFICIAL = "official", "Official translation"
        EDITORIAL = "editorial", "Newsdesk editorial translation"
        MACHINE = "machine", "Machine translation"

    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="The event this statement is an account of.",
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="Who speaks, as precisely as known (the minister rather than the ministry). "
        "Its government decides the column.",
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.READOUT,
        help_text="The form the statement took.",
    )
    attribution = models.CharField(
        "attribution level",
        max_length=20,
        choices=Attribution,
        default=Attribution.OFFICIAL,
        help_text="How directly the words come from the party.",
    )
    speaker = PlainCharField(
        "speaker as printed",
        max_length=200,
        blank=True,
        help_text="The attribution exactly as the source prints it, e.g. "
        "“Lecornu's immediate entourage”.",
    )
    conduit = PlainCharField(
        max_length=100,
        blank=True,
        help_text="Who carried the words, if not the party's own channel, e.g. “AFP”.",
    )
    issued_at = models.DateTimeField(
        help_text="When it was issued. With a precision coarser than “exact”, the time of day "
        "only orders statements and is never shown."
    )
    issued_precision = models.CharField(
        "precision",
        max_length=10,
        choices=Precision,
        default=Precision.EXACT,
        help_text="How much of the time is known: the page never shows more.",
    )
    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text="Language of the text as given below.",
    )
    text = SanitizedHTMLField(
        help_text="The words of the statement, as published. Paragraphs, emphasis, lists, "
        "quotes and links are kept; everything else is removed on save."
    )
    translation = SanitizedHTMLField(
        blank=True, help_text="An English translation, if the text is in another language."
    )
    translated_by = models.CharField(
        max_length=20, choices=Translator, blank=True, help_text="Who made the translation."
    )
    source_name = PlainCharField(
        "source",
        max_length=200,
        blank=True,
        help_text="Where the text was read: the ministry's site, an agency, a newspaper.",
    )
    source_url = models.URLField(
        max_length=500, blank=True, help_text="The address where the text was read."
    )
    archive_url = models.URLField(
        max_length=500, blank=True, help_text="A dated archive copy of the source page."
    )
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text="Drafts are visible to staff only. Publishing needs a chief editor.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_document = search_document_field(
        ("text", "A"),
        ("translation", "A"),
        ("speaker", "B"),
        ("conduit", "C"),
        language="language",
        localized=("text",),
    )

    objects = StatementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "search_document"])

    class Meta:
        ordering = ["issued_at", "pk"]
        get_latest_by = "issued_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="statement_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(issued_precision__in=Precision.values),
                name="statement_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(translation="") | ~Q(translated_by=""),
                name="statement_translation_has_translator",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "issued_at"], name="statement_event_time_idx"),
            models.Index(fields=["status", "-issued_at"], name="statement_status_time_idx"),
            SearchIndex(fields=["search_document"], name="statement_search_idx"),
        ]

    def __str__(self):
        return f"{self.party} — {self.get_kind_display().lower()}, {self.when}"

    def get_absolute_url(self):
        return reverse("claims:statement-detail", kwargs={"pk": self.pk})

    @property
    def when(self):
        return format_at_precision(self.issued_at, self.issued_precision)

    @property
    def label(self):
        """How other statements refer to this one: “Russian Ministry of Defence readout”."""
        return f"{self.party} {self.get_kind_display().lower()}"

    @property
    def has_source(self):
        return bool(self.source_name or self.source_url or self.archive_url)

    @property
    def plain_text(self):
        return html_to_text(self.text)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED and self.event.status == Status.PUBLISHED

    def clean(self):
        super().clean()
        if self.translation and not self.translated_by:
            raise ValidationError({"translated_by": "Say who translated the text."})


class DenialQuerySet(PublishableQuerySetMixin, models.QuerySet):
    # A denial is public when both statements are: it has no status of its own to get wrong.
    published_filter = {
        "statement__status": Status.PUBLISHED,
        "statement__event__status": Status.PUBLISHED,
        "target__status": Status.PUBLISHED,
    }

    def for_timeline(self):
        return self.select_related(
            "claim",
            "statement__event",
            ancestors_path("statement__party"),
            ancestors_path("target__party"),
        ).order_by("-statement__issued_at", "-pk")

    def by_side(self, side):
        return self.filter(side_q(side, "statement__party"))

    def against_side(self, side):
        return self.filter(side_q(side, "target__party"))

    def median_delay(self):
        """The median time-to-denial, no finer than the coarsest time it is computed from.

        Reads four columns per denial, not whole rows, so it stays cheap for busy parties.
        """
        rows = self.order_by().values_list(
            "statement__issued_at",
            "target__issued_at",
            "statement__issued_precision",
            "target__issued_precision",
        )
        delays, precisions = [], set()
        for denied_at, target_at, *row_precisions in rows:
            delays.append(denied_at - target_at)
            precisions.update(row_precisions)
        if not delays:
            return ""
        precision = Precision.coarsest(*precisions)
        return format_duration(statistics.median_low(delays), precision) or f"under a {precision}"

    def who_denies_whom(self):
        """``{"sides": [...], "rows": [(denying side, [count against each side]), ...]}``,
        over the sides that denied or were denied at least once."""
        counts = self.side_counts()
        involved = {pk for pair in counts for pk in pair}
        sides = list(Party.objects.sides().filter(pk__in=involved))
        rows = [
            (denier, [counts.get((denier.pk, denied.pk), 0) for denied in sides])
            for denier in sides
        ]
        return {"sides": sides, "rows": rows}

    def side_counts(self):
        """``{(denying side id, denied side id): count}``, counted by the database."""
        rows = (
            self.order_by()
            .values(denier=side_id("statement__party"), denied=side_id("target__party"))
            .annotate(count=models.Count("pk"))
        )
        return {(row["denier"], row["denied"]): row["count"] for row in rows}


class Denial(models.Model):
    class Kind(models.TextChoices):
        DENIAL = "denial", "Denial"
        PARTIAL = "partial_denial", "Partial denial"
        NON_DENIAL = "non_denial_denial", "Non-denial denial"
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        COUNTER_ACCUSATION = "counter_accusation", "Counter-accusation"
        REFUSAL = "refusal_to_comment", "Refusal to comment"

    statement = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        related_name="denials_made",
        help_text="The statement that rebuts.",
    )
    target = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        related_name="denials_received",
        help_text="The statement being rebutted: same event, another government.",
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.DENIAL,
        help_text="How the statement rebuts: outright, in part, without denying, …",
    )
    disputed_passage = PlainTextField(
        help_text="Copy the exact words of the target statement that are rebutted, from one "
        "paragraph, without formatting. They are highlighted on the public page."
    )
    rebutting_passage = PlainTextField(
        blank=True, help_text="The words of this statement that do the rebutting, copied exactly."
    )
    claim = models.ForeignKey(
        "claims.Claim",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="denials",
        help_text="The claim in the matrix this denial answers; it fills this government's cell.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DenialQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["statement__issued_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(statement=F("target")), name="denial_not_of_itself"
            ),
            models.CheckConstraint(
                condition=~Q(disputed_passage=""), name="denial_has_disputed_passage"
            ),
            models.UniqueConstraint(
                fields=["statement", "target", "disputed_passage"],
                name="denial_unique_passage",
                violation_error_message="This statement already rebuts that passage.",
            ),
        ]

    def __str__(self):
        return f"{self.statement.party} — {self.get_kind_display().lower()} of {self.target.label}"

    def get_absolute_url(self):
        return f"{self.statement.event.get_absolute_url()}#{self.anchor}"

    # How the rebuttal reads in a sentence: "France denies Russia's account".
    VERBS = {
        Kind.DENIAL: "denies",
        Kind.PARTIAL: "partly denies",
        Kind.NON_DENIAL: "will not confirm",
        Kind.CORRECTION: "corrects",
        Kind.CLARIFICATION: "clarifies",
        Kind.COUNTER_ACCUSATION: "counter-accuses over",
        Kind.REFUSAL: "declines to comment on",
    }

    @property
    def verb(self):
        return self.VERBS[self.kind]

    @property
    def delay_short(self):
        """'2 h 10 min later', 'the same day', '1 day later'."""
        return describe_delay_briefly(
            self.target.issued_at, self.statement.issued_at, self.delay_precision
        )

    @property
    def is_published(self):
        return self.statement.is_published and self.target.is_published

    @property
    def anchor(self):
        return f"denial-{self.pk}"

    @property
    def mark_anchor(self):
        return f"disputed-{self.pk}"

    @property
    def delay(self):
        """Time from the target statement to this rebuttal (derived, never stored)."""
        return self.statement.issued_at - self.target.issued_at

    @property
    def delay_precision(self):
        return Precision.coarsest(self.statement.issued_precision, self.target.issued_precision)

    @property
    def delay_display(self):
        """'2 h 10 min after the Russian Ministry of Defence readout', at the precision known."""
        return describe_delay(
            self.target.issued_at,
            self.statement.issued_at,
            self.delay_precision,
            f"the {self.target.label}",
        )

    def clean(self):
        super().clean()
        try:  # in an admin inline, ``statement`` may be the parent form's unsaved statement
            statement, target = self.statement, self.target
        except ObjectDoesNotExist:
            return  # the missing field has its own "required" error
        errors = {}
        if statement.pk is not None and statement.pk == target.pk:
            errors["target"] = "A statement cannot rebut itself."
        elif statement.event_id != target.event_id:
            errors["target"] = (
                f"The target belongs to another event (“{target.event}”); a denial links "
                "two statements about the same event."
            )
        elif statement.party_id and statement.party.side == target.party.side:
            errors["target"] = (
                f"Both statements speak for {statement.party.side}; a denial links statements "
                "of two different governments or organisations."
            )
        if self.disputed_passage and not passage_in_html(
            sanitize_html(target.text), self.disputed_passage
        ):
            errors["disputed_passage"] = (
                "These words do not occur in the target statement. Copy them exactly, from one "
                f"paragraph and without formatting. The target's text is: “{target.plain_text}”"
            )
        if self.rebutting_passage and not passage_in_html(
            sanitize_html(statement.text), self.rebutting_passage
        ):
            errors["rebutting_passage"] = (
                "These words do not occur in the rebutting statement. Copy them exactly. "
                f"Its text is: “{statement.plain_text}”"
            )
        if self.claim_id and self.claim.event_id != statement.event_id:
            errors["claim"] = "The claim belongs to another event."
        if errors:
            raise ValidationError(errors)


class Correction(models.Model):
    """A public note that a published statement's text was changed, and why."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="corrections")
    note = PlainTextField(
        help_text="What was wrong and what changed, in words for readers, e.g. “An earlier "
        "version misattributed the second paragraph to the ministry.”"
    )
    corrected_at = models.DateTimeField(default=timezone.now)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["corrected_at", "pk"]
        get_latest_by = "corrected_at"
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="correction_has_note")]

    def __str__(self):
        return f"Correction of {self.statement.label} on {self.when}"

    @property
    def when(self):
        return format_at_precision(self.corrected_at, Precision.DAY)
