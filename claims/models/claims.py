"""Claims: neutral propositions within an event, and each government's stance on them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims.models.fields import PlainTextField
from claims.models.parties import lineage_q
from claims.models.rules import NO_DENIALS, Publishable, StatusQuerySet
from claims.models.statements import PASSAGE_MAX, Denial, Statement
from claims.text.passages import passage_in_html

CLAIM_MAX = 500


class ClaimQuerySet(StatusQuerySet):
    def for_positions(self, user=None):
        """Claims with what each side said of them — visible stances and the visible denials
        that answer them — and their events, in a fixed number of queries."""
        from claims.models.parties import ancestors_path

        stances = Stance.objects.visible_to(user).select_related(
            "side", ancestors_path("statement__party")
        )
        denials = Denial.objects.visible_to(user).select_related(
            ancestors_path("statement__party"), ancestors_path("target__party")
        )
        from claims.models.parties import Party
        from claims.models.statements import Statement

        # Who took part in each event (its participants, and whoever spoke in it): a side that
        # did not is "not part of this event", not "not mentioned".
        speakers = (
            Statement.objects.visible_to(user)
            .select_related(ancestors_path("party"))
            .defer("text", "translation", "note", "search_document")
        )
        return (
            self.visible_to(user)
            .select_related("event")
            .prefetch_related(
                models.Prefetch("stances", stances, to_attr="visible_stances"),
                models.Prefetch("denials", denials, to_attr="visible_denials"),
                models.Prefetch(
                    "event__participants", Party.objects.with_ancestors(), to_attr="taking_part"
                ),
                models.Prefetch("event__statements", speakers, to_attr="speaking"),
            )
            .order_by("event__occurred_at", "position", "pk")
        )

    def thread_of(self, claim):
        """The claim and every claim recorded as the same proposition in other events."""
        first = claim.same_as_id or claim.pk
        return self.filter(Q(pk=first) | Q(same_as=first))


class Claim(Publishable):
    public_through = ("event",)
    figure_fields = ("status", "event")
    event = models.ForeignKey(
        "claims.Event",
        on_delete=models.CASCADE,
        related_name="claims",
        help_text=_("The event this claim is about."),
        verbose_name=_("event"),
    )
    text = PlainTextField(
        max_length=CLAIM_MAX,
        help_text=_(
            "A neutral proposition, e.g. “Both ministers expressed willingness to engage "
            "in dialogue on Ukraine”. Not who said it, not whether it is true."
        ),
        verbose_name=_("text"),
    )
    position = models.PositiveSmallIntegerField(
        default=0,
        help_text=_("Rows of the claims matrix are ordered by this number."),
        verbose_name=_("position"),
    )
    same_as = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="restatements",
        help_text=_(
            "The same proposition, recorded for another event: choose the claim where "
            "it was first recorded. Readers can then follow each side's position across events."
        ),
        verbose_name=_("same as"),
    )

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["event", "position", "pk"]
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(fields=["event", "text"], name="claim_unique_per_event"),
            models.CheckConstraint(condition=~Q(same_as=models.F("pk")), name="claim_not_own_same"),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("claims:claim-detail", kwargs={"pk": self.pk})

    def parties_concerned(self, saved):
        return set(self.stances.values_list("side", flat=True))

    def denials_reached(self, saved):
        return NO_DENIALS

    def events_shown(self, saved):
        """Its event's pages, and those of the claims it is the same as (a thread's pages)."""
        linked = {self.event_id, self.same_as_id and self.same_as.event_id}
        if saved is not None:
            linked |= {saved.event_id, saved.same_as_id and saved.same_as.event_id}
        return linked - {None}

    def check_same_as(self):
        """A thread of claims has one first claim, in another event; nothing chains."""
        first = self.same_as
        if first is None:
            return
        if first.pk == self.pk:
            raise ValidationError({"same_as": gettext("A claim cannot be the same as itself.")})
        if first.event_id == self.event_id:
            raise ValidationError({"same_as": gettext("Choose a claim of another event.")})
        if first.same_as_id is not None:
            raise ValidationError(
                {
                    "same_as": gettext(
                        "That claim repeats “%(first)s”: choose that one, the first."
                    )
                    % {"first": first.same_as}
                }
            )
        if self.pk and self.restatements.exists():
            raise ValidationError(
                {
                    "same_as": gettext(
                        "Other claims repeat this one: it stays the first of its thread."
                    )
                }
            )

    def clean(self):
        super().clean()
        self.check_same_as()
        saved = self.saved()
        if saved is None or saved.event_id == self.event_id:
            return
        errors = [
            gettext("The stance “%(stance)s” (#%(id)s) rests on a statement of the old event.")
            % {"stance": stance, "id": stance.pk}
            for stance in self.stances.exclude(pk__in=self.also_saving.get("stance", ()))
            .exclude(statement=None)
            .exclude(statement__event=self.event_id)
        ] + [
            gettext("The denial “%(denial)s” (#%(id)s) of the old event answers this claim.")
            % {"denial": denial, "id": denial.pk}
            for denial in self.denials.exclude(pk__in=self.also_saving.get("denial", ())).exclude(
                statement__event=self.event_id
            )
        ]
        if errors:
            raise ValidationError({"event": errors})


class Position(models.TextChoices):
    """A side's stance on a claim. No stance at all reads “not mentioned”."""

    ASSERTS = "asserts", _("asserts")
    CONFIRMS = "confirms", _("confirms")
    QUALIFIES = "qualifies", _("qualifies")
    DISPUTES = "disputes", _("disputes")
    DENIES = "denies", _("denies")
    DECLINES = "declines", _("declines to comment")


