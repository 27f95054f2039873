"""Article intake in a real browser: paste, find quotes, pick event and parties, create."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from claims.models import Event, Party, Statement, Status
from tests.test_intake import SEED_TEXT, needs_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_seed]


def choose(page, select_id, text):
    """Pick ``text`` in the select2 autocomplete that replaces <select id=select_id>."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_turns_the_seed_article_into_draft_statements(page, live_server):
    get_user_model().objects.create_superuser("chief", password="a-long-test-password")
    russia = Party.objects.create(name="Russia", slug="russia")
    Party.objects.create(name="Russian Ministry of Defence", slug="ru-mod", parent=russia)
    Event.objects.create(title="Phone call of the defence ministers", slug="call")

    page.goto(live_server.url + "/admin/login/?next=/admin/claims/statement/intake/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Article text or HTML").fill(SEED_TEXT)
    page.get_by_label("Outlet").fill("WELT")
    page.get_by_role("button", name="Find quotes").click()

    expect(page.locator("fieldset h2", has_text="Quote")).to_have_count(6)
    choose(page, "id_event", "Phone call")
    for index in range(6):
        text = page.locator(f"#id_form-{index}-text").input_value()
        if "willingness to engage in dialogue" not in text:
            page.locator(f"#id_form-{index}-keep").uncheck()
        else:
            choose(page, f"id_form-{index}-party", "Russian Ministry")
    page.get_by_role("button", name="Create statements").click()

    expect(page.locator(".messagelist")).to_contain_text("Created 1 statement")
    statement = Statement.objects.get()
    assert statement.status == Status.DRAFT
    assert statement.speaker == "The Russian Defense Ministry"
    assert statement.source_name == "WELT"
    assert page.evaluate("window.__csp") == []
