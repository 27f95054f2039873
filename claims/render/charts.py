"""Pictures drawn on the server as SVG: an event's timeline, who denies whom, a party's delays.

Nothing runs in the reader's browser (the CSP stays as strict as ever). Each chart is computed
here as geometry — plain data: coordinates, labels, classes — and drawn by an SVG template
(``templates/claims/charts/``), styled by classes of the site's stylesheet, with a title and a
description for assistive technology; the page around it says the same in text. Charts take
what the page has already loaded, so they cost no query of their own.
"""

import math
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from claims.models import Precision
from claims.models.publishing import truncate
from claims.render import wording


def _draw(template, **chart):
    """The SVG of a chart: ``chart`` (its size, title, description and geometry) drawn by
    ``templates/claims/charts/<template>.svg``."""
    chart.setdefault("role", "img")
    # The template escaped every value it drew: what it gives is safe as it stands.
    return mark_safe(render_to_string(f"claims/charts/{template}.svg", {"chart": chart}).strip())


def _n(value):
    """Coordinates with one decimal at most: short markup, no float noise."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _shorten(text, limit):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- An event's timeline -------------------------------------------------------------------


@dataclass
class _Item:
    moment: object
    precision: str
    lane: int
    colour: int
    label: str
    statement: object = None
    x: float = 0.0


LANE_LABEL, SLOT, GAP, LANE, TOP = 104, 76, 26, 50, 34


def _bucket(moment, precision):
    """Items at the same day (or month, if that is all that is known) share a group."""
    coarse = Precision.MONTH if precision == Precision.MONTH else Precision.DAY
    return truncate(moment, coarse), coarse


def event_timeline(comparison):
    """The event and each side's statements on a time axis, one lane per side, denials drawn
    as arrows from the rebuttal to what it rebuts, labelled with the time it took."""
    event, columns = comparison.event, comparison.columns
    if not comparison.statements:
        return ""
    items = [_Item(event.occurred_at, event.occurred_precision, 0, -1, _("The event"))]
    lanes = {column.side.pk: number for number, column in enumerate(columns, 1)}
    for statement in comparison.statements:
        items.append(
            _Item(
                statement.issued_at,
                statement.issued_precision,
                lanes[statement.party.side.pk],
                comparison.colour_of(statement),
                statement.label,
                statement,
            )
        )
    items.sort(key=lambda item: (item.moment, item.statement is not None))
    groups = []  # [(bucket, precision, [items])]
    for item in items:
        bucket, coarse = _bucket(item.moment, item.precision)
        if groups and groups[-1][0] == bucket:
            groups[-1][2].append(item)
        else:
            groups.append((bucket, coarse, [item]))
    x, axis = LANE_LABEL, []
    for bucket, coarse, members in groups:
        start = x
        for item in members:
            item.x = x + SLOT / 2
            x += SLOT
        moment_words = wording.format_at_precision(bucket, coarse)
        axis.append((start, x, moment_words))
        x += GAP
    width = int(x - GAP + 8)
    lanes_count = len(columns) + 1
    axis_y = TOP + lanes_count * LANE + 6
    height = axis_y + 34

    def lane_y(lane):
        return TOP + lane * LANE + LANE / 2

    names = [_("Event")] + [column.side.label for column in columns]
    lanes = [
        {
            "y": _n(lane_y(lane)),
            "label_y": _n(lane_y(lane) + 4),
            "name": _shorten(name, 14),
            "css": "lane-label"
            if lane == 0
            else f"lane-label side-text-{columns[lane - 1].colour}",
        }
        for lane, name in enumerate(names)
    ]
    stretches = [
        {"x1": _n(start + 4), "x2": _n(end - 4), "label_x": _n((start + end) / 2), "words": words}
        for start, end, words in axis
    ]
    by_statement = {item.statement.pk: item for item in items if item.statement is not None}
    arrows = []
    for denial in comparison.denials:
        source, target = by_statement.get(denial.statement.pk), by_statement.get(denial.target.pk)
        if source is None or target is None:
            continue
        x1, y1, x2, y2 = source.x, lane_y(source.lane), target.x, lane_y(target.lane)
        start, end = y1 - 11, y2 - 12  # from the top of one dot to the top of the other
        # The curve's highest point clears the upper dot; the label sits on it.
        apex = max(min(y1, y2) - 26 - min(abs(x1 - x2) / 8, 30), 16)
        cx, cy = (x1 + x2) / 2, 2 * apex - (start + end) / 2
        arrows.append(
            {
                "path": f"M{_n(x1)} {_n(start)} Q{_n(cx)} {_n(cy)} {_n(x2)} {_n(end)}",
                "label_x": _n(cx),
                "label_y": _n(apex - 5),
                "label": wording.denial_delay_briefly(denial),
            }
        )
    # Numbered as the list under the chart numbers them (the event is 1).
    numbers = {statement.pk: n for n, statement in enumerate(comparison.statements, 2)}
    dots = []
    for item in items:
        y = lane_y(item.lane)
        exact = item.precision == Precision.EXACT
        dots.append(
            {
                "x": _n(item.x),
                "y": _n(y),
                "mark_y": _n(y - 8),
                "number": numbers[item.statement.pk] if item.statement is not None else None,
                "number_y": _n(y + 4),
                "colour": item.colour,
                "time": f"{timezone.localtime(item.moment):%H:%M}" if exact else "",
                "time_y": _n(y + 24),
            }
        )
    denials = len(comparison.denials)
    # Each count agrees with its own noun ("6 statements by 2 sides; 1 rebuttal …").
    statements, sides = len(comparison.statements), len(columns)
    description = _("%(statements)s by %(sides)s; %(denials)s.") % {
        "statements": ngettext("%(n)d statement", "%(n)d statements", statements)
        % {"n": statements},
        "sides": ngettext("%(n)d side", "%(n)d sides", sides) % {"n": sides},
        "denials": ngettext(
            "%(n)d rebuttal drawn as an arrow", "%(n)d rebuttals drawn as arrows", denials
        )
        % {"n": denials},
    }
    return _draw(
        "timeline",
        width=width,
        height=height,
        id="timeline-chart",
        title=_("Timeline of %(event)s") % {"event": event.display_title},
        description=description,
        css="timeline-chart",
        lane_start=LANE_LABEL - 4,
        label_x=LANE_LABEL - 10,
        axis_y=axis_y,
        axis_label_y=axis_y + 18,
        lanes=lanes,
        axis=stretches,
        arrows=arrows,
        dots=dots,
    )


# --- Who denies whom -----------------------------------------------------------------------

CELL, HEAD = 52, 92


def denial_matrix(matrix, link, highlight=None):
    """A heat map of who denies whom: a row per denying side, a column per denied side, each
    square shaded by its count and linking (``link(denier, denied)``) to those rebuttals."""
    sides, rows = matrix["sides"], matrix["rows"]
    if not sides:
        return ""
    highest = max((count for _, counts in rows for count in counts), default=0) or 1
    size = HEAD + CELL * len(sides) + 8
    labels = [
        {
            "x": _n(HEAD + number * CELL + CELL / 2),
            "row_y": _n(HEAD + number * CELL + CELL / 2 + 4),
            "css": "matrix-label matrix-label-own" if highlight == side.pk else "matrix-label",
            "name": _shorten(side.label, 12),
        }
        for number, side in enumerate(sides)
    ]
    squares = []
    for row, (denier, counts) in enumerate(rows):
        for column, count in enumerate(counts):
            denied = sides[column]
            x, y = HEAD + column * CELL, HEAD + row * CELL
            square = {
                "x": x + 1,
                "y": y + 1,
                "text_x": _n(x + CELL / 2),
                "text_y": y + CELL // 2 + 5,
            }
            if denier.pk is not None and denier.pk == denied.pk:
                squares.append({**square, "own": True})
                continue
            # Five shades: one per rebuttal up to five, in proportion beyond. "Others" and empty
            # squares link nowhere.
            level = min(5, count if highest <= 5 else math.ceil(5 * count / highest))
            linked = count and denier.pk is not None and denied.pk is not None
            name = ngettext(
                "%(denier)s rebutted %(denied)s once",
                "%(denier)s rebutted %(denied)s %(count)d times",
                count,
            ) % {"denier": denier.label, "denied": denied.label, "count": count}
            squares.append(
                {
                    **square,
                    "level": level,
                    "count": count,
                    "link": link(denier, denied) if linked else "",
                    "name": name,
                }
            )
    total = sum(sum(counts) for _, counts in rows)
    description = ngettext(
        "%(total)d rebuttal among %(sides)d sides. Rows: the side that rebutted; columns: the "
        "side whose statement was rebutted.",
        "%(total)d rebuttals among %(sides)d sides. Rows: the side that rebutted; columns: the "
        "side whose statement was rebutted.",
        total,
    ) % {"total": total, "sides": len(sides)}
    return _draw(
        "matrix",
        width=size,
        height=size,
        id="denial-matrix",
        title=_("Who denies whom"),
        description=description,
        role="group",
        css="matrix-chart",
        head_label=HEAD - 8,
        square=CELL - 2,
        labels=labels,
        squares=squares,
    )


# --- A party's delays over time ------------------------------------------------------------

PLOT_W, PLOT_H, LEFT, BOTTOM = 560, 200, 64, 36
# Delay ticks on a logarithmic scale, in hours.
TICKS = [
    (0.25, pgettext_lazy("chart tick", "15 min")),
    (1, pgettext_lazy("chart tick", "1 h")),
    (6, pgettext_lazy("chart tick", "6 h")),
    (24, pgettext_lazy("chart tick", "1 day")),
    (24 * 7, pgettext_lazy("chart tick", "1 week")),
]


def party_delays(points):
    """Each point ``(moment, hours or None, series)`` — series "readout" (time from the event
    to the side's first statement) or "denial" (time to rebut) — on a time axis, the delay on
    a log scale; a delay known only to the day and under a day sits on the "same day" line."""
    points = [p for p in points if p[0] is not None]
    if not points:
        return ""
    first, last = min(p[0] for p in points), max(p[0] for p in points)
    span = (last - first).total_seconds() or 1
    lowest, highest = math.log10(0.25), math.log10(24 * 30)

    def x_of(moment):
        return LEFT + 10 + (PLOT_W - 20) * ((moment - first).total_seconds() / span)

    def y_of(hours):
        if hours is None:  # the same day, at day precision
            return PLOT_H - 6
        value = min(max(math.log10(max(hours, 0.25)), lowest), highest)
        return PLOT_H - 24 - (PLOT_H - 40) * (value - lowest) / (highest - lowest)

    ticks = [
        {
            "y": _n(y_of(hours)),
            "label_y": _n(y_of(hours) + 4),
            "label": wording.NBSP.join(str(label).split(" ")),
        }
        for hours, label in TICKS
    ]
    ends = ((first, "start"), (last, "end")) if last != first else ((first, "middle"),)
    dates = [
        {"x": _n(x_of(moment)), "anchor": anchor, "words": date_format(moment, "M Y")}
        for moment, anchor in ends
    ]
    marks = [
        {
            "x": _n(x_of(moment)),
            "y": _n(y_of(hours)),
            "top": _n(y_of(hours) - 6),
            "denial": series == "denial",
        }
        for moment, hours, series in points
    ]
    legend_y = PLOT_H + 30
    readouts = sum(1 for p in points if p[2] == "readout")
    denials = len(points) - readouts
    description = _(
        "%(readouts)s and %(denials)s, by date; higher means later, on a logarithmic scale."
    ) % {
        "readouts": ngettext("%(n)d first statement", "%(n)d first statements", readouts)
        % {"n": readouts},
        "denials": ngettext("%(n)d rebuttal", "%(n)d rebuttals", denials) % {"n": denials},
    }
    return _draw(
        "delays",
        width=LEFT + PLOT_W + 12,
        height=PLOT_H + 40,
        id="party-delays",
        title=_("How fast it speaks and rebuts"),
        description=description,
        css="delay-chart",
        left=LEFT,
        right=LEFT + PLOT_W,
        bottom=PLOT_H,
        tick_x=LEFT - 6,
        ticks=ticks,
        same_day=_("same day"),
        same_day_y=PLOT_H - 2,
        date_y=PLOT_H + 18,
        dates=dates,
        points=marks,
        legend={
            "y": legend_y,
            "dot_y": legend_y - 4,
            "mark_y": legend_y - 10,
            "readout_x": LEFT + 6,
            "readout_text_x": LEFT + 16,
            "denial_x": LEFT + 246,
            "denial_text_x": LEFT + 256,
            "readout": _("first statement after the event"),
            "denial": _("rebuttal after what it rebuts"),
        },
    )
