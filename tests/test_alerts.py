"""E-mail alerts for the desk (issue 20): each review step and each passed deadline for comment
sends an e-mail — queued as a task in the database, sent by the real worker
(``manage.py db_worker``) to a real SMTP server (aiosmtpd, on 127.0.0.1, started here)."""

import email
import socket
from datetime import timedelta
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from claims.models import CommentRequest, StaffProfile, Statement, Status, acting_as
from claims.models.review import CHECKLIST
from tests.factories import login_as, make_event, make_party, make_statement

# Committed for real: the queued e-mails wait for the commit, and the worker (like the real
# one) checks its database connection between tasks, which a test's open transaction fails.
pytestmark = pytest.mark.django_db(transaction=True)


class Inbox:
    """What the SMTP server received: one message per recipient."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        for recipient in envelope.rcpt_tos:
            self.messages.append((recipient, message["Subject"], message.get_content()))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [
            (subject, body) for recipient, subject, body in self.messages if recipient == address
        ]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    yield inbox
    controller.stop()


@pytest.fixture
def worker():
    """Make the change (its e-mails are queued as it commits), then run the worker over the
    queue until it is empty, as ``db_worker`` does."""

    def run(operation):
        operation()
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return run


@pytest.fixture
def people():
    editor = login_as("Editors", "ed").user
    chief = login_as("Chief editors", "chief").user
    for user, address in ((editor, "ed@desk.example"), (chief, "chief@desk.example")):
        user.email = address
        user.save()
    return editor, chief


def test_each_review_step_alerts_who_it_concerns(inbox, worker, people):
    editor, chief = people
    draft = make_statement(status=Status.DRAFT, **dict.fromkeys(CHECKLIST, True))

    def as_(user, step, *args):
        def operation():
            with acting_as(user):
                getattr(Statement.objects.get(pk=draft.pk), step)(*args)

        return operation

    worker(as_(editor, "submit_for_review", "Archived the readout."))
    [(subject, body)] = inbox.to("chief@desk.example")
    assert subject.startswith("For review: ")
    assert "Archived the readout." in body and f"/admin/claims/statement/{draft.pk}/change/" in body
    assert inbox.to("ed@desk.example") == []  # nobody is alerted of their own step

    worker(as_(chief, "send_back", "Which archive?"))
    [(subject, body)] = inbox.to("ed@desk.example")
    assert subject.startswith("Sent back: ") and "Which archive?" in body

    worker(as_(editor, "submit_for_review"))
    worker(as_(chief, "approve"))
    subjects = [subject for subject, _ in inbox.to("ed@desk.example")]
    assert subjects[-1].startswith("Approved and published: ")
    assert len(inbox.to("chief@desk.example")) == 2  # the two submissions
    assert Statement.objects.get(pk=draft.pk).is_public()


def test_a_deadline_passed_without_an_answer_alerts_the_chiefs_once(inbox, worker, people):
    editor, chief = people
    event, party = make_event(), make_party(name="Silent State")
    asked = timezone.now() - timedelta(hours=5)

    def log(**fields):
        def operation():
            with acting_as(chief):
                CommentRequest.objects.create(
                    event=event, party=party, asked_at=asked, through="the press office", **fields
                )

        return operation

    worker(log(deadline=asked + timedelta(hours=1)))
    [(subject, body)] = inbox.to("chief@desk.example")
    assert subject == f"No answer by the deadline: Silent State on “{event}”"
    assert "through the press office" in body
    worker(lambda: None)  # the worker again: nothing more
    assert len(inbox.to("chief@desk.example")) == 1

    answered = timezone.now() - timedelta(hours=2)
    worker(log(deadline=asked + timedelta(hours=1), outcome="declined", answered_at=answered))
    assert len(inbox.to("chief@desk.example")) == 1  # answered: no alert

    worker(log(deadline=timezone.now() + timedelta(days=1)))
    assert len(inbox.to("chief@desk.example")) == 1  # not yet: the task waits for its time


def test_each_person_is_alerted_in_the_language_they_sign_in_with(inbox, worker, people):
    editor, chief = people
    french = Client(HTTP_ACCEPT_LANGUAGE="fr")
    signed_in = french.post(
        "/admin/login/", {"username": "chief", "password": "a-long-test-password"}
    )
    assert signed_in.status_code == 302
    assert StaffProfile.objects.get(user=chief).language == "fr"
    draft = make_statement(status=Status.DRAFT, **dict.fromkeys(CHECKLIST, True))

    def as_(user, step, *args):
        def operation():
            with acting_as(user):
                getattr(Statement.objects.get(pk=draft.pk), step)(*args)

        return operation

    worker(as_(editor, "submit_for_review", "Archived the readout."))
    [(subject, body)] = inbox.to("chief@desk.example")
    with translation.override("fr"):
        assert str(draft).endswith("— compte rendu, 2026-01-10")  # the kind, in French too
        assert subject == f"À relire\xa0: {draft}"
    assert "Commentaire\xa0: Archived the readout." in body and "L'ouvrir\xa0: http" in body
    worker(as_(chief, "send_back", "Which archive?"))
    [(subject, body)] = inbox.to("ed@desk.example")  # never signed in: the site's language
    assert subject == f"Sent back: {draft}" and "Comment: Which archive?" in body

    event, party = make_event(), make_party(name="Silent State")
    asked = timezone.now() - timedelta(hours=5)

    def log():
        with acting_as(chief):
            CommentRequest.objects.create(
                event=event,
                party=party,
                asked_at=asked,
                through="the press office",
                deadline=asked + timedelta(hours=1),
            )

    worker(log)
    subject, body = inbox.to("chief@desk.example")[-1]
    assert subject == f"Pas de réponse dans le délai\xa0: Silent State sur «\xa0{event}\xa0»"
    with translation.override("fr"):
        asked_in_french = date_format(timezone.localtime(asked), "DATETIME_FORMAT")
    with translation.override("en"):
        assert date_format(timezone.localtime(asked), "DATETIME_FORMAT") != asked_in_french
    assert f"Silent State a été sollicité le {asked_in_french} (" in body
