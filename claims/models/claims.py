"""Claims: neutral propositions within an event, and each government's stance on them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..marking import passage_in_html
from .fields import PlainTextField
from .parties import lineage_q, related_model
from .publishing import Status
from .rules import Publishable, StatusQuerySet
from .statements import PASSAGE_MAX, Denial, Statement

CLAIM_MAX = 500


class ClaimQuerySet(StatusQuerySet):
    published_filter = {"status": Status.PUBLISHED, "event__status": Status.PUBLISHED}

    def for_positions(self, user=None):
        """Claims with what each side said of them — visible stances and the visible denials
        that answer them — and their events, in a fixed number of queries."""
        from .parties import ancestors_path

        stances = Stance.objects.visible_to(user).select_related(
            "side", ancestors_path("statement__party")
        )
        denials = Denial.objects.visible_to(user).select_related(
            ancestors_path("statement__party"), ancestors_path("target__party")
        )
        return (
            self.visible_to(user)
            .select_related("event")
            .prefetch_related(
                models.Prefetch("stances", stances, to_attr="visible_stances"),
                models.Prefetch("denials", denials, to_attr="visible_denials"),
            )
            .order_by("event__occurred_at", "position", "pk")
        )

    def thread_of(self, claim):
        """The claim and every claim recorded as the same proposition in other events."""
        first = claim.same_as_id or claim.pk
        return self.filter(Q(pk=first) | Q(same_as=first))


class Claim(Publishable):
    event = models.ForeignKey(
        "claims.Event",
        on_delete=models.CASCADE,
        related_name="claims",
        help_text="The event this claim is about.",
    )
    text = PlainTextField(
        max_length=CLAIM_MAX,
        help_text="A neutral proposition, e.g. “Both ministers expressed willingness to engage "
        "in dialogue on Ukraine”. Not who said it, not whether it is true.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Rows of the claims matrix are ordered by this number."
    )
    same_as = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="restatements",
        help_text="The same proposition, recorded for another event: choose the claim where "
        "it was first recorded. Readers can then follow each side's position across events.",
    )

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
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

    @property
    def parents_published(self):
        return self.event.status == Status.PUBLISHED

    def parents_public(self):
        event = related_model(Claim, "event")
        return event.objects.published().filter(pk=self.event_id).exists()

    def parties_concerned(self, saved):
        return set(self.stances.values_list("side", flat=True))

    def check_same_as(self):
        """A thread of claims has one first claim, in another event; nothing chains."""
        first = self.same_as
        if first is None:
            return
        if first.pk == self.pk:
            raise ValidationError({"same_as": "A claim cannot be the same as itself."})
        if first.event_id == self.event_id:
            raise ValidationError({"same_as": "Choose a claim of another event."})
        if first.same_as_id is not None:
            raise ValidationError(
                {"same_as": f"That claim repeats “{first.same_as}”: choose that one, the first."}
            )
        if self.pk and self.restatements.exists():
            raise ValidationError(
                {"same_as": "Other claims repeat this one: it stays the first of its thread."}
            )

    def clean(self):
        super().clean()
        self.check_same_as()
        saved = self.saved()
        if saved is None or saved.event_id == self.event_id:
            return
        errors = [
            f"The stance “{stance}” (#{stance.pk}) rests on a statement of the old event."
            for stance in self.stances.exclude(pk__in=self.also_saving.get("stance", ()))
            .exclude(statement=None)
            .exclude(statement__event=self.event_id)
        ] + [
            f"The denial “{denial}” (#{denial.pk}) of the old event answers this claim."
            for denial in self.denials.exclude(pk__in=self.also_saving.get("denial", ())).exclude(
                statement__event=self.event_id
            )
        ]
        if errors:
            raise ValidationError({"event": errors})


class Position(models.TextChoices):
    """A side's stance on a claim. No stance at all reads “not mentioned”."""

    ASSERTS = "asserts", "asserts"
    CONFIRMS = "confirms", "confirms"
    QUALIFIES = "qualifies", "qualifies"
    DISPUTES = "disputes", "disputes"
    DENIES = "denies", "denies"
    DECLINES = "declines", "declines to comment"


class StanceQuerySet(StatusQuerySet):
    def published(self):
        """Public when published itself, with its claim, and with the statement it rests on
        (if any)."""
        return self.filter(
            status=Status.PUBLISHED,
            claim__status=Status.PUBLISHED,
            claim__event__status=Status.PUBLISHED,
        ).filter(
            Q(statement=None)
            | Q(statement__status=Status.PUBLISHED, statement__event__status=Status.PUBLISHED)
        )


class Stance(Publishable):
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
        help_text="The claim this stance is on.",
    )
    side = models.ForeignKey(
        "claims.Party",
        on_delete=models.PROTECT,
        related_name="stances",
        limit_choices_to={"parent": None},
        help_text="The government or organisation (a top-level party) taking this stance.",
    )
    position = models.CharField(
        max_length=20,
        choices=Position,
        help_text="What this side says of the claim. Sides with no stance read “not mentioned”.",
    )
    statement = models.ForeignKey(
        Statement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stances",
        help_text="The statement the stance rests on.",
    )
    quote = PlainTextField(
        blank=True,
        max_length=PASSAGE_MAX,
        help_text="The words of that statement that show the stance, copied exactly.",
    )

    objects = StanceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        ordering = ["claim", "side__name"]
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(fields=["claim", "side"], name="stance_one_per_side"),
            models.CheckConstraint(
                condition=Q(position__in=Position.values), name="stance_position_valid"
            ),
        ]

    def __str__(self):
        return f"{self.side} {self.get_position_display()}: {self.claim}"

    @property
    def parents_published(self):
        return self.claim.is_published and (self.statement is None or self.statement.is_published)

    def parents_public(self):
        if not Claim.objects.published().filter(pk=self.claim_id).exists():
            return False
        return (
            self.statement_id is None
            or Statement.objects.published().filter(pk=self.statement_id).exists()
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.side_id and self.side.parent_id is not None:
            errors["side"] = f"Choose the government or organisation: {self.side.side}."
        elif self.side_id and self.claim_id and not self.side_takes_part():
            errors["side"] = (
                f"{self.side} takes no part in “{self.claim.event}”: none of its parties is a "
                "participant or has a statement about it."
            )
        if self.statement_id:
            statement = self.statement
            if self.claim_id and statement.event_id != self.claim.event_id:
                errors["statement"] = "The statement is about another event."
            elif self.side_id and statement.party.side != self.side:
                errors["statement"] = f"The statement speaks for {statement.party.side}."
            elif self.quote and not passage_in_html(statement.text, self.quote):
                errors["quote"] = (
                    "These words do not occur in the statement. Copy them exactly. "
                    f"Its text is: “{statement.plain_text}”"
                )
        elif self.quote:
            errors["statement"] = "Choose the statement the quote comes from."
        if errors:
            raise ValidationError(errors)

    def parties_concerned(self, saved):
        return {self.side_id, saved.side_id if saved else None} - {None}

    def side_takes_part(self):
        """A stance is on a side of the event: a participant's, or one with a statement."""
        event = self.claim.event
        return (
            event.participants.filter(lineage_q(None, pk=self.side_id)).exists()
            or event.statements.filter(lineage_q(pk=self.side_id)).exists()
        )
