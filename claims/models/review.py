"""Verification and review: who checked what, and who may let a draft go public.

Statements and denials carry a checklist (the original located and archived, the translation
checked, a second source), an assignee and a review state; ``ReviewEntry`` is their history
and the desk's internal comments (staff only: no public page, feed or export reads it).

The rules, in the model layer like every other (``claims/models/rules.py``), so the admin, the
intake, commands and import all obey them:

* **Publishing is approving.** A person who makes a statement or denial public (a chief
  editor: only they may publish) approves it: every item of its checklist must be ticked, and
  the approval is recorded. The system operator (a command run without ``--as``, the demo
  loader) is trusted as for publishing.
* **A second pair of eyes**, when ``NEWSDESK_SECOND_CHIEF`` is on: a chief editor may not
  approve their own work (what they submitted, or wrote and never submitted).
* **The queue**: anyone on the desk submits a draft for review (``submit_for_review``); a chief
  editor approves it (``approve``: publishes it) or sends it back with a comment
  (``send_back``). Unpublishing returns a row to "being prepared".
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.models.publishing import Status
from claims.models.rules import current_actor, refuse, restricted
from claims.models.signals import review_stepped


class ReviewState(models.TextChoices):
    PREPARING = "preparing", _("Being prepared")
    SUBMITTED = "submitted", _("Submitted for review")
    SENT_BACK = "sent_back", _("Sent back")
    APPROVED = "approved", _("Approved and published")


CHECKLIST = ("checked_original", "checked_translation", "checked_second_source")
REVIEW_FIELDS = frozenset({*CHECKLIST, "review_state", "assignee", "prepared_by", "submitted_by"})


def _user_link(**kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )


def acting_person():
    """The signed-in user acting (None: the system operator, or nobody signed in)."""
    actor = current_actor()
    return actor if actor is not None and actor.is_authenticated else None


class Reviewed(models.Model):
    """The checklist, the assignee and the review state of a statement or a denial. Its fields
    are the desk's, not the public's: changing them changes nothing readers see."""

    review_state = models.CharField(
        max_length=10,
        choices=ReviewState,
        default=ReviewState.PREPARING,
        editable=False,
        verbose_name=_("review"),
    )
    checked_original = models.BooleanField(
        default=False,
        help_text=_("The original is found at its source and an archived copy is linked."),
        verbose_name=_("original located and archived"),
    )
    checked_translation = models.BooleanField(
        default=False,
        help_text=_("Someone who reads the language compared the translation (or none is needed)."),
        verbose_name=_("translation checked"),
    )
    checked_second_source = models.BooleanField(
        default=False,
        help_text=_("A second, independent source confirms the words and their date."),
        verbose_name=_("second source"),
    )
    assignee = _user_link(
        limit_choices_to={"is_staff": True, "is_active": True},
        help_text=_("Who on the desk is working on it."),
        verbose_name=_("assigned to"),
    )
    prepared_by = _user_link(editable=False, verbose_name=_("entered by"))
    submitted_by = _user_link(editable=False, verbose_name=_("submitted by"))

    # Set by the operations below (or a form) for the history entry the save writes.
    review_comment = ""
    desk_fields = REVIEW_FIELDS

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        self.check_review(self.saved())

    def after_save(self):
        super().after_save()
        self.record_review()

    @classmethod
    def check_update(cls, queryset, changes):
        """A bulk publish obeys the same rules as a save: checklists ticked, a second chief
        when required; the review state follows the status, and the approvals are recorded."""
        super().check_update(queryset, changes)
        if "status" not in changes:
            return
        actor = acting_person()
        if changes["status"] != Status.PUBLISHED:
            changes.setdefault("review_state", ReviewState.PREPARING)
            return
        changes.setdefault("review_state", ReviewState.APPROVED)
        drafts = queryset.exclude(status=Status.PUBLISHED)
        if actor is None:
            return
        unchecked = drafts.filter(
            Q(checked_original=False)
            | Q(checked_translation=False)
            | Q(checked_second_source=False)
        ).first()
        if unchecked is not None:
            unchecked.check_approval(actor)
        if settings.NEWSDESK_SECOND_CHIEF and (
            drafts.filter(Q(submitted_by=actor) | Q(submitted_by=None, prepared_by=actor)).exists()
        ):
            refuse(gettext("Some of these are your own work: another chief editor approves them."))
        for row in drafts.select_related("prepared_by", "submitted_by", "assignee"):
            entry = ReviewEntry.objects.create(
                **{cls._meta.model_name: row}, action=ReviewEntry.Action.APPROVED, actor=actor
            )
            review_stepped.send(cls, row=row, entries=[entry])

    # -- the operations ----------------------------------------------------------------------

    def submit_for_review(self, comment=""):
        """Ask a chief editor to approve this draft."""
        self.review_state, self.review_comment = ReviewState.SUBMITTED, comment
        self.save()

    def send_back(self, comment):
        """A chief editor returns a submitted draft, saying what it needs."""
        self.review_state, self.review_comment = ReviewState.SENT_BACK, comment
        self.save()

    def approve(self, comment=""):
        """A chief editor approves a submitted draft: it is published."""
        if self.review_state != ReviewState.SUBMITTED:
            raise ValidationError(
                {NON_FIELD_ERRORS: [gettext("Only a draft submitted for review can be approved.")]},
                code="not_submitted",
            )
        self.status, self.review_comment = Status.PUBLISHED, comment
        self.save()

    def add_comment(self, text):
        """An internal note on this row, for the desk only."""
        text = (text or "").strip()
        if not text:
            raise ValidationError(gettext("Write the comment first."), code="empty_comment")
        return ReviewEntry.objects.create(
            **{self._meta.model_name: self},
            action=ReviewEntry.Action.COMMENTED,
            actor=acting_person(),
            text=text,
        )

    # -- the rules, run by ``clean()`` on every save -----------------------------------------

    @property
    def unchecked(self):
        """Labels of the checklist items not ticked yet."""
        return [
            self._meta.get_field(name).verbose_name for name in CHECKLIST if not getattr(self, name)
        ]

    def check_review(self, saved):
        """Derive the review state from the status, then hold the queue's rules."""
        actor = acting_person()
        if saved is None:
            self.prepared_by = actor
        was_status = saved.status if saved is not None else Status.DRAFT
        was_state = saved.review_state if saved is not None else ReviewState.PREPARING
        self._review_before = (saved, was_state)
        asked = self.review_state
        imported = saved is None and actor is None  # the system's import: as the file says
        queue_step = asked in (ReviewState.SUBMITTED, ReviewState.SENT_BACK)
        if asked != was_state and queue_step and not imported:
            self.check_queue_step(asked, was_state)
            if asked == ReviewState.SUBMITTED:
                self.submitted_by = actor
        if self.status == Status.PUBLISHED:
            self.review_state = ReviewState.APPROVED
            if was_status != Status.PUBLISHED and actor is not None:
                self.check_approval(actor)
        elif self.review_state == ReviewState.APPROVED:
            self.review_state = ReviewState.PREPARING  # unpublished: back on the desk

    def check_queue_step(self, asked, was_state):
        def refused(message, code):
            raise ValidationError({NON_FIELD_ERRORS: [message]}, code=code)

        if self.status != Status.DRAFT:
            refused(
                gettext("Only a draft can be submitted for review or sent back."), "not_a_draft"
            )
        if asked == ReviewState.SENT_BACK:
            if restricted():
                refuse(gettext("Only chief editors can send a draft back."))
            if was_state != ReviewState.SUBMITTED:
                refused(gettext("Only a submitted draft can be sent back."), "not_submitted")
            if not self.review_comment.strip():
                refused(
                    gettext("Say what it needs: a draft is sent back with a comment."),
                    "empty_comment",
                )

    def check_approval(self, actor):
        missing = self.unchecked
        if missing:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        gettext(
                            "“%(row)s” cannot be published before it is checked. Still to "
                            "tick: %(missing)s."
                        )
                        % {"row": self, "missing": ", ".join(str(label) for label in missing)}
                    ]
                },
                code="checklist",
            )
        if settings.NEWSDESK_SECOND_CHIEF and self.is_work_of(actor):
            refuse(
                gettext(
                    "“%(row)s” is your own work: another chief editor approves it. Submit it "
                    "for review instead."
                )
                % {"row": self}
            )

    def is_work_of(self, user):
        """Whether ``user`` submitted this row, or entered it and never submitted it."""
        return (self.submitted_by_id or self.prepared_by_id) == user.pk

    def record_review(self):
        """After the save: the history entries of what changed on the desk."""
        saved, was_state = getattr(self, "_review_before", (None, None))
        actor = acting_person()
        if saved is None and actor is None:
            return  # written by the system (the demo, an import as operator): nothing to record
        entries = []
        comment = self.review_comment.strip()
        if self.review_state != was_state and was_state is not None:
            action = {
                ReviewState.SUBMITTED: ReviewEntry.Action.SUBMITTED,
                ReviewState.SENT_BACK: ReviewEntry.Action.SENT_BACK,
                ReviewState.APPROVED: ReviewEntry.Action.APPROVED,
                ReviewState.PREPARING: ReviewEntry.Action.REOPENED,
            }[self.review_state]
            entries.append((action, comment))
            comment = ""
        for name in CHECKLIST:
            before = getattr(saved, name) if saved is not None else False
            if getattr(self, name) != before:
                label = self._meta.get_field(name).verbose_name
                action = (
                    ReviewEntry.Action.CHECKED if before is False else ReviewEntry.Action.UNCHECKED
                )
                entries.append((action, str(label)))
        before = saved.assignee_id if saved is not None else None
        if self.assignee_id != before:
            entries.append((ReviewEntry.Action.ASSIGNED, str(self.assignee or "")))
        if comment:
            entries.append((ReviewEntry.Action.COMMENTED, comment))
        created = ReviewEntry.objects.bulk_create(
            ReviewEntry(**{self._meta.model_name: self}, action=action, actor=actor, text=text)
            for action, text in entries
        )
        review_stepped.send(type(self), row=self, entries=created)
        self.review_comment = ""
        del self._review_before


