import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Correction, Status
from tests.factories import (
    BASE_TIME,
    make_claim,
    make_denial,
    make_event,
    make_party,
    make_stance,
    make_statement,
    make_topic,
)

pytestmark = pytest.mark.django_db

SEED_URL = "/events/lecornu-shoigu-phone-call-2024/"


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow_event(event, sides, statements_per_side):
    """Add statements on each side, each denying the other side's latest, plus claims."""
    topic = make_topic()
    event.topics.add(topic)
    previous = None
    for index in range(statements_per_side):
        for side in sides:
            statement = make_statement(
                event=event,
                party=make_party(parent=side),
                issued_at=event.occurred_at + timedelta(minutes=10 * index + 1),
                text=f"<p>Position {index} of {side}: we agreed to a ceasefire.</p>",
            )
            Correction.objects.create(statement=statement, note=f"Fixed a typo ({index}).")
            if previous is not None and previous.party.side != side:
                make_denial(statement=statement, target=previous, claim=make_claim(event=event))
            previous = statement
    for claim in event.claims.all():
        make_stance(claim=claim, side=sides[0], statement=None)
    event.participants.add(*sides)


class TestQueryCounts:
    """Each page costs the same number of queries whatever the amount of data."""

    def test_comparison_page(self, client):
        """Guards the N+1s of statements' parties and sides, denials made and received,
        corrections and claims' stances: all prefetched by ``Event.objects.for_comparison()``."""
        sides = [make_party(), make_party()]
        small, large = make_event(), make_event()
        grow_event(small, sides, 1)
        grow_event(large, sides, 10)
        assert large.statements.count() == 20
        assert queries(client, small.get_absolute_url()) == queries(
            client, large.get_absolute_url()
        )

    def test_lists(self, client):
        """Guards the per-event topics and dispute flags and the per-denial parties and events
        on lists: 5 events and 50 events cost the same, on every list page (one set of data
        for all of them: growing it is the slow part)."""
        urls = [
            reverse("claims:home"),
            reverse("claims:event-list"),
            "/events/?q=ceasefire",
            reverse("claims:timeline"),
            reverse("claims:party-list"),
        ]
        sides = [make_party(), make_party()]
        for _ in range(5):
            grow_event(make_event(), sides, 1)
        few = {url: queries(client, url) for url in urls}
        for _ in range(45):
            grow_event(make_event(), sides, 1)
        assert {url: queries(client, url) for url in urls} == few

    def test_party_page(self, client):
        """Guards the party's statements, its denials issued and received, and its events."""
        sides = [make_party(), make_party()]
        grow_event(make_event(), sides, 1)
        url = sides[0].get_absolute_url()
        few = queries(client, url)
        for _ in range(10):
            grow_event(make_event(), sides, 2)
        assert queries(client, url) == few

    def test_statement_page(self, client):
        """Guards the statement's denials made and received and their parties."""
        sides = [make_party(), make_party()]
        event = make_event()
        grow_event(event, sides, 1)
        target = event.statements.order_by("issued_at").first()
        few = queries(client, target.get_absolute_url())
        for index in range(10):
            statement = make_statement(
                event=event,
                party=make_party(parent=sides[1]),
                text=f"<p>Denial {index}</p>",
            )
            make_denial(statement=statement, target=target)
        assert queries(client, target.get_absolute_url()) == few


