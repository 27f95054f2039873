"""Readers v2 on the server: search that understands newsroom words, provenance filters, charts,
position history, quote links, the change log, addresses without empty fields."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Conduit, PublicState, Spelling, Statement, Status
from claims.models.search import parse
from claims.render import charts
from tests.factories import (
    make_claim,
    make_denial,
    make_event,
    make_party,
    make_stance,
    make_statement,
)

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


class TestSearch:
    def test_accents_fold_on_either_side(self, client):
        make_statement(text="<p>Les céréales partiront du port.</p>", language="fr")
        make_event(title="Cereal exports resume")
        for query in ("cereales", "céréales", "CÉRÉALES"):
            html = client.get("/events/", {"q": query}).content.decode()
            assert "<mark>céréales</mark>" in html, query

    def test_spelling_variants_kept_as_data_find_each_other(self, client):
        Spelling.objects.create(variants="Kharkiv, Kharkov")
        make_event(title="Shelling near Kharkov")
        make_event(title="Talks in Kharkiv")
        titles = client.get("/events/", {"q": "kharkiv"}).content.decode()
        assert "Shelling near Kharkov" in titles and "Talks in Kharkiv" in titles
        assert "Shelling near Kharkov" in client.get("/events/", {"q": "Kharkiv"}).content.decode()

    def test_a_result_says_why_it_matched_and_who_said_it(self, client):
        speaker = make_party(name="Valdorian Foreign Ministry (fictional)")
        event = make_event(title="Harbour meeting")
        make_statement(
            event=event,
            party=speaker,
            speaker="a ministry spokesperson",
            conduit="Norland Press Agency",
            text="<p>We never agreed to close the northern corridor.</p>",
        )
        html = client.get("/events/", {"q": "corridor"}).content.decode()
        assert "close the northern <mark>corridor</mark>." in html
        assert "a ministry spokesperson, via Norland Press Agency" in html
        assert "Matches the title." in client.get("/events/", {"q": "harbour"}).content.decode()

    def test_words_phrases_negation_and_or(self):
        terms = parse('ceasefire "grain corridor" -harbour kiev or kyiv !!!- --')
        assert [(t.forms, t.negated, t.phrase) for t in terms] == [
            (["ceasefire"], False, False),
            (["grain corridor"], False, True),
            (["harbour"], True, False),
            (["kiev", "kyiv"], False, False),
        ]
        assert len(parse("word " * 40)) == 16  # bounded

    def test_negation_excludes_on_both_databases(self, client):
        make_event(title="Grain talks in the harbour")
        make_event(title="Grain talks at the border")
        html = client.get("/events/", {"q": "grain -harbour"}).content.decode()
        assert "at the border" in html and "in the harbour" not in html


class TestProvenanceFilters:
    @pytest.fixture
    def events(self):
        agency = make_statement(attribution="entourage", conduit="AFP")
        official = make_statement(attribution="official")
        denial = make_denial(
            target=official,
            statement=make_statement(event=official.event, attribution="anonymous", conduit="TASS"),
            disputed_passage="frank",
        )
        return agency, official, denial

    def test_browse_by_attribution_and_conduit(self, client, events):
        agency, official, _ = events
        html = client.get("/events/", {"attribution": "entourage"}).content.decode()
        assert agency.event.title in html and official.event.title not in html
        html = client.get("/events/", {"conduit": "afp"}).content.decode()  # any case
        assert agency.event.title in html and official.event.title not in html
        assert client.get("/events/", {"attribution": "rumour"}).status_code == 400

    def test_timeline_by_who_rebutted_whom_and_how(self, client, events):
        _, official, denial = events
        denier, denied = denial.statement.party.side, official.party.side

        def count(params):
            return client.get("/timeline/", params).content.decode().count('class="rebuttal-item"')

        assert count({"side": denier.slug, "against": denied.slug}) == 1
        assert count({"side": denied.slug}) == 0
        assert count({"conduit": "TASS", "attribution": "anonymous"}) == 1
        assert count({"conduit": "AFP"}) == 0

    def test_conduits_are_offered_from_the_editable_list(self, client):
        Conduit.objects.create(name="Norland Press Agency")
        assert '<option value="Norland Press Agency">' in client.get("/events/").content.decode()


class TestAddresses:
    def test_empty_parameters_are_dropped_by_a_redirect(self, client):
        response = client.get("/events/?q=harbour&party=&topic=&kind=")
        assert response.status_code == 302 and response["Location"] == "/events/?q=harbour"
        assert client.get("/events/?q=&party=")["Location"] == "/events/"
        assert client.get("/timeline/?side=")["Location"] == "/timeline/"
        # htmx requests drop them in the browser (static/js/browse.js): no redirect for those.
        assert client.get("/events/?q=&party=", headers={"HX-Request": "true"}).status_code == 200


class TestQuoteLinks:
    def test_any_passage_can_be_linked_and_is_marked(self, client):
        statement = make_statement(text="<p>Both sides <em>agreed</em> to reopen the harbour.</p>")
        html = client.get(statement.get_absolute_url(), {"quote": "to reopen the harbour"})
        html = html.content.decode()
        assert '<mark class="quoted-passage" id="quote"' in html
        assert "quote=to+reopen+the+harbour#quote" in html  # the link to copy
        missing = client.get(statement.get_absolute_url(), {"quote": "closed the harbour"})
        assert missing.status_code == 200
        assert "not in the statement as it stands" in missing.content.decode()
        assert 'id="quote"' not in missing.content.decode()
        too_long = client.get(statement.get_absolute_url(), {"quote": "x" * 501})
        assert too_long.status_code == 400

    def test_a_quote_is_never_marked_inside_markup(self, client):
        statement = make_statement(
            text='<p><a href="https://example.org/harbour">the harbour</a></p>'
        )
        html = client.get(statement.get_absolute_url(), {"quote": "example.org"}).content.decode()
        assert 'id="quote"' not in html


class TestChangeLog:
    def test_tells_what_readers_saw_added_corrected_and_withdrawn(self, client):
        event = make_event()
        first = make_statement(event=event, text="<p>We agreed to talk.</p>")
        later = make_statement(event=event, issued_at=event.occurred_at + timedelta(hours=3))
        make_statement(event=event, status=Status.DRAFT, text="<p>A draft never public.</p>")
        first.text, first.correction_note = "<p>We agreed to talk again.</p>", "A word was missing."
        first.save()
        later.status = Status.DRAFT
        later.save()
        changes = client.get(event.get_absolute_url()).context["comparison"].changes
        kinds = [change.kind for change in changes]
        assert kinds.count("added") == 2 and kinds.count("withdrawn") == 1
        assert "corrected" in kinds and kinds[-1] == "published"
        assert any("A word was missing." in change.text for change in changes)
        html = client.get(event.get_absolute_url()).content.decode()
        assert "A draft never public" not in html
        assert f'href="#statement-{later.pk}"' not in html  # no link to what is gone


class TestClaimThreads:
    def test_a_proposition_followed_across_events(self, client):
        side = make_party(name="Valdoria (fictional)")
        first = make_claim(text="The border is closed")
        again = make_claim(text="The border is closed", same_as=first)
        make_stance(claim=first, side=side, position="asserts", statement=None)
        make_stance(claim=again, side=side, position="denies", statement=None)
        html = client.get(again.get_absolute_url()).content.decode()
        assert html.count("stance-asserts") == 1 and html.count("stance-denies") == 1
        assert first.event.title in html and again.event.title in html

    def test_threads_have_one_first_claim_in_another_event(self):
        first = make_claim()
        second = make_claim(same_as=first)
        with pytest.raises(ValidationError, match="choose that one, the first"):
            make_claim(same_as=second)
        with pytest.raises(ValidationError, match="another event"):
            make_claim(event=first.event, same_as=first)
        first.same_as = make_claim()
        with pytest.raises(ValidationError, match="stays the first"):
            first.save()

    def test_a_draft_claim_of_the_thread_stays_hidden(self, client):
        first = make_claim(text="Talks will resume")
        make_claim(text="A draft restatement", same_as=first, status=Status.DRAFT)
        assert "A draft restatement" not in client.get(first.get_absolute_url()).content.decode()


class TestQueryCounts:
    def test_claim_page(self, client):
        """Guards each claim's event, stances (sides, statements' parties) and denials."""
        side, other = make_party(), make_party()
        first = make_claim()
        make_stance(claim=first, side=side, statement=None)
        few = queries(client, first.get_absolute_url())
        for _ in range(5):
            claim = make_claim(same_as=first)
            statement = make_statement(event=claim.event, party=side)
            make_stance(claim=claim, side=side, statement=statement, quote="frank")
            make_denial(
                target=statement,
                statement=make_statement(event=claim.event, party=other),
                disputed_passage="frank",
                claim=claim,
            )
        assert queries(client, first.get_absolute_url()) == few

    @pytest.mark.parametrize(
        "url",
        [
            "/events/?attribution=official&conduit=AFP",
            "/events/?q=frank",
            "/timeline/?attribution=official",
        ],
    )
    def test_filtered_lists(self, client, url):
        """Guards search snippets (the best statement of each result) and at-a-glance lines
        (each event's rebuttals with their parties)."""

        def grow(count):
            for _ in range(count):
                denial = make_denial(target=make_statement(conduit="AFP"), disputed_passage="frank")
                Statement.objects.filter(pk=denial.statement_id).update(conduit="AFP")

        grow(2)
        few = queries(client, url)
        grow(10)
        assert queries(client, url) == few

    def test_statement_page_with_a_quote(self, client):
        statement = make_statement()
        url = statement.get_absolute_url() + "?quote=frank"
        few = queries(client, url)
        for _ in range(5):
            make_denial(target=statement, disputed_passage="frank")
        assert queries(client, url) == few


class TestCharts:
    def test_timeline_arrows_and_numbers_follow_the_page(self, client):
        denial = make_denial()
        comparison = client.get(denial.statement.event.get_absolute_url()).context["comparison"]
        svg = str(charts.event_timeline(comparison))
        assert svg.count('class="denial-arrow"') == 1
        assert svg.count('class="statement-dot') == 2
        assert "2\u00a0h 10\u00a0min later" in svg
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg

    def test_who_denies_whom_links_each_square_to_its_rebuttals(self, client):
        denial = make_denial()
        html = client.get("/").content.decode()
        denier, denied = denial.statement.party, denial.target.party
        assert f"/timeline/?side={denier.slug}&amp;against={denied.slug}" in html
        assert f"{denier.label} rebutted {denied.label} once" in html


def test_editable_lists_move_the_public_version_on():
    before = PublicState.current().version
    Spelling.objects.create(variants="Odesa, Odessa")
    Conduit.objects.create(name="Norland Press Agency")
    assert PublicState.current().version == before + 2


def test_spellings_need_two_words():
    with pytest.raises(ValidationError):
        Spelling.objects.create(variants="Kyiv")
    with pytest.raises(ValidationError):
        Spelling.objects.create(variants="New York, NYC city")


def test_an_editors_note_is_shown_with_its_statement(client):
    statement = make_statement(text="<p>[Valdoria] refused.</p>", note="The text says “they”.")
    for url in (statement.event.get_absolute_url(), statement.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Editor's note:</strong> The text says “they”." in html


def test_a_thread_says_when_a_side_took_no_part_in_an_event(client):
    """Issue "Readers v3": a claim followed across events showed "not mentioned" for sides
    that took no part in that event."""
    import re

    valdoria, kestria = make_party(name="Valdoria (fictional)"), make_party(name="Kestria")
    first = make_claim(text="The border is closed")
    again = make_claim(text="The border is closed", same_as=first)
    first.event.participants.add(valdoria, kestria)
    again.event.participants.add(valdoria)
    make_stance(claim=first, side=kestria, position="asserts", statement=None)
    make_stance(claim=first, side=valdoria, position="denies", statement=None)
    html = client.get(again.get_absolute_url()).content.decode()
    rows = re.findall(r"<tr>.*?</tr>", html, re.S)
    second = next(row for row in rows if again.event.title in row)
    first_row = next(row for row in rows if first.event.title in row)
    assert "not part of this event" in second  # Kestria: not in the second event
    assert "not mentioned" in second  # Valdoria: there, silent on the claim
    assert "not part of this event" not in first_row
