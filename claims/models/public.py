"""What the public sees has a version: it goes up, in the same transaction, with every write
that changes a public row, and the model layer announces the change (``signals.py``): the
figures it concerns are refreshed in the same transaction (``stats.py`` listens to
``public_content_changing``), and once committed, the page cache hears the new version
(``public_content_changed``), so a cached page is exactly as current as the database and a
browser's revalidation is answered from this one row.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from claims.models.signals import public_content_changed, public_content_changing

_batch = ContextVar("newsdesk_public_batch", default=None)
ALL = None  # "every one", for changes whose reach is not worth working out


@dataclass(frozen=True)
class Version:
    """The public version; with the time it was reached, so that a database restored from a
    backup (whose numbers start again from an earlier one) cannot meet pages cached since."""

    number: int
    changed_at: float  # a timestamp, for Last-Modified

    @property
    def tag(self):
        return f"{self.number}.{int(self.changed_at * 1_000_000)}"


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
        public_content_changing.send(cls, parties=parties, events=events)
        transaction.on_commit(_announce)


def _announce():
    public_content_changed.send(PublicState, version=PublicState.current().public_version())


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
