"""Verification and review (issue 20): the checklist, the queue, a second pair of eyes — held by
the model layer on every path, with a history of who did what."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from claims.models import (
    Denial,
    PublicState,
    ReviewEntry,
    ReviewState,
    Statement,
    Status,
    acting_as,
)
from claims.models.operations import publish_with_contents
from claims.models.review import CHECKLIST
from tests.admin_forms import errors, form_data
from tests.factories import login_as, make_denial, make_event, make_statement

pytestmark = pytest.mark.django_db

TICKED = dict.fromkeys(CHECKLIST, True)
UNTICKED = dict.fromkeys(CHECKLIST, False)


def person(group, name):
    return login_as(group, name).user


@pytest.fixture
def desk(db):
    """An editor, two chief editors, and a draft statement on a public event, fully checked."""
    editor = person("Editors", "ed")
    chief, second = person("Chief editors", "chief"), person("Chief editors", "second")
    draft = make_statement(status=Status.DRAFT, **TICKED)
    return editor, chief, second, Statement.objects.get(pk=draft.pk)


def actions(row):
    return [
        (entry.action, entry.actor and entry.actor.username) for entry in row.review_entries.all()
    ]


class TestTheQueue:
    def test_an_editor_submits_and_a_chief_approves_it_published(self, desk):
        editor, chief, _, draft = desk
        with acting_as(editor):
            draft.submit_for_review("Ready: the readout is archived.")
        assert draft.review_state == ReviewState.SUBMITTED
        assert draft.submitted_by == editor
        with acting_as(chief):
            draft.approve()
        draft.refresh_from_db()
        assert (draft.status, draft.review_state) == (Status.PUBLISHED, ReviewState.APPROVED)
        assert draft.is_public()
        assert actions(draft) == [("submitted", "ed"), ("approved", "chief")]
        assert draft.review_entries.first().text == "Ready: the readout is archived."

    def test_an_editor_can_neither_approve_nor_send_back(self, desk):
        editor, _, _, draft = desk
        with acting_as(editor):
            draft.submit_for_review()
            with pytest.raises(ValidationError, match="Only chief editors can publish"):
                Statement.objects.get(pk=draft.pk).approve()
            with pytest.raises(ValidationError, match="Only chief editors can send"):
                Statement.objects.get(pk=draft.pk).send_back("Not like this.")
        draft.refresh_from_db()
        assert (draft.status, draft.review_state) == (Status.DRAFT, ReviewState.SUBMITTED)

    def test_a_chief_sends_back_with_a_comment_and_the_editor_resubmits(self, desk):
        editor, chief, _, draft = desk
        with acting_as(editor):
            draft.submit_for_review()
        with acting_as(chief):
            with pytest.raises(ValidationError, match="sent back with a comment"):
                Statement.objects.get(pk=draft.pk).send_back("  ")
            Statement.objects.get(pk=draft.pk).send_back("Find the original, not the agency's.")
        draft.refresh_from_db()
        assert draft.review_state == ReviewState.SENT_BACK
        with acting_as(editor):
            draft.submit_for_review()
        assert actions(draft) == [("submitted", "ed"), ("sent_back", "chief"), ("submitted", "ed")]
        assert "Find the original" in draft.review_entries.all()[1].text

    def test_only_a_submitted_draft_is_approved_from_the_queue(self, desk):
        _, chief, _, draft = desk
        with acting_as(chief), pytest.raises(ValidationError, match="submitted for review"):
            draft.approve()

    def test_a_published_row_cannot_be_submitted(self, desk):
        editor, _, _, _ = desk
        public = make_statement()
        with acting_as(editor), pytest.raises(ValidationError, match="Only a draft"):
            public.submit_for_review()

    def test_unpublishing_returns_a_row_to_the_desk(self, desk):
        _, chief, _, _ = desk
        public = make_statement()
        with acting_as(chief):
            public.status = Status.DRAFT
            public.save()
        assert public.review_state == ReviewState.PREPARING
        assert actions(public) == [("reopened", "chief")]


class TestTheChecklist:
    def test_a_chief_cannot_publish_what_is_not_checked(self, desk):
        _, chief, _, _ = desk
        draft = make_statement(status=Status.DRAFT, **UNTICKED)
        draft.checked_original = True
        with acting_as(chief), pytest.raises(ValidationError) as refusal:
            draft.status = Status.PUBLISHED
            draft.save()
        message = " ".join(refusal.value.messages)
        assert "translation checked" in message and "second source" in message
        assert "original" not in message
        assert Statement.objects.get(pk=draft.pk).status == Status.DRAFT

    def test_who_ticked_what_is_recorded(self, desk):
        editor, _, _, _ = desk
        draft = make_statement(status=Status.DRAFT, **UNTICKED)
        with acting_as(editor):
            draft.checked_original = True
            draft.assignee = editor
            draft.save()
        entries = list(draft.review_entries.values_list("action", "text", "actor__username"))
        assert entries == [
            ("checked", "original located and archived", "ed"),
            ("assigned", "ed", "ed"),
        ]

    def test_a_denial_is_checked_too(self, desk):
        _, chief, _, _ = desk
        denial = make_denial(status=Status.DRAFT, **UNTICKED)
        with acting_as(chief), pytest.raises(ValidationError, match="Still to tick"):
            denial.status = Status.PUBLISHED
            denial.save()

    def test_the_system_operator_is_trusted(self):
        """The demo loader and commands run without ``--as`` publish as before."""
        draft = make_statement(status=Status.DRAFT, **UNTICKED)
        draft.status = Status.PUBLISHED
        draft.save()
        assert draft.is_public() and draft.review_state == ReviewState.APPROVED

    def test_a_bulk_publish_obeys_the_checklist(self, desk):
        _, chief, _, draft = desk
        unchecked = make_statement(status=Status.DRAFT, **UNTICKED)
        with acting_as(chief), pytest.raises(ValidationError, match="Still to tick"):
            Statement.objects.filter(pk__in=[draft.pk, unchecked.pk]).update(
                status=Status.PUBLISHED
            )
        with acting_as(chief):
            Statement.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED)
        draft.refresh_from_db()
        assert draft.review_state == ReviewState.APPROVED
        assert actions(draft) == [("approved", "chief")]

    def test_publishing_an_event_with_its_contents_obeys_it(self, desk):
        _, chief, _, _ = desk
        event = make_event(status=Status.DRAFT)
        make_statement(event=event, status=Status.DRAFT, **UNTICKED)
        with acting_as(chief), pytest.raises(ValidationError, match="Still to tick"):
            publish_with_contents([event])
        event.refresh_from_db()
        assert event.status == Status.DRAFT  # one transaction: nothing half-published

    def test_ticking_a_public_row_moves_nothing_public(self, desk):
        editor, _, _, _ = desk
        public = make_statement(**UNTICKED)
        before = PublicState.current()
        with acting_as(editor):  # an Editor may not change a public row, but may tick it
            public.checked_second_source = True
            public.save()
        assert PublicState.current() == before


class TestASecondPairOfEyes:
    @pytest.fixture(autouse=True)
    def second_chief_required(self, settings):
        settings.NEWSDESK_SECOND_CHIEF = True

    def test_a_chief_cannot_approve_their_own_submission(self, desk):
        _, chief, second, draft = desk
        with acting_as(chief):
            draft.submit_for_review()
            with pytest.raises(ValidationError, match="own work"):
                Statement.objects.get(pk=draft.pk).approve()
        with acting_as(second):
            Statement.objects.get(pk=draft.pk).approve()
        assert Statement.objects.get(pk=draft.pk).is_public()

    def test_nor_publish_what_they_wrote_without_review(self, desk):
        _, chief, second, _ = desk
        with acting_as(chief):
            mine = make_statement(status=Status.DRAFT, **TICKED)
            mine.status = Status.PUBLISHED
            with pytest.raises(ValidationError, match="own work"):
                mine.save()
            with pytest.raises(ValidationError, match="own work"):
                Statement.objects.filter(pk=mine.pk).update(status=Status.PUBLISHED)
        with acting_as(second):
            mine.save()
        assert mine.is_public()

    def test_an_editors_submission_needs_one_chief(self, desk):
        editor, chief, _, draft = desk
        with acting_as(editor):
            draft.submit_for_review()
        with acting_as(chief):
            Statement.objects.get(pk=draft.pk).approve()
        assert Statement.objects.get(pk=draft.pk).is_public()


class TestComments:
    def test_internal_comments_never_reach_the_public(self, desk, client):
        editor, _, _, _ = desk
        public = make_statement(text="<p>The harbour stays closed.</p>")
        with acting_as(editor):
            public.add_comment("SECRET-DESK-NOTE: source is a cousin of the minister")
        assert public.review_entries.get().text.startswith("SECRET-DESK-NOTE")
        pages = [
            public.get_absolute_url(),
            public.event.get_absolute_url(),
            reverse("claims:site-feed"),
            reverse("claims:event-feed", args=[public.event.slug]),
            f"/api/v1/events/{public.event.slug}",
        ]
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert b"SECRET-DESK-NOTE" not in response.content, url

    def test_an_empty_comment_is_refused(self, desk):
        editor, _, _, draft = desk
        with acting_as(editor), pytest.raises(ValidationError, match="Write the comment"):
            draft.add_comment("   ")


def test_each_entry_belongs_to_one_row(desk):
    statement, denial = desk[3], make_denial()
    for rows in ({"statement": statement, "denial": denial}, {}):
        with transaction.atomic(), pytest.raises(IntegrityError):
            ReviewEntry.objects.create(**rows, action="commented")


def change_url(row):
    return reverse(f"admin:claims_{row._meta.model_name}_change", args=[row.pk])


def press(client, row, button, **changes):
    """Open ``row``'s admin page and press one of its buttons, as a browser would."""
    page = client.get(change_url(row))
    assert page.status_code == 200
    data = {**form_data(page), **changes}
    if button:
        data[button] = "pressed"
    return client.post(change_url(row), data)


