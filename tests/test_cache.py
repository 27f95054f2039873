"""Public pages from the cache, exact to the last public change; conditional GET; gzip."""

import gzip
import json
import os
import time
import uuid
from dataclasses import asdict

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.caching.cache import Version
from claims.models import PublicState, Statement, Status
from claims.models.public import event_key
from tests.admin_forms import form_data
from tests.factories import make_denial, make_event, make_statement

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("NEWSDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def publish(chief, statement):
    return chief.post(
        reverse("admin:claims_statement_changelist"),
        {"action": "publish", "_selected_action": [statement.pk]},
    )


class TestThePageCache:
    def test_a_reader_gets_the_same_page_from_the_cache_with_the_same_headers(self, client):
        event = make_statement().event
        first = client.get(event.get_absolute_url())
        second = client.get(event.get_absolute_url())
        assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
        assert second.content == first.content
        for header in [
            "Content-Security-Policy",
            "Cross-Origin-Resource-Policy",
            "Cache-Control",
            "Vary",
            "ETag",
            "Last-Modified",
            "X-Frame-Options",
        ]:
            assert second[header] == first[header], header

    def test_publishing_changes_the_page_on_the_next_request(self, client, chief):
        statement = make_statement(status=Status.DRAFT, text="<p>Fresh words from the port.</p>")
        url = statement.event.get_absolute_url()
        assert "Fresh words" not in client.get(url).content.decode()
        assert client.get(url)["X-Cache"] == "hit"
        publish(chief, statement)
        response = client.get(url)
        assert response["X-Cache"] == "miss"
        assert "Fresh words" in response.content.decode()

    def test_a_correction_and_a_deletion_change_it_too(self, client, chief):
        denial = make_denial()
        url = denial.target.event.get_absolute_url()
        client.get(url)
        page = chief.get(reverse("admin:claims_statement_change", args=[denial.statement.pk]))
        chief.post(
            reverse("admin:claims_statement_change", args=[denial.statement.pk]),
            {
                **form_data(page),
                "text": "<p>Nothing of the kind was ever agreed.</p>",
                "correction_note": "Quoted the whole sentence.",
            },
        )
        assert "Quoted the whole sentence" in client.get(url).content.decode()
        chief.post(reverse("admin:claims_denial_delete", args=[denial.pk]), {"post": "yes"})
        assert denial.anchor not in client.get(url).content.decode()

    def test_a_draft_edit_leaves_public_pages_cached(self, client, chief):
        event = make_statement().event
        draft = make_statement(event=event, status=Status.DRAFT)
        client.get(event.get_absolute_url())
        version = PublicState.current().version
        draft.speaker = "The minister"
        draft.save()
        assert PublicState.current().version == version
        assert client.get(event.get_absolute_url())["X-Cache"] == "hit"

    def test_staff_are_never_served_from_or_stored_in_the_cache(self, client, staff_client):
        event = make_statement().event
        draft = make_statement(event=event, status=Status.DRAFT, text="<p>Unpublished.</p>")
        staff = staff_client.get(event.get_absolute_url())
        assert "X-Cache" not in staff and "Unpublished" in staff.content.decode()
        public = client.get(event.get_absolute_url())
        assert public["X-Cache"] == "miss" and "Unpublished" not in public.content.decode()
        assert "X-Cache" not in staff_client.get(event.get_absolute_url())
        assert draft.pk  # still a draft

    def test_fragments_full_pages_and_history_restores_are_kept_apart(self, client):
        make_event(title="Harbour talks")
        page = client.get("/events/")
        fragment = client.get("/events/", headers={"HX-Request": "true"})
        restore = client.get(
            "/events/",
            headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
        )
        assert page.content.startswith(b"<!doctype html>")
        assert not fragment.content.lstrip().startswith(b"<!doctype")
        assert restore.content == client.get("/events/").content  # the full page, cached
        assert "HX-History-Restore-Request" in page["Vary"]

    def test_query_strings_in_any_order_share_one_entry(self, client):
        make_event(title="Harbour talks", kind="meeting")
        client.get("/events/?kind=meeting&q=harbour")
        assert client.get("/events/?q=harbour&kind=meeting")["X-Cache"] == "hit"


class TestConditionalGet:
    def test_a_revalidation_is_a_304_without_rendering(self, client):
        event = make_statement().event
        first = client.get(event.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            again = client.get(event.get_absolute_url(), headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304
        assert again["ETag"] == first["ETag"]
        assert len(queries) <= 1  # the public version, and nothing else
        assert again.content == b""

    def test_a_change_makes_the_old_etag_stale(self, client, chief):
        statement = make_statement(status=Status.DRAFT)
        url = statement.event.get_absolute_url()
        etag = client.get(url)["ETag"]
        publish(chief, statement)
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


class TestCompression:
    def test_public_html_is_gzipped_for_clients_that_accept_it(self, client):
        event = make_statement().event
        response = client.get(event.get_absolute_url(), headers={"Accept-Encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip"
        assert b"<!doctype html>" in gzip.decompress(response.content)
        cached = client.get(event.get_absolute_url(), headers={"Accept-Encoding": "gzip"})
        assert cached["X-Cache"] == "hit" and cached["Content-Encoding"] == "gzip"
        plain = client.get(event.get_absolute_url())
        assert "Content-Encoding" not in plain
        assert plain.content.startswith(b"<!doctype html>")

    def test_staff_pages_are_not_compressed(self, staff_client):
        response = staff_client.get("/admin/", headers={"Accept-Encoding": "gzip"})
        assert "Content-Encoding" not in response


@pytest.fixture
def redis_cache(settings):
    """Django's cache on the real Redis, under a key prefix of this test's own."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not running at {REDIS_URL}")
    prefix = f"newsdesk-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "claims.caching.cache.SharedCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.mark.django_db(transaction=True)
def test_invalidation_on_the_shared_cache_follows_the_commit(redis_cache, client, chief):
    """With Redis (production), the version lives in the cache and a commit announces a new
    one: the next reader, in any process, gets the new page."""
    statement = make_statement(status=Status.DRAFT, text="<p>Fresh words from the port.</p>")
    url = statement.event.get_absolute_url()
    assert "Fresh words" not in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url)["X-Cache"] == "hit"
    assert len(queries) == 0  # version and page both from Redis (or this process's memory)
    publish(chief, statement)
    assert Statement.objects.get().status == Status.PUBLISHED
    response = client.get(url)
    assert response["X-Cache"] == "miss" and "Fresh words" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_each_process_follows_announcements_and_serves_hot_pages_from_memory(redis_cache, client):
    """A process subscribed to the announcements serves a hot page without asking Redis, and
    a write announced by another process reaches it within moments."""
    from django.core.cache import caches

    from claims.caching.cache import CHANNEL_KEY, listener_of

    event = make_statement(text="<p>Words from the ferry terminal.</p>").event
    listener = listener_of(caches["default"])
    deadline = time.monotonic() + 5
    while listener.version is None:  # subscribed, with the version known
        assert time.monotonic() < deadline, "never subscribed"
        client.get(event.get_absolute_url())
        time.sleep(0.05)
    client.get(event.get_absolute_url())
    for key in redis.Redis.from_url(REDIS_URL).scan_iter(f"{caches['default'].key_prefix}:*page*"):
        redis.Redis.from_url(REDIS_URL).delete(key)  # gone from Redis: memory still has it
    assert client.get(event.get_absolute_url())["X-Cache"] == "hit"
    # Another process's write: its announcement is all this one hears.
    later = Version(listener.version.number + 1, listener.version.changed_at + 1)

    def announce(keys):
        message = {**asdict(later), "keys": keys}
        redis.Redis.from_url(REDIS_URL).publish(
            caches["default"].make_key(CHANNEL_KEY), json.dumps(message)
        )
        while listener.version != later:
            assert time.monotonic() < deadline, "the announcement never arrived"
            time.sleep(0.01)

    announce([event_key(event.pk + 1), "any"])  # another event's change
    assert client.get(event.get_absolute_url())["X-Cache"] == "hit"
    later = Version(later.number + 1, later.changed_at + 1)
    announce([event_key(event.pk), "any"])
    assert client.get(event.get_absolute_url())["X-Cache"] == "miss"


class TestKeysAndValidators:
    """The cache cannot be steered from outside, and a deploy never serves old HTML."""

    def test_parameters_a_page_does_not_read_share_its_entry(self, client):
        event = make_statement().event
        client.get("/")
        assert client.get("/?utm_source=social")["X-Cache"] == "hit"
        client.get("/events/?kind=meeting")
        assert client.get("/events/?kind=meeting&fbclid=x1")["X-Cache"] == "hit"
        card = reverse("claims:event-card", args=[event.slug])
        client.get(card)
        for n in range(3):  # a made-up parameter makes no entry of its own
            assert client.get(f"{card}?w={n}")["X-Cache"] == "hit"

    def test_repeated_parameters_keep_their_order(self, client):
        make_event(title="Harbour talks")
        client.get("/events/?q=harbour&q=grain")
        assert client.get("/events/?q=grain&q=harbour")["X-Cache"] == "miss"
        assert client.get("/events/?q=harbour&q=grain")["X-Cache"] == "hit"

    def test_a_new_release_renders_afresh_under_a_new_etag(self, client, settings):
        from claims.caching.cache import release

        url = make_statement().event.get_absolute_url()
        before = client.get(url)
        try:
            settings.NEWSDESK_RELEASE = "next-release"
            release.cache_clear()
            after = client.get(url)
            assert after["X-Cache"] == "miss" and after["ETag"] != before["ETag"]
            assert "next-release" in after["ETag"]
            stale = client.get(url, headers={"If-None-Match": before["ETag"]})
            assert stale.status_code == 200
        finally:
            release.cache_clear()

    def test_missing_and_draft_addresses_never_answer_304(self, client):
        public = make_statement().event
        tag = client.get(public.get_absolute_url())["ETag"]
        draft = make_event(status=Status.DRAFT)
        for url in ["/events/no-such-event/", draft.get_absolute_url()]:
            assert client.get(url, headers={"If-None-Match": tag}).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_write_nobody_announced_reaches_readers_within_seconds(redis_cache, client, monkeypatch):
    """A shell or an import with other cache settings writes without telling Redis: each
    process checks the database's version itself every couple of seconds."""
    from claims.caching import cache as cache_module
    from claims.caching import page_cache

    monkeypatch.setattr(page_cache, "DATABASE_CHECK_SECONDS", 0.2)
    statement = make_statement(text="<p>Old words from the harbour.</p>")
    url = statement.event.get_absolute_url()
    assert "Old words" in client.get(url).content.decode()
    other = make_statement().event.get_absolute_url()
    client.get(other)
    # The write, without the announcement (as from a process with a local cache).
    monkeypatch.setattr(cache_module, "shared_cache", lambda: False)
    correct_text(statement, "<p>New words from the harbour.</p>")
    monkeypatch.undo()
    monkeypatch.setattr(page_cache, "DATABASE_CHECK_SECONDS", 0.2)
    time.sleep(0.3)
    assert "New words" in client.get(url).content.decode()
    assert client.get(other)["X-Cache"] == "hit"  # the database's marks say which pages


def test_api_lists_are_kept_by_the_parameters_their_schemas_read(client):
    make_statement()
    client.get("/api/v1/events")
    assert client.get("/api/v1/events?junk=1")["X-Cache"] == "hit"
    client.get("/api/v1/events?disputed=true")
    assert client.get("/api/v1/events?disputed=true&utm_source=x")["X-Cache"] == "hit"
    assert client.get("/api/v1/events?limit=1")["X-Cache"] == "miss"


def test_the_release_digest_reads_files_only_and_follows_their_content(settings, tmp_path):
    """A folder whose name has a dot (``static/fonts.v2/``) is not a file to read; a changed
    template is a new release."""
    from claims.caching.cache import release

    (tmp_path / "static" / "fonts.v2").mkdir(parents=True)
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>one</p>")
    settings.BASE_DIR, settings.NEWSDESK_RELEASE = tmp_path, ""
    try:
        release.cache_clear()
        first = release()
        page.write_text("<p>two</p>")
        release.cache_clear()
        assert len(first) == 12 and release() != first
    finally:
        release.cache_clear()


def correct_text(statement, text):
    """A chief editor's corrected text: a content edit, no status, date or link moved."""
    statement.text = text
    statement.correction_note = "Quoted the whole sentence."
    statement.save()


class TestExactInvalidation:
    """A change empties the pages that show it, and only those (surrogate keys)."""

    def pages(self, first, second):
        return {
            "first event": first.event.get_absolute_url(),
            "first statement": first.get_absolute_url(),
            "first event json": reverse("claims:event-json", args=[first.event.slug]),
            "second event": second.event.get_absolute_url(),
            "second statement": second.get_absolute_url(),
            "second event json": reverse("claims:event-json", args=[second.event.slug]),
            "second embed": reverse("claims:event-embed", args=[second.event.slug]),
        }

    def test_a_text_edit_empties_its_event_pages_and_no_other(self, client):
        first = make_statement(text="<p>Old words from the harbour.</p>")
        second = make_statement(text="<p>Words from the ferry terminal.</p>")
        pages = self.pages(first, second)
        tags = {name: client.get(url)["ETag"] for name, url in pages.items()}
        correct_text(first, "<p>New words from the harbour.</p>")
        after = {name: client.get(url) for name, url in pages.items()}
        changed = {name for name, response in after.items() if response["X-Cache"] != "hit"}
        assert changed == {"first event", "first statement", "first event json"}
        assert "New words" in after["first event"].content.decode()
        for name in ("second event", "second statement", "second event json", "second embed"):
            assert after[name]["ETag"] == tags[name], name
            revalidated = client.get(pages[name], headers={"If-None-Match": tags[name]})
            assert revalidated.status_code == 304, name

    def test_lists_stay_cached_through_an_edit_of_what_they_do_not_show(self, client):
        shown = make_statement(text="<p>Words from the ferry terminal.</p>")
        hidden = make_statement(status=Status.DRAFT, text="<p>Draft words.</p>")
        client.get("/")
        client.get("/events/")
        hidden.text = "<p>Still draft words.</p>"
        hidden.save()  # not public: nothing moves
        assert client.get("/")["X-Cache"] == "hit"
        correct_text(shown, "<p>Corrected words from the ferry terminal.</p>")
        # The home page and browse show the event (title, sides), not the statement's text,
        # but they are tagged with the events they list: they are rendered afresh.
        assert client.get("/")["X-Cache"] == "miss"
        assert client.get("/events/")["X-Cache"] == "miss"

    def test_publishing_empties_the_lists(self, client):
        make_statement()
        draft = make_statement(status=Status.DRAFT, text="<p>Fresh words.</p>")
        for url in ("/", "/events/", "/timeline/"):
            client.get(url)
        draft.status = Status.PUBLISHED
        draft.save()
        for url in ("/", "/events/", "/timeline/"):
            assert client.get(url)["X-Cache"] == "miss", url

    def test_a_search_page_follows_any_public_change(self, client):
        first = make_statement(text="<p>Old words from the harbour.</p>")
        make_statement(text="<p>Words from the ferry terminal.</p>")
        client.get("/events/?q=harbour")
        correct_text(first, "<p>Fresh words from the quay.</p>")
        assert client.get("/events/?q=harbour")["X-Cache"] == "miss"

    def test_a_global_change_empties_everything(self, client):
        from claims.models import Conduit

        event = make_statement().event
        client.get(event.get_absolute_url())
        Conduit.objects.create(name="Fictional Wire")
        assert client.get(event.get_absolute_url())["X-Cache"] == "miss"


@pytest.mark.django_db(transaction=True)
def test_on_the_shared_cache_an_edit_empties_only_its_event(redis_cache, client):
    first = make_statement(text="<p>Old words from the harbour.</p>")
    second = make_statement(text="<p>Words from the ferry terminal.</p>")
    for statement in (first, second):
        client.get(statement.event.get_absolute_url())
    correct_text(first, "<p>New words from the harbour.</p>")
    again = client.get(first.event.get_absolute_url())
    assert again["X-Cache"] == "miss" and "New words" in again.content.decode()
    assert client.get(second.event.get_absolute_url())["X-Cache"] == "hit"


def test_the_api_says_which_event_its_answers_show(client):
    first, second = make_statement(), make_statement()
    addresses = [f"/api/v1/events/{s.event.slug}" for s in (first, second)]
    addresses += [f"/api/v1/statements/{s.pk}" for s in (first, second)]
    for address in addresses:
        assert client.get(address).status_code == 200
    correct_text(first, "<p>New words from the harbour.</p>")
    states = [client.get(address)["X-Cache"] for address in addresses]
    assert states == ["miss", "hit", "miss", "hit"]


def test_a_claim_thread_page_follows_every_event_of_the_thread(client):
    from claims.models import Claim

    first, second, third = make_statement(), make_statement(), make_statement()
    claim = Claim.objects.create(event=first.event, text="The port reopened.", status="published")
    later = Claim.objects.create(
        event=second.event, text="The port reopened.", same_as=claim, status="published"
    )
    url = claim.get_absolute_url()
    client.get(url)
    correct_text(third, "<p>Unrelated words.</p>")
    assert client.get(url)["X-Cache"] == "hit"
    later.text = "The port reopened at dawn."
    later.save()
    assert client.get(url)["X-Cache"] == "miss"


def another_process_is_rendering():
    """Takes the site's one turn to render an outdated page, as a busy worker would."""
    from django.core.cache import cache

    from claims.caching.page_cache import REFRESHING_KEY

    assert cache.add(f"{REFRESHING_KEY}:0", 1, 30)
    return lambda: cache.delete(f"{REFRESHING_KEY}:0")


@pytest.mark.django_db(transaction=True)
class TestStaleWhileRevalidating:
    """On the shared cache, a page outdated by an edit is rendered by one request at a time
    while the others get its previous copy; a page outdated by a withdrawal never is."""

    def test_readers_get_the_previous_copy_while_an_edit_is_rendered(self, redis_cache, client):
        statement = make_statement(text="<p>Old words from the harbour.</p>")
        url = statement.event.get_absolute_url()
        first = client.get(url)
        correct_text(statement, "<p>New words from the harbour.</p>")
        done = another_process_is_rendering()
        meanwhile = client.get(url)
        assert meanwhile["X-Cache"] == "updating"
        assert "Old words" in meanwhile.content.decode()
        assert meanwhile["Cache-Control"] == "public, max-age=0"  # nobody keeps it as current
        assert meanwhile["ETag"] == first["ETag"]
        assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
        done()
        fresh = client.get(url)  # this reader takes the turn
        assert fresh["X-Cache"] == "miss" and "New words" in fresh.content.decode()
        assert client.get(url)["X-Cache"] == "hit"

    def test_a_withdrawn_statement_is_never_served_again(self, redis_cache, client):
        statement = make_statement(text="<p>Words to be withdrawn.</p>")
        url = statement.get_absolute_url()
        assert client.get(url).status_code == 200
        statement.status = Status.DRAFT
        statement.save()
        done = another_process_is_rendering()
        try:
            assert client.get(url).status_code == 404
            event_page = client.get(statement.event.get_absolute_url())
            assert "Words to be withdrawn" not in event_page.content.decode()
        finally:
            done()

    def test_the_turn_is_given_back_once_the_page_is_rendered(self, redis_cache, client):
        from django.core.cache import cache

        from claims.caching.page_cache import REFRESHING_KEY

        statement = make_statement(text="<p>Old words from the harbour.</p>")
        url = statement.event.get_absolute_url()
        client.get(url)
        correct_text(statement, "<p>New words from the harbour.</p>")
        client.get(url)
        assert cache.get(f"{REFRESHING_KEY}:0") is None
