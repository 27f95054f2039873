"""Open data and distribution, read by real clients: structured data (extruct, checked against
the schema.org vocabulary), the embeddable card and oEmbed, share images (Pillow), the API, the
bulk dataset, sitemaps and feeds."""

import csv
import gzip
import io
import json
from datetime import timedelta

import extruct
import feedparser
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from claims.models import DataLicence, Event, Statement, Status
from tests.factories import make_denial, make_event, make_party, make_statement
from tests.schema_org import invalid_nodes

pytestmark = pytest.mark.django_db

SEED = "/events/lecornu-shoigu-phone-call-2024/"
SITE = settings.NEWSDESK_SITE_URL


def graph(html):
    found = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert len(found) == 1
    return found[0]["@graph"]


@pytest.mark.usefixtures("demo")
class TestStructuredData:
    def test_the_seed_event_its_quotations_and_the_denial(self, client):
        nodes = graph(client.get(SEED).content.decode())
        by_type = {}
        for node in nodes:
            by_type.setdefault(node["@type"], []).append(node)
        (event,) = by_type["Event"]
        assert event["name"] == "Phone call between the French and Russian defence ministers"
        assert event["startDate"] == "2024-04-03"  # the day: no hour is known
        assert event["location"]["name"] == "By telephone"
        quotations = {q["@id"]: q for q in by_type["Quotation"]}
        denial_statement = Statement.objects.get(speaker="Lecornu's immediate entourage")
        quote = quotations[f"{SITE}{denial_statement.get_absolute_url()}"]
        assert quote["text"].startswith("“France has neither accepted nor proposed")
        assert quote["alternateName"] == "Lecornu's immediate entourage"
        assert quote["spokenByCharacter"] == {"@id": f"{SITE}/parties/sebastien-lecornu/#party"}
        assert quote["dateCreated"] == "2024-04-03"
        (claim,) = by_type["Claim"]
        assert claim["name"] == "France denied Russia's account"
        assert claim["author"] == {"@id": f"{SITE}/parties/france/#party"}
        assert claim["appearance"] == {"@id": quote["@id"]}
        disputed = quotations[claim["mentions"]["@id"]]
        assert disputed["text"] == "expressed their willingness to engage in dialogue on Ukraine"
        assert "reviewRating" not in json.dumps(nodes)  # who said what; no verdict

    def test_every_node_is_valid_schema_org(self, client):
        statement = Statement.objects.published().first().get_absolute_url()
        for url in [SEED, "/events/keldar-pass-border-incident/", statement]:
            assert invalid_nodes(graph(client.get(url).content.decode())) == [], url

    def test_no_text_can_close_the_data_block(self, client):
        event = make_event(title="Talks </script><script>alert(1)</script>")
        html = client.get(event.get_absolute_url()).content.decode()
        assert "</script><script>alert(1)" not in html
        assert graph(html)[0]["name"] == "Talks </script><script>alert(1)</script>"


