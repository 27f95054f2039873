"""Figures the public pages need that would otherwise be counted over the whole archive on
every request: which parties are public, how many denials each party issued and received and
how fast, and who denies whom.

They are derived, never entered, and kept exact by the model layer: every write that changes
what the public sees refreshes the figures of the parties it concerns, in the same transaction
(``claims.models.public.PublicState.bump``). ``manage.py refresh_public_stats`` recomputes all
of them (after a bulk load that went past the model layer, say).
"""

import heapq
import logging
import threading
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import ngettext

from claims.models.parties import MAX_DEPTH, Party, ancestors_path, related_model, side_id, side_q
from claims.models.public import ALL
from claims.models.rules import sees_drafts
from claims.models.signals import public_content_changing

logger = logging.getLogger(__name__)


class PartyStats(models.Model):
    party = models.OneToOneField(
        Party, primary_key=True, on_delete=models.CASCADE, related_name="stats"
    )
    public = models.BooleanField(default=False, help_text="Published content names it.")
    denials_issued = models.PositiveIntegerField(default=0)
    denials_received = models.PositiveIntegerField(default=0)
    median_delay = models.DurationField(null=True, blank=True)
    median_precision = models.CharField(max_length=10, blank=True)
    median_pending = models.PositiveIntegerField(
        default=0, help_text="Changes since the median was worked out (0: it is current)."
    )

    class Meta:
        verbose_name_plural = "party statistics"
        indexes = [
            models.Index(
                fields=["median_pending"],
                condition=models.Q(median_pending__gt=0),
                name="partystats_median_pending",
            )
        ]

    def __str__(self):
        return f"{self.party}: {self.denials_issued} issued, {self.denials_received} received"


class EventStats(models.Model):
    """An event's public figures, for lists: how many public statements, how many denials."""

    event = models.OneToOneField(
        "claims.Event", primary_key=True, on_delete=models.CASCADE, related_name="stats"
    )
    statements = models.PositiveIntegerField(default=0)
    denials = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When its public content last changed (for sitemaps)."
    )

    class Meta:
        verbose_name_plural = "event statistics"
        indexes = [models.Index(fields=["denials"], name="eventstats_denials_idx")]

    def __str__(self):
        return f"{self.event}: {self.statements} statements, {self.denials} denials"


class Involvement(models.Model):
    """A party is involved in an event when it, or a party under it, made a public statement
    about it or is a participant: one row per such pair, for the party and country filters."""

    event = models.ForeignKey("claims.Event", on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["party", "event"], name="involvement_one_per_pair")
        ]
        indexes = [models.Index(fields=["event"], name="involvement_event_idx")]

    def __str__(self):
        return f"{self.party} in {self.event}"


class DenialTallyQuerySet(models.QuerySet):
    def who_denies_whom(self, keep=None):
        """The public's who-denies-whom, as ``DenialQuerySet.who_denies_whom`` gives it."""
        return tally_matrix(
            {(row.denier_id, row.denied_id): row.count for row in self.filter(count__gt=0)},
            keep,
        )


class DenialTally(models.Model):
    """How many public denials one side issued against another's statements."""

    denier = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    denied = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField()

    objects = DenialTallyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["denier", "denied"], name="tally_one_per_pair")
        ]

    def __str__(self):
        return f"{self.denier} → {self.denied}: {self.count}"


# How many sides a who-denies-whom matrix names; the others share one row and one column, so
# that the matrix (and the chart drawn from it) is bounded whatever the number of governments.
MATRIX_SIDES = 12


@dataclass(frozen=True)
class OtherSides:
    """The sides beyond the ``MATRIX_SIDES`` most involved, counted together."""

    count: int
    pk = None
    slug = ""

    @property
    def label(self):
        return ngettext("%(n)d other", "%(n)d others", self.count) % {"n": self.count}


def tally_matrix(counts, keep=None, limit=MATRIX_SIDES):
    """``{(denier id, denied id): count}`` as rows of a matrix over the sides involved: the
    ``limit`` most involved (and ``keep``, the side a page is about), the rest as one
    ``OtherSides``. One query, for at most ``limit`` sides."""
    named, rest = most_involved(counts, keep, limit)
    by_pk = {side.pk: side for side in Party.objects.sides().filter(pk__in=named)}
    sides = [by_pk[pk] for pk in sorted(by_pk, key=lambda pk: by_pk[pk].label)]
    return fold_matrix(counts, sides + ([OtherSides(rest)] if rest else []))