def test_seed_comparison_page_shows_both_sides_and_the_denial(client, demo):
    response = client.get(SEED_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="side-france"' in html and 'id="side-russia"' in html
    assert "France has neither accepted nor proposed anything of the sort" in html
    assert "Islamic State terrorist fighters" in html
    # The disputed passage is highlighted and linked back to its denial.
    assert '<mark class="disputed-passage" id="disputed-' in html
    assert "expressed their willingness to engage in dialogue on Ukraine</mark>" in html
    assert "via AFP" in html
    assert html.count("not mentioned") == 4  # the seed matrix's four omissions
    # The dispute comes first: under the headline, before the facts, the denied words of one
    # side next to the denying words of the other, with who, through whom and how fast.
    dispute = html[html.index('class="disputes"') : html.index('class="facts"')]
    assert html.index("<h1>") < html.index('class="disputes"')
    assert "France denied Russia&#x27;s account" in dispute and "the same day" in dispute
    assert "“expressed their willingness to engage in dialogue on Ukraine”" in dispute
    assert "“France has neither accepted nor proposed anything of the sort”" in dispute
    assert "Lecornu&#x27;s immediate entourage, via AFP" in dispute
    assert dispute.count("<figure") == 2  # two quotes, and the denial box says it once


def test_comparison_columns_follow_who_spoke_first(client):
    late, early = make_party(name="Late side"), make_party(name="Early side")
    event = make_event()
    make_statement(event=event, party=late, issued_at=event.occurred_at + timedelta(hours=5))
    make_statement(event=event, party=early, issued_at=event.occurred_at + timedelta(hours=1))
    html = client.get(event.get_absolute_url()).content.decode()
    assert html.index('id="side-' + early.slug) < html.index('id="side-' + late.slug)
    assert "spoke first" in html


def test_awaiting_response_lists_silent_participants(client):
    silent = make_party(name="Silent State")
    event = make_event()
    make_statement(event=event)
    event.participants.add(silent)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "No statement yet" in html  # "awaiting response" only once the desk asked it
    assert "Silent State</a> has not issued a statement" in html


class TestDrafts:
    def test_draft_event_is_404_for_anonymous_and_bannered_for_staff(self, client, staff_client):
        event = make_event(status=Status.DRAFT)
        assert client.get(event.get_absolute_url()).status_code == 404
        response = staff_client.get(event.get_absolute_url())
        assert response.status_code == 200
        assert "Draft — not public" in response.content.decode()

    def test_draft_statement_is_hidden_everywhere(self, client):
        denial = make_denial()
        statement = denial.statement
        statement.status = Status.DRAFT
        statement.text = "<p>Secret draft words</p>"
        statement.correction_note = "Taken back to draft."
        statement.save()
        assert client.get(statement.get_absolute_url()).status_code == 404
        for url in [
            statement.event.get_absolute_url(),
            reverse("claims:home"),
            reverse("claims:timeline"),
            reverse("claims:event-list") + "?q=secret",
            statement.party.get_absolute_url(),
            denial.target.get_absolute_url(),
        ]:
            html = client.get(url).content.decode()
            assert "Secret draft words" not in html, url
            assert denial.anchor not in html, url

    def test_draft_events_are_not_listed_or_searchable(self, client):
        make_event(title="Hidden summit", status=Status.DRAFT)
        for url in [reverse("claims:home"), "/events/?q=hidden", reverse("claims:event-list")]:
            assert "Hidden summit" not in client.get(url).content.decode()


class TestBrowse:
    def test_filters_and_search(self, client):
        topic = make_topic(name="Water")
        side = make_party(country="FR")
        watered = make_event(title="Lake treaty talks")
        watered.topics.add(topic)
        make_statement(event=watered, party=make_party(parent=side), text="<p>Fresh water</p>")
        other = make_event(title="Harbour dispute", kind="incident")
        make_denial(
            target=make_statement(event=other, text="<p>Both sides agreed to a ceasefire.</p>")
        )

        def titles(query):
            response = client.get("/events/", query)
            assert response.status_code == 200, response.content
            return {row.event.title for row in response.context["page"]}

        assert titles({"topic": topic.slug}) == {"Lake treaty talks"}
        assert titles({"country": "FR"}) == {"Lake treaty talks"}
        assert titles({"party": side.slug}) == {"Lake treaty talks"}
        assert titles({"kind": "incident"}) == {"Harbour dispute"}
        assert titles({"disputed": "on"}) == {"Harbour dispute"}
        assert titles({"q": "treaty"}) == {"Lake treaty talks"}
        assert titles({"q": "water"}) == {"Lake treaty talks"}  # in a statement's text
        assert titles({"q": "ceasefire"}) == {"Harbour dispute"}
        assert titles({"date_from": "2026-01-10", "date_to": "2026-01-10"}) == {
            "Lake treaty talks",
            "Harbour dispute",
        }
        assert titles({"date_from": "2026-01-11"}) == set()

    def test_a_page_past_the_end_is_the_last_page_and_a_404(self, client):
        """Issue "Readers v3": it answered 400, as if the reader had typed nonsense."""
        for n in range(3):
            make_statement(text=f"<p>Grain talks, round {n}.</p>")
        response = client.get("/events/", {"q": "grain", "page": "3"})
        assert response.status_code == 404
        assert "There is only 1 page. You are on the last one." in response.content.decode()
        assert len(response.context["page"]) == 3

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ({"page": "abc"}, "whole number"),
            ({"date_from": "2024-13-45"}, "real date"),
            ({"party": "no-such-party"}, "no party"),
            ({"country": "ZZ"}, "No party in Newsdesk belongs to that country"),
            ({"kind": "picnic"}, "not a kind"),
            ({"page": "99"}, "Only the first 20 pages"),
            ({"before": "yesterday"}, "not a position in this list"),
            ({"before": "1_1", "oldest": "1"}, "one position in the list at a time"),
            ({"date_from": "2024-05-01", "date_to": "2024-04-01"}, "after the"),
            ({"q": "x" * 500}, "at most 200"),
        ],
    )
    def test_bad_parameters_get_a_clear_400(self, client, query, message):
        make_event()
        response = client.get("/events/", query)
        assert response.status_code == 400
        assert message in response.content.decode()

    def test_htmx_gets_the_results_fragment(self, client):
        make_event(title="Fragment summit")
        response = client.get("/events/", {"q": "fragment"}, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html
        assert '<section id="results"' in html
        assert (
            'id="results-status" class="visually-hidden" role="status" data-hx-swap-oob="true"'
            in html
        )
        assert "Fragment summit" in html
        assert "HX-Request" in response["Vary"]

    def test_history_restore_gets_the_whole_page(self, client):
        """Back after htmx pushed ?q=…: htmx re-requests the URL and must get the full page."""
        make_event(title="Fragment summit")
        headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
        html = client.get("/events/", {"q": "fragment"}, headers=headers).content.decode()
        assert html.lstrip().lower().startswith("<!doctype html>")
        assert "Fragment summit" in html

    def test_pagination(self, client):
        for index in range(30):
            make_event(title=f"Numbered event {index}")
        first = client.get("/events/")
        second = client.get("/events/", {"page": 2})
        assert len(first.context["page"]) == 25
        assert len(second.context["page"]) == 5

    def test_cursor_paging_walks_the_whole_list_both_ways(self, client):
        """Older → / ← Newer / Oldest » use positions in the list, never an offset."""
        events = [
            make_event(title=f"Event {n}", occurred_at=BASE_TIME + timedelta(hours=n % 7))
            for n in range(60)
        ]  # many share a time: the id breaks the tie
        newest_first = sorted(events, key=lambda e: (e.occurred_at, e.pk), reverse=True)

        def titles(response):
            return [row.event.title for row in response.context["page"]]

        pages, response = [], client.get("/events/")
        while True:
            pages.append(titles(response))
            older = response.context["page"].older
            if not older:
                break
            response = client.get("/events/", {k: v for k, v in older.items() if v})
        assert [len(p) for p in pages] == [25, 25, 10]
        assert sum(pages, []) == [e.title for e in newest_first]
        newer = response.context["page"].newer
        back = client.get("/events/", {k: v for k, v in newer.items() if v})
        assert titles(back) == pages[1]
        oldest = client.get("/events/", {"oldest": "1"})
        assert titles(oldest) == [e.title for e in newest_first[-25:]]
        assert oldest.context["page"].older is None
        html = client.get("/events/").content.decode()
        assert "Older →" in html and "Oldest »" in html and "60 events" in html

    def test_counts_stop_at_a_bound(self, client, monkeypatch):
        monkeypatch.setattr("claims.querying.paging.COUNT_LIMIT", 5)
        for n in range(7):
            make_event(title=f"Counted {n}")
        assert "More than 5 events" in client.get("/events/").content.decode()


def test_timeline_filters_by_side(client):
    denial = make_denial()
    other = make_denial()
    response = client.get("/timeline/", {"side": denial.statement.party.side.slug})
    assert list(response.context["page"]) == [denial]
    assert other not in response.context["page"]
    assert client.get("/timeline/", {"side": "nobody"}).status_code == 400


def test_party_page_median_time_to_deny(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # medians: once committed
        denial = make_denial()
    response = client.get(denial.statement.party.get_absolute_url())
    assert response.context["median_delay"] == "2\u00a0h 10\u00a0min"
    assert list(response.context["issued"]) == [denial]
    assert response.context["issued_count"] == 1


def test_home_shows_who_denies_whom(client):
    denial = make_denial()
    html = client.get("/").content.decode()
    assert "Who denies whom" in html
    assert denial.statement.party.label in html


def test_security_headers_on_public_pages(client, demo):
    response = client.get(SEED_URL)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "nonce-" not in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "<script>" not in html and " style=" not in html and "hx-on" not in html


@pytest.mark.parametrize(
    "query",
    [
        {"q": "nul\x00byte"},
        {"q": "&|!():*<>'\"\\"},
        {"q": "the"},
        {"q": "ünïcödé “quotes” ‘single’"},
        {"page": "-1"},
        {"page": "99999999999999999999999"},
        {"page": "1.5"},
        {"date_from": "0001-01-01", "date_to": "9999-12-31"},
        {"disputed": "maybe"},
        {"topic": "x" * 1000},
        {"side": "<script>"},
        {"event": "../../etc/passwd"},
    ],
    ids=lambda q: repr(q)[:40],
)
def test_odd_input_never_gives_a_server_error(client, demo, query):
    for url in ["/", "/events/", "/timeline/", "/parties/france/", "/statements.csv", "/feed/"]:
        response = client.get(url, query)
        assert response.status_code in {200, 400}, (url, query, response.status_code)
        if response.status_code == 400:
            assert "form-errors" in response.content.decode(), (url, query)


def test_search_ranks_on_postgresql_and_orders_newest_first_elsewhere(client):
    from django.db import connection

    older = make_event(
        title="Water treaty", occurred_at=make_event().occurred_at - timedelta(days=9)
    )
    newer = make_event(title="Harbour talks")
    make_statement(event=newer, text="<p>Water was mentioned once.</p>")
    titles = [row.event.title for row in client.get("/events/", {"q": "water"}).context["page"]]
    if connection.vendor == "postgresql":
        assert titles == ["Water treaty", "Harbour talks"]  # a title match outranks a mention
    else:
        assert titles == ["Harbour talks", "Water treaty"]
    assert older.title in titles


def test_public_pages_are_cacheable_but_staff_views_are_not(client, staff_client, demo):
    public = client.get(SEED_URL)
    assert "public" in public["Cache-Control"] and "max-age=60" in public["Cache-Control"]
    assert "Cookie" in public["Vary"]  # staff and public versions are kept apart
    for url in [SEED_URL, "/statements.csv"]:
        staff = staff_client.get(url)  # staff may see drafts: never kept by a shared cache
        assert "no-store" in staff["Cache-Control"] and "private" in staff["Cache-Control"]
    assert "public" not in client.get("/events/?page=abc").get("Cache-Control", "")  # a 400


def test_party_list_shows_the_whole_tree_in_constant_queries(client):
    """Guards the per-party children queries of the recursive party tree."""
    state = make_party(name="Deep State")
    ministry = make_party(parent=state, name="Ministry of Depth")
    department = make_party(parent=ministry, name="Department of Depth")
    make_statement(party=make_party(parent=department, name="Minister Deep", kind="person"))
    few = queries(client, "/parties/")
    html = client.get("/parties/").content.decode()
    assert "Minister Deep" in html and "Department of Depth" in html
    for n in range(5):
        leaf = make_party(parent=make_party(parent=make_party(parent=state)), name=f"Leaf {n}")
        make_statement(party=leaf)
    assert queries(client, "/parties/") == few


def test_matrix_shows_a_stance_of_a_side_that_has_not_spoken(client):
    event = make_event()
    make_statement(event=event)
    observer = make_party(name="Observer State")
    claim = make_claim(event=event, text="The talks took place")
    make_stance(claim=claim, side=observer, position="confirms")
    html = client.get(event.get_absolute_url()).content.decode()
    assert re.search(r'<th scope="col" class="side-\d">Observer State</th>', html)
    assert "confirms" in html


def test_statements_are_searchable_in_their_own_language(client, demo):
    """“céréale” finds the French statement's “céréales” (French stemming on PostgreSQL,
    a substring on SQLite); the English translation is searchable too."""
    for words in ["céréale", "tonnes de céréales", "grain"]:
        found = [row.event.slug for row in client.get("/events/", {"q": words}).context["page"]]
        assert found == ["port-ambray-grain-agreement"], words


def test_at_a_glance_line(client, demo):
    seed = client.get(SEED_URL).content.decode()
    assert "2 sides, 6 statements · France denied Russia&#x27;s account — the same day" in seed
    lake = client.get("/events/lake-morrow-summit/").content.decode()
    assert "Quellen would not confirm Valdoria&#x27;s account — 1\u00a0day later" in lake
    assert "awaiting Tarrowmere" in lake


def test_the_timeline_shows_each_sides_words_under_its_own_speaker(client):
    """Issue "Readers v3": the disputed words sat under the denier's speaker line (and read as
    theirs); the rebutting words were never shown."""
    denial = make_denial()
    for url in ("/timeline/", "/"):
        html = client.get(url).content.decode()
        item = html[html.index('class="rebuttal-item"') :]
        item = item[: item.index("</li>")]
        disputed, rebutting = item.split('class="quote-disputed"')[1].split('class="rebutting"')
        assert "agreed to a ceasefire" in disputed and denial.target.party.name in disputed
        assert denial.statement.party.name not in disputed
        assert "Nothing of the kind was agreed" in rebutting
        assert denial.statement.party.name in rebutting


def test_a_side_keeps_its_colour_from_event_to_event(client):
    """Issue "Readers v3": colours followed the column's position (Valdoria blue on one event,
    orange on another)."""
    import re

    from claims.pages.comparison import colours_for

    valdoria = make_party(name="Valdoria", slug="valdoria", kind="state")
    colours = set()
    for n in range(3):
        event = make_event()
        for other in range(n):  # other sides listed before Valdoria on later events
            make_statement(event=event, party=make_party(name=f"Aaland {n}{other}"))
        make_statement(event=event, party=valdoria)
        html = client.get(event.get_absolute_url()).content.decode()
        column = re.search(r'class="column side-(\d)" aria-labelledby="side-valdoria"', html)
        assert column, html
        colours.add(column[1])
    assert len(colours) == 1
    sides = [make_party() for _ in range(6)]
    assert sorted(colours_for(sides).values()) == list(range(6))  # all different on one page
