"""The comparison of one event: columns per side, claims matrix, rebuttal timeline.

Built in Python from what ``Event.objects.for_comparison()`` prefetched, so drawing the page costs
no further queries. Nothing here is stored: columns, "not mentioned" cells, delays and "awaiting
response" are all derived from statements, denials and stances.

The model layer keeps the data consistent on every write; if the database holds something
inconsistent anyway (a row changed behind its back), the page still renders: what cannot be
drawn is left out and logged, never a server error.
"""

import logging
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _

from claims.models import Precision, Stance
from claims.models.publishing import truncate
from claims.render import charts, wording
from claims.render.marking import mark_passages
from claims.text.passages import passage_in_html

logger = logging.getLogger(__name__)


# Sides are told apart by colour as well as by name, the same on every part of the page
# (columns, the dispute, the matrix, the chart) — and the same side on every event (colours_for).
COLOURS = 6


def colours_for(sides):
    """``{side id: colour}``: each side keeps its own colour (from its id) on every page, so
    that Valdoria is the same colour on each event; if a side listed before it on this page
    has that colour, it takes the next free one. (Beyond six sides, colours repeat: names
    tell them apart.)"""
    taken, colours = set(), {}
    for side in sides:
        own = side.pk % COLOURS
        free = [(own + step) % COLOURS for step in range(COLOURS)]
        colour = next((c for c in free if c not in taken), own)
        taken.add(colour)
        colours[side.pk] = colour
    return colours


@dataclass(frozen=True)
class RebuttalView:
    """A rebuttal as the page shows it: the colours of both sides, and whether its disputed
    words could be marked in the target's text (else links go to the target itself)."""

    denial: object
    colour: int  # the rebutting side's
    target_colour: int  # the rebutted side's
    mark_found: bool

    @property
    def disputed_anchor(self):
        denial = self.denial
        return denial.mark_anchor if self.mark_found else f"statement-{denial.target_id}"


@dataclass(frozen=True)
class StatementView:
    """A statement in its column: its side's colour, its text with the disputed passages
    marked, and the rebuttals it made (within this event)."""

    statement: object
    colour: int
    marked_text: str
    rebuttals: list


@dataclass(frozen=True)
class Silence:
    """A participant that has not spoken, and the desk's request for its comment (if any)."""

    party: object
    request: object

    @cached_property
    def sentence(self):
        return wording.comment_request_sentence(self.request) if self.request else ""


@dataclass
class Column:
    side: object
    statements: list = field(default_factory=list)  # the statements (data: JSON, charts)
    colour: int = 0
    views: list = field(default_factory=list)  # StatementView of each, for the page


@dataclass
class Cell:
    side: object
    position: str = ""  # a Stance.Position value; "" means not mentioned
    label: str = ""
    quote: str = ""
    statement: object = None
    denial: object = None
    colour: int = 0

    def __post_init__(self):
        self.label = self.label or _("not mentioned")


@dataclass
class Row:
    claim: object
    cells: list


@dataclass
class TimelineEntry:
    """One statement in the event's story, with the rebuttals it made."""

    statement: object
    since_event: str
    colour: int
    denials: list
    first: bool = False


def cell_for(side, stance=None, denial=None):
    """What ``side`` says of a claim: its stance; else the position its denial of the claim
    implies (no second entry needed); else nothing — "not mentioned"."""
    if stance is not None:
        return Cell(side, stance.position, stance.get_position_display(), stance.quote,
                    stance.statement)  # fmt: skip
    if denial is not None:
        position = Stance.FROM_DENIAL[denial.kind]
        return Cell(side, position, Stance.Position(position).label, denial.rebutting_passage,
                    denial.statement, denial)  # fmt: skip
    return Cell(side)


def marked_text(statement, quote="", received=None):
    """The statement's HTML with each passage that ``received`` (its visible denials, by
    default all that were prefetched) dispute in ``<mark>`` — and ``quote``, words a reader's
    link points at, if given."""
    passages = {}
    for denial in statement.visible_denials_received if received is None else received:
        if passage_in_html(statement.text, denial.disputed_passage):
            passages.setdefault(denial.disputed_passage, []).append(denial)
        else:
            logger.warning(
                "Denial %s quotes words its target statement %s no longer contains.",
                denial.pk,
                statement.pk,
            )
    marks = [
        (
            passage,
            denials[0].mark_anchor,
            "; ".join(wording.rebutted_by(d) for d in denials),
            [(d.anchor, wording.rebutted_by(d)) for d in denials],
        )
        for passage, denials in passages.items()
    ]
    if quote:
        marks.append((quote, "quote", _("the quoted words"), [], "quoted-passage"))
    return mark_passages(statement.text, marks)