def most_involved(counts, keep=None, limit=MATRIX_SIDES):
    """``(ids of the sides to name, how many others)``: linear in the number of pairs."""
    totals = {}
    for (denier, denied), count in counts.items():
        totals[denier] = totals.get(denier, 0) + count
        totals[denied] = totals.get(denied, 0) + count
    named = heapq.nsmallest(limit, totals, key=lambda pk: (-totals[pk], pk))
    if keep in totals and keep not in named:
        named = [*named[: limit - 1], keep]
    return named, len(totals) - len(named)


def fold_matrix(counts, sides):
    """Rows of counts over ``sides``; pairs of sides not named add up in the ``OtherSides``."""
    shown = {side.pk for side in sides if side.pk is not None}
    folded = {}
    for (denier, denied), count in counts.items():
        pair = (denier if denier in shown else None, denied if denied in shown else None)
        folded[pair] = folded.get(pair, 0) + count
    rows = [
        (denier, [folded.get((denier.pk, denied.pk), 0) for denied in sides]) for denier in sides
    ]
    return {"sides": sides, "rows": rows}


def with_ancestors(party_ids):
    """``party_ids`` and every party above them."""
    found, level = set(party_ids), set(party_ids)
    for _ in range(MAX_DEPTH):
        level = set(
            Party.objects.filter(pk__in=level).exclude(parent=None).values_list("parent", flat=True)
        )
        if not level - found:
            break
        found |= level
    return found


@receiver(public_content_changing)
def refresh_concerned(sender, parties=ALL, events=ALL, denials=ALL, **kwargs):
    """A public change, in its transaction: bring the figures of what it concerns up to date
    — by the change's deltas when it says what it did to the denials (the cost of a save then
    does not grow with the archive), else by counting the parties' figures again. Medians
    are worked out again once the change is committed (``refresh_medians``)."""
    if parties is ALL or (parties and denials is ALL):
        refresh(None if parties is ALL else parties)
    elif denials is not ALL and (parties or denials.pairs or denials.deniers):
        follow(denials, set(parties) | {party for pair in denials.pairs for party in pair})
    if events is ALL or events:
        refresh_events(None if events is ALL else events)


def follow(change, parties):
    """Apply a ``DenialChange``: counts and who-denies-whom by delta, the public flag of
    ``parties`` (and those above them) asked again, the deniers' medians due."""
    chains = ancestor_chains(parties | change.deniers)
    concerned = {pk for chain in chains.values() for pk in chain}
    PartyStats.objects.bulk_create(
        [PartyStats(party_id=pk) for pk in concerned], ignore_conflicts=True
    )
    public = public_among(concerned)
    PartyStats.objects.filter(party__in=concerned).update(
        public=models.Case(models.When(party__in=public, then=True), default=False)
    )
    issued, received, tallies = Counter(), Counter(), Counter()
    for (denier, denied), n in change.pairs.items():
        for pk in chains[denier]:
            issued[pk] += n
        for pk in chains[denied]:
            received[pk] += n
        tallies[chains[denier][-1], chains[denied][-1]] += n
    for pk, n in issued.items():
        PartyStats.objects.filter(party=pk).update(denials_issued=F("denials_issued") + n)
    for pk, n in received.items():
        PartyStats.objects.filter(party=pk).update(denials_received=F("denials_received") + n)
    for (denier, denied), n in tallies.items():
        DenialTally.objects.bulk_create(
            [DenialTally(denier_id=denier, denied_id=denied, count=0)], ignore_conflicts=True
        )
        DenialTally.objects.filter(denier=denier, denied=denied).update(count=F("count") + n)
    due = {pk for denier in change.deniers for pk in chains[denier]}
    if due:
        PartyStats.objects.filter(party__in=due).update(median_pending=F("median_pending") + 1)
        transaction.on_commit(work_out_medians)


