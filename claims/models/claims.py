"""Claims: neutral propositions within an event, and each government's stance on them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .events import Event
from .fields import PlainTextField
from .parties import Party
from .publishing import PublishableQuerySetMixin, Status
from .statements import Denial, passage_in_html


class ClaimQuerySet(PublishableQuerySetMixin, models.QuerySet):
    published_filter = {"event__status": Status.PUBLISHED}


class Claim(models.Model):
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="claims",
        help_text="The event this claim is about.",
    )
    text = PlainTextField(
        help_text="A neutral proposition, e.g. “Both ministers expressed willingness to engage "
        "in dialogue on Ukraine”. Not who said it, not whether it is true."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Rows of the claims matrix are ordered by this number."
    )

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "text"], name="claim_unique_per_event"),
        ]

    def __str__(self):
        return self.text

    @property
    def is_published(self):
        return self.event.is_published


class Position(models.TextChoices):
    """A side's stance on a claim. No stance at all reads “not mentioned”."""

    ASSERTS = "asserts", "asserts"
    CONFIRMS = "confirms", "confirms"
    QUALIFIES = "qualifies", "qualifies"
    DISPUTES = "disputes", "disputes"
    DENIES = "denies", "denies"
    DECLINES = "declines", "declines to comment"


class StanceQuerySet(PublishableQuerySetMixin, models.QuerySet):
    # A stance resting on a draft statement is not public; one resting on none is, with its event.
    def published(self):
        return self.filter(claim__event__status=Status.PUBLISHED).filter(
            Q(statement=None) | Q(statement__status=Status.PUBLISHED)
        )


class Stance(models.Model):
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
        Party,
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
        "claims.Statement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stances",
        help_text="The statement the stance rests on.",
    )
    quote = PlainTextField(
        blank=True, help_text="The words of that statement that show the stance, copied exactly."
    )

    objects = StanceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "side__name"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "side"], name="stance_one_per_side"),
            models.CheckConstraint(
                condition=Q(position__in=Position.values), name="stance_position_valid"
            ),
        ]

    def __str__(self):
        return f"{self.side} {self.get_position_display()}: {self.claim}"

    @property
    def is_published(self):
        return self.claim.is_published and (self.statement is None or self.statement.is_published)

    def clean(self):
        super().clean()
        errors = {}
        if self.side_id and self.side.parent_id is not None:
            errors["side"] = f"Choose the government or organisation: {self.side.side}."
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
