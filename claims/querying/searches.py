"""One search object per list, and one function that applies it.

The browse page, the rebuttal timeline, the CSV export and the API only *build* these objects
(from a form or from API parameters); narrowing and ranking are done here, the same way for
every surface: spelling variants, accent folding and every filter behave alike wherever a
reader or a data desk asks.
"""

from dataclasses import dataclass
from datetime import date

from claims.models import Event, Party, Spelling, Topic
from claims.models.search import parse


@dataclass(frozen=True)
class EventSearch:
    """A question about events: search words and filters (all optional)."""

    q: str = ""
    party: Party | None = None
    country: str = ""
    topic: Topic | None = None
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    disputed: bool = False
    attribution: str = ""
    conduit: str = ""

    def terms(self):
        """The search words as ``search.parse`` reads them, with the editors' spelling
        variants (“Kyiv” finds “Kiev”)."""
        return parse(self.q, Spelling.objects.expansions()) if self.q else []


def query_events(events, search, user=None):
    """``(events narrowed by every filter of search, ranked ids or None)``: the ids of the
    matching events best first when ``search`` has words (a bounded set: see
    ``EventQuerySet.search``), else None (the list keeps its own order)."""
    if search.party:
        events = events.involving(search.party, user)
    if search.country:
        events = events.in_country(search.country, user)
    if search.topic:
        events = events.filter(topics=search.topic)
    if search.kind:
        events = events.filter(kind=search.kind)
    if search.date_from:
        events = events.filter(occurred_at__date__gte=search.date_from)
    if search.date_to:
        events = events.filter(occurred_at__date__lte=search.date_to)
    if search.disputed:
        events = events.filter(is_disputed=True)
    if search.attribution or search.conduit:
        events = events.with_provenance(search.attribution, search.conduit, user)
    terms = search.terms()
    return events, (events.search(terms, user) if terms else None)


@dataclass(frozen=True)
class StatementSearch:
    """Which statements: of an event, of a side (and the parties under it), in a language,
    at an attribution level, through a conduit."""

    event: Event | None = None
    party: Party | None = None
    language: str = ""
    attribution: str = ""
    conduit: str = ""


def query_statements(statements, search):
    if search.event:
        statements = statements.for_event(search.event)
    if search.party:
        statements = statements.by_side(search.party)
    if search.language:
        statements = statements.filter(language=search.language)
    if search.attribution or search.conduit:
        statements = statements.with_provenance(search.attribution, search.conduit)
    return statements


@dataclass(frozen=True)
class DenialSearch:
    """Which rebuttals: of an event, by a side, against a side, of a kind, at an attribution
    level and through a conduit (the rebutting statement's)."""

    event: Event | None = None
    side: Party | None = None
    against: Party | None = None
    kind: str = ""
    attribution: str = ""
    conduit: str = ""


def query_denials(denials, search):
    if search.event:
        denials = denials.filter(statement__event=search.event)
    if search.side:
        denials = denials.by_side(search.side)
    if search.against:
        denials = denials.against_side(search.against)
    if search.kind:
        denials = denials.filter(kind=search.kind)
    if search.attribution or search.conduit:
        denials = denials.with_provenance(search.attribution, search.conduit)
    return denials