def public_among(party_ids):
    """Which of ``party_ids`` the rule makes public (``PartyQuerySet.public_by_rule``: named by
    published content, itself or a party under it), asked of those parties and the parties
    under them only — not worked out for every party to pick a few (0.8 s at 100k events)."""
    children = {}
    for pk, parent in Party.objects.values_list("pk", "parent"):
        children.setdefault(parent, []).append(pk)
    under = {}
    for pk in party_ids:
        tree, level = {pk}, [pk]
        while level:
            level = [child for parent in level for child in children.get(parent, ())]
            tree.update(level)
        under[pk] = tree
    candidates = set().union(*under.values()) if under else set()
    used = {pk for pk in candidates if Party.objects.is_used(pk)}
    return {pk for pk, tree in under.items() if tree & used}


def ancestor_chains(party_ids):
    """``{party id: [its id, its parent's, …, its side's]}``, a query per level."""
    parents, level = {}, set(party_ids)
    for _ in range(MAX_DEPTH + 1):
        level -= parents.keys()
        if not level:
            break
        rows = dict(Party.objects.filter(pk__in=level).values_list("pk", "parent"))
        parents |= rows
        level = {parent for parent in rows.values() if parent is not None}
    chains = {}
    for pk in party_ids:
        chain = [pk]
        while parents.get(chain[-1]) is not None:
            chain.append(parents[chain[-1]])
        chains[pk] = chain
    return chains


def work_out_medians():
    """After a commit: the medians it made due, in the background on PostgreSQL (a big side's
    median reads all its denials' delays: no editor waits for it), at once on SQLite (one
    writer at a time; the embedded default, for development)."""
    from django.db import connection

    if connection.vendor != "postgresql" or not settings.NEWSDESK_MEDIANS_IN_BACKGROUND:
        refresh_medians()
        return
    worker = threading.Thread(target=_in_background, name="newsdesk-medians")
    worker.start()  # not a daemon: a command that saved waits for it before it exits


def _in_background():
    from django.db import connection

    try:
        refresh_medians()
    except Exception:  # logged, and left due: the next change (or the command) does it
        logger.exception("Could not work out the medians that were due.")
    finally:
        connection.close()


def refresh_medians():
    """Work out every median that is due; one that fell due again meanwhile stays due."""
    denial = related_model(related_model(Party, "statements"), "denials_made")
    due = PartyStats.objects.filter(median_pending__gt=0).values_list("party", "median_pending")
    for pk, pending in list(due):
        party = Party.objects.filter(pk=pk).first()
        if party is None:
            continue
        median = denial.objects.published().filter(side_q(party, "statement__party"))
        median = median.median_delay()
        PartyStats.objects.filter(party=pk, median_pending=pending).update(
            median_delay=median[0] if median else None,
            median_precision=median[1] if median else "",
            median_pending=0,
        )


def refresh_events(event_ids=None):
    """Recompute the figures of ``event_ids`` (all when None), in two statements."""
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    event = EventStats._meta.get_field("event").related_model
    statement = related_model(event, "statements")
    denial = related_model(statement, "denials_made")
    events = event.objects.all() if event_ids is None else event.objects.filter(pk__in=event_ids)

    def count(queryset, path):
        counted = (
            queryset.filter(**{path: OuterRef("pk")})
            .order_by()
            .values(path)
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(counted), 0)

    refresh_involvements(events)
    figures = events.annotate(
        public_statements=count(statement.objects.published(), "event"),
        public_denials=count(denial.objects.published(), "statement__event"),
    ).values_list("pk", "public_statements", "public_denials")
    now = timezone.now()
    rows = [
        EventStats(event_id=pk, statements=s, denials=d, changed_at=now) for pk, s, d in figures
    ]
    EventStats.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["event"],
        update_fields=["statements", "denials", "changed_at"],
        batch_size=5000,
    )


def refresh_involvements(events):
    """Which parties (with every party above them) are involved in each of ``events``."""
    event = EventStats._meta.get_field("event").related_model
    statement = related_model(event, "statements")
    published = events.filter(pk__in=event.objects.published())
    pairs = set(
        statement.objects.published()
        .filter(event__in=published)
        .values_list("event", *(ancestors_path("party", depth) for depth in range(MAX_DEPTH)))
    ) | set(
        event.participants.through.objects.filter(event__in=published).values_list(
            "event", *(ancestors_path("party", depth) for depth in range(MAX_DEPTH))
        )
    )
    Involvement.objects.filter(event__in=events).delete()
    Involvement.objects.bulk_create(
        {
            (row[0], party): Involvement(event_id=row[0], party_id=party)
            for row in pairs
            for party in row[1:]
            if party is not None
        }.values(),
        batch_size=5000,
    )


