"""What the public sees has a version: it goes up, in the same transaction, with every write
that changes a public row. Public pages are cached under it (``claims/page_cache.py``), so a cached
page is exactly as current as the database — invalidated by the write itself, never by a
timeout — and a browser's revalidation is answered from this one row.

The same writes refresh the public figures they concern (``claims/models/stats.py``).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from ..cache import Version, announce_version

_batch = ContextVar("newsdesk_public_batch", default=None)
ALL = None  # "every one", for changes whose reach is not worth working out


class PublicState(models.Model):
    """A single row: how many times, and when last, what the public sees has changed."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="public_state_single")]

    def __str__(self):
        return f"public version {self.version}, {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def current(cls):
        state = cls.objects.filter(pk=1).first()
        return state or cls.objects.get_or_create(pk=1)[0]

    def public_version(self):
        return Version(self.version, self.changed_at.timestamp())

    @classmethod
    def bump(cls, parties=ALL, events=ALL):
        """Record that public content changed, and refresh the figures of ``parties`` and
        ``events`` (ids; ``ALL`` for every one). Once per batch, see ``one_public_change``."""
        batch = _batch.get()
        if batch is not None:
            batch.changed = True
            batch.parties = _union(batch.parties, parties)
            batch.events = _union(batch.events, events)
            return
        if not cls.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now()):
            cls.objects.update_or_create(pk=1, defaults={"version": 2})
        from .stats import refresh, refresh_events

        if parties is ALL or parties:
            refresh(None if parties is ALL else parties)
        if events is ALL or events:
            refresh_events(None if events is ALL else events)
        transaction.on_commit(_announce)


def _announce():
    announce_version(PublicState.current().public_version())


def _union(ids, more):
    return ALL if ids is ALL or more is ALL else set(ids) | set(more)


class _Batch:
    changed = False
    parties = frozenset()
    events = frozenset()


@contextmanager
def one_public_change():
    """Count the enclosed writes (an import, a bulk action) as one change of the public."""
    if _batch.get() is not None:
        yield
        return
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    if batch.changed:
        PublicState.bump(batch.parties, batch.events)
