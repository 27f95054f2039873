"""Template helpers: times at their precision, delays in words (``claims/render/wording.py``)."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import pgettext

from claims.models import Precision
from claims.opendata import exports
from claims.render import wording

register = template.Library()


@register.simple_tag
def time_of(obj):
    """``<time datetime="2024-04-03">3 April 2024</time>``: never finer than what is known."""
    return when_of(obj)


@register.filter
def when_of(obj):
    """``time_of`` as a filter, for sentences that are translated whole."""
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
def event_title(event):
    """The event's title in the page's language; the English one, marked as English, when no
    editor has written another (so that readers and screen readers know)."""
    if event.shown_in_english:
        return format_html('<span lang="en">{}</span>', event.title)
    return event.display_title


@register.filter
def event_summary(event):
    if event.shown_in_english and event.summary:
        return format_html('<span lang="en">{}</span>', event.summary)
    return event.display_summary


@register.filter
def quoted(text):
    """Words between the quotation marks of the page's language: “…” in English, « … » in
    French (the marks are typography; the words stay as they were said)."""
    return format_html(pgettext("quotation marks around quoted words", "“{}”"), text)


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
    """12345 → "12,345" in English, "12 345" in French."""
    return number_format(number, force_grouping=True)
