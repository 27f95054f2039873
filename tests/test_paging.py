"""Paging through a list keeps the question: every paging link carries the search and every
filter of the page it is on, with and without htmx (issue: "Older →" after ``?q=grain`` listed
every event)."""

import html
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import BASE_TIME, make_denial, make_event, make_party, make_statement

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="(\?[^"]*)"[^>]*>([^<]*)</a>')


def paging_links(response):
    """``{label: query parameters}`` of the pagination links of a page."""
    nav = response.content.decode().split('class="pagination"', 1)[1].split("</nav>", 1)[0]
    return {
        label.strip(" «»←→"): parse_qs(urlsplit(html.unescape(href)).query)
        for href, label in LINK.findall(nav)
    }


def walk(client, path, query, headers=None):
    """Every page of a list, following "Older"; the titles of each, and the links seen."""
    pages, seen = [], []
    while True:
        response = client.get(path, query, headers=headers or {})
        assert response.status_code == 200, response.content[:500]
        pages.append(response.context["page"].items)
        links = paging_links(response) if response.context["page"].has_other_pages else {}
        seen.append(links)
        if "Older" not in links:
            return pages, seen
        query = {key: values[-1] for key, values in links["Older"].items()}


def test_paging_a_search_keeps_the_search(client):
    for n in range(30):
        make_event(title=f"Grain corridor talks {n}", occurred_at=BASE_TIME + timedelta(hours=n))
    for n in range(30):
        make_event(title=f"Border incident {n}", occurred_at=BASE_TIME + timedelta(hours=n))
    pages, links = walk(client, "/events/", {"q": "grain"})
    found = [row.event.title for page in pages for row in page]
    assert len(found) == 30 and all(title.startswith("Grain") for title in found)
    assert all(link["q"] == ["grain"] for page in links for link in page.values())


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_paging_a_filter_keeps_the_filter(client, htmx):
    party = make_party(name="Valdoria", slug="valdoria")
    for n in range(40):
        event = make_event(title=f"Event {n}", occurred_at=BASE_TIME + timedelta(hours=n))
        if n % 2:
            make_statement(event=event, party=party)
    headers = {"HX-Request": "true"} if htmx else None
    pages, links = walk(client, "/events/", {"party": "valdoria"}, headers)
    assert [len(page) for page in pages] == [20]  # one page: nothing unfiltered slipped in
    many = make_party(name="Kestria", slug="kestria")
    for n in range(30):
        make_statement(event=make_event(occurred_at=BASE_TIME + timedelta(days=n)), party=many)
    pages, links = walk(client, "/events/", {"party": "kestria"}, headers)
    assert [len(page) for page in pages] == [25, 5]
    assert links[0]["Older"]["party"] == ["kestria"] and "page" not in links[0]["Older"]
    assert links[1]["Newer"]["party"] == ["kestria"] and links[1]["Newest"] == {
        "party": ["kestria"]
    }


def test_paging_the_timeline_keeps_the_side(client):
    first = make_denial()
    side = first.statement.party.side
    for n in range(30):
        target = make_statement(
            event=first.statement.event,
            issued_at=BASE_TIME + timedelta(n),
            text="<p>Both sides agreed to a ceasefire.</p>",
        )
        make_denial(
            target=target,
            statement=make_statement(
                event=target.event,
                party=first.statement.party,
                issued_at=target.issued_at + timedelta(hours=1),
            ),
        )
        make_denial()  # someone else's rebuttal, which the filter leaves out
    pages, links = walk(client, "/timeline/", {"side": side.slug})
    assert [len(page) for page in pages] == [25, 6]
    assert all(denial.statement.party.side == side for page in pages for denial in page)
    assert links[0]["Older"]["side"] == [side.slug]


def test_paging_a_partys_statements_keeps_nothing_it_should_not(client):
    party = make_party(name="Serapine")
    for n in range(30):
        make_statement(party=party, issued_at=BASE_TIME + timedelta(hours=n))
    pages, _ = walk(client, f"/parties/{party.slug}/", {})
    assert [len(page) for page in pages] == [25, 5]
