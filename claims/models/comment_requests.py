"""Requests for comment: when the desk asked a party for its account of an event, through
whom, by when, and what came of it.

A party that took part in an event and has not spoken is shown to readers as "awaiting
response" only when the desk asked it; the page then says when, through whom, and that it had
not responded by publication (or by the deadline, or declined). Public with its event, like
everything the event page shows: only chief editors change the log of a public event.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims.models.fields import PlainCharField
from claims.models.rules import NO_DENIALS, RuledModel, RuledQuerySet, Versioned
from claims.models.signals import comment_request_saved


class CommentRequestQuerySet(RuledQuerySet):
    def published(self):
        return self.filter(self.model.public_q())


class CommentRequest(Versioned, RuledModel):
    public_through = ("event",)  # no status of its own: public with its event

    class Outcome(models.TextChoices):
        WAITING = "waiting", _("No response yet")
        ANSWERED = "answered", _("Responded")
        DECLINED = "declined", _("Declined to comment")

    event = models.ForeignKey(
        "claims.Event",
        on_delete=models.CASCADE,
        related_name="comment_requests",
        verbose_name=_("event"),
    )
    party = models.ForeignKey(
        "claims.Party",
        on_delete=models.PROTECT,
        related_name="comment_requests",
        help_text=_("Whom the desk asked: a government, a ministry, an official."),
        verbose_name=_("party"),
    )
    asked_at = models.DateTimeField(default=timezone.now, verbose_name=_("asked at"))
    through = PlainCharField(
        max_length=200,
        help_text=_("How, and through whom: “e-mail to the ministry's press office”."),
        verbose_name=_("through"),
    )
    deadline = models.DateTimeField(null=True, blank=True, verbose_name=_("deadline"))
    outcome = models.CharField(
        max_length=10, choices=Outcome, default=Outcome.WAITING, verbose_name=_("outcome")
    )
    answered_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the party responded or declined."),
        verbose_name=_("answered at"),
    )
    deadline_alerted_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("desk alerted of the deadline at")
    )
    answer = models.ForeignKey(
        "claims.Statement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers_to",
        help_text=_("The statement the party gave in response, once it is entered."),
        verbose_name=_("answer"),
    )

    objects = CommentRequestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "deadline_alerted_at"])
    desk_fields = frozenset({"deadline_alerted_at"})

    class Meta:
        verbose_name = _("request for comment")
        verbose_name_plural = _("requests for comment")
        ordering = ["asked_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline=None) | Q(deadline__gte=F("asked_at")),
                name="comment_request_deadline_after_asking",
            ),
            models.CheckConstraint(
                condition=Q(answered_at=None) | Q(answered_at__gte=F("asked_at")),
                name="comment_request_answer_after_asking",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["waiting", "answered", "declined"]),
                name="comment_request_outcome_valid",
            ),
        ]

    def __str__(self):
        return gettext("%(party)s asked on %(date)s") % {
            "party": self.party,
            "date": f"{timezone.localtime(self.asked_at):%Y-%m-%d}",
        }

    def clean(self):
        super().clean()
        errors = {}
        if self.deadline and self.asked_at and self.deadline < self.asked_at:
            errors["deadline"] = gettext("The deadline is before the request was made.")
        if self.answered_at and self.asked_at and self.answered_at < self.asked_at:
            errors["answered_at"] = gettext("The answer is dated before the request was made.")
        if self.answer_id is not None:
            if self.answer.event_id != self.event_id:
                errors["answer"] = gettext("The answer is a statement about another event.")
            elif self.party_id and self.answer.party.side != self.party.side:
                errors["answer"] = gettext(
                    "The answer speaks for %(side)s, not for the party asked."
                ) % {"side": self.answer.party.side}
            elif self.outcome != self.Outcome.ANSWERED:
                errors["outcome"] = gettext("A request with an answer has responded.")
        if self.outcome == self.Outcome.WAITING and self.answered_at:
            errors["outcome"] = gettext("Say how the party answered, or clear the date.")
        if self.outcome != self.Outcome.WAITING and not (self.answered_at or self.answer_id):
            errors["answered_at"] = gettext("Say when the party answered.")
        if errors:
            raise ValidationError(errors)

    @property
    def deadline_passed(self):
        return self.deadline is not None and self.deadline <= timezone.now()

    def public_once_saved(self, is_public_now):
        return self.parents_public()

    def events_shown(self, saved):
        return {self.event_id, saved.event_id if saved else None} - {None}

    def denials_reached(self, saved):
        return NO_DENIALS

    def after_save(self):
        super().after_save()
        comment_request_saved.send(type(self), request=self)

    def moves_figures(self, saved):
        return False  # a line on the event's page: no figure, and no list, shows it
