"""E-mail alerts for the desk: a draft submitted for review, sent back or approved, and a
deadline for comment that passed without an answer.

The model layer announces each review step and each saved request for comment
(``claims/models/signals.py``), so every path alerts the same way; the e-mails are queued once
the transaction commits, as tasks of Django's tasks framework, and sent by the worker
(``manage.py db_worker``, django-tasks-db), never in the editor's request. Nobody is alerted
about their own action; people without an e-mail address are skipped. Each alert is written
in its recipient's language (``StaffProfile``: the language they last signed in to the admin
in), so one step may queue one e-mail per language.
"""

from collections import defaultdict
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.tasks import default_task_backend, task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.models import CommentRequest, ReviewEntry
from claims.models.roles import PUBLISH_PERMISSION
from claims.models.staff import languages_of


@task()
def send_alert(recipients: list[str], subject: str, body: str) -> int:
    """Send one alert (a task: the worker runs it)."""
    return send_mail(subject, body, None, recipients)


def chief_editors():
    """Active staff who may approve (publish)."""
    app_label, codename = PUBLISH_PERMISSION.split(".")
    holds = Q(codename=codename, content_type__app_label=app_label)
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    return users.filter(
        Q(is_superuser=True)
        | Q(groups__permissions__in=_permissions(holds))
        | Q(user_permissions__in=_permissions(holds))
    ).distinct()


def _permissions(condition):
    return Permission.objects.filter(condition)


def _admin_url(row):
    path = reverse(f"admin:claims_{row._meta.model_name}_change", args=[row.pk])
    return f"{settings.NEWSDESK_SITE_URL}{path}"


def _letters(recipients, compose, actor=None):
    """``[(addresses, subject, body)]``: ``compose()`` written once per language of the
    recipients (skipping ``actor`` and anyone without an address)."""
    people = {user for user in recipients if user is not None and user.email and user != actor}
    addresses = defaultdict(set)
    for user, language in languages_of(people).items():
        addresses[language].add(user.email)
    letters = []
    for language, group in sorted(addresses.items()):
        with translation.override(language):
            letters.append((sorted(group), *compose()))
    return letters


def _queue(recipients, actor, compose):
    for letter in _letters(recipients, compose, actor):
        transaction.on_commit(partial(send_alert.enqueue, *letter))


def _when(moment):
    """A date and time in the active language, with its time zone."""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'DATETIME_FORMAT')} ({local.tzname()})"


def review_steps(sender, row, entries, **kwargs):
    """Alert the people a review step concerns: a submission goes to the chief editors and
    the assignee; a return or an approval to who entered, submitted and is assigned it."""
    for entry in entries:
        if entry.action in _SUBJECTS:
            _queue(_concerned(row, entry), entry.actor, partial(_review_letter, row, entry))


_SUBJECTS = {  # translated when a letter is written, in its recipients' language
    ReviewEntry.Action.SUBMITTED: gettext_lazy("For review: %(row)s"),
    ReviewEntry.Action.SENT_BACK: gettext_lazy("Sent back: %(row)s"),
    ReviewEntry.Action.APPROVED: gettext_lazy("Approved and published: %(row)s"),
}


def _concerned(row, entry):
    if entry.action == ReviewEntry.Action.SUBMITTED:
        return [*chief_editors(), row.assignee]
    return [row.prepared_by, row.submitted_by, row.assignee]


def _review_letter(row, entry):
    subject = str(_SUBJECTS[entry.action]) % {"row": row}
    body = "\n\n".join(
        part
        for part in (
            _("%(who)s %(did)s “%(row)s”.")
            % {
                "who": entry.actor or _("The system"),
                "did": entry.get_action_display(),
                "row": row,
            },
            _("Comment: %(text)s") % {"text": entry.text} if entry.text else "",
            _("Open it: %(url)s") % {"url": _admin_url(row)},
            _("The review queue: %(url)s")
            % {"url": settings.NEWSDESK_SITE_URL + reverse("admin:claims_review_queue")},
        )
        if part
    )
    return subject, body


@task()
def deadline_check(request_id: int, deadline: str) -> bool:
    """At a request's deadline: if the party still has not answered (and the deadline was not
    moved), alert the chief editors once. Returns whether it alerted."""
    request = (
        CommentRequest._base_manager.select_related("event", "party").filter(pk=request_id).first()
    )
    if (
        request is None
        or request.outcome != CommentRequest.Outcome.WAITING
        or request.deadline is None
        or request.deadline.isoformat() != deadline
        or request.deadline > timezone.now()
        or request.deadline_alerted_at is not None
    ):
        return False
    for addresses, subject, body in _letters(chief_editors(), partial(_deadline_letter, request)):
        send_mail(subject, body, None, addresses)
    # Bookkeeping, not content: written past the model's rules (nothing public changes).
    CommentRequest._base_manager.filter(pk=request.pk).update(deadline_alerted_at=timezone.now())
    return True


def _deadline_letter(request):
    subject = _("No answer by the deadline: %(party)s on “%(event)s”") % {
        "party": request.party,
        "event": request.event,
    }
    body = "\n\n".join(
        [
            _(
                "%(party)s was asked for comment on %(asked)s through %(through)s; the deadline "
                "%(deadline)s passed without an answer."
            )
            % {
                "party": request.party,
                "asked": _when(request.asked_at),
                "through": request.through,
                "deadline": _when(request.deadline),
            },
            _("The event: %(url)s") % {"url": _admin_url(request.event)},
        ]
    )
    return subject, body


def deadline_alert(sender, request, **kwargs):
    """Schedule the deadline's check for when it passes (run at once if it has)."""
    if request.deadline is None or request.outcome != request.Outcome.WAITING:
        return
    check = deadline_check
    if default_task_backend.supports_defer and request.deadline > timezone.now():
        check = deadline_check.using(run_after=request.deadline)
    transaction.on_commit(partial(check.enqueue, request.pk, request.deadline.isoformat()))
