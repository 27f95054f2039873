"""What the app tells the edge (Varnish, ``deploy/varnish.vcl``) on a public change: the keys
to purge, softly after an edit (the old copy is served while the new one is fetched: no reader
waits for a render) and hard after a withdrawal (nobody is served the old copy) — sent on
commit, and once more shortly after. Received here by a real HTTP server on 127.0.0.1."""

import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings as django_settings

from claims.caching import edge
from claims.models import Party, Status
from claims.models.operations import set_status
from claims.models.public import ANY, EVERYTHING, LISTS, event_key, one_public_change
from tests.factories import make_statement

pytestmark = pytest.mark.django_db


class Purges(BaseHTTPRequestHandler):
    received = []

    def do_PURGE(self):  # noqa: N802 (the method's name)
        kinds = [name for name in edge.PURGE_HEADERS.values() if name in self.headers]
        self.received.append({kind: set(self.headers[kind].split()) for kind in kinds})
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def the_edge(settings, monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Purges)
    Purges.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NEWSDESK_EDGE_PURGE_URLS = [f"http://127.0.0.1:{server.server_address[1]}"]
    monkeypatch.setattr(edge, "AGAIN_SECONDS", 0.05)
    yield Purges.received
    server.shutdown()
    server.server_close()


def purges_after(the_edge, change, django_capture_on_commit_callbacks, count=2):
    """The PURGE requests the edge receives for ``change`` (at once, and the second one)."""
    the_edge.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change()
    deadline = time.monotonic() + 5
    while len(the_edge) < count:
        assert time.monotonic() < deadline, f"the edge received {the_edge}"
        time.sleep(0.01)
    return the_edge


def test_an_edit_is_purged_softly_twice(the_edge, django_capture_on_commit_callbacks):
    statement = make_statement()

    def correct():
        statement.text = "<p>The talks were frank.</p>"
        statement.correction_note = "A word too many."
        statement.save()

    received = purges_after(the_edge, correct, django_capture_on_commit_callbacks)
    assert received == [{"xkey-softpurge": {ANY, event_key(statement.event_id)}}] * 2


def test_publishing_new_words_is_purged_softly(the_edge, django_capture_on_commit_callbacks):
    statement = make_statement(status=Status.DRAFT)
    received = purges_after(
        the_edge,
        lambda: set_status([statement], Status.PUBLISHED, "test"),
        django_capture_on_commit_callbacks,
    )
    assert received[0] == {"xkey-softpurge": {ANY, LISTS, event_key(statement.event_id)}}


def test_a_withdrawal_is_purged_hard(the_edge, django_capture_on_commit_callbacks):
    statement = make_statement()
    received = purges_after(
        the_edge,
        lambda: set_status([statement], Status.DRAFT, "test"),
        django_capture_on_commit_callbacks,
    )
    assert received == [{"xkey-purge": {ANY, LISTS, event_key(statement.event_id)}}] * 2


def test_a_deletion_is_purged_hard(the_edge, django_capture_on_commit_callbacks):
    statement = make_statement()
    received = purges_after(the_edge, statement.delete, django_capture_on_commit_callbacks)
    assert set(received[0]) == {"xkey-purge"}
    assert event_key(statement.event_id) in received[0]["xkey-purge"]


def test_a_batch_that_withdraws_anything_is_purged_hard(
    the_edge, django_capture_on_commit_callbacks
):
    published, draft = make_statement(), make_statement(status=Status.DRAFT)

    def batch():
        with one_public_change():
            set_status([draft], Status.PUBLISHED, "test")
            set_status([published], Status.DRAFT, "test")

    received = purges_after(the_edge, batch, django_capture_on_commit_callbacks)
    assert set(received[0]) == {"xkey-purge"}
    assert {event_key(published.event_id), event_key(draft.event_id)} <= received[0]["xkey-purge"]


def test_a_renamed_party_is_purged_softly_everywhere(the_edge, django_capture_on_commit_callbacks):
    party = make_statement().party

    def rename():
        party.refresh_from_db()
        party.name = "Fictional Republic of Tarrowmere"
        party.save()

    received = purges_after(the_edge, rename, django_capture_on_commit_callbacks)
    assert received[0] == {"xkey-softpurge": {EVERYTHING}}
    assert Party.objects.filter(name="Fictional Republic of Tarrowmere").exists()


def test_the_second_purge_is_sent_when_the_writer_exits_at_once(the_edge, settings):
    """A shell that saved and quit still sends the purge again (a page rendered across the
    commit would otherwise stay at the edge for its hour)."""
    script = (
        "import django; django.setup(); from claims.caching import edge; "
        "edge.AGAIN_SECONDS = 0.5; edge.purge(['event-7'], soft=True)"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "NEWSDESK_EDGE_PURGE_URLS": settings.NEWSDESK_EDGE_PURGE_URLS[0],
    }
    subprocess.run(
        [sys.executable, "-c", script],
        cwd=django_settings.BASE_DIR,
        env=environment,
        check=True,
        timeout=60,
    )
    assert the_edge == [{"xkey-softpurge": {"event-7"}}] * 2


def test_pages_served_from_the_apps_cache_tell_the_edge_their_keys(the_edge, client):
    """The edge may fetch a page the app serves from its own cache: it must still learn the
    page's keys, or no purge would reach that copy."""
    event = make_statement().event
    miss, hit = client.get(event.get_absolute_url()), client.get(event.get_absolute_url())
    assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    assert event_key(event.pk) in hit[edge.HEADER].split()
    assert hit[edge.HEADER] == miss[edge.HEADER]
