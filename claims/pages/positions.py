"""Position history: what each side asserted, denied or left unmentioned, claim by claim, in
the order of events — for one side across its events (the party page), and for one
proposition across the events it was recorded in (the claim page).

Derived from claims loaded with ``Claim.objects.for_positions()``, as the event page derives its
matrix (``comparison.cell_for``): no position is stored twice, and "not mentioned" is the
absence of one.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from claims.pages.comparison import Cell, cell_for, colours_for


@dataclass
class PositionRow:
    claim: object
    cells: list


def _cells_by_side(claim):
    stances = {stance.side_id: stance for stance in claim.visible_stances}
    denials = {}
    for denial in claim.visible_denials:
        denials.setdefault(denial.statement.party.side.pk, denial)
    return stances, denials


ABSENT = "absent"  # the side took no part in the claim's event


def _sides_taking_part(event):
    """The sides that took part in ``event``: its participants', and those of who spoke in it
    (prefetched by ``Claim.objects.for_positions``)."""
    parties = [
        *getattr(event, "taking_part", ()),
        *(s.party for s in getattr(event, "speaking", ())),
    ]
    return {party.side.pk for party in parties}


def of_side(side, claims):
    """``side``'s cell on each claim (oldest event first), "not mentioned" included."""
    rows = []
    for claim in claims:
        stances, denials = _cells_by_side(claim)
        rows.append(
            PositionRow(claim, [cell_for(side, stances.get(side.pk), denials.get(side.pk))])
        )
    return rows


def across_events(claims):
    """A thread of claims (``Claim.objects.thread_of``): a row per event, a column for each
    side that took a position in any of them."""
    sides = {}
    for claim in claims:
        stances, denials = _cells_by_side(claim)
        for stance in stances.values():
            sides.setdefault(stance.side.pk, stance.side)
        for denial in denials.values():
            side = denial.statement.party.side
            sides.setdefault(side.pk, side)
    sides = sorted(sides.values(), key=lambda side: side.label)
    rows, colours = [], colours_for(sides)
    for claim in claims:
        stances, denials = _cells_by_side(claim)
        present = _sides_taking_part(claim.event) | set(stances) | set(denials)
        cells = []
        for side in sides:
            if side.pk in present:
                cell = cell_for(side, stances.get(side.pk), denials.get(side.pk))
            else:
                cell = Cell(side, ABSENT, gettext("not part of this event"))
            cell.colour = colours[side.pk]
            cells.append(cell)
        rows.append(PositionRow(claim, cells))
    return sides, rows
