"""Template helpers: times at their precision, delays in words (see ``claims/wording.py``)."""

from django import template
from django.utils.html import format_html

from .. import exports, wording
from ..models import Precision

register = template.Library()


@register.simple_tag
def time_of(obj):
    """``<time datetime="2024-04-03">3 April 2024</time>``: never finer than what is known."""
    return format_html(
        '<time datetime="{}">{}</time>', wording.machine_when(obj), wording.when(obj)
    )


@register.simple_tag
def moment(value):
    """``<time>`` for a moment known exactly (a change, a correction): "3 April 2024, 18:40 UTC"."""
    return format_html(
        '<time datetime="{}">{}</time>',
        wording.machine_time(value, Precision.EXACT),
        wording.format_at_precision(value, Precision.EXACT),
    )


@register.filter
def delay(denial):
    return wording.denial_delay(denial)


@register.filter
def delay_briefly(denial):
    return wording.denial_delay_briefly(denial)


@register.filter
def rebuttal_sentence(denial):
    return wording.rebuttal_sentence(denial)


@register.filter
def minutes(delta):
    """A ``timedelta`` in whole minutes (at least 1)."""
    return max(1, round(delta.total_seconds() / 60)) if delta else ""


@register.filter
def absolute(path):
    """``path`` on the configured site address, without any query string."""
    return exports.absolute_url(path)


@register.filter
def thousands(number):
    """12345 → "12,345"."""
    return f"{number:,}"
