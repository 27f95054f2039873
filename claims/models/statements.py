"""Accounts and rebuttals: one party's statement about an event, denials between statements,
and the public corrections of a statement's text."""

import statistics

from django.conf import global_settings, settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims.models.fields import PlainCharField, PlainTextField, SanitizedHTMLField
from claims.models.parties import ancestors_path, related_model, side_id, side_q
from claims.models.publishing import Precision
from claims.models.review import REVIEW_FIELDS, Reviewed
from claims.models.rules import (
    NO_DENIALS,
    Publishable,
    RuledModel,
    RuledQuerySet,
    StatusQuerySet,
    current_actor,
)
from claims.models.search import SearchIndex, search_document_field
from claims.text.passages import passage_in_html
from claims.text.sanitize import html_to_text

# Statements keep the language they were made in, whatever languages the interface speaks;
# the languages' names are said in the interface's (Django's own catalogues translate them).
LANGUAGES = [(code, _(name)) for code, name in global_settings.LANGUAGES]
PASSAGE_MAX = 2000
NOTE_MAX = 1000


def provenance_lookups(attribution=None, conduit=None, prefix=""):
    lookups = {f"{prefix}attribution": attribution} if attribution else {}
    if conduit:
        lookups[f"{prefix}conduit__iexact"] = conduit
    return lookups


class StatementQuerySet(StatusQuerySet):
    def with_party(self):
        """The statement's event and party with every ancestor up to its side, in one query."""
        return self.select_related("event", ancestors_path("party"))

    def for_detail(self, user=None):
        """The statement page: party chain, visible denials both ways, public corrections."""
        return self.visible_to(user).with_party().with_denials(user).prefetch_related("corrections")

    def for_event(self, event):
        return self.filter(event=event)

    def languages_in_use(self):
        """The languages statements are in: one query, an indexed probe per language search
        knows (an uncorrelated EXISTS each, evaluated once)."""
        from claims.models.search import LANGUAGE_CONFIGS

        probes = {
            f"in_{code}": models.Exists(self.filter(language=code)) for code in LANGUAGE_CONFIGS
        }
        row = Statement.objects.order_by().annotate(**probes).values(*probes).first()
        return [name[3:] for name, found in (row or {}).items() if found]

    def best_matches(self, event_ids, terms):
        """The statement that best matches ``terms`` in each of these events, with its party:
        ``{event id: statement}`` (bounded by the statements of one page of results)."""
        from claims.models.search import matches, query_configs, rank

        configs = query_configs(self.languages_in_use())
        found = (
            matches(self.filter(event__in=event_ids), terms, configs)
            .with_party()
            .annotate(score=rank(self, terms, configs))
            .order_by("-score", "issued_at", "pk")
        )
        best = {}
        for statement in found:
            best.setdefault(statement.event_id, statement)
        return best

    def by_side(self, side):
        return self.filter(side_q(side))

    def with_provenance(self, attribution=None, conduit=None):
        """Statements at this attribution level, carried by this conduit (any case)."""
        return self.filter(**provenance_lookups(attribution, conduit))

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