class TestTheAdminDesk:
    def test_submit_send_back_resubmit_approve(self, editor, chief):
        draft = make_statement(status=Status.DRAFT, **TICKED)
        page = editor.get(change_url(draft)).content.decode()
        assert 'name="_submit_for_review"' in page and 'name="_approve"' not in page
        response = press(editor, draft, "_submit_for_review", review_comment="Archived today.")
        assert response.status_code == 302, errors(response)
        draft.refresh_from_db()
        assert draft.review_state == ReviewState.SUBMITTED

        page = chief.get(change_url(draft)).content.decode()
        assert 'name="_approve"' in page and 'name="_send_back"' in page
        assert "Archived today." in page  # the history and comments show on the page
        response = press(chief, draft, "_send_back")
        assert "sent back with a comment" in str(errors(response))
        response = press(chief, draft, "_send_back", review_comment="Which archive?")
        assert response.status_code == 302, errors(response)
        draft.refresh_from_db()
        assert draft.review_state == ReviewState.SENT_BACK

        assert press(editor, draft, "_submit_for_review").status_code == 302
        response = press(chief, draft, "_approve")
        assert response.status_code == 302, errors(response)
        draft.refresh_from_db()
        assert draft.is_public()
        assert [action for action, _ in actions(draft)] == [
            "submitted",
            "sent_back",
            "submitted",
            "approved",
        ]
        followed = chief.get(response.url)
        assert "Approved: it is published." in followed.content.decode()

    def test_an_unchecked_draft_is_refused_on_the_page(self, editor, chief):
        draft = make_statement(status=Status.DRAFT, **UNTICKED)
        press(editor, draft, "_submit_for_review")
        response = press(chief, draft, "_approve")
        assert response.status_code == 200
        assert "Still to tick" in str(errors(response))
        assert not Statement.objects.get(pk=draft.pk).is_public()
        response = press(chief, draft, "_approve", **dict.fromkeys(CHECKLIST, "on"))
        assert response.status_code == 302, errors(response)
        assert Statement.objects.get(pk=draft.pk).is_public()

    def test_the_status_field_and_bulk_publish_say_why_not(self, chief):
        draft = make_statement(status=Status.DRAFT, **UNTICKED)
        response = press(chief, draft, None, status=Status.PUBLISHED)
        assert "Still to tick" in str(errors(response))
        url = reverse("admin:claims_statement_changelist")
        response = chief.post(
            url, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
        )
        assert response.status_code == 200
        assert "Still to tick" in response.content.decode()
        assert not Statement.objects.get(pk=draft.pk).is_public()

    def test_a_denial_page_has_the_desk_too(self, editor):
        denial = make_denial(status=Status.DRAFT, **UNTICKED)
        response = press(
            editor, denial, "_submit_for_review", checked_original="on", review_comment="Seen."
        )
        assert response.status_code == 302, errors(response)
        denial.refresh_from_db()
        assert denial.review_state == ReviewState.SUBMITTED and denial.checked_original

    def test_the_queue_lists_what_waits(self, editor, chief):
        waiting = make_statement(status=Status.DRAFT)
        other = make_statement(status=Status.DRAFT)
        denial = make_denial(status=Status.DRAFT)
        with acting_as(editor.user):
            waiting.submit_for_review()
            denial.submit_for_review()
        queue = reverse("admin:claims_review_queue")
        for client in (editor, chief):
            page = client.get(queue)
            assert page.status_code == 200
            html = page.content.decode()
            assert change_url(waiting) in html and change_url(denial) in html
            assert change_url(other) not in html
        assert (
            reverse("admin:claims_review_queue")
            in chief.get(reverse("admin:claims_statement_changelist")).content.decode()
        )

    def test_an_editor_comments_on_a_public_statement(self, editor):
        public = make_statement()
        response = press(editor, public, None, review_comment="Check the date with the embassy.")
        assert response.status_code == 302, errors(response)
        assert public.review_entries.get().text == "Check the date with the embassy."


class TestApprovingAnEventAtOnce:
    def test_a_chief_approves_an_events_statements_and_denials_in_one_press(self, editor, chief):
        event = make_event()
        denial = make_denial(
            target=make_statement(
                event=event, status=Status.DRAFT, text="<p>Both sides agreed to a ceasefire.</p>"
            ),
            statement=make_statement(
                event=event, status=Status.DRAFT, text="<p>Nothing of the kind was agreed.</p>"
            ),
            status=Status.DRAFT,
        )
        other = make_statement(status=Status.DRAFT)  # another event: not part of the press
        with acting_as(editor.user):
            for row in (denial.target, denial.statement, denial, other):
                type(row).objects.get(pk=row.pk).submit_for_review()
        queue = reverse("admin:claims_review_queue")
        page = chief.get(queue).content.decode()
        assert "Approve and publish these 3" in page
        response = chief.post(queue, {"event": event.pk}, follow=True)
        assert "Approved and published 3 items" in response.content.decode()
        assert Denial.objects.get(pk=denial.pk).is_public()
        assert not Statement.objects.get(pk=other.pk).is_public()

    def test_one_refusal_approves_none_and_says_why(self, editor, chief):
        event = make_event()
        checked = make_statement(event=event, status=Status.DRAFT)
        unchecked = make_statement(event=event, status=Status.DRAFT, **UNTICKED)
        with acting_as(editor.user):
            checked.submit_for_review()
            unchecked.submit_for_review()
        queue = reverse("admin:claims_review_queue")
        response = chief.post(queue, {"event": event.pk}, follow=True)
        assert "Still to tick" in response.content.decode()
        assert not Statement.objects.get(pk=checked.pk).is_public()

    def test_an_editor_cannot(self, editor):
        event = make_event()
        draft = make_statement(event=event, status=Status.DRAFT)
        with acting_as(editor.user):
            draft.submit_for_review()
        queue = reverse("admin:claims_review_queue")
        assert "Approve and publish" not in editor.get(queue).content.decode()
        response = editor.post(queue, {"event": event.pk}, follow=True)
        assert "Only chief editors" in response.content.decode()
        assert not Statement.objects.get(pk=draft.pk).is_public()
        assert "No such event" in editor.post(queue, {"event": "x"}, follow=True).content.decode()
