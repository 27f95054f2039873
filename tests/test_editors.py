"""The editors' workflow through the admin, as an Editor and as a Chief editor."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from claims.models import Correction, Denial, Event, Statement, Status
from claims.models.roles import CHIEF_EDITORS, EDITORS
from claims.render.wording import denial_delay
from tests.admin_forms import add_inline_row, errors, form_data
from tests.factories import make_denial, make_event, make_party, make_statement

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"admin:claims_{name}", args=args)


def test_roles_come_from_the_data_migration():
    editors = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    chiefs = set(
        Group.objects.get(name=CHIEF_EDITORS).permissions.values_list("codename", flat=True)
    )
    assert {"add_statement", "change_statement", "view_statement", "add_denial"} <= editors
    assert "publish_content" not in editors
    assert "publish_content" in chiefs
    assert editors < chiefs


def test_editor_creates_event_with_statements_then_a_denial_through_the_admin(editor):
    france, russia = make_party(name="Valdoria"), make_party(name="Serapine")
    page = editor.get(url("event_add"))
    assert page.status_code == 200
    assert "status" not in page.context["adminform"].form.fields  # cannot publish
    data = form_data(page)
    data.update(
        title="Harbour talks",
        slug="harbour-talks",
        kind="meeting",
        occurred_at_0="2026-02-01",
        occurred_at_1="10:00:00",
        occurred_precision="exact",
        status="published",  # tampered: ignored, the field is read-only for editors
    )
    when = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
    add_inline_row(
        data,
        "statements",
        party=france.pk,
        kind="readout",
        attribution="official",
        issued_at=when,
        issued_precision="exact",
        language="en",
        text="<p>Both sides agreed to reopen the harbour.</p>",
    )
    add_inline_row(
        data,
        "statements",
        party=russia.pk,
        kind="press_release",
        attribution="spokesperson",
        issued_at=when.replace(hour=14, minute=10),
        issued_precision="exact",
        language="en",
        text="<p>Nothing was agreed about the harbour.</p>",
    )
    response = editor.post(url("event_add"), data)
    assert response.status_code == 302, errors(response)
    event = Event.objects.get(slug="harbour-talks")
    assert event.status == Status.DRAFT
    assert event.statements.count() == 2
    assert set(event.statements.values_list("status", flat=True)) == {Status.DRAFT}

    denying = event.statements.get(party=russia)
    target = event.statements.get(party=france)
    page = editor.get(url("statement_change", denying.pk))
    data = form_data(page)
    add_inline_row(
        data,
        "denials_made",
        target=target.pk,
        kind="denial",
        disputed_passage="agreed to open the port",  # not the target's words
    )
    response = editor.post(url("statement_change", denying.pk), data)
    assert response.status_code == 200
    assert "do not occur in the target statement" in errors(response)
    assert "Both sides agreed to reopen the harbour." in errors(response)  # shown to copy from

    data["denials_made-0-disputed_passage"] = "agreed to reopen the harbour"
    response = editor.post(url("statement_change", denying.pk), data)
    assert response.status_code == 302, errors(response)
    denial = Denial.objects.get()
    assert denial_delay(denial) == "2\u00a0h 10\u00a0min after the Valdoria readout"


def test_denial_on_a_new_statement_is_validated_against_its_target(editor):
    target = make_statement(text="<p>Both sides agreed to a ceasefire.</p>")
    page = editor.get(url("statement_add"))
    data = form_data(page)
    data.update(
        event=target.event.pk,
        party=make_party().pk,
        kind="readout",
        attribution="official",
        issued_at_0="2026-01-10",
        issued_at_1="12:00:00",
        issued_precision="exact",
        language="en",
        text="<p>No ceasefire was agreed.</p>",
    )
    add_inline_row(
        data, "denials_made", target=target.pk, kind="denial", disputed_passage="a truce"
    )
    response = editor.post(url("statement_add"), data)
    assert response.status_code == 200
    assert "do not occur in the target statement" in errors(response)
    assert not Statement.objects.filter(text__contains="No ceasefire").exists()


def test_editor_cannot_publish_by_action_chief_can(editor, chief):
    event = make_event(status=Status.DRAFT)
    action = {"action": "publish", "_selected_action": [event.pk]}
    page = editor.get(url("event_changelist"))
    assert "publish" not in dict(page.context["action_form"].fields["action"].choices)
    editor.post(url("event_changelist"), action)
    event.refresh_from_db()
    assert event.status == Status.DRAFT

    response = chief.post(url("event_changelist"), action)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Status.PUBLISHED
    assert event.history.first().history_change_reason == "Published by bulk action"


def test_chief_publishes_a_statement_through_the_form(chief):
    statement = make_statement(status=Status.DRAFT)
    page = chief.get(url("statement_change", statement.pk))
    data = {**form_data(page), "status": "published"}
    response = chief.post(url("statement_change", statement.pk), data)
    assert response.status_code == 302, errors(response)
    statement.refresh_from_db()
    assert statement.status == Status.PUBLISHED


def test_deleting_published_content_needs_a_chief(editor, chief):
    draft, published = make_event(status=Status.DRAFT), make_event()
    assert editor.get(url("event_delete", published.pk)).status_code == 403
    assert editor.post(url("event_delete", draft.pk), {"post": "yes"}).status_code == 302
    assert not Event.objects.filter(pk=draft.pk).exists()
    assert chief.get(url("event_delete", published.pk)).status_code == 200


def test_editor_cannot_delete_a_published_statement_through_an_inline(editor):
    statement = make_statement()
    page = editor.get(url("event_change", statement.event.pk))
    assert "statements-0-DELETE" not in page.content.decode()  # not offered
    data = {**form_data(page), "statements-0-DELETE": "on"}  # …and a tampered post is ignored
    editor.post(url("event_change", statement.event.pk), data)
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_public_rows_are_read_only_to_editors(editor):
    statement = make_statement(text="<p>The talks were frank and useful.</p>")
    page = editor.get(url("statement_change", statement.pk))
    assert "text" in page.context["adminform"].readonly_fields
    data = {**form_data(page), "text": "<p>Rewritten.</p>"}
    editor.post(url("statement_change", statement.pk), data)
    statement.refresh_from_db()
    assert statement.text == "<p>The talks were frank and useful.</p>"


def test_changing_published_text_requires_a_correction_note_shown_publicly(chief, client):
    statement = make_statement(text="<p>The talks were frank and useful.</p>")
    page = chief.get(url("statement_change", statement.pk))
    data = {**form_data(page), "text": "<p>The talks were frank.</p>"}
    response = chief.post(url("statement_change", statement.pk), data)
    assert response.status_code == 200
    assert "say what you corrected" in errors(response)

    data["correction_note"] = "An earlier version added words the ministry did not say."
    response = chief.post(url("statement_change", statement.pk), data)
    assert response.status_code == 302, errors(response)
    correction = Correction.objects.get()
    assert correction.statement == statement
    assert correction.corrected_by.username == "chief-user"
    for public in [statement.event.get_absolute_url(), statement.get_absolute_url()]:
        html = client.get(public).content.decode()
        assert "Corrected on" in html
        assert "added words the ministry did not say" in html

    history = chief.get(url("statement_history", statement.pk)).content.decode()
    assert "The talks were frank<del> and useful</del>." in history
    assert "Correction: An earlier version" in history


def test_draft_text_changes_need_no_note(editor):
    statement = make_statement(status=Status.DRAFT)
    page = editor.get(url("statement_change", statement.pk))
    data = {**form_data(page), "text": "<p>Rewritten draft.</p>"}
    assert editor.post(url("statement_change", statement.pk), data).status_code == 302
    assert not Correction.objects.exists()


def test_every_change_is_in_the_history():
    denial = make_denial()
    statement = denial.target
    statement.text = "<p>Both sides agreed to a ceasefire, they said.</p>"
    statement.correction_note = "Added the attribution."
    statement.save()
    assert statement.history.count() == 2
    assert denial.history.count() == 1
    assert Event.history.filter(id=statement.event_id).exists()


def test_participant_changes_are_in_the_history(editor):
    event = make_event(status=Status.DRAFT)
    party = make_party(name="Quellen")
    data = {**form_data(editor.get(url("event_change", event.pk))), "participants": [party.pk]}
    assert editor.post(url("event_change", event.pk), data).status_code == 302
    latest = event.history.latest()
    changes = {c.field: c for c in latest.diff_against(latest.prev_record).changes}
    assert "participants" in changes
    page = editor.get(url("event_history", event.pk)).content.decode()
    assert "Quellen" in page


def test_statements_never_public_need_no_note_even_if_marked_published(editor):
    """A published statement of a draft event was never public: nothing to correct yet."""
    statement = make_statement(event=make_event(status=Status.DRAFT))
    page = editor.get(url("statement_change", statement.pk))
    data = {**form_data(page), "text": "<p>Rewritten before the event goes out.</p>"}
    assert editor.post(url("statement_change", statement.pk), data).status_code == 302
    assert not Correction.objects.exists()


def test_editor_is_told_which_markup_was_removed(editor):
    statement = make_statement(status=Status.DRAFT)
    data = {
        **form_data(editor.get(url("statement_change", statement.pk))),
        "text": '<p>Kept <img src="x.png"> words<script>alert(1)</script></p>',
    }
    response = editor.post(url("statement_change", statement.pk), data, follow=True)
    page = response.content.decode()
    assert "&lt;img&gt;, &lt;script&gt; removed from the text" in page
    statement.refresh_from_db()
    assert statement.text == "<p>Kept  words</p>"


def test_a_statements_page_lists_the_rebuttals_it_received(editor):
    denial = make_denial()
    page = editor.get(url("statement_change", denial.target.pk)).content.decode()
    assert "Rebuttals received" in page
    assert url("denial_change", denial.pk) in page
    assert denial.statement.party.name in page
    answering = editor.get(url("statement_change", denial.statement.pk)).content.decode()
    assert "None yet." in answering  # the denial itself was answered by nobody
    assert "Rebuttals received" not in editor.get(url("statement_add")).content.decode()
