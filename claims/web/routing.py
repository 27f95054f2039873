"""Reads from a PostgreSQL streaming replica, when there is one (``DATABASE_REPLICA_URL``).

Only readers' requests read from it: anonymous GET and HEAD requests, the ones the page cache
serves (``claims.caching.page_cache.readers_request``). Staff — anyone with a session — read
from the primary, so an editor always sees what they just saved; every write goes to the
primary, whoever makes it. A page rendered from the replica is stored at the version the
replica had reached (the page cache reads it there), so a replica that lags behind a change
cannot leave an old page stored as current.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

from claims.caching.page_cache import readers_request

_reader = ContextVar("newsdesk_reader", default=False)
REPLICA = "replica"


def has_replica():
    return REPLICA in settings.DATABASES


@contextmanager
def reading_for_readers():
    token = _reader.set(True)
    try:
        yield
    finally:
        _reader.reset(token)


def readers_from_the_replica(get_response):
    """Middleware: a reader's request reads from the replica."""

    def middleware(request):
        if not has_replica() or not readers_request(request):
            return get_response(request)
        with reading_for_readers():
            return get_response(request)

    return middleware


class ReplicaRouter:
    """Readers' reads to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if _reader.get() and has_replica() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