class Statement(Reviewed, Publishable):
    public_through = ("event",)  # public when published, in a published event
    figure_fields = ("status", "event", "party", "issued_at", "issued_precision")

    class Kind(models.TextChoices):
        READOUT = "readout", _("Readout")
        PRESS_RELEASE = "press_release", _("Press release")
        PRESS_CONFERENCE = "press_conference", _("Press conference")
        INTERVIEW = "interview", _("Interview")
        SOCIAL_POST = "social_post", _("Social media post")
        AGENCY_REPORT = "agency_report", _("Remarks to a news agency")

    class Attribution(models.TextChoices):
        OFFICIAL = "official", _("Official channel")
        NAMED_OFFICIAL = "named_official", _("Named official, on the record")
        SPOKESPERSON = "spokesperson", _("Spokesperson")
        ENTOURAGE = "entourage", _("Entourage / sources close to")
        ANONYMOUS = "anonymous", _("Anonymous official")
        MEDIA = "media", _("Media characterisation")

    class Translator(models.TextChoices):
        OFFICIAL = "official", _("Official translation")
        EDITORIAL = "editorial", _("Newsdesk editorial translation")
        MACHINE = "machine", _("Machine translation")

    event = models.ForeignKey(
        "claims.Event",
        on_delete=models.PROTECT,
        related_name="statements",
        help_text=_("The event this statement is an account of."),
        verbose_name=_("event"),
    )
    party = models.ForeignKey(
        "claims.Party",
        on_delete=models.PROTECT,
        related_name="statements",
        help_text=_(
            "Who speaks, as precisely as known (the minister rather than the ministry). "
            "Its government decides the column."
        ),
        verbose_name=_("party"),
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.READOUT,
        help_text=_("The form the statement took."),
        verbose_name=_("kind"),
    )
    attribution = models.CharField(
        _("attribution level"),
        max_length=20,
        choices=Attribution,
        default=Attribution.OFFICIAL,
        help_text=_("How directly the words come from the party."),
    )
    speaker = PlainCharField(
        _("speaker as printed"),
        max_length=200,
        blank=True,
        help_text=_(
            "The attribution exactly as the source prints it, e.g. “Lecornu's immediate entourage”."
        ),
    )
    conduit = PlainCharField(
        max_length=100,
        blank=True,
        help_text=_("Who carried the words, if not the party's own channel, e.g. “AFP”."),
        verbose_name=_("conduit"),
    )
    issued_at = models.DateTimeField(
        help_text=_(
            "When it was issued. With a precision coarser than “exact”, the time of day "
            "only orders statements and is never shown."
        ),
        verbose_name=_("issued at"),
    )
    issued_precision = models.CharField(
        _("precision"),
        max_length=10,
        choices=Precision,
        default=Precision.EXACT,
        help_text=_("How much of the time is known: the page never shows more."),
    )
    language = models.CharField(
        max_length=10,
        choices=LANGUAGES,
        default="en",
        help_text=_("Language of the text as given below."),
        verbose_name=_("language"),
    )
    text = SanitizedHTMLField(
        help_text=_(
            "The words of the statement, as published. Paragraphs, emphasis, lists, "
            "quotes and links are kept; everything else is removed on save."
        ),
        verbose_name=_("text"),
    )
    translation = SanitizedHTMLField(
        blank=True,
        help_text=_("An English translation, if the text is in another language."),
        verbose_name=_("translation"),
    )
    translated_by = models.CharField(
        max_length=20,
        choices=Translator,
        blank=True,
        help_text=_("Who made the translation."),
        verbose_name=_("translated by"),
    )
    note = PlainTextField(
        _("editor's note"),
        blank=True,
        max_length=1000,
        help_text=_(
            "Shown with the statement, as the newsroom's words, never the party's: what "
            "[square brackets] in the text replace, what an ellipsis leaves out, a date the source "
            "does not give."
        ),
    )
    source_name = PlainCharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the text was read: the ministry's site, an agency, a newspaper."),
    )
    source_url = models.URLField(
        max_length=500,
        blank=True,
        help_text=_("The address where the text was read."),
        verbose_name=_("source url"),
    )
    archive_url = models.URLField(
        max_length=500,
        blank=True,
        help_text=_("A dated archive copy of the source page."),
        verbose_name=_("archive url"),
    )
    search_document = search_document_field(
        ("text", "A"),
        ("translation", "A"),
        ("speaker", "B"),
        ("conduit", "C"),
        language="language",
        localized=("text",),
        folded=True,
    )

    # A correction note for a change of a public statement's text: whoever changes it (a form,
    # a revert, a script) sets it, and the save records it as a public Correction.
    correction_note = ""

    objects = StatementQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at", "version", "search_document", *REVIEW_FIELDS]
    )

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["issued_at", "pk"]
        get_latest_by = "issued_at"
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(issued_precision__in=Precision.values),
                name="statement_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(translation="") | ~Q(translated_by=""),
                name="statement_translation_has_translator",
            ),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _ in LANGUAGES]),
                name="statement_language_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "issued_at"], name="statement_event_time_idx"),
            models.Index(fields=["status", "-issued_at"], name="statement_status_time_idx"),
            models.Index(fields=["language"], name="statement_language_idx"),
            SearchIndex(fields=["search_document"], name="statement_search_idx"),
        ]

    def __str__(self):
        return gettext("%(party)s — %(kind)s, %(date)s") % {
            "party": self.party,
            "kind": self.get_kind_display().lower(),
            "date": f"{self.issued_at:%Y-%m-%d}",
        }

    def get_absolute_url(self):
        return reverse("claims:statement-detail", kwargs={"pk": self.pk})

    @property
    def label(self):
        """How other statements refer to this one: “Russian Ministry of Defence readout”."""
        return gettext("%(party)s %(kind)s") % {
            "party": self.party,
            "kind": self.get_kind_display().lower(),
        }

    @property
    def has_source(self):
        return bool(self.source_name or self.source_url or self.archive_url)

    @property
    def plain_text(self):
        return html_to_text(self.text)

    def clean(self):
        super().clean()
        if self.translation and not self.translated_by:
            raise ValidationError({"translated_by": gettext("Say who translated the text.")})
        saved = self.saved()
        if saved is not None:
            self.check_dependents(saved)
            self.check_correction(saved)

    def text_changed(self, saved):
        return (self.text, self.translation) != (saved.text, saved.translation)

    def check_correction(self, saved):
        """A public text changed is a correction: it needs a note, which readers see."""
        self._correction = None
        if not self.text_changed(saved) or not saved.is_public():
            return
        note = (self.correction_note or "").strip()
        if not note:
            raise ValidationError(
                {
                    "correction_note": gettext(
                        "This statement is public, and its text changed: say what you corrected "
                        "and why. Readers will see this note."
                    )
                }
            )
        if len(note) > NOTE_MAX:
            raise ValidationError(
                {
                    "correction_note": gettext("Keep the note under %(limit)s characters.")
                    % {"limit": f"{NOTE_MAX:,}"}
                }
            )
        self._correction = note
        self._change_reason = f"Correction: {note}"

    def check_dependents(self, saved):
        """What points at this statement must stay true of it: denials it makes and receives
        (same event, another side, passages present) and stances resting on it."""
        moved = saved.event_id != self.event_id
        text_changed = self.text_changed(saved)
        new_party = saved.party_id != self.party_id
        if not (moved or text_changed or new_party):
            return
        side = self.party.side
        errors = []
        denials = (
            Denial.objects.filter(Q(statement=self.pk) | Q(target=self.pk))
            .exclude(pk__in=self.also_saving.get("denial", ()))
            .select_related(ancestors_path("statement__party"), ancestors_path("target__party"))
        )
        for denial in denials:
            made = denial.statement_id == self.pk
            other = denial.target if made else denial.statement
            names = {"denial": denial, "id": denial.pk, "side": side}
            if moved and other.event_id != self.event_id:
                errors.append(
                    gettext(
                        "It is linked to another statement of its event by the denial "
                        "“%(denial)s” (#%(id)s): a denial links two statements of one event. "
                        "Delete or change the denial first."
                    )
                    % names
                )
            elif new_party and other.party.side == side:
                errors.append(
                    gettext(
                        "With this party, the denial “%(denial)s” (#%(id)s) would link two "
                        "statements of %(side)s. Change or delete the denial first."
                    )
                    % names
                )
            elif text_changed:
                passage = denial.rebutting_passage if made else denial.disputed_passage
                if passage and not passage_in_html(self.text, passage):
                    message = (
                        gettext(
                            "The new text no longer contains the words the denial “%(denial)s” "
                            "(#%(id)s) quotes as rebutting: “%(passage)s”. Keep them, or change "
                            "the denial first."
                        )
                        if made
                        else gettext(
                            "The new text no longer contains the words the denial “%(denial)s” "
                            "(#%(id)s) quotes as disputed: “%(passage)s”. Keep them, or change "
                            "the denial first."
                        )
                    )
                    errors.append(message % {**names, "passage": passage})
        stance_model = related_model(Statement, "stances")
        stances = stance_model.objects.filter(statement=self.pk).exclude(
            pk__in=self.also_saving.get("stance", ())
        )
        for stance in stances.select_related("claim", "side"):
            names = {"stance": stance, "id": stance.pk, "side": stance.side, "quote": stance.quote}
            if moved and stance.claim.event_id != self.event_id:
                errors.append(
                    gettext(
                        "The stance “%(stance)s” (#%(id)s) rests on it, for a claim of its event."
                    )
                    % names
                )
            elif new_party and stance.side_id != side.pk:
                errors.append(
                    gettext("The stance “%(stance)s” (#%(id)s) rests on it for %(side)s.") % names
                )
            elif text_changed and stance.quote and not passage_in_html(self.text, stance.quote):
                errors.append(
                    gettext(
                        "The new text no longer contains the words the stance “%(stance)s” "
                        "(#%(id)s) quotes: “%(quote)s”."
                    )
                    % names
                )
        if errors:
            field = "event" if moved else "party" if new_party else "text"
            raise ValidationError({field: errors})

    def events_concerned(self, saved):
        return {self.event_id, saved.event_id if saved else None} - {None}

    def denials_reached(self, saved):
        if self.pk is None:
            return NO_DENIALS
        return Denial.objects.filter(Q(statement=self.pk) | Q(target=self.pk))

    def parties_concerned(self, saved):
        linked = Denial.objects.filter(Q(statement=self.pk) | Q(target=self.pk)).values_list(
            "statement__party", "target__party"
        )
        return {
            self.party_id,
            saved.party_id if saved else None,
            *(p for pair in linked for p in pair),
        } - {None}

    def after_save(self):
        super().after_save()
        note = getattr(self, "_correction", None)
        if note:
            actor = current_actor()
            Correction.objects.create(
                statement=self,
                note=note,
                corrected_by=actor if actor is not None and actor.is_authenticated else None,
            )
        self._correction = None
        self.correction_note = ""