class TestEmbeddedCard:
    def test_the_card_may_be_framed_by_any_site_and_nothing_else_may(self, client):
        denial = make_denial()
        event = denial.statement.event
        card = client.get(f"{event.get_absolute_url()}embed/")
        assert card.status_code == 200
        assert "X-Frame-Options" not in card
        assert "frame-ancestors *" in card["Content-Security-Policy"]
        assert "script-src 'self'" in card["Content-Security-Policy"]
        assert card["Cross-Origin-Resource-Policy"] == "cross-origin"
        assert not card.cookies
        html = card.content.decode()
        assert "agreed to a ceasefire" in html and 'target="_blank" rel="noopener"' in html
        assert "<script" not in html
        page = client.get(event.get_absolute_url())
        assert page["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in page["Content-Security-Policy"]

    def test_drafts_are_never_embeddable(self, client, staff_client):
        draft = make_event(status=Status.DRAFT)
        for who in (client, staff_client):
            assert who.get(f"{draft.get_absolute_url()}embed/").status_code == 404
            assert who.get(f"{draft.get_absolute_url()}card.png").status_code == 404
        url = f"{SITE}{draft.get_absolute_url()}"
        assert client.get("/oembed", {"url": url}).status_code == 404

    def test_oembed_gives_the_card_from_a_pasted_address(self, client):
        event = make_denial().statement.event
        page = client.get(event.get_absolute_url()).content.decode()
        assert 'type="application/json+oembed"' in page  # discovery
        response = client.get("/oembed", {"url": f"{SITE}{event.get_absolute_url()}"})
        assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
        data = response.json()
        assert data["version"] == "1.0" and data["type"] == "rich"
        assert f'src="{SITE}{event.get_absolute_url()}embed/"' in data["html"]
        assert data["thumbnail_url"].endswith("/card.png")
        small = client.get(
            "/oembed", {"url": f"{SITE}{event.get_absolute_url()}", "maxwidth": 300}
        ).json()
        assert small["width"] == 300 and 'width="300"' in small["html"]
        assert (
            client.get(
                "/oembed", {"url": f"{SITE}{event.get_absolute_url()}", "format": "xml"}
            ).status_code
            == 501
        )
        for url in ["https://elsewhere.example/events/x/", f"{SITE}/parties/", "not a url"]:
            assert client.get("/oembed", {"url": url}).status_code == 400, url

    def test_the_event_page_offers_the_snippet(self, client):
        event = make_event()
        html = client.get(event.get_absolute_url()).content.decode()
        assert "Embed this" in html and "&lt;iframe src=" in html


class TestShareImage:
    def test_a_png_of_the_declared_size_regenerated_when_the_event_changes(self, client):
        denial = make_denial()
        event = denial.statement.event
        page = client.get(event.get_absolute_url()).content.decode()
        url = f"{event.get_absolute_url()}card.png"
        assert f'property="og:image" content="{SITE}{url}"' in page
        assert 'name="twitter:card" content="summary_large_image"' in page
        first = client.get(url)
        assert first["Content-Type"] == "image/png"
        image = Image.open(io.BytesIO(first.content))
        assert image.format == "PNG" and image.size == (1200, 630)
        assert client.get(url)["X-Cache"] == "hit"  # drawn once
        event.title = "A retitled summit"
        event.save()
        second = client.get(url)
        assert second["X-Cache"] == "miss" and second.content != first.content


class TestApi:
    def test_the_openapi_document_describes_every_operation(self, client):
        document = client.get("/api/v1/openapi.json").json()
        assert document["openapi"].startswith("3.")
        paths = set(document["paths"])
        for path in ["/events", "/events/{slug}", "/statements", "/statements/{statement_id}",
                     "/denials", "/claims", "/parties", "/parties/{slug}"]:  # fmt: skip
            assert f"/api/v1{path}" in paths
        docs = client.get("/api/v1/docs")
        assert docs.status_code == 200 and b"swagger" in docs.content.lower()

    def test_a_data_desk_pages_through_every_published_statement_in_constant_queries(self, client):
        sides = [make_party(), make_party()]
        for number in range(23):
            make_statement(party=sides[number % 2])
        make_statement(status=Status.DRAFT, text="<p>Secret draft words</p>")
        url, seen, counts = "/api/v1/statements?limit=5", [], set()
        while url:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url.removeprefix(SITE))
            assert response.status_code == 200
            assert response["Access-Control-Allow-Origin"] == "*"
            assert "public" in response["Cache-Control"]
            page = response.json()
            seen += [item["id"] for item in page["items"]]
            counts.add(len(queries))
            url = page["next"]
        assert seen == sorted(Statement.objects.published().values_list("pk", flat=True))
        assert len(seen) == 23 and len(counts) == 1  # every page costs the same
        assert "Secret draft words" not in json.dumps(seen)

    def test_filters_match_the_browse_page_and_bad_ones_are_400_or_404(self, client):
        agency = make_statement(conduit="AFP", attribution="entourage")
        make_statement()
        events = client.get("/api/v1/events", {"conduit": "afp"}).json()["items"]
        assert [e["slug"] for e in events] == [agency.event.slug]
        events = client.get("/api/v1/events", {"attribution": "entourage"}).json()["items"]
        assert [e["slug"] for e in events] == [agency.event.slug]
        assert client.get("/api/v1/events", {"kind": "picnic"}).status_code == 400
        assert client.get("/api/v1/events", {"date_from": "2024-02-31"}).status_code == 400
        assert client.get("/api/v1/events", {"party": "nobody"}).status_code == 404
        assert client.get("/api/v1/events", {"cursor": "abc"}).status_code == 400
        assert client.get("/api/v1/events", {"q": "nul\x00"}).status_code == 400
        assert client.get("/api/v1/statements/99999999999999999999").status_code in {400, 404}

    def test_drafts_are_unknown_to_the_api_even_for_staff(self, client, staff_client):
        draft = make_event(status=Status.DRAFT, slug="secret-summit")
        for who in (client, staff_client):
            assert who.get("/api/v1/events/secret-summit").status_code == 404
            slugs = [e["slug"] for e in who.get("/api/v1/events").json()["items"]]
            assert draft.slug not in slugs

    @pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/denials", "/api/v1/claims",
                                      "/api/v1/parties"])  # fmt: skip
    def test_list_pages_cost_the_same_however_large_the_archive(self, client, path):
        def grow(count):
            for _ in range(count):
                make_denial()

        grow(2)
        with CaptureQueriesContext(connection) as few:
            client.get(path)
        grow(10)
        with CaptureQueriesContext(connection) as many:
            client.get(path)
        assert len(few) == len(many), path


