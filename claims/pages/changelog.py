"""An event's public change log: what readers could see appear, change and go, and when —
read from the revision history the model layer keeps, never stored twice.

Only what was public is told: a statement shows up when it and its event were both published,
a rebuttal when it, too, was; "withdrawn" when something public stopped being so (unpublished
or deleted). Drafts that never reached readers leave no trace here. Corrections are the notes
editors wrote for readers (``Correction``).
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from claims.models import Correction, Denial, Party, Statement, Status
from claims.render import wording


@dataclass
class Change:
    moment: datetime
    kind: str  # "published", "added", "corrected", "withdrawn"
    text: str
    anchor: str = ""


def _public_periods(rows):
    """``[(start, end or None)]`` during which a row with these history ``rows`` (oldest first:
    ``(history_date, status, history_type)``) was published."""
    periods, start = [], None
    for moment, status, kind in rows:
        published = kind != "-" and status == Status.PUBLISHED
        if published and start is None:
            start = moment
        elif not published and start is not None:
            periods.append((start, moment))
            start = None
    if start is not None:
        periods.append((start, None))
    return periods


def _within(periods, limits):
    """The parts of ``periods`` inside ``limits`` (both lists of ``(start, end or None)``)."""
    far = datetime.max.replace(tzinfo=None)

    def key(moment):
        return moment.replace(tzinfo=None) if moment else far

    out = []
    for start, end in periods:
        for low, high in limits:
            begin = max(start, low)
            finish = min((m for m in (end, high) if m is not None), default=None)
            if finish is None or key(begin) < key(finish):
                out.append((begin, finish))
    return out


def _histories(model, **lookups):
    rows = {}
    for row in (
        model.history.filter(**lookups)
        .order_by("history_date", "history_id")
        .values_list("id", "history_date", "status", "history_type")
    ):
        rows.setdefault(row[0], []).append(row[1:])
    return rows


def event_changes(event, statements_shown=(), denials_shown=()):
    """The event's public changes, newest first (six queries at most). ``statements_shown``
    and ``denials_shown``: what the page shows, for links (and to say who rebutted whom)."""
    event_periods = _public_periods(
        event.history.order_by("history_date", "history_id").values_list(
            "history_date", "status", "history_type"
        )
    )
    if not event_periods:
        return []
    changes = [Change(event_periods[0][0], "published", _("The event was published."))]
    statements = _histories(Statement, event_id=event.pk)
    latest = {  # what each statement was last: who spoke, and in what form
        row.id: row
        for row in Statement.history.filter(event_id=event.pk).order_by(
            "history_date", "history_id"
        )
    }
    parties = Party.objects.in_bulk({row.party_id for row in latest.values()})
    shown = {statement.pk for statement in statements_shown}
    public = {}  # statement → when it was public on this page
    for pk, rows in statements.items():
        row = latest[pk]
        party = parties.get(row.party_id)
        label = _("%(party)s %(kind)s") % {
            "party": party or _("A party"),
            "kind": Statement.Kind(row.kind).label.lower(),
        }
        # Statement.public_through: public while published and while its event is.
        public[pk] = _within(_public_periods(rows), event_periods)
        anchor = f"statement-{pk}" if pk in shown else ""
        for number, (start, end) in enumerate(public[pk]):
            if start != event_periods[0][0] or number:
                text = _("Added: %(statement)s.") % {"statement": label}
                changes.append(Change(start, "added", text, anchor))
            if end is not None:
                changes.append(
                    Change(end, "withdrawn", _("Withdrawn: %(statement)s.") % {"statement": label})
                )
    # The publishing rule, followed through time: a rebuttal is public while it is published
    # and while each row it hangs on (``Denial.public_through``: its two statements) is public.
    links = [f"{name}_id" for name, _optional, _model in Denial.public_links()]
    ends = {}  # denial → the statements it hangs on
    for pk, *linked in Denial.history.filter(statement_id__in=list(statements)).values_list(
        "id", *links
    ):
        ends[pk] = linked
    denials = _histories(Denial, id__in=list(ends)) if ends else {}
    rebuttals = {denial.pk: denial for denial in denials_shown}
    for pk, rows in denials.items():
        periods = _public_periods(rows)
        for statement_id in ends[pk]:
            periods = _within(periods, public.get(statement_id, []))
        for number, (start, end) in enumerate(periods):
            if start != event_periods[0][0] or number:
                if pk in rebuttals:
                    sentence = wording.rebuttal_sentence(rebuttals[pk])
                    text = _("Rebuttal added: %(sentence)s.") % {"sentence": sentence}
                    changes.append(Change(start, "added", text, f"denial-{pk}"))
                else:
                    changes.append(Change(start, "added", _("A rebuttal was added.")))
            if end is not None:
                changes.append(Change(end, "withdrawn", _("A rebuttal was withdrawn.")))
    for correction in Correction.objects.filter(statement__event=event).published():
        changes.append(
            Change(correction.corrected_at, "corrected",
                   _("Corrected: %(note)s") % {"note": correction.note},
                   f"statement-{correction.statement_id}" if correction.statement_id in shown
                   else "")
        )  # fmt: skip
    changes.sort(key=lambda change: change.moment, reverse=True)
    return changes