class Comparison:
    def __init__(self, event):
        self.event = event
        self.statements = list(event.visible_statements)
        by_id = {statement.pk: statement for statement in self.statements}
        self.shown = set(by_id)
        self.made, received = {}, {}  # statement id → its denials within this event
        self.denials = []
        for statement in self.statements:
            self.made[statement.pk] = self._within_event(
                statement.visible_denials_made, by_id, "target_id", "statement", statement
            )
            received[statement.pk] = self._within_event(
                statement.visible_denials_received, by_id, "statement_id", "target", statement
            )
            self.denials += self.made[statement.pk]
        self.denials.sort(key=lambda d: (d.statement.issued_at, d.pk))
        self.columns = self._columns()
        self.awaiting = self._awaiting()
        self.silences = self._silences()
        self.asked_for_comment = any(silence.request for silence in self.silences)
        self.sides = self._sides()
        self.colours = colours_for(self.sides)
        self.rebuttals = [self._rebuttal_view(denial) for denial in self.denials]
        views = {view.denial.pk: view for view in self.rebuttals}
        for column in self.columns:
            column.colour = self.colours[column.side.pk]
            column.views = [
                StatementView(
                    statement,
                    column.colour,
                    marked_text(statement, received=received[statement.pk]),
                    [views[denial.pk] for denial in self.made[statement.pk]],
                )
                for statement in column.statements
            ]
        self.rows = self._matrix()
        self.timeline = self._timeline()

    def colour_of(self, statement):
        return self.colours[statement.party.side.pk]

    def _rebuttal_view(self, denial):
        return RebuttalView(
            denial,
            self.colour_of(denial.statement),
            self.colour_of(denial.target),
            passage_in_html(denial.target.text, denial.disputed_passage),
        )

    def _within_event(self, denials, by_id, other_id, own, statement):
        """Denials whose other statement is on this page, linked to it; others are logged."""
        kept = []
        for denial in denials:
            other = by_id.get(getattr(denial, other_id))
            if other is None:
                logger.warning(
                    "Event %s: denial %s links a statement that is not on its page.",
                    self.event.slug,
                    denial.pk,
                )
                continue
            if own == "statement":
                denial.statement, denial.target = statement, other
            else:
                denial.statement, denial.target = other, statement
            kept.append(denial)
        return kept

    def _columns(self):
        columns = {}
        for statement in self.statements:  # in time order, so the first speaker comes first
            side = statement.party.side
            columns.setdefault(side.pk, Column(side)).statements.append(statement)
        return list(columns.values())

    def _sides(self):
        """Matrix columns: sides that spoke, then silent participants, then any other side a
        stance was entered for — so that no stance is left out."""
        sides = [column.side for column in self.columns] + [p.side for p in self.awaiting]
        for claim in self.event.claims.all():
            sides += [stance.side for stance in claim.visible_stances]
        return list({side.pk: side for side in sides}.values())

    def _awaiting(self):
        spoken = {column.side.pk for column in self.columns}
        awaiting, seen = [], set()
        for party in self.event.participants.all():
            side = party.side
            if side.pk not in spoken and side.pk not in seen:
                seen.add(side.pk)
                awaiting.append(party)
        return awaiting

    def _silences(self):
        """Each silent participant with the desk's latest request for comment to its side
        (None: nobody asked — the page then does not call it "awaiting response")."""
        asked = {}
        for request in self.event.comment_requests.all():  # oldest first: the latest wins
            asked[request.party.side.pk] = request
        return [Silence(party, asked.get(party.side.pk)) for party in self.awaiting]

    def _matrix(self):
        rows = []
        for claim in self.event.claims.all():
            stances = {stance.side_id: stance for stance in claim.visible_stances}
            denials = {}
            for denial in self.denials:
                if denial.claim_id == claim.pk:
                    denials.setdefault(denial.statement.party.side.pk, denial)
            cells = []
            for side in self.sides:
                stance = stances.get(side.pk)
                cell = cell_for(side, stance, denials.get(side.pk))
                if stance is not None:
                    cell.statement = self._on_page(stance.statement)
                cell.colour = self.colours[side.pk]
                cells.append(cell)
            rows.append(Row(claim, cells))
        return rows

    def _on_page(self, statement):
        """``statement`` if this page shows it (a link to it then has somewhere to go)."""
        return statement if statement is not None and statement.pk in self.shown else None

    def _timeline(self):
        event = self.event
        entries = []
        for statement in self.statements:
            entries.append(
                TimelineEntry(
                    statement,
                    wording.since_event(event, statement),
                    self.colour_of(statement),
                    self.made[statement.pk],
                )
            )
        # "Spoke first" only when the times, at the precision they are known, say so.
        sides = [e for e in entries if e.statement.party.side != entries[0].statement.party.side]
        if sides:
            first, other = entries[0].statement, sides[0].statement
            precision = Precision.coarsest(first.issued_precision, other.issued_precision)
            entries[0].first = truncate(first.issued_at, precision) < truncate(
                other.issued_at, precision
            )
        return entries

    @cached_property
    def timeline_chart(self):
        return charts.event_timeline(self)

    @property
    def sources(self):
        return [statement for statement in self.statements if statement.has_source]

    @property
    def at_a_glance(self):
        """One line for readers in a hurry: who spoke, and who rebutted whom, how fast."""
        return wording.at_a_glance(self)

    @cached_property
    def changes(self):
        from claims.pages.changelog import event_changes

        return event_changes(self.event, self.statements, self.denials)

    @property
    def is_disputed(self):
        return bool(self.denials)
