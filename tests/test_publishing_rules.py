"""Publishing is the only door to the public: nothing becomes, stays or stops being public
without ``claims.publish_content`` — on every path (admin pages, inlines, history revert,
bulk actions, the ORM on behalf of a user)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from claims.models import (
    Claim,
    Correction,
    Denial,
    Event,
    Party,
    Stance,
    Statement,
    Status,
    Topic,
    acting_as,
)
from tests.admin_forms import add_inline_row, errors, form_data
from tests.factories import (
    make_claim,
    make_denial,
    make_event,
    make_party,
    make_statement,
    make_topic,
)

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    return reverse(f"admin:claims_{name}", args=args)


def save_through_admin(client, name, obj, **changes):
    page = client.get(admin_url(f"{name}_change", obj.pk))
    return client.post(admin_url(f"{name}_change", obj.pk), {**form_data(page), **changes})


def revert(client, name, obj, history):
    url = admin_url(f"{name}_simple_history", obj.pk, history.history_id)
    return client.post(url, form_data(client.get(url)))


class TestRevert:
    def test_an_editor_cannot_republish_through_history(self, editor, chief, client):
        event = make_event(status=Status.DRAFT)
        save_through_admin(chief, "event", event, status="published")
        save_through_admin(chief, "event", event, status="draft")
        published = event.history.filter(status=Status.PUBLISHED).latest()

        response = revert(editor, "event", event, published)

        assert response.status_code == 200
        assert "Only chief editors can publish" in errors(response)
        event.refresh_from_db()
        assert event.status == Status.DRAFT
        assert client.get(event.get_absolute_url()).status_code == 404

    def test_an_editor_cannot_republish_a_statement_through_history(self, editor, chief):
        statement = make_statement(status=Status.DRAFT)
        save_through_admin(chief, "statement", statement, status="published")
        save_through_admin(chief, "statement", statement, status="draft")
        published = statement.history.filter(status=Status.PUBLISHED).latest()
        response = revert(editor, "statement", statement, published)
        assert "Only chief editors can publish" in errors(response)
        statement.refresh_from_db()
        assert statement.status == Status.DRAFT

    def test_reverting_a_public_text_needs_a_correction_note(self, chief, client):
        statement = make_statement(text="<p>The talks were frank and useful.</p>")
        save_through_admin(
            chief,
            "statement",
            statement,
            text="<p>The talks were frank.</p>",
            correction_note="Removed words the ministry did not say.",
        )
        original = statement.history.earliest()
        url = admin_url("statement_simple_history", statement.pk, original.history_id)
        data = form_data(chief.get(url))
        response = chief.post(url, data)
        assert "say what you corrected" in errors(response)
        statement.refresh_from_db()
        assert statement.text == "<p>The talks were frank.</p>"

        data["correction_note"] = "Restored the original wording: the ministry did say it."
        assert chief.post(url, data).status_code == 302
        statement.refresh_from_db()
        assert statement.text == "<p>The talks were frank and useful.</p>"
        assert Correction.objects.count() == 2
        html = client.get(statement.get_absolute_url()).content.decode()
        assert "Restored the original wording" in html

    def test_a_version_that_is_not_a_number_is_not_found(self, chief):
        event = make_event()
        response = chief.get(f"/admin/claims/event/{event.pk}/history/abc/")
        assert response.status_code == 404


class TestNewRowsStartAsDrafts:
    def test_an_editors_denial_between_public_statements_is_not_public(self, editor, client):
        target = make_statement(text="<p>Both sides agreed to a ceasefire.</p>")
        denying = make_statement(event=target.event, text="<p>Nothing was agreed.</p>")
        data = form_data(editor.get(admin_url("denial_add")))
        data.update(
            statement=denying.pk,
            target=target.pk,
            kind="denial",
            disputed_passage="agreed to a ceasefire",
            status="published",  # tampered: the field is read-only for editors
        )
        response = editor.post(admin_url("denial_add"), data)
        assert response.status_code == 302, errors(response)
        denial = Denial.objects.get()
        assert denial.status == Status.DRAFT
        response = client.get(target.event.get_absolute_url())
        assert denial.anchor not in response.content.decode()
        assert "denies" not in response.context["comparison"].at_a_glance[-1]

    def test_an_editors_claim_and_stance_on_a_public_event_are_not_public(self, editor, client):
        statement = make_statement()
        event = statement.event
        data = form_data(editor.get(admin_url("claim_add")))
        data.update(event=event.pk, text="The talks took place", position="0")
        add_inline_row(data, "stances", side=statement.party.pk, position="asserts")
        response = editor.post(admin_url("claim_add"), data)
        assert response.status_code == 302, errors(response)
        assert {Claim.objects.get().status, Stance.objects.get().status} == {Status.DRAFT}
        assert "The talks took place" not in client.get(event.get_absolute_url()).content.decode()

    def test_a_new_party_or_topic_is_not_public_until_published_content_names_it(
        self, editor, client
    ):
        data = form_data(editor.get(admin_url("party_add")))
        data.update(name="Republic of Nowhere", slug="nowhere", kind="state")
        assert editor.post(admin_url("party_add"), data).status_code == 302
        party = Party.objects.get(slug="nowhere")
        assert client.get(party.get_absolute_url()).status_code == 404
        assert "Republic of Nowhere" not in client.get("/parties/").content.decode()
        assert "nowhere" not in client.get("/sitemap.xml").content.decode()
        assert client.get(reverse("claims:party-feed", args=["nowhere"])).status_code == 404

        make_statement(party=party)  # a chief publishes a statement by it
        assert client.get(party.get_absolute_url()).status_code == 200


class TestPublicRowsNeedAChief:
    def test_an_editor_cannot_delete_a_topic_that_published_events_use(self, editor, chief):
        topic = make_topic(name="Water")
        make_event().topics.add(topic)
        assert editor.get(admin_url("topic_delete", topic.pk)).status_code == 403
        with acting_as(editor.user), pytest.raises(ValidationError, match="only chief editors"):
            topic.delete()
        with acting_as(editor.user), pytest.raises(ValidationError, match="only chief editors"):
            Topic.objects.filter(pk=topic.pk).delete()
        assert chief.post(admin_url("topic_delete", topic.pk), {"post": "yes"}).status_code == 302
        assert not Topic.objects.exists()

    def test_an_editor_may_delete_a_topic_only_drafts_use(self, editor):
        topic = make_topic()
        make_event(status=Status.DRAFT).topics.add(topic)
        assert editor.post(admin_url("topic_delete", topic.pk), {"post": "yes"}).status_code == 302

    def test_public_parties_and_participants_are_chief_editors_to_change(self, editor):
        statement = make_statement()
        party = statement.party
        with acting_as(editor.user):
            party.name = "Renamed"
            with pytest.raises(ValidationError, match="only chief editors can change it"):
                party.save()
            with (
                pytest.raises(ValidationError, match="participants of a public event"),
                transaction.atomic(),
            ):
                statement.event.participants.add(make_party())
            with pytest.raises(ValidationError, match="Only chief editors"):
                Statement.objects.filter(pk=statement.pk).update(status=Status.DRAFT)

    def test_an_editor_cannot_unpublish_or_delete_through_the_orm_either(self, editor):
        denial = make_denial()
        with acting_as(editor.user):
            denial.status = Status.DRAFT
            with pytest.raises(ValidationError, match="Only chief editors can publish or unpub"):
                denial.save()
            with pytest.raises(ValidationError, match="only chief editors can delete it"):
                Denial.objects.get().delete()
        assert Denial.objects.get().status == Status.PUBLISHED

    def test_bulk_publish_is_offered_to_chiefs_only(self, editor, chief):
        claim = make_claim(status=Status.DRAFT)
        action = {"action": "publish", "_selected_action": [claim.pk]}
        editor.post(admin_url("claim_changelist"), action)
        claim.refresh_from_db()
        assert claim.status == Status.DRAFT
        chief.post(admin_url("claim_changelist"), action)
        claim.refresh_from_db()
        assert claim.status == Status.PUBLISHED


class TestDraftOnlyPartiesAndTopics:
    def test_are_unknown_to_the_public(self, client, staff_client):
        draft = make_event(status=Status.DRAFT)
        secret_side = make_party(name="Secretland", slug="secretland", country="AQ")
        draft.topics.add(make_topic(name="Secret topic", slug="secret-topic"))
        make_statement(event=draft, party=make_party(name="Secret ministry", parent=secret_side))
        public_pages = [
            "/parties/",
            "/events/",
            "/timeline/",
            "/sitemap.xml",
            secret_side.get_absolute_url(),
        ]
        for url in public_pages:
            html = client.get(url).content.decode()
            for secret in ["Secretland", "Secret ministry", "Secret topic", "Antarctica"]:
                assert secret not in html, (url, secret)
        assert client.get(reverse("claims:party-feed", args=["secretland"])).status_code == 404
        assert client.get("/events/", {"topic": "secret-topic"}).status_code == 400
        assert client.get("/timeline/", {"side": "secretland"}).status_code == 400
        # Staff preparing the story see them.
        assert "Secretland" in staff_client.get("/parties/").content.decode()

    def test_the_demos_draft_only_topic_is_not_offered(self, client, demo):
        html = client.get("/events/").content.decode()
        assert "Naval affairs" not in html
        assert "Terrorism" in html


class TestConcurrentEdits:
    def test_the_second_of_two_editors_is_refused_and_the_first_change_kept(self, chief):
        event = make_event(title="Harbour talks", status=Status.DRAFT)
        first = form_data(chief.get(admin_url("event_change", event.pk)))
        second = form_data(chief.get(admin_url("event_change", event.pk)))
        first["title"] = "Harbour talks in Port Ambray"
        assert chief.post(admin_url("event_change", event.pk), first).status_code == 302
        second["title"] = "Talks on the harbour"
        response = chief.post(admin_url("event_change", event.pk), second)
        assert response.status_code == 200
        assert "Someone else saved" in errors(response)
        event.refresh_from_db()
        assert event.title == "Harbour talks in Port Ambray"

    def test_the_model_refuses_a_stale_save_from_any_path(self):
        statement = make_statement()
        mine, theirs = Statement.objects.get(), Statement.objects.get()
        theirs.speaker = "The spokesperson"
        theirs.save()
        mine.speaker = "The minister"
        with pytest.raises(ValidationError, match="Someone else saved"):
            mine.save()
        statement.refresh_from_db()
        assert statement.speaker == "The spokesperson"


def test_an_editor_cannot_mark_a_row_published_even_under_a_draft(editor):
    """Otherwise it would go public, unseen by a chief, the day its event is published."""
    statement = make_statement(event=make_event(status=Status.DRAFT), status=Status.DRAFT)
    with acting_as(editor.user):
        statement.status = Status.PUBLISHED
        with pytest.raises(ValidationError, match="stays a draft"):
            statement.save()
        with pytest.raises(ValidationError, match="stays a draft"):
            make_statement(event=statement.event, status=Status.PUBLISHED)


def test_only_what_chiefs_publish_is_public_across_models():
    """The one rule per model, as the database is asked it."""
    event = make_event(status=Status.DRAFT)
    statement = make_statement(event=event)
    assert not Event.objects.published().exists()
    assert not Statement.objects.published().exists()
    assert not Party.objects.published().filter(pk=statement.party.pk).exists()
    event.status = Status.PUBLISHED
    event.save()
    assert Party.objects.published().filter(pk=statement.party.pk).exists()
