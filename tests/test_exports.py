"""Feeds, JSON and CSV: read by real clients (feedparser, json, csv), drafts never included."""

import csv
import io
import json

import feedparser
import pytest
from django.conf import settings
from django.urls import reverse

from claims.models import Status
from tests.factories import make_denial, make_event, make_statement
from tests.test_pages import grow_event, queries

pytestmark = pytest.mark.django_db

SEED = "lecornu-shoigu-phone-call-2024"


@pytest.fixture
def draft_words():
    denial = make_denial()
    draft = make_statement(
        event=denial.statement.event, status=Status.DRAFT, text="<p>Secret draft words</p>"
    )
    make_statement(event=make_event(status=Status.DRAFT), text="<p>Secret draft event</p>")
    return denial, draft


@pytest.mark.parametrize(
    "url",
    [
        reverse("claims:site-feed"),
        reverse("claims:event-feed", args=[SEED]),
        reverse("claims:party-feed", args=["france"]),
    ],
)
def test_feeds_are_valid_atom(client, demo, url):
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.entries
    for entry in feed.entries:
        assert entry.link.startswith(f"{settings.NEWSDESK_SITE_URL}/statements/")


def test_event_feed_entry_tells_the_denial(client, demo):
    feed = feedparser.parse(client.get(reverse("claims:event-feed", args=[SEED])).content)
    denial_entry = next(e for e in feed.entries if "Lecornu" in e.title)
    assert "expressed their willingness to engage in dialogue on Ukraine" in denial_entry.summary


def test_drafts_never_in_feeds_json_or_csv(client, staff_client, draft_words):
    denial, draft = draft_words
    event = denial.statement.event
    for who in (client, staff_client):
        for url in [
            reverse("claims:site-feed"),
            reverse("claims:event-feed", args=[event.slug]),
            reverse("claims:party-feed", args=[draft.party.slug]),
        ]:
            assert b"Secret draft" not in who.get(url).content, url
    assert (
        b"Secret draft" not in client.get(reverse("claims:event-json", args=[event.slug])).content
    )
    assert b"Secret draft" not in b"".join(
        client.get(reverse("claims:statements-csv")).streaming_content
    )
    hidden = make_event(status=Status.DRAFT)
    assert client.get(reverse("claims:event-json", args=[hidden.slug])).status_code == 404
    assert client.get(reverse("claims:event-feed", args=[hidden.slug])).status_code == 404
    response = client.get(reverse("claims:statements-csv"), {"event": hidden.slug})
    assert response.status_code == 400


def test_event_json_carries_the_comparison(client, demo):
    document = json.loads(client.get(reverse("claims:event-json", args=[SEED])).content)
    assert [c["side"]["slug"] for c in document["columns"]] == ["russia", "france"]
    (denial,) = document["denials"]
    assert denial["disputed_passage"] == (
        "expressed their willingness to engage in dialogue on Ukraine"
    )
    dialogue = document["claims"][0]
    assert dialogue["stances"]["france"]["position"] == "denies"
    assert dialogue["stances"]["russia"]["position"] == "asserts"
    positions = [c["stances"]["russia"]["position"] for c in document["claims"]]
    assert positions.count("not_mentioned") == 2


def test_csv_rows_and_formula_cells_are_neutralised(client):
    make_statement(text='<p>=HYPERLINK("http://evil.example")</p><p>Second</p>', speaker="@x")
    response = client.get(reverse("claims:statements-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    assert rows[0]["text"] == '\'=HYPERLINK("http://evil.example")\nSecond'
    assert rows[0]["speaker"] == "'@x"


def test_csv_filters_and_bad_filters(client, demo):
    response = client.get(reverse("claims:statements-csv"), {"event": SEED})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 6
    assert {r["side"] for r in rows} == {"France", "Russia"}
    bad = client.get(reverse("claims:statements-csv"), {"party": "nobody"})
    assert bad.status_code == 400
    assert "no party with that name" in bad.content.decode()


class TestQueryCounts:
    def test_feeds_json(self, client):
        """Guards the per-statement party chain and denials in feeds and the event's JSON."""
        from tests.factories import make_party

        sides = [make_party(), make_party()]
        small, large = make_event(), make_event()
        grow_event(small, sides, 1)
        grow_event(large, sides, 10)
        for name in ("event-feed", "event-json"):
            few = queries(client, reverse(f"claims:{name}", args=[small.slug]))
            many = queries(client, reverse(f"claims:{name}", args=[large.slug]))
            assert few == many, name
        few = queries(client, reverse("claims:site-feed"))
        grow_event(make_event(), sides, 10)
        assert queries(client, reverse("claims:site-feed")) == few

    def test_sitemap(self, client):
        """Guards per-item queries in sitemap.xml (locations and last-modified dates)."""
        from tests.factories import make_party

        sides = [make_party(), make_party()]
        grow_event(make_event(), sides, 1)
        few = queries(client, "/sitemap.xml")
        for _ in range(10):
            grow_event(make_event(), sides, 1)
        assert queries(client, "/sitemap.xml") == few

    def test_csv(self, client):
        """Guards the per-row party chain and event of the streamed CSV export."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from tests.factories import make_party

        sides = [make_party(), make_party()]
        grow_event(make_event(), sides, 1)

        def count():
            with CaptureQueriesContext(connection) as captured:
                response = client.get(reverse("claims:statements-csv"))
                rows = b"".join(response.streaming_content).count(b"\n")
            return len(captured), rows

        few, few_rows = count()
        for _ in range(10):
            grow_event(make_event(), sides, 3)
        many, many_rows = count()
        assert many_rows > few_rows * 10
        assert many == few


def test_sitemap_lists_published_events_only_and_robots_points_to_it(client, demo):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/events/lecornu-shoigu-phone-call-2024/" in xml
    assert "/parties/france/" in xml
    assert "cape-sorrel-naval-exercise" not in xml  # the demo's draft
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert f"Sitemap: {settings.NEWSDESK_SITE_URL}/sitemap.xml" in robots


def test_sitemap_gives_every_address_in_both_languages(client, demo):
    xml = client.get("/sitemap.xml").content.decode()
    site = settings.NEWSDESK_SITE_URL
    for path in ["/events/lecornu-shoigu-phone-call-2024/", "/parties/france/"]:
        assert f"<loc>{site}{path}</loc>" in xml
        assert f"<loc>{site}/fr{path}</loc>" in xml
        assert f'hreflang="fr" href="{site}/fr{path}"' in xml
    assert "/fr/events/cape-sorrel-naval-exercise" not in xml


def test_a_statement_page_names_its_share_image(client, demo):
    from claims.models import Statement

    statement = Statement.objects.published().first()
    html = client.get(statement.get_absolute_url()).content.decode()
    card = f"{settings.NEWSDESK_SITE_URL}/events/{statement.event.slug}/card.png"
    assert f'<meta property="og:image" content="{card}">' in html
    assert client.get(card.removeprefix(settings.NEWSDESK_SITE_URL)).status_code == 200
