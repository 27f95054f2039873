"""The comparison of one event: columns per side, claims matrix, rebuttal timeline.

Built in Python from what ``Event.objects.for_comparison()`` prefetched, so drawing the page costs
no further queries. Nothing here is stored: columns, "not mentioned" cells, delays and "awaiting
response" are all derived from statements, denials and stances.
"""

from dataclasses import dataclass, field

from .models import Precision, Stance
from .models.publishing import describe_delay, truncate
from .models.statements import mark_passages


@dataclass
class Column:
    side: object
    statements: list = field(default_factory=list)


@dataclass
class Cell:
    side: object
    position: str = ""  # a Stance.Position value; "" means not mentioned
    label: str = "not mentioned"
    quote: str = ""
    statement: object = None
    denial: object = None


@dataclass
class Row:
    claim: object
    cells: list


@dataclass
class TimelineEntry:
    """One statement in the event's story, with the rebuttals it made."""

    statement: object
    since_event: str
    first: bool = False

    @property
    def denials(self):
        return self.statement.visible_denials_made


def marked_text(statement):
    """The statement's HTML with each passage its visible denials dispute in ``<mark>``."""
    passages = {}
    for denial in statement.visible_denials_received:
        passages.setdefault(denial.disputed_passage, []).append(denial)
    marks = [
        (
            passage,
            denials[0].mark_anchor,
            [(d.anchor, f"{d.get_kind_display()} by {d.statement.party}") for d in denials],
        )
        for passage, denials in passages.items()
    ]
    return mark_passages(statement.text, marks)


class Comparison:
    def __init__(self, event):
        self.event = event
        self.statements = list(event.visible_statements)
        by_id = {statement.pk: statement for statement in self.statements}
        self.denials = []
        for statement in self.statements:
            for denial in statement.visible_denials_made:
                denial.statement, denial.target = statement, by_id[denial.target_id]
                self.denials.append(denial)
            for denial in statement.visible_denials_received:
                denial.statement, denial.target = by_id[denial.statement_id], statement
        self.denials.sort(key=lambda d: (d.statement.issued_at, d.pk))
        self.columns = self._columns()
        self.awaiting = self._awaiting()
        self.sides = self._sides()
        for statement in self.statements:
            statement.marked_text = marked_text(statement)
        self.rows = self._matrix()
        self.timeline = self._timeline()

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
                if stance := stances.get(side.pk):
                    cell = Cell(
                        side,
                        stance.position,
                        stance.get_position_display(),
                        stance.quote,
                        stance.statement,
                    )
                elif denial := denials.get(side.pk):
                    position = Stance.FROM_DENIAL[denial.kind]
                    cell = Cell(
                        side,
                        position,
                        Stance.Position(position).label,
                        denial.rebutting_passage,
                        denial.statement,
                        denial,
                    )
                else:
                    cell = Cell(side)
                cells.append(cell)
            rows.append(Row(claim, cells))
        return rows

    def _timeline(self):
        event = self.event
        entries = []
        for statement in self.statements:
            precision = Precision.coarsest(statement.issued_precision, event.occurred_precision)
            since = describe_delay(event.occurred_at, statement.issued_at, precision, "the event")
            entries.append(TimelineEntry(statement, since))
        # "Spoke first" only when the times, at the precision they are known, say so.
        sides = [e for e in entries if e.statement.party.side != entries[0].statement.party.side]
        if sides:
            first, other = entries[0].statement, sides[0].statement
            precision = Precision.coarsest(first.issued_precision, other.issued_precision)
            entries[0].first = truncate(first.issued_at, precision) < truncate(
                other.issued_at, precision
            )
        return entries

    @property
    def sources(self):
        return [statement for statement in self.statements if statement.has_source]

    def as_dict(self, absolute):
        """The comparison as plain data (for JSON); ``absolute`` makes URLs absolute."""
        event = self.event

        def party(p):
            return {"name": p.name, "slug": p.slug, "url": absolute(p.get_absolute_url())}

        def statement(s):
            return {
                "id": s.pk,
                "url": absolute(s.get_absolute_url()),
                "party": party(s.party),
                "side": s.party.side.slug,
                "speaker_as_printed": s.speaker,
                "attribution": s.attribution,
                "conduit": s.conduit,
                "kind": s.kind,
                "issued_at": s.issued_at.isoformat(),
                "precision": s.issued_precision,
                "when": s.when,
                "language": s.language,
                "text_html": s.text,
                "translation_html": s.translation,
                "translated_by": s.translated_by,
                "source": {"name": s.source_name, "url": s.source_url, "archive": s.archive_url},
                "corrections": [
                    {"corrected_at": c.corrected_at.isoformat(), "note": c.note}
                    for c in s.corrections.all()
                ],
            }

        return {
            "event": {
                "title": event.title,
                "slug": event.slug,
                "url": absolute(event.get_absolute_url()),
                "kind": event.kind,
                "occurred_at": event.occurred_at.isoformat(),
                "precision": event.occurred_precision,
                "when": event.when,
                "location": event.location,
                "summary": event.summary,
                "initiated_by": party(event.initiated_by) if event.initiated_by else None,
                "participants": [party(p) for p in event.participants.all()],
                "topics": [t.name for t in event.topics.all()],
            },
            "columns": [
                {"side": party(c.side), "statements": [statement(s) for s in c.statements]}
                for c in self.columns
            ],
            "denials": [
                {
                    "id": d.pk,
                    "statement": d.statement_id,
                    "target": d.target_id,
                    "kind": d.kind,
                    "disputed_passage": d.disputed_passage,
                    "rebutting_passage": d.rebutting_passage,
                    "claim": d.claim.text if d.claim else None,
                    "delay_seconds": int(d.delay.total_seconds()),
                    "delay": d.delay_display,
                }
                for d in self.denials
            ],
            "claims": [
                {
                    "claim": row.claim.text,
                    "stances": {
                        cell.side.slug: {
                            "position": cell.position or "not_mentioned",
                            "quote": cell.quote,
                            "statement": cell.statement.pk if cell.statement else None,
                            "denial": cell.denial.pk if cell.denial else None,
                        }
                        for cell in row.cells
                    },
                }
                for row in self.rows
            ],
            "awaiting_response": [party(p) for p in self.awaiting],
        }

    @property
    def at_a_glance(self):
        """One line for readers in a hurry: who spoke, and who rebutted whom, how fast."""
        sides = len(self.columns)
        parts = [
            f"{sides} side{'s'[: sides != 1]}, "
            f"{len(self.statements)} statement{'s'[: len(self.statements) != 1]}"
        ]
        for denial in self.denials:
            parts.append(
                f"{denial.statement.party.side.label} {denial.verb} "
                f"{denial.target.party.side.label}'s account ({denial.delay_short})"
            )
        if self.awaiting:
            parts.append("awaiting " + ", ".join(party.side.label for party in self.awaiting))
        return parts

    @property
    def corrections(self):
        return [
            correction
            for statement in self.statements
            for correction in statement.corrections.all()
        ]

    @property
    def is_disputed(self):
        return bool(self.denials)
