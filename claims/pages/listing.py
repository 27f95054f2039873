"""What a list of events shows for each event, declared: the event, its rebuttals, and why it
matched a search. Built for a page of events in a fixed number of queries."""

from dataclasses import dataclass

from claims.models import Denial, Statement
from claims.models.search import highlight_forms
from claims.render import marking


@dataclass(frozen=True)
class Match:
    """Why a search result matched: a passage with the words marked (safe HTML), and who said
    it (``statement``; None when the passage is the event's own summary)."""

    snippet: str
    statement: Statement | None
    in_title: bool


@dataclass(frozen=True)
class EventRow:
    event: object
    rebuttals: list  # the visible rebuttals, oldest first
    match: Match | None = None


def event_rows(events, user, terms=None):
    """An ``EventRow`` per event, in the same order: two queries (one with search words)."""
    rebuttals = _rebuttals(events, user)
    matches = _matches(events, terms, user) if terms else {}
    return [EventRow(event, rebuttals.get(event.pk, []), matches.get(event.pk)) for event in events]


def _rebuttals(events, user):
    found = {}
    ids = [event.pk for event in events]
    for denial in Denial.objects.visible_to(user).for_timeline().filter(statement__event__in=ids):
        found.setdefault(denial.statement.event_id, []).append(denial)
    return {
        pk: sorted(denials, key=lambda denial: denial.statement.issued_at)
        for pk, denials in found.items()
    }


def _matches(events, terms, user):
    """The best statement of each event for ``terms``, in one query, and its marked passage;
    else the summary's."""
    forms = highlight_forms(terms)
    best = Statement.objects.visible_to(user).best_matches([e.pk for e in events], terms)
    matches = {}
    for event in events:
        statement = best.get(event.pk)
        snippet = marking.snippet(statement.plain_text, forms) if statement is not None else ""
        if not snippet:
            statement, snippet = None, marking.snippet(event.summary, forms)
        matches[event.pk] = Match(snippet, statement, bool(marking.snippet(event.title, forms)))
    return matches
