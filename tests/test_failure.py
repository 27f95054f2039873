"""When a part fails, readers get a clear answer quickly: the database down is a 503 (or the
last copy of the page, marked stale), Redis down means pages served uncached, and /healthz says
which. Failures are real: a database at an address where nothing answers, a Redis port with no
server; nothing is mocked."""

import logging
import socket
import time
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from tests.factories import make_event

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def database_down():
    """The default connection pointed where no database answers, until the block ends."""
    saved = dict(connection.settings_dict)
    # SQLite's in-memory test database lives only while its connection does: set it aside.
    kept = connection.connection if connection.vendor == "sqlite" else None
    if kept is not None:
        connection.connection = None
    else:
        connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT="9")  # discard: refused at once
    else:
        connection.settings_dict["NAME"] = "/nonexistent-folder/newsdesk.sqlite3"
    try:
        yield
    finally:
        if kept is None:
            connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        if kept is not None:
            connection.connection = kept


@contextmanager
def database_frozen():
    """The default connection pointed at a server that accepts connections and never says a
    word (a frozen PostgreSQL: the kernel completes the handshake, nobody answers)."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(silent.getsockname()[1]))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        silent.close()


def test_a_frozen_database_is_a_503_within_the_deadline(settings):
    """Without a deadline the worker would wait for the connection's own timeout, or for the
    server to kill it (30 s); static files do not wait at all."""
    if connection.vendor != "postgresql":
        pytest.skip("a frozen server: PostgreSQL over TCP")
    settings.NEWSDESK_REQUEST_DEADLINE = 1
    reader = Client(raise_request_exception=False)
    with database_frozen():
        started = time.monotonic()
        response = reader.get("/events/")
        took = time.monotonic() - started
        static = reader.get("/static/css/site.css")
    assert response.status_code == 503 and "briefly unavailable" in response.content.decode()
    assert took < 3, f"{took:.1f} s"
    assert static.status_code == 200
    assert reader.get("/events/").status_code == 200  # a fresh connection once it is back


def test_database_down_is_a_503_that_says_so():
    reader = Client(raise_request_exception=False)
    with database_down():
        response = reader.get("/events/")
        health = reader.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and "no-store" in response["Cache-Control"]
    assert "briefly unavailable" in response.content.decode()
    assert health.status_code == 503


def test_database_down_serves_the_last_copy_of_a_cached_page():
    event = make_event(title="Harbour talks in Port Ambray")
    reader = Client(raise_request_exception=False)
    assert reader.get(event.get_absolute_url()).status_code == 200  # now in the page cache
    with database_down():
        stale = reader.get(event.get_absolute_url())
        missing = reader.get("/events/never-cached/")
    assert stale.status_code == 200 and stale["X-Cache"] == "stale"
    assert "Harbour talks in Port Ambray" in stale.content.decode()
    assert missing.status_code == 503


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "claims.caching.cache.SharedCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }


def test_redis_down_pages_are_served_uncached_and_health_says_degraded(redis_down):
    event = make_event(title="Ferry talks")
    reader = Client(raise_request_exception=False)
    for _ in range(2):
        response = reader.get(event.get_absolute_url())
        assert response.status_code == 200 and "Ferry talks" in response.content.decode()
        assert "X-Cache" not in response
    health = reader.get("/healthz")
    assert health.status_code == 200
    assert health.content.decode().startswith("ok; degraded: page cache unavailable")


def test_a_request_for_a_host_we_do_not_serve_is_one_line_in_the_log(caplog):
    reader = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.security.DisallowedHost"):
        assert reader.get("/", HTTP_HOST="203.0.113.7").status_code == 400
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(records) == 1 and records[0].exc_info is None
    assert "203.0.113.7" in records[0].getMessage()
