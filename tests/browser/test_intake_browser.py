"""Article intake in a real browser: paste, find quotes, pick event and parties, create."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from claims.models import Event, Party, Statement, Status
from tests.articles import HARBOUR_CALL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose(page, select_id, text):
    """Pick ``text`` in the select2 autocomplete that replaces <select id=select_id>."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_turns_an_article_into_draft_statements(page, live_server):
    get_user_model().objects.create_superuser("chief", password="a-long-test-password")
    serapine = Party.objects.create(name="Serapine", slug="serapine")
    Party.objects.create(name="Serapine Ministry of Defence", slug="se-mod", parent=serapine)
    Event.objects.create(title="Phone call of the defence ministers", slug="call")

    page.goto(live_server.url + "/admin/login/?next=/admin/claims/statement/intake/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Article text or HTML").fill(HARBOUR_CALL)
    page.get_by_label("Outlet").fill("Nordpress")
    page.get_by_role("button", name="Find quotes").click()

    # four quotations and the Valdorian readout, reported without quotation marks
    candidates = page.locator("fieldset h2", has_text=re.compile(r"^(Quote|Reported statement) \d"))
    expect(candidates).to_have_count(5)
    choose(page, "id_event", "Phone call")
    for index in range(5):
        text = page.locator(f"#id_form-{index}-text").input_value()
        if "joint patrols of the harbour" not in text:
            page.locator(f"#id_form-{index}-keep").uncheck()
        else:
            choose(page, f"id_form-{index}-party", "Serapine Ministry")
            # "Published 14.09.2026": the article's date, not today
            issued = page.locator(f"#id_form-{index}-issued_at").input_value()
            assert issued.startswith("2026-09-14")
    page.get_by_role("button", name="Create and submit for review").click()

    expect(page.locator(".messagelist")).to_contain_text("Created 1 statement")
    statement = Statement.objects.get()
    assert statement.status == Status.DRAFT
    assert statement.speaker == "the Serapine Ministry of Defence"
    assert statement.source_name == "Nordpress"
    assert page.evaluate("window.__csp") == []
