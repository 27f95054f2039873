"""Requests for comment (issue 20): the desk's dated log of whom it asked, through whom, by
when, and what came of it — and "awaiting response" only where someone was asked."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from claims.models import CommentRequest, Status, acting_as
from tests.admin_forms import add_inline_row, errors, form_data
from tests.factories import make_event, make_party, make_statement
from tests.test_pages import queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_event():
    """A public event where one participant spoke and "Silent State" did not."""
    event = make_event()
    make_statement(event=event)
    silent = make_party(name="Silent State")
    event.participants.add(silent)
    return event, silent


def ask(event, party, **fields):
    fields.setdefault("asked_at", timezone.now() - timedelta(hours=3))
    fields.setdefault("through", "e-mail to the press office")
    return CommentRequest.objects.create(event=event, party=party, **fields)


def awaiting_note(client, event):
    html = client.get(event.get_absolute_url()).content.decode()
    start = html.index('class="awaiting"')
    return html[start : html.index("</div>", start)]


class TestThePublicPage:
    def test_nobody_asked_is_not_awaiting_a_response(self, client, silent_event):
        event, _ = silent_event
        note = awaiting_note(client, event)
        assert "Awaiting response" not in note
        assert "No statement yet" in note
        assert "Silent State</a> has not issued a statement." in note

    def test_asked_and_not_answered_by_publication(self, client, silent_event):
        event, silent = silent_event
        ask(event, silent)
        note = awaiting_note(client, event)
        assert "Awaiting response" in note
        assert "Asked for comment on" in note
        assert "through e-mail to the press office; had not responded by publication." in note

    def test_the_at_a_glance_line_says_awaiting_only_when_asked(self, client, silent_event):
        event, silent = silent_event
        html = client.get(event.get_absolute_url()).content.decode()
        assert "no statement yet from Silent State" in html and "awaiting Silent" not in html
        ask(event, silent)
        html = client.get(event.get_absolute_url()).content.decode()
        assert "awaiting Silent State" in html and "no statement yet from" not in html

    def test_a_deadline_ahead_and_a_deadline_passed(self, client, silent_event):
        event, silent = silent_event
        request = ask(event, silent, deadline=timezone.now() + timedelta(days=1))
        assert "with a deadline of" in awaiting_note(client, event)
        request.deadline = timezone.now() - timedelta(minutes=5)
        request.save()
        assert "had not responded by the deadline," in awaiting_note(client, event)

    def test_a_refusal_is_said_as_one(self, client, silent_event):
        event, silent = silent_event
        ask(event, silent, outcome="declined", answered_at=timezone.now() - timedelta(hours=1))
        assert "declined to comment on" in awaiting_note(client, event)

    def test_a_ministry_asked_answers_for_its_side(self, client, silent_event):
        event, silent = silent_event
        ministry = make_party(name="Silent ministry", parent=silent)
        ask(event, ministry, through="its spokesperson")
        assert "through its spokesperson" in awaiting_note(client, event)

    def test_the_json_carries_the_log_without_draft_answers(self, client, silent_event):
        event, silent = silent_event
        draft = make_statement(event=event, party=silent, status=Status.DRAFT)
        ask(event, silent, outcome="answered", answer=draft)
        data = client.get(reverse("claims:event-json", args=[event.slug])).json()
        [logged] = data["requests_for_comment"]
        assert logged["through"] == "e-mail to the press office"
        assert logged["outcome"] == "answered" and logged["answer"] is None
        assert logged["sentence"].startswith("Asked for comment on")

    def test_the_page_costs_the_same_with_many_requests(self, client, silent_event):
        event, silent = silent_event
        ask(event, silent)
        few = queries(client, event.get_absolute_url())
        for index in range(6):
            ask(event, make_party(name=f"Other {index}", parent=silent))
        assert queries(client, event.get_absolute_url()) == few


class TestTheRules:
    def test_dates_and_answers_must_make_sense(self, silent_event):
        event, silent = silent_event
        now = timezone.now()
        other_event_statement = make_statement(party=silent)
        other_side_statement = make_statement(event=event)
        cases = [
            ({"deadline": now - timedelta(days=2), "asked_at": now}, "deadline"),
            ({"outcome": "declined"}, "answered_at"),
            ({"answered_at": now}, "outcome"),
            ({"outcome": "answered", "answer": other_event_statement}, "answer"),
            ({"outcome": "answered", "answer": other_side_statement}, "answer"),
            ({"answer": make_statement(event=event, party=silent)}, "outcome"),
        ]
        for fields, field in cases:
            with pytest.raises(ValidationError) as refusal:
                ask(event, silent, **fields)
            assert field in refusal.value.message_dict, (fields, refusal.value)
        assert not CommentRequest.objects.exists()

    def test_the_log_of_a_public_event_is_the_chief_editors(self, editor, chief, silent_event):
        event, silent = silent_event
        with acting_as(editor.user), pytest.raises(ValidationError, match="Only chief editors"):
            ask(event, silent)
        draft_event = make_event(status=Status.DRAFT)
        with acting_as(editor.user):
            ask(draft_event, silent)  # a draft's log is the desk's
        with acting_as(chief.user):
            ask(event, silent)
        assert CommentRequest.objects.count() == 2

    def test_a_chief_logs_a_request_on_the_event_page(self, chief, client, silent_event):
        event, silent = silent_event
        url = reverse("admin:claims_event_change", args=[event.pk])
        data = form_data(chief.get(url))
        asked = timezone.localtime() - timedelta(hours=2)
        add_inline_row(
            data,
            "comment_requests",
            party=silent.pk,
            asked_at=asked,
            through="the embassy press attaché",
            outcome="waiting",
        )
        response = chief.post(url, data)
        assert response.status_code == 302, errors(response)
        assert "the embassy press attaché; had not responded" in awaiting_note(client, event)
