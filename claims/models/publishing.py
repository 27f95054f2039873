"""What events and statements share: draft/published status and times known to a precision."""

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format


class Status(models.TextChoices):
    DRAFT = "draft", "Draft — not public"
    PUBLISHED = "published", "Published"


class Precision(models.TextChoices):
    """How much of a stored time is known. Coarser parts only order items; they are never shown."""

    EXACT = "exact", "Exact time"
    DAY = "day", "Day"
    MONTH = "month", "Month"

    @classmethod
    def coarsest(cls, *precisions):
        order = [cls.EXACT, cls.DAY, cls.MONTH]
        return max(precisions, key=order.index)


def format_at_precision(moment, precision):
    """'3 April 2024, 18:40 UTC', '3 April 2024' or 'April 2024' — never more than is known."""
    if moment is None:
        return ""
    moment = timezone.localtime(moment)
    if precision == Precision.MONTH:
        return date_format(moment, "F Y")
    if precision == Precision.DAY:
        return date_format(moment, "j F Y")
    return f"{date_format(moment, 'j F Y, H:i')} {moment.tzname()}"


def truncate(moment, precision):
    """``moment`` with the parts finer than ``precision`` zeroed, in the site's time zone."""
    moment = timezone.localtime(moment)
    if precision == Precision.MONTH:
        return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if precision == Precision.DAY:
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return moment


def format_duration(delta, precision):
    """A duration as readers say it ('2 h 10 min', '3 days'), no finer than ``precision``.

    Returns "" when the duration is below what the precision can tell (same day, same month).
    """
    minutes = abs(int(delta.total_seconds() // 60))
    if precision == Precision.MONTH:
        months = minutes // (60 * 24 * 30)
        return f"{months} month{'s'[: months != 1]}" if months else ""
    if precision == Precision.DAY:
        days = minutes // (60 * 24)
        return f"{days} day{'s'[: days != 1]}" if days else ""
    days, rest = divmod(minutes, 60 * 24)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    if hours:
        parts.append(f"{hours} h")
    if mins or not parts:
        parts.append(f"{mins} min")
    return " ".join(parts)


def _elapsed(earlier, later, precision):
    """(amount, direction) from ``earlier`` to ``later`` at ``precision``; amount "" means the
    same day (or month). Below exact precision, calendar days or months are counted, not
    elapsed hours: 21 October is "1 day" after 20 October, whatever the hidden times of day."""
    if precision == Precision.EXACT:
        delta = later - earlier
        return format_duration(delta, precision), "before" if delta.total_seconds() < 0 else "after"
    start, end = truncate(earlier, precision), truncate(later, precision)
    if precision == Precision.MONTH:
        unit, count = "month", (end.year - start.year) * 12 + end.month - start.month
    else:
        unit, count = "day", (end.date() - start.date()).days
    amount = f"{abs(count)} {unit}{'s'[: abs(count) != 1]}" if count else ""
    return amount, "before" if count < 0 else "after"


def describe_delay(earlier, later, precision, reference):
    """'2 h 10 min after the event', 'the same day as the event', '1 day after the event'."""
    amount, direction = _elapsed(earlier, later, precision)
    if not amount:
        return f"the same {precision} as {reference}"
    return f"{amount} {direction} {reference}"


def describe_delay_briefly(earlier, later, precision):
    """'2 h 10 min later', 'the same day', '1 day later'."""
    amount, direction = _elapsed(earlier, later, precision)
    if not amount:
        return f"the same {precision}"
    return f"{amount} {'earlier' if direction == 'before' else 'later'}"


class PublishableQuerySetMixin:
    """Draft/published rules for any model whose visibility is spelled by ``published_filter``."""

    published_filter: dict

    def published(self):
        return self.filter(**self.published_filter)

    def visible_to(self, user):
        """Staff see drafts (to preview them); everyone else sees published items only."""
        if user is not None and user.is_active and user.is_staff:
            return self.all()
        return self.published()
