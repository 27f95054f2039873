"""Pictures drawn on the server as SVG: an event's timeline, who denies whom, a party's delays.

Nothing runs in the reader's browser (the CSP stays as strict as ever): each chart is markup
built with ``format_html``, styled by classes of the site's stylesheet, with a title and a
description for assistive technology — and the page around it says the same in text. Charts
take what the page has already loaded, so they cost no query of their own.
"""

import math
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from claims.models import Precision
from claims.models.publishing import truncate
from claims.render import wording


def _svg(width, height, title_id, title, description, body, role="img", css=""):
    return format_html(
        '<svg class="chart {}" viewBox="0 0 {} {}" width="{}" height="{}" role="{}" '
        'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        css, width, height, width, height, role, title_id, title_id,
        title_id, title, title_id, description, body,
    )  # fmt: skip


def _text(x, y, content, css="", anchor="start"):
    return format_html(
        '<text x="{}" y="{}" class="{}" text-anchor="{}">{}</text>',
        _n(x), _n(y), css, anchor, content,
    )  # fmt: skip


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
    x, parts, axis = LANE_LABEL, [], []
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
    for lane, name in enumerate(names):
        y = lane_y(lane)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="lane-line"/>',
                LANE_LABEL - 4,
                _n(y),
                width,
                _n(y),
            )  # fmt: skip
        )
        css = "lane-label" if lane == 0 else f"lane-label side-text-{columns[lane - 1].colour}"
        parts.append(_text(LANE_LABEL - 10, y + 4, _shorten(name, 14), css, "end"))
    for start, end, words in axis:
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis-line"/>',
                _n(start + 4),
                axis_y,
                _n(end - 4),
                axis_y,
            )  # fmt: skip
        )
        parts.append(_text((start + end) / 2, axis_y + 18, words, "axis-label", "middle"))
    by_statement = {item.statement.pk: item for item in items if item.statement is not None}
    arrows, labels = [], []
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
            format_html(
                '<path d="M{} {} Q{} {} {} {}" class="denial-arrow" '
                'marker-end="url(#timeline-arrowhead)"/>',
                _n(x1),
                _n(start),
                _n(cx),
                _n(cy),
                _n(x2),
                _n(end),
            )  # fmt: skip
        )
        labels.append(
            _text(cx, apex - 5, wording.denial_delay_briefly(denial), "arrow-label", "middle")
        )
    dots = []
    # Numbered as the list under the chart numbers them (the event is 1).
    numbers = {statement.pk: n for n, statement in enumerate(comparison.statements, 2)}
    for item in items:
        y = lane_y(item.lane)
        if item.statement is None:
            dots.append(
                format_html(
                    '<path d="M{} {} l8 8 l-8 8 l-8 -8 z" class="event-mark"/>',
                    _n(item.x),
                    _n(y - 8),
                )  # fmt: skip
            )
        else:
            dots.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="10" class="statement-dot side-fill-{}"/>{}',
                    _n(item.x),
                    _n(y),
                    item.colour,
                    _text(item.x, y + 4, numbers[item.statement.pk], "dot-number", "middle"),
                )  # fmt: skip
            )
        if item.precision == Precision.EXACT:
            moment = timezone.localtime(item.moment)
            dots.append(_text(item.x, y + 24, f"{moment:%H:%M}", "time-label", "middle"))
    defs = mark_safe(
        '<defs><marker id="timeline-arrowhead" viewBox="0 0 10 10" refX="8" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0 0 L10 5 L0 10 z" class="arrowhead"/></marker></defs>'
    )
    denials = len(comparison.denials)
    description = ngettext(
        "%(statements)d statement by %(sides)d side; %(denials)d rebuttal drawn as an arrow.",
        "%(statements)d statements by %(sides)d sides; %(denials)d rebuttals drawn as arrows.",
        denials,
    ) % {"statements": len(comparison.statements), "sides": len(columns), "denials": denials}
    body = format_html_join("", "{}", ((part,) for part in [defs, *parts, *arrows, *dots, *labels]))
    return _svg(
        width,
        height,
        "timeline-chart",
        _("Timeline of %(event)s") % {"event": event.display_title},
        description,
        body,
        css="timeline-chart",
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
    width = HEAD + CELL * len(sides) + 8
    height = HEAD + CELL * len(sides) + 8
    parts = []
    for number, side in enumerate(sides):
        x = HEAD + number * CELL + CELL / 2
        css = "matrix-label matrix-label-own" if highlight == side.pk else "matrix-label"
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="{}" transform="rotate(-40 {} {})">{}</text>',
                _n(x),
                HEAD - 8,
                css,
                _n(x),
                HEAD - 8,
                _shorten(side.label, 12),
            )  # fmt: skip
        )
        y = HEAD + number * CELL + CELL / 2 + 4
        parts.append(_text(HEAD - 8, y, _shorten(side.label, 12), css, "end"))
    for row, (denier, counts) in enumerate(rows):
        for column, count in enumerate(counts):
            x, y = HEAD + column * CELL, HEAD + row * CELL
            if denier.pk is not None and denier.pk == sides[column].pk:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" class="matrix-self"/>',
                        x + 1,
                        y + 1,
                        CELL - 2,
                        CELL - 2,
                    )  # fmt: skip
                )
                continue
            # Five shades: one per rebuttal up to five, in proportion beyond.
            level = min(5, count if highest <= 5 else math.ceil(5 * count / highest))
            square = format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="heat heat-{}"/>{}',
                x + 1, y + 1, CELL - 2, CELL - 2, level,
                _text(x + CELL / 2, y + CELL / 2 + 5, count or "", f"heat-count heat-{level}-count",
                      "middle"),
            )  # fmt: skip
            if not count or denier.pk is None or sides[column].pk is None:  # "others": no link
                parts.append(square)
                continue
            name = ngettext(
                "%(denier)s rebutted %(denied)s once",
                "%(denier)s rebutted %(denied)s %(count)d times",
                count,
            ) % {"denier": denier.label, "denied": sides[column].label, "count": count}
            parts.append(
                format_html(
                    '<a href="{}" class="heat-link"><title>{}</title>{}</a>',
                    link(denier, sides[column]),
                    name,
                    square,
                )  # fmt: skip
            )
    total = sum(sum(counts) for _, counts in rows)
    description = ngettext(
        "%(total)d rebuttal among %(sides)d sides. Rows: the side that rebutted; columns: the "
        "side whose statement was rebutted.",
        "%(total)d rebuttals among %(sides)d sides. Rows: the side that rebutted; columns: the "
        "side whose statement was rebutted.",
        total,
    ) % {"total": total, "sides": len(sides)}
    return _svg(
        width,
        height,
        "denial-matrix",
        _("Who denies whom"),
        description,
        format_html_join("", "{}", ((p,) for p in parts)),
        role="group",
        css="matrix-chart",
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

    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis-line"/>',
            LEFT,
            PLOT_H,
            LEFT + PLOT_W,
            PLOT_H,
        )  # fmt: skip
    ]
    for hours, label in TICKS:
        y = y_of(hours)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="grid-line"/>',
                LEFT,
                _n(y),
                LEFT + PLOT_W,
                _n(y),
            )  # fmt: skip
        )
        parts.append(
            _text(LEFT - 6, y + 4, wording.NBSP.join(str(label).split(" ")), "tick", "end")
        )
    parts.append(_text(LEFT - 6, PLOT_H - 2, _("same day"), "tick", "end"))
    for moment, anchor in (
        ((first, "start"), (last, "end")) if last != first else ((first, "middle"),)
    ):
        words = date_format(moment, "M Y")
        parts.append(_text(x_of(moment), PLOT_H + 18, words, "axis-label", anchor))
    for moment, hours, series in points:
        x, y = x_of(moment), y_of(hours)
        if series == "denial":
            parts.append(
                format_html(
                    '<path d="M{} {} l6 10 l-12 0 z" class="point-denial"/>', _n(x), _n(y - 6)
                )
            )
        else:
            parts.append(
                format_html('<circle cx="{}" cy="{}" r="5" class="point-readout"/>', _n(x), _n(y))
            )
    legend_y = PLOT_H + 30
    parts.append(
        format_html(
            '<circle cx="{}" cy="{}" r="5" class="point-readout"/>{}'
            '<path d="M{} {} l6 10 l-12 0 z" class="point-denial"/>{}',
            LEFT + 6,
            legend_y - 4,
            _text(LEFT + 16, legend_y, _("first statement after the event"), "legend"),
            LEFT + 246,
            legend_y - 10,
            _text(LEFT + 256, legend_y, _("rebuttal after what it rebuts"), "legend"),
        )  # fmt: skip
    )
    readouts = sum(1 for p in points if p[2] == "readout")
    denials = len(points) - readouts
    description = _(
        "%(readouts)s and %(denials)s, by date; higher means later, on a logarithmic scale."
    ) % {
        "readouts": ngettext("%(n)d first statement", "%(n)d first statements", readouts)
        % {"n": readouts},
        "denials": ngettext("%(n)d rebuttal", "%(n)d rebuttals", denials) % {"n": denials},
    }
    return _svg(
        LEFT + PLOT_W + 12,
        PLOT_H + 40,
        "party-delays",
        _("How fast it speaks and rebuts"),
        description,
        format_html_join("", "{}", ((p,) for p in parts)),
        css="delay-chart",
    )
