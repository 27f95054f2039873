"""Paging through a filtered search in a real browser keeps the search, with and without
JavaScript (htmx swaps the results and pushes the address; without it, plain links)."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.factories import BASE_TIME, make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive(live_server):
    for n in range(30):
        make_event(title=f"Grain corridor talks {n}", occurred_at=BASE_TIME + timedelta(hours=n))
        make_event(title=f"Border incident {n}", occurred_at=BASE_TIME + timedelta(hours=n))
    return live_server.url


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_older_keeps_the_search(browser, archive, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{archive}/events/?q=grain")
    expect(page.locator("#results-title")).to_contain_text("30 events")
    page.get_by_role("link", name="Older →").click()
    expect(page.get_by_role("link", name="← Newer")).to_be_visible()
    assert parse_qs(urlsplit(page.url).query)["q"] == ["grain"]
    titles = page.locator(".event-list > li h3").all_inner_texts()
    assert len(titles) == 5 and all(title.startswith("Grain") for title in titles), titles
    expect(page.locator("#id_q")).to_have_value("grain")
    context.close()
