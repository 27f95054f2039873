"""Long lists, paged so that any page costs what the first one does.

Lists in time order (events, rebuttals, a party's statements) page by a *cursor* — "older
than this item" — that the database finds through an index, never by skipping thousands of
rows with OFFSET; the oldest page is the first page read backwards. Ranked search results are
a bounded set (the best ``RANKED_LIMIT``), paged by number. Counts stop at ``COUNT_LIMIT``
("1,000+"): exact counts of a large archive read all of it.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.translation import gettext, ngettext

PER_PAGE = 25
COUNT_LIMIT = 1000
RANKED_LIMIT = 500
_CLEARED = {"before": None, "after": None, "oldest": None, "page": None}


def bounded_count(queryset, limit=None):
    """``(count, capped)``: the number of rows, counting no further than ``limit``."""
    limit = limit or COUNT_LIMIT
    count = queryset.order_by()[: limit + 1].count()
    return min(count, limit), count > limit


def make_cursor(moment, pk):
    return f"{int(moment.timestamp() * 1_000_000)}_{pk}"


def read_cursor(value):
    """``(moment, pk)`` from a cursor; a ValidationError for anything else."""
    try:
        micros, pk = value.rsplit("_", 1)
        moment = datetime.fromtimestamp(int(micros) / 1_000_000, tz=UTC)
        pk = int(pk)
    except (ValueError, OverflowError, OSError) as error:
        raise ValidationError(
            gettext("That is not a position in this list."), code="cursor"
        ) from error
    if pk < 1:
        raise ValidationError(gettext("That is not a position in this list."), code="cursor")
    return moment, pk


@dataclass
class Page:
    """What a list template needs, whichever way the list was paged."""

    items: list
    count: int
    capped: bool
    newer: dict | None = None  # query parameters of the newer (previous) page
    older: dict | None = None  # … of the older (next) page
    newest: dict | None = None  # … of the first page, when this is not it
    oldest: dict | None = None  # … of the last page, when this is not it
    number: int | None = None  # for numbered pages
    extra: dict = field(default_factory=dict)
    past_the_end: str = ""  # said when a page past the last was asked for (this is the last)

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    @property
    def object_list(self):
        return self.items

    @property
    def has_other_pages(self):
        return bool(self.newer or self.older)


def newest_first(queryset, time_field, before=None, after=None, oldest=False, size=PER_PAGE):
    """The page of ``queryset`` (newest first by ``time_field``, then pk) that ``before``
    (older than a cursor), ``after`` (newer than one) or ``oldest`` asks for."""
    count, capped = bounded_count(queryset)
    descending = queryset.order_by(f"-{time_field}", "-pk")
    ascending = queryset.order_by(time_field, "pk")
    if after is not None:
        moment, pk = after
        rows = list(
            ascending.filter(**{f"{time_field}__gte": moment}).filter(
                Q(**{f"{time_field}__gt": moment}) | Q(pk__gt=pk)
            )[: size + 1]
        )
        more_newer, items = len(rows) > size, rows[:size][::-1]
        more_older = True
    elif oldest:
        rows = list(ascending[: size + 1])
        # The oldest page holds the remainder, so that paging back from it meets page 1.
        items = rows[:size][::-1]
        more_newer, more_older = len(rows) > size, False
    else:
        rows = descending
        if before is not None:
            moment, pk = before
            rows = rows.filter(**{f"{time_field}__lte": moment}).filter(
                Q(**{f"{time_field}__lt": moment}) | Q(pk__lt=pk)
            )
        rows = list(rows[: size + 1])
        items, more_older = rows[:size], len(rows) > size
        more_newer = before is not None
    page = Page(items, count, capped)
    if items and more_newer:
        first = items[0]
        page.newer = {**_CLEARED, "after": make_cursor(_value(first, time_field), first.pk)}
        page.newest = dict(_CLEARED)
    if items and more_older:
        last = items[-1]
        page.older = {**_CLEARED, "before": make_cursor(_value(last, time_field), last.pk)}
        page.oldest = {**_CLEARED, "oldest": "1"}
    return page


class PastTheEnd(ValidationError):
    """A page number past the last page; ``pages``: how many there are."""

    def __init__(self, message, code=None, pages=1):
        super().__init__(message, code=code)
        self.pages = pages


def numbered(queryset, number, size=PER_PAGE, limit=RANKED_LIMIT):
    """Page ``number`` of the first ``limit`` rows of ``queryset`` (or a list: ranked
    results); raises ValidationError past the last page."""
    paginator = Paginator(queryset[:limit], size)  # a queryset, or a list of ids
    count = paginator.count
    pages = max(paginator.num_pages, 1)
    if number > pages:
        raise PastTheEnd(
            ngettext("There is only %(n)d page.", "There are only %(n)d pages.", pages)
            % {"n": pages},
            code="page",
            pages=pages,
        )
    items = list(paginator.page(number).object_list) if count else []
    page = Page(items, count, count >= limit, number=number)
    if number > 1:
        page.newer = {**_CLEARED, "page": number - 1 if number > 2 else None}
    if number < pages:
        page.older = {**_CLEARED, "page": number + 1}
    return page


def _value(obj, path):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj
