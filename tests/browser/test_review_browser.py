"""The desk's workflow in a real browser (issue 20): a chief editor pastes an article, ticks
what the desk checked and submits the statements for review; a second chief approves them
from the review queue; readers see them. Every action a person takes is counted; the admin
pages the workflow adds or changes are checked with axe and under the strict CSP."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from claims.models import (
    CommentRequest,
    Denial,
    Event,
    Party,
    ReviewState,
    Statement,
    Status,
)
from tests.articles import HARBOUR_CALL, SEED_TEXT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


class Person:
    """A member of the desk in their own browser context, counting what they do."""

    def __init__(self, new_context, live_server, name):
        url = getattr(live_server, "url", live_server)
        user = get_user_model().objects.create_user(name, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name="Chief editors"))
        self.page = new_context().new_page()
        self.url = url
        self.actions = 0
        self.page.goto(f"{self.url}/admin/login/")
        self.page.get_by_label("Username").fill(name)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_url(f"{self.url}/admin/")

    def act(self, locator, how="click", *args):
        self.actions += 1
        getattr(locator, how)(*args)

    def choose(self, select_id, text):
        """One action for a person: pick ``text`` in a select2 autocomplete."""
        self.actions += 1
        self.page.locator(f"#{select_id} + .select2").click()
        self.page.locator(".select2-dropdown .select2-search__field").fill(text)
        self.page.locator(".select2-results__option", has_text=text).first.click()


def test_paste_submit_and_a_second_chief_approves(new_context, live_server, settings):
    settings.NEWSDESK_SECOND_CHIEF = True
    valdoria = Party.objects.create(name="Valdoria", slug="valdoria")
    serapine = Party.objects.create(name="Serapine", slug="serapine")
    Party.objects.create(
        name="Serapine Ministry of Defence", slug="se-mod", parent=serapine, kind="ministry"
    )
    Party.objects.create(name="Ilse Marrow", slug="marrow", parent=valdoria, kind="person")
    Event.objects.create(
        title="Phone call of the defence ministers", slug="call", status=Status.PUBLISHED
    )
    axe = Axe()

    first = Person(new_context, live_server, "first-chief")
    page = first.page
    first.act(page.get_by_role("link", name="New statements from an article"))  # the index's
    first.act(page.get_by_label("Article text or HTML"), "fill", HARBOUR_CALL)
    first.act(page.get_by_role("button", name="Find quotes"))
    # four quotations and the Valdorian readout, reported without quotation marks
    candidates = page.locator("fieldset h2", has_text=re.compile(r"^(Quote|Reported statement) \d"))
    expect(candidates).to_have_count(5)
    first.choose("id_event", "Phone call")
    kept = []
    for index in range(5):
        text = page.locator(f"#id_form-{index}-text").input_value()
        if "joint patrols" in text or "nothing of the kind" in text:
            kept.append(index)
        else:
            first.act(page.locator(f"#id_form-{index}-keep"), "uncheck")
    for index in kept:  # intake found each kept quote's party by itself
        assert page.locator(f"#id_form-{index}-party").input_value() != ""
    for label in ("original located and archived", "translation checked", "second source"):
        first.act(page.get_by_label(label), "check")
    first.act(page.get_by_role("button", name="Create and submit for review"))
    expect(page.locator(".messagelist")).to_contain_text("submitted them for review")
    statements = Statement.objects.all()
    assert statements.count() == 2
    assert {s.review_state for s in statements} == {ReviewState.SUBMITTED}
    assert page.evaluate("window.__csp") == []

    # The first chief may not approve their own submission: the page offers only "Send back".
    own = statements.first()
    page.goto(f"{first.url}/admin/claims/statement/{own.pk}/change/")
    expect(page.get_by_role("button", name="Send back")).to_have_count(1)
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)

    second = Person(new_context, live_server, "second-chief")
    page = second.page
    second.act(page.get_by_role("link", name="Review queue"))  # on the admin's index
    expect(page.locator(".review-queue tbody tr")).to_have_count(2)
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    for _ in range(2):
        second.act(page.locator(".review-queue tbody a").first)
        expect(page.get_by_role("button", name="Approve and publish")).to_be_visible()
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()
        second.act(page.get_by_role("button", name="Approve and publish"))
        expect(page.locator(".messagelist")).to_contain_text("Approved: it is published.")
        page.goto(f"{second.url}/admin/claims/statement/review/")
        second.actions += 1  # back to the queue
    expect(page.get_by_text("Nothing waits for review.")).to_be_visible()
    assert page.evaluate("window.__csp") == []

    assert set(Statement.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    reader = new_context().new_page()
    reader.goto(f"{live_server.url}/events/call/")
    expect(reader.get_by_text("agreed to resume joint patrols of the harbour")).to_be_visible()
    expect(reader.get_by_text("Valdoria has agreed to nothing of the kind")).to_be_visible()
    print(
        f"\nreview flow: paste → submitted in {first.actions} actions, "
        f"queue → 2 approved in {second.actions} actions"
    )
    assert first.actions <= 12 and second.actions <= 8


def test_the_event_page_logs_a_request_for_comment_accessibly(new_context, live_server):
    serapine = Party.objects.create(name="Serapine", slug="serapine")
    event = Event.objects.create(title="Harbour talks", slug="talks", status=Status.PUBLISHED)
    event.participants.add(serapine)
    chief = Person(new_context, live_server, "chief")
    page = chief.page
    page.goto(f"{chief.url}/admin/claims/event/{event.pk}/change/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    chief.act(page.get_by_text("Add another Request for comment"))
    chief.choose("id_comment_requests-0-party", "Serapine")
    chief.act(page.locator("#id_comment_requests-0-through"), "fill", "the embassy press office")
    chief.act(page.get_by_role("button", name="Save", exact=True).first)
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert CommentRequest.objects.get().through == "the embassy press office"
    reader = new_context().new_page()
    reader.goto(f"{live_server.url}/events/talks/")
    expect(reader.locator(".awaiting")).to_contain_text(
        "through the embassy press office; had not responded by publication."
    )
    results = Axe().run(reader)
    assert results.violations_count == 0, results.generate_report()


if SEED_TEXT is not None:

    def paste_the_seed(person, site, title, publish=False):
        """As a desk would: paste, read, pick the event, give the date the article does not
        print, tick the checklist, (publish or) submit. Returns the event."""
        from datetime import UTC, datetime

        event = Event.objects.create(
            title=title,
            slug=title.lower().replace(" ", "-"),
            occurred_at=datetime(2024, 4, 3, 12, tzinfo=UTC),
            occurred_precision="day",
            status=Status.PUBLISHED,
        )
        page = person.page
        page.goto(f"{site}/admin/claims/statement/intake/")
        person.act(page.get_by_label("Article text or HTML"), "fill", SEED_TEXT)
        person.act(page.get_by_role("button", name="Find quotes"))
        person.choose("id_event", title)
        person.act(page.locator("#id_issued_at"), "fill", "2024-04-03T20:00:00")
        for label in ("original located and archived", "translation checked", "second source"):
            person.act(page.get_by_label(label), "check")
        then = "Create and publish" if publish else "Create and submit for review"
        person.act(page.get_by_role("button", name=then))
        return event

    def test_the_seed_story_from_paste_to_published_with_its_denial(new_context, site):
        """Issue 20's story in minutes, on the seed article (its statements are entered again
        under an event of their own): the denial comes with the statements."""
        chief = Person(new_context, site, "chief")
        event = paste_the_seed(chief, site, "Seed story entered", publish=True)
        expect(chief.page.locator(".messagelist")).to_contain_text("Also created: 1 denial")
        denial = Denial.objects.get(statement__event=event)
        assert denial.disputed_passage == (
            "expressed their willingness to engage in dialogue on Ukraine"
        )
        assert denial.is_public()
        reader = new_context().new_page()
        reader.goto(f"{site}{event.get_absolute_url()}")
        expect(reader.locator("mark").first).to_contain_text("expressed their willingness")
        print(f"\nseed story: paste → published with its denial in {chief.actions} actions")
        assert chief.actions <= 8

    def test_the_seed_story_submitted_and_approved_by_a_second_chief(new_context, site, settings):
        settings.NEWSDESK_SECOND_CHIEF = True
        first = Person(new_context, site, "first-chief")
        event = paste_the_seed(first, site, "Seed story for a second chief")
        expect(first.page.locator(".messagelist")).to_contain_text("submitted them for review")

        second = Person(new_context, site, "second-chief")
        page = second.page
        second.act(page.get_by_role("link", name="Review queue"))
        section = page.locator("section.review-event", has_text="Seed story for a second")
        second.act(section.get_by_role("button", name=re.compile("Approve and publish these")))
        expect(page.locator(".messagelist")).to_contain_text("Approved and published 11 items")
        assert Denial.objects.get(statement__event=event).is_public()
        print(
            f"\nseed story, two chiefs: paste → submitted in {first.actions} actions, "
            f"approved in {second.actions}"
        )
        assert first.actions <= 8 and second.actions <= 2
