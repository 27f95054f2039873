"""How fast a party speaks and rebuts, event by event: its first statement after each event,
whether it spoke before the other sides, and how long its rebuttals took — at the precision the
times are known, never finer. Derived from rows a page has loaded (one query for the events'
statements), for the party page's chart and table.
"""

from dataclasses import dataclass

from claims.models import Precision, Statement
from claims.models.publishing import truncate
from claims.render import wording


@dataclass
class EventTiming:
    event: object
    first: object = None  # the party's first statement about the event
    since_event: str = ""
    spoke_first: bool | None = None  # None: alone, or the times cannot tell


def _speaks_for(statement, party):
    return statement.party.pk == party.pk or any(
        a.pk == party.pk for a in statement.party.ancestors()
    )


def hours_between(earlier, later, precision):
    """Hours from one moment to the other for the chart; None when the precision says only
    "the same day" (or month)."""
    if precision != Precision.EXACT:
        start, end = truncate(earlier, precision), truncate(later, precision)
        if start == end:
            return None
        return (end - start).total_seconds() / 3600
    return max((later - earlier).total_seconds() / 3600, 0)


def event_timings(party, events, user):
    """An ``EventTiming`` per event (as ordered), from one query."""
    statements = (
        Statement.objects.visible_to(user)
        .filter(event__in=[event.pk for event in events])
        .with_party()
        .order_by("issued_at", "pk")
    )
    by_event = {}
    for statement in statements:
        by_event.setdefault(statement.event_id, []).append(statement)
    side = party.side
    timings = []
    for event in events:
        rows = by_event.get(event.pk, [])
        own = [s for s in rows if _speaks_for(s, party)]
        others = [s for s in rows if s.party.side.pk != side.pk]
        timing = EventTiming(event)
        if own:
            timing.first = own[0]
            timing.since_event = wording.since_event(event, own[0])
            if others:
                precision = Precision.coarsest(own[0].issued_precision, others[0].issued_precision)
                mine = truncate(own[0].issued_at, precision)
                theirs = truncate(others[0].issued_at, precision)
                timing.spoke_first = True if mine < theirs else False if theirs < mine else None
        timings.append(timing)
    return timings


def chart_points(timings, denials):
    """Points for ``charts.party_delays``: first statements after their events, rebuttals
    after what they rebut."""
    points = []
    for timing in timings:
        if timing.first is not None:
            event, first = timing.event, timing.first
            precision = Precision.coarsest(event.occurred_precision, first.issued_precision)
            points.append(
                (first.issued_at, hours_between(event.occurred_at, first.issued_at, precision),
                 "readout")
            )  # fmt: skip
    for denial in denials:
        earlier, later = denial.target.issued_at, denial.statement.issued_at
        points.append((later, hours_between(earlier, later, denial.delay_precision), "denial"))
    return points