class StanceQuerySet(StatusQuerySet):
    """Stances, public by ``Stance.public_through``."""


class Stance(Publishable):
    public_through = ("claim", "statement?")  # and the statement it rests on, if any
    figure_fields = ("status", "claim", "side", "statement")
    Position = Position

    # How a denial linked to a claim reads in the matrix when no stance was entered for that side.
    FROM_DENIAL = {
        Denial.Kind.DENIAL: Position.DENIES,
        Denial.Kind.PARTIAL: Position.DISPUTES,
        Denial.Kind.NON_DENIAL: Position.QUALIFIES,
        Denial.Kind.CORRECTION: Position.DISPUTES,
        Denial.Kind.CLARIFICATION: Position.QUALIFIES,
        Denial.Kind.COUNTER_ACCUSATION: Position.DISPUTES,
        Denial.Kind.REFUSAL: Position.DECLINES,
    }

    claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="stances",
        help_text=_("The claim this stance is on."),
        verbose_name=_("claim"),
    )
    side = models.ForeignKey(
        "claims.Party",
        on_delete=models.PROTECT,
        related_name="stances",
        limit_choices_to={"parent": None},
        help_text=_("The government or organisation (a top-level party) taking this stance."),
        verbose_name=_("side"),
    )
    position = models.CharField(
        max_length=20,
        choices=Position,
        help_text=_("What this side says of the claim. Sides with no stance read “not mentioned”."),
        verbose_name=_("position"),
    )
    statement = models.ForeignKey(
        Statement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stances",
        help_text=_("The statement the stance rests on."),
        verbose_name=_("statement"),
    )
    quote = PlainTextField(
        blank=True,
        max_length=PASSAGE_MAX,
        help_text=_("The words of that statement that show the stance, copied exactly."),
        verbose_name=_("quote"),
    )

    objects = StanceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("stance")
        verbose_name_plural = _("stances")
        ordering = ["claim", "side__name"]
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(fields=["claim", "side"], name="stance_one_per_side"),
            models.CheckConstraint(
                condition=Q(position__in=Position.values), name="stance_position_valid"
            ),
        ]

    def __str__(self):
        return gettext("%(side)s %(position)s: %(claim)s") % {
            "side": self.side,
            "position": self.get_position_display(),
            "claim": self.claim,
        }

    def clean(self):
        super().clean()
        errors = {}
        if self.side_id and self.side.parent_id is not None:
            errors["side"] = gettext("Choose the government or organisation: %(side)s.") % {
                "side": self.side.side
            }
        elif self.side_id and self.claim_id and not self.side_takes_part():
            errors["side"] = gettext(
                "%(side)s takes no part in “%(event)s”: none of its parties is a participant or "
                "has a statement about it."
            ) % {"side": self.side, "event": self.claim.event}
        if self.statement_id:
            statement = self.statement
            if self.claim_id and statement.event_id != self.claim.event_id:
                errors["statement"] = gettext("The statement is about another event.")
            elif self.side_id and statement.party.side != self.side:
                errors["statement"] = gettext("The statement speaks for %(side)s.") % {
                    "side": statement.party.side
                }
            elif self.quote and not passage_in_html(statement.text, self.quote):
                errors["quote"] = gettext(
                    "These words do not occur in the statement. Copy them exactly. Its text is: "
                    "“%(text)s”"
                ) % {"text": statement.plain_text}
        elif self.quote:
            errors["statement"] = gettext("Choose the statement the quote comes from.")
        if errors:
            raise ValidationError(errors)

    def parties_concerned(self, saved):
        return {self.side_id, saved.side_id if saved else None} - {None}

    def denials_reached(self, saved):
        return NO_DENIALS

    def events_shown(self, saved):
        return {self.claim.event_id, saved.claim.event_id if saved else None} - {None}

    def side_takes_part(self):
        """A stance is on a side of the event: a participant's, or one with a statement."""
        event = self.claim.event
        return (
            event.participants.filter(lineage_q(None, pk=self.side_id)).exists()
            or event.statements.filter(lineage_q(pk=self.side_id)).exists()
        )