class DenialQuerySet(StatusQuerySet):
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

    def with_provenance(self, attribution=None, conduit=None):
        """Rebuttals made at this attribution level, through this conduit."""
        return self.filter(**provenance_lookups(attribution, conduit, "statement__"))

    def median_delay(self):
        """``(median time-to-denial, precision)``: the precision is the coarsest of the times
        it is computed from, which is all the median can tell. ``None`` without denials.

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
            return None
        return statistics.median_low(delays), Precision.coarsest(*precisions)

    def who_denies_whom(self, keep=None):
        """``{"sides": [...], "rows": [(denying side, [count against each side]), ...]}``,
        over the sides that denied or were denied at least once (counted now: for staff, who
        see drafts; the public's is maintained, see ``DenialTally``)."""
        from claims.models.stats import tally_matrix

        return tally_matrix(self.side_counts(), keep)

    def side_counts(self):
        """``{(denying side id, denied side id): count}``, counted by the database."""
        rows = (
            self.order_by()
            .values(denier=side_id("statement__party"), denied=side_id("target__party"))
            .annotate(count=models.Count("pk"))
        )
        return {(row["denier"], row["denied"]): row["count"] for row in rows}


class Denial(Reviewed, Publishable):
    public_through = ("statement", "target")  # both statements public
    figure_fields = ("status", "statement", "target")

    class Kind(models.TextChoices):
        DENIAL = "denial", _("Denial")
        PARTIAL = "partial_denial", _("Partial denial")
        NON_DENIAL = "non_denial_denial", _("Non-denial denial")
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        COUNTER_ACCUSATION = "counter_accusation", _("Counter-accusation")
        REFUSAL = "refusal_to_comment", _("Refusal to comment")

    statement = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        related_name="denials_made",
        help_text=_("The statement that rebuts."),
        verbose_name=_("statement"),
    )
    target = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        related_name="denials_received",
        help_text=_("The statement being rebutted: same event, another government."),
        verbose_name=_("target"),
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.DENIAL,
        help_text=_("How the statement rebuts: outright, in part, without denying, …"),
        verbose_name=_("kind"),
    )
    disputed_passage = PlainTextField(
        max_length=PASSAGE_MAX,
        help_text=_(
            "Copy the exact words of the target statement that are rebutted, from one "
            "paragraph, without formatting. They are highlighted on the public page."
        ),
        verbose_name=_("disputed passage"),
    )
    rebutting_passage = PlainTextField(
        blank=True,
        max_length=PASSAGE_MAX,
        help_text=_("The words of this statement that do the rebutting, copied exactly."),
        verbose_name=_("rebutting passage"),
    )
    claim = models.ForeignKey(
        "claims.Claim",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="denials",
        help_text=_(
            "The claim in the matrix this denial answers; it fills this government's cell."
        ),
        verbose_name=_("claim"),
    )

    objects = DenialQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "version", *REVIEW_FIELDS])

    class Meta:
        verbose_name = _("denial")
        verbose_name_plural = _("denials")
        ordering = ["statement__issued_at", "pk"]
        constraints = [
            *Publishable.Meta.constraints,
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
        return gettext("%(party)s — %(kind)s of the %(target)s") % {
            "party": self.statement.party,
            "kind": self.get_kind_display().lower(),
            "target": self.target.label,
        }

    def get_absolute_url(self):
        return f"{self.statement.event.get_absolute_url()}#{self.anchor}"

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

    def events_concerned(self, saved):
        return {self.statement.event_id, saved.statement.event_id if saved else None} - {None}

    def denials_reached(self, saved):
        return NO_DENIALS if self.pk is None else Denial.objects.filter(pk=self.pk)

    def parties_concerned(self, saved):
        ids = {self.statement.party_id, self.target.party_id}
        if saved is not None:
            ids |= {saved.statement.party_id, saved.target.party_id}
        return ids

    def clean(self):
        super().clean()
        try:  # in an admin inline, ``statement`` may be the parent form's unsaved statement
            statement, target = self.statement, self.target
        except ObjectDoesNotExist:
            return  # the missing field has its own "required" error
        errors = {}
        if statement.pk is not None and statement.pk == target.pk:
            errors["target"] = gettext("A statement cannot rebut itself.")
        elif statement.event_id != target.event_id:
            errors["target"] = gettext(
                "The target belongs to another event (“%(event)s”); a denial links two "
                "statements about the same event."
            ) % {"event": target.event}
        elif statement.party_id and statement.party.side == target.party.side:
            errors["target"] = gettext(
                "Both statements speak for %(side)s; a denial links statements of two different "
                "governments or organisations."
            ) % {"side": statement.party.side}
        if self.disputed_passage and not passage_in_html(target.text, self.disputed_passage):
            errors["disputed_passage"] = gettext(
                "These words do not occur in the target statement. Copy them exactly, from one "
                "paragraph and without formatting. The target's text is: “%(text)s”"
            ) % {"text": target.plain_text}
        if self.rebutting_passage and not passage_in_html(statement.text, self.rebutting_passage):
            errors["rebutting_passage"] = gettext(
                "These words do not occur in the rebutting statement. Copy them exactly. Its "
                "text is: “%(text)s”"
            ) % {"text": statement.plain_text}
        if self.claim_id and self.claim.event_id != statement.event_id:
            errors["claim"] = gettext("The claim belongs to another event.")
        if errors:
            raise ValidationError(errors)


class CorrectionQuerySet(RuledQuerySet):
    def published(self):
        """Public with the statement it corrects."""
        return self.filter(self.model.public_q())


class Correction(RuledModel):
    """A public note that a published statement's text was changed, and why."""

    public_through = ("statement",)  # no status of its own: public with its statement

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("statement")
    )
    note = PlainTextField(
        max_length=NOTE_MAX,
        help_text=_(
            "What was wrong and what changed, in words for readers, e.g. “An earlier "
            "version misattributed the second paragraph to the ministry.”"
        ),
        verbose_name=_("note"),
    )
    corrected_at = models.DateTimeField(default=timezone.now, verbose_name=_("corrected at"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("corrected by"),
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["corrected_at", "pk"]
        get_latest_by = "corrected_at"
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="correction_has_note")]

    def __str__(self):
        return gettext("Correction of the %(statement)s on %(date)s") % {
            "statement": self.statement.label,
            "date": f"{self.corrected_at:%Y-%m-%d}",
        }

    def public_once_saved(self, is_public_now):
        return self.parents_public()

    def events_shown(self, saved):
        return {self.statement.event_id}

    def denials_reached(self, saved):
        return NO_DENIALS

    def moves_figures(self, saved):
        return False  # a note under a statement: no figure, and no list, shows it