def refresh(party_ids=None):
    """Recompute the figures of ``party_ids`` and the parties above them (all when None)."""
    denial = related_model(related_model(Party, "statements"), "denials_made")
    if party_ids is None:
        parties = list(Party.objects.all())
        PartyStats.objects.exclude(party__in=parties).delete()
    else:
        parties = list(Party.objects.filter(pk__in=with_ancestors(party_ids)))
    public = set(
        Party.objects.public_by_rule()
        .filter(pk__in=[p.pk for p in parties])
        .values_list("pk", flat=True)
    )
    published = denial.objects.published()
    for party in parties:
        issued = published.filter(side_q(party, "statement__party"))
        received = published.filter(side_q(party, "target__party"))
        median = issued.median_delay()
        PartyStats.objects.update_or_create(
            party=party,
            defaults={
                "public": party.pk in public,
                "denials_issued": issued.count(),
                "denials_received": received.count(),
                "median_delay": median[0] if median else None,
                "median_precision": median[1] if median else "",
                "median_pending": 0,
            },
        )
        if party.parent_id is None:  # a side: its row of who-denies-whom
            counts = (
                issued.order_by()
                .values(side=side_id("target__party"))
                .annotate(count=models.Count("pk"))
            )
            DenialTally.objects.filter(denier=party).delete()
            DenialTally.objects.bulk_create(
                DenialTally(denier=party, denied_id=row["side"], count=row["count"])
                for row in counts
            )


def who_denies_whom(user, keep=None):
    """The matrix readers see (maintained); staff's counts drafts too (counted now). ``keep``:
    a side the matrix names even when it is not among the most involved."""
    if sees_drafts(user):
        denial = related_model(related_model(Party, "statements"), "denials_made")
        return denial.objects.visible_to(user).who_denies_whom(keep)
    return DenialTally.objects.who_denies_whom(keep)


def party_figures(party, user):
    """A party's figures: maintained for readers; counted now for staff (drafts too)."""
    if sees_drafts(user):
        denial = related_model(related_model(Party, "statements"), "denials_made")
        visible = denial.objects.visible_to(user)
        issued = visible.filter(side_q(party, "statement__party"))
        median = issued.median_delay()
        return PartyStats(
            party=party,
            denials_issued=issued.count(),
            denials_received=visible.filter(side_q(party, "target__party")).count(),
            median_delay=median[0] if median else None,
            median_precision=median[1] if median else "",
        )
    return PartyStats.objects.filter(party=party).first() or PartyStats(party=party)


def snapshot():
    """Every maintained figure, as comparable data."""
    return {
        "parties": sorted(  # a party with no row has the figures of a row of defaults
            PartyStats.objects.exclude(
                public=False, denials_issued=0, denials_received=0
            ).values_list(
                "party",
                "public",
                "denials_issued",
                "denials_received",
                "median_delay",
                "median_precision",
            )
        ),
        "events": sorted(
            EventStats.objects.filter(
                models.Q(statements__gt=0) | models.Q(denials__gt=0)
            ).values_list("event", "statements", "denials")
        ),
        "tallies": sorted(
            DenialTally.objects.filter(count__gt=0).values_list("denier", "denied", "count")
        ),
        "involvements": sorted(Involvement.objects.values_list("event", "party")),
    }


def refresh_all():
    """Recompute every figure, in one transaction (after a bulk load, say). On PostgreSQL the
    web's statement timeout is lifted for it: over a large archive this is a minute's work, not
    a page's."""
    from django.db import connection, transaction

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = 0")
        refresh()
        refresh_events()


def stale_figures():
    """What differs between the maintained figures and a recomputation from scratch (nothing,
    if every write refreshed what it concerned). The database is left as it was."""
    from django.db import transaction

    refresh_medians()  # what the background does after every commit
    kept = snapshot()
    with transaction.atomic():
        refresh_all()
        fresh = snapshot()
        transaction.set_rollback(True)
    return {name: (kept[name], fresh[name]) for name in kept if kept[name] != fresh[name]}