class TestDataset:
    def test_the_files_hold_every_published_item_and_are_served_whole(
        self, client, tmp_path, settings
    ):
        settings.NEWSDESK_DATASET_ROOT = tmp_path
        denial = make_denial()
        event = denial.statement.event
        make_statement(event=event, status=Status.DRAFT, text="<p>Secret draft words</p>")
        make_event(status=Status.DRAFT)
        DataLicence.objects.create(name="ODC-By 1.0", url="https://opendatacommons.org/")
        call_command("export_dataset", stdout=io.StringIO(), stderr=io.StringIO())
        events = json.loads((tmp_path / "newsdesk-events.json").read_text())
        assert [e["event"]["slug"] for e in events] == [denial.statement.event.slug]
        rows = list(csv.DictReader(io.StringIO((tmp_path / "newsdesk-statements.csv").read_text())))
        assert len(rows) == 2 and "Secret draft words" not in json.dumps(rows)
        denials = list(csv.DictReader(io.StringIO((tmp_path / "newsdesk-denials.csv").read_text())))
        assert denials[0]["disputed_passage"] == "agreed to a ceasefire"
        package = json.loads((tmp_path / "datapackage.json").read_text())
        assert package["licenses"][0]["name"] == "ODC-By 1.0"
        fields = {f["name"] for r in package["resources"] if "schema" in r
                  for f in r["schema"]["fields"]}  # fmt: skip
        assert {"attribution", "conduit", "disputed_passage", "delay_seconds"} <= fields
        served = client.get("/data/files/newsdesk-denials.csv", headers={"Accept-Encoding": "gzip"})
        assert served.status_code == 200 and served["Content-Encoding"] == "gzip"
        assert served["Content-Type"] == 'text/csv; charset="utf-8"'
        assert gzip.decompress(b"".join(served.streaming_content)).startswith(b"id,url,event")
        page = client.get("/data/").content.decode()
        assert "ODC-By 1.0" in page and "newsdesk-statements.csv" in page


def test_sitemap_lastmod_follows_the_events_content(client):
    event = make_event()
    before = client.get("/sitemap.xml").content.decode()
    assert "<lastmod>" in before
    statement = make_statement(event=event)
    Event.objects.filter(pk=event.pk).update(updated_at=event.updated_at - timedelta(days=30))
    statement.text = "<p>Changed words.</p>"
    statement.correction_note = "A word was wrong."
    statement.save()
    after = client.get("/sitemap.xml").content.decode()
    assert after != before


@pytest.mark.usefixtures("demo")
def test_feed_entries_carry_the_disputed_words_and_the_rebuttal(client):
    feed = feedparser.parse(client.get(f"{SEED}feed/").content)
    assert not feed.bozo
    summaries = " ".join(entry.summary for entry in feed.entries)
    assert "France denied Russia's account — the same day" in summaries
    assert "“expressed their willingness to engage in dialogue on Ukraine”" in summaries
    assert "Rebuttal: “France has neither accepted nor proposed anything of the sort”" in summaries


@pytest.mark.usefixtures("demo")
def test_the_data_package_is_valid_frictionless_data(tmp_path, settings):
    """``frictionless validate`` (the Frictionless Data tools' own check) passes on the package
    and every file it describes."""
    from frictionless import validate

    settings.NEWSDESK_DATASET_ROOT = tmp_path
    call_command("export_dataset", stdout=io.StringIO(), stderr=io.StringIO())
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["type", "title", "note"])
    assert report.stats["tasks"] == 3


def test_readers_are_not_shown_an_operators_command(client, staff_client, settings, tmp_path):
    """Issue "Readers v3": /data/ showed readers "manage.py export_dataset"."""
    settings.NEWSDESK_DATASET_ROOT = str(tmp_path / "nothing-written-yet")
    reader = client.get("/data/").content.decode()
    assert "manage.py" not in reader and "come back soon" in reader
    assert "manage.py export_dataset" in staff_client.get("/data/").content.decode()