class ReviewEntry(models.Model):
    """One step of a statement's or a denial's review, or an internal comment (staff only)."""

    class Action(models.TextChoices):
        COMMENTED = "commented", _("commented")
        SUBMITTED = "submitted", _("submitted for review")
        SENT_BACK = "sent_back", _("sent back")
        APPROVED = "approved", _("approved and published")
        REOPENED = "reopened", _("returned to the desk")
        CHECKED = "checked", _("ticked")
        UNCHECKED = "unchecked", _("unticked")
        ASSIGNED = "assigned", _("assigned to")

    statement = models.ForeignKey(
        "claims.Statement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_entries",
        verbose_name=_("statement"),
    )
    denial = models.ForeignKey(
        "claims.Denial",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_entries",
        verbose_name=_("denial"),
    )
    action = models.CharField(max_length=10, choices=Action, verbose_name=_("action"))
    actor = _user_link(verbose_name=_("by"))
    text = models.TextField(blank=True, max_length=5000, verbose_name=_("text"))
    at = models.DateTimeField(default=timezone.now, verbose_name=_("at"))

    class Meta:
        verbose_name = _("review entry")
        verbose_name_plural = _("review entries")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(statement__isnull=False, denial__isnull=True)
                | Q(statement__isnull=True, denial__isnull=False),
                name="review_entry_of_one_row",
            ),
        ]

    def __str__(self):
        actor = self.actor or gettext("the system")
        return f"{actor} {self.get_action_display()} {self.text}".strip()
