"""What the public sees has a version: it goes up, in the same transaction, with every write
that changes a public row, and the model layer announces the change (``signals.py``): the
figures it concerns are refreshed in the same transaction (``stats.py`` listens to
``public_content_changing``), and once committed, the page cache hears the new version
(``public_content_changed``).

A change also says *what* it changed, as keys (surrogate keys, in a CDN's words): the events it
shows on (``event_key``), ``LISTS`` when what lists hold or their order may have moved (a
status, a date, a link), ``ANY`` always (pages that did not say what they show: searches,
filtered lists), or ``EVERYTHING`` (a name, a spelling, a bulk change). Each key's *mark* is
the version of the last change that named it (``PublicMark``), written in the change's
transaction: a page rendered at version *v* is current while no key it shows has a mark above
*v*. So an edit of one event's statement leaves every other event's pages, and the lists that
do not show it, as they were.

A change either *withdrew* something from the public (a row unpublished or deleted, or a
change whose reach is not worked out) or only edited or added: after an edit, the edge may
serve a page's earlier copy to a reader or two while it fetches the new one (stale while
revalidating); after a withdrawal, never.
"""

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from claims.models.signals import public_content_changed, public_content_changing

_batch = ContextVar("newsdesk_public_batch", default=None)
ALL = None  # "every one", for changes whose reach is not worth working out

# The keys of what a change changed, and of what a page shows.
EVERYTHING = "all"  # every page (each page shows it implicitly)
ANY = "any"  # named by every change: pages that did not say what they show
LISTS = "lists"  # what lists hold, and in which order


def event_key(pk):
    """The key of one event's public content: its pages, statements, claims and rebuttals."""
    return f"event-{pk}"


@dataclass
class DenialChange:
    """What a change did to the public denials it could reach: ``pairs``, how many more (or
    fewer) public denials each (denying party, denied party) pair has; ``deniers``, the parties
    whose denials' delays it may have moved (their medians are worked out again). The figures
    follow by these deltas (``claims.models.stats``), never by a count over the archive."""

    pairs: Counter = field(default_factory=Counter)
    deniers: set = field(default_factory=set)

    @classmethod
    def between(cls, before, after):
        """From ``{denial id: (denying party, denied party)}`` of the public denials before and
        after the change (a delay may have moved too: every denier's median is redone)."""
        pairs = Counter(after.values())
        pairs.subtract(Counter(before.values()))
        deniers = {pair[0] for pair in (*before.values(), *after.values())}
        return cls(Counter({pair: n for pair, n in pairs.items() if n}), deniers)

    def __add__(self, other):
        pairs = Counter(self.pairs)
        pairs.update(other.pairs)  # not "+": a Counter's sum drops what is not positive
        return DenialChange(Counter({pair: n for pair, n in pairs.items() if n}),
                            self.deniers | other.deniers)  # fmt: skip


def keys_of(events, lists=True):
    """The keys of a change to the public content of ``events`` (ids, or ``ALL``)."""
    if events is ALL:
        return ALL
    return {ANY, *(event_key(pk) for pk in events), *([LISTS] if lists else [])}


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
    def current(cls, using=None):
        """The row, read from ``using`` (by default where the router sends reads)."""
        state = cls.objects.db_manager(using).filter(pk=1).first()
        return state or cls.objects.get_or_create(pk=1)[0]

    def public_version(self):
        return Version(self.version, self.changed_at.timestamp())

    @classmethod
    def bump(cls, parties=ALL, events=ALL, keys=(), denials=ALL, withdrawn=True):
        """Record that public content changed, and refresh the figures of ``parties`` and
        ``events`` (ids; ``ALL`` for every one). ``keys``: what the change changed (by default
        the events' pages and every list; ``ALL``: everything). ``denials``: a
        ``DenialChange`` (``ALL``: not known, count the parties' figures again).
        ``withdrawn``: whether it took anything away from the public (see the module's
        docstring; when unsure, it did). Once per batch, see ``one_public_change``."""
        if keys == ():
            keys = keys_of(events)
        batch = _batch.get()
        if batch is not None:
            batch.changed = True
            batch.parties = _union(batch.parties, parties)
            batch.events = _union(batch.events, events)
            batch.keys = _union(batch.keys, keys)
            unknown = denials is ALL or batch.denials is ALL
            batch.denials = ALL if unknown else batch.denials + denials
            batch.withdrawn = batch.withdrawn or withdrawn
            return
        now = timezone.now()
        if not cls.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
            cls.objects.update_or_create(pk=1, defaults={"version": 2, "changed_at": now})
        # The row stays locked to the commit: changes commit in the order of their numbers.
        number = cls.objects.filter(pk=1).values_list("version", flat=True).get()
        named = [EVERYTHING] if keys is ALL else sorted(keys | {ANY})
        PublicMark.objects.bulk_create(
            [PublicMark(key=key, number=number) for key in named],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["number"],
        )
        public_content_changing.send(cls, parties=parties, events=events, denials=denials)
        version = Version(number, now.timestamp())
        transaction.on_commit(lambda: _announce(version, named, withdrawn))


class PublicMark(models.Model):
    """The version of the last public change that named a key (see the module's docstring)."""

    key = models.CharField(max_length=40, primary_key=True)
    number = models.PositiveBigIntegerField(db_index=True)

    def __str__(self):
        return f"{self.key} changed at version {self.number}"

    @classmethod
    def highest(cls, keys):
        """``(the public version, the highest mark of keys and of EVERYTHING, 0 if none)``,
        in one query."""
        marks = cls.objects.filter(key__in=[EVERYTHING, *keys]).order_by("-number")
        state = (
            PublicState.objects.filter(pk=1)
            .annotate(highest=models.Subquery(marks.values("number")[:1]))
            .first()
        ) or PublicState.current()
        return state.public_version(), getattr(state, "highest", None) or 0

    @classmethod
    def since(cls, number, using=None):
        """``{key: mark}`` of the keys changed after version ``number``."""
        rows = cls.objects.db_manager(using).filter(number__gt=number)
        return dict(rows.values_list("key", "number"))


def _announce(version, keys, withdrawn):
    public_content_changed.send(PublicState, version=version, keys=keys, withdrawn=withdrawn)


def _union(ids, more):
    return ALL if ids is ALL or more is ALL else set(ids) | set(more)


class _Batch:
    changed = False
    parties = frozenset()
    events = frozenset()
    keys = frozenset()
    withdrawn = False

    def __init__(self):
        self.denials = DenialChange()


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
        PublicState.bump(
            batch.parties, batch.events, batch.keys, batch.denials, withdrawn=batch.withdrawn
        )
