"""How times, durations, delays and rebuttals read: at the precision known, never finer.

Presentation, not model logic: the models store a time and its precision; this module says them
("3 April 2024", "2 h 10 min later", "the same day") and writes the machine-readable forms
(``2024-04-03``) that ``<time datetime>`` and the JSON carry, and the sentences that tell a
rebuttal ("France denied Russia's account — the same day"). Words go through gettext; a number
and its unit are held together by a no-break space, so "4 h" never breaks across lines.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from claims.models.publishing import Precision, truncate

NBSP = "\u00a0"


def format_at_precision(moment, precision):
    """'3 April 2024, 18:40 UTC', '3 April 2024' or 'April 2024' — never more than is known."""
    if moment is None:
        return ""
    moment = timezone.localtime(moment)
    if precision == Precision.MONTH:
        return date_format(moment, pgettext("a month, for date()", "F Y"))
    if precision == Precision.DAY:
        return date_format(moment, pgettext("a day, for date()", "j F Y"))
    moment_format = pgettext("a moment, for date()", "j F Y, H:i")
    return f"{date_format(moment, moment_format)} {moment.tzname()}"


def machine_time(moment, precision):
    """The ISO 8601 form at the precision known: '2024-04', '2024-04-03' or a full timestamp."""
    if moment is None:
        return ""
    moment = timezone.localtime(moment)
    if precision == Precision.MONTH:
        return moment.strftime("%Y-%m")
    if precision == Precision.DAY:
        return moment.date().isoformat()
    return moment.replace(microsecond=0).isoformat()  # HTML allows three decimals at most


def _count(unit, count):
    units = {
        "month": lambda n: ngettext("%(n)d month", "%(n)d months", n),
        "day": lambda n: ngettext("%(n)d day", "%(n)d days", n),
    }
    return _hold(units[unit](count) % {"n": count})


def _hold(amount):
    """ "4 h" with a no-break space: a number never leaves its unit at the end of a line."""
    return amount.replace(" ", NBSP)


def format_duration(delta, precision):
    """A duration as readers say it ('2 h 10 min', '3 days'), no finer than ``precision``.

    Returns "" when the duration is below what the precision can tell (same day, same month).
    """
    minutes = abs(int(delta.total_seconds() // 60))
    if precision == Precision.MONTH:
        months = minutes // (60 * 24 * 30)
        return _count("month", months) if months else ""
    if precision == Precision.DAY:
        days = minutes // (60 * 24)
        return _count("day", days) if days else ""
    days, rest = divmod(minutes, 60 * 24)
    hours, mins = divmod(rest, 60)
    parts = [_hold(pgettext("duration", "%(n)d d") % {"n": days})] if days else []
    if hours:
        parts.append(_hold(pgettext("duration", "%(n)d h") % {"n": hours}))
    if mins or not parts:
        parts.append(_hold(pgettext("duration", "%(n)d min") % {"n": mins}))
    return " ".join(parts)


def _elapsed(earlier, later, precision):
    """(amount, later_or_not) from ``earlier`` to ``later`` at ``precision``; amount "" means
    the same day (or month). Below exact precision, calendar days or months are counted, not
    elapsed hours: 21 October is "1 day" after 20 October, whatever the hidden times of day."""
    if precision == Precision.EXACT:
        delta = later - earlier
        return format_duration(delta, precision), delta.total_seconds() >= 0
    start, end = truncate(earlier, precision), truncate(later, precision)
    if precision == Precision.MONTH:
        count = (end.year - start.year) * 12 + end.month - start.month
        return (_count("month", abs(count)) if count else ""), count >= 0
    count = (end.date() - start.date()).days
    return (_count("day", abs(count)) if count else ""), count >= 0


def same_period(precision):
    return _("the same month") if precision == Precision.MONTH else _("the same day")


def describe_delay(earlier, later, precision, reference):
    """'2 h 10 min after the event', 'the same day as the event', '1 day after the event'."""
    amount, after = _elapsed(earlier, later, precision)
    if not amount:
        if precision == Precision.MONTH:
            return _("the same month as %(reference)s") % {"reference": reference}
        return _("the same day as %(reference)s") % {"reference": reference}
    if after:
        return _("%(amount)s after %(reference)s") % {"amount": amount, "reference": reference}
    return _("%(amount)s before %(reference)s") % {"amount": amount, "reference": reference}


def describe_delay_briefly(earlier, later, precision):
    """'2 h 10 min later', 'the same day', '1 day later'."""
    amount, after = _elapsed(earlier, later, precision)
    if not amount:
        return same_period(precision)
    if after:
        return _("%(amount)s later") % {"amount": amount}
    return _("%(amount)s earlier") % {"amount": amount}


def median_delay_words(delay, precision):
    """A median time-to-denial: '3 h 5 min', '2 days', or 'under a day'."""
    if amount := format_duration(delay, precision):
        return amount
    if precision == Precision.MONTH:
        return _("under a month")
    return _("under a day")


def moment_of(obj):
    """(time, precision) of an event, a statement or a correction (corrections: the day)."""
    if hasattr(obj, "occurred_at"):
        return obj.occurred_at, obj.occurred_precision
    if hasattr(obj, "issued_at"):
        return obj.issued_at, obj.issued_precision
    return obj.corrected_at, Precision.DAY


def when(obj):
    return format_at_precision(*moment_of(obj))


def machine_when(obj):
    return machine_time(*moment_of(obj))


def denial_delay(denial):
    """'2 h 10 min after the Russian Ministry of Defence readout', at the precision known."""
    return describe_delay(
        denial.target.issued_at,
        denial.statement.issued_at,
        denial.delay_precision,
        _("the %(statement)s") % {"statement": denial.target.label},
    )


def denial_delay_briefly(denial):
    """'2 h 10 min later', 'the same day', '1 day later'."""
    return describe_delay_briefly(
        denial.target.issued_at, denial.statement.issued_at, denial.delay_precision
    )


def since_event(event, statement):
    """'2 h 10 min after the event', at the coarser of the two precisions."""
    precision = Precision.coarsest(statement.issued_precision, event.occurred_precision)
    return describe_delay(event.occurred_at, statement.issued_at, precision, _("the event"))


def rebuttal_sentence(denial):
    """ "France denied Russia's account", "Valdoria accused Tarrowmere in return": who rebutted
    whom, as a sentence (without the delay: see ``rebuttal_with_delay``)."""
    from claims.models import Denial

    names = {"denier": denial.statement.party.side.label, "denied": denial.target.party.side.label}
    sentences = {
        Denial.Kind.DENIAL: _("%(denier)s denied %(denied)s's account"),
        Denial.Kind.PARTIAL: _("%(denier)s partly denied %(denied)s's account"),
        Denial.Kind.NON_DENIAL: _("%(denier)s would not confirm %(denied)s's account"),
        Denial.Kind.CORRECTION: _("%(denier)s corrected %(denied)s's account"),
        Denial.Kind.CLARIFICATION: _("%(denier)s clarified %(denied)s's account"),
        Denial.Kind.COUNTER_ACCUSATION: _("%(denier)s accused %(denied)s in return"),
        Denial.Kind.REFUSAL: _("%(denier)s declined to comment on %(denied)s's account"),
    }
    return sentences[denial.kind] % names


def rebuttal_with_delay(denial):
    """ "France denied Russia's account — the same day"."""
    return _("%(sentence)s — %(delay)s") % {
        "sentence": rebuttal_sentence(denial),
        "delay": denial_delay_briefly(denial),
    }


def rebutted_by(denial):
    """How a disputed passage is labelled: "denied by France", "partly denied by Serapine"."""
    from claims.models import Denial

    side = denial.statement.party.side.label
    labels = {
        Denial.Kind.DENIAL: _("denied by %(side)s"),
        Denial.Kind.PARTIAL: _("partly denied by %(side)s"),
        Denial.Kind.NON_DENIAL: _("not confirmed by %(side)s"),
        Denial.Kind.CORRECTION: _("corrected by %(side)s"),
        Denial.Kind.CLARIFICATION: _("clarified by %(side)s"),
        Denial.Kind.COUNTER_ACCUSATION: _("answered with an accusation by %(side)s"),
        Denial.Kind.REFUSAL: _("no comment from %(side)s"),
    }
    return labels[denial.kind] % {"side": side}


def at_a_glance(comparison):
    """Phrases for readers in a hurry: who spoke, who rebutted whom and how fast, who is silent."""
    sides, statements = len(comparison.columns), len(comparison.statements)
    parts = [
        ngettext("%(n)d side", "%(n)d sides", sides) % {"n": sides}
        + ", "
        + ngettext("%(n)d statement", "%(n)d statements", statements) % {"n": statements}
    ]
    parts += [rebuttal_with_delay(denial) for denial in comparison.denials]
    asked = [silence.party.side.label for silence in comparison.silences if silence.request]
    unasked = [silence.party.side.label for silence in comparison.silences if not silence.request]
    if asked:  # "awaiting" only where the desk asked for comment
        parts.append(_("awaiting %(sides)s") % {"sides": ", ".join(asked)})
    if unasked:
        parts.append(_("no statement yet from %(sides)s") % {"sides": ", ".join(unasked)})
    return parts


def comment_request_sentence(request):
    """What the desk's request for comment came to, for readers: "Asked for comment on
    4 December 2026, 09:00 UTC through the ministry's press office; had not responded by
    publication." """
    asked = {
        "asked": format_at_precision(request.asked_at, Precision.EXACT),
        "through": request.through,
    }
    outcome = request.Outcome
    if request.outcome == outcome.DECLINED:
        return _(
            "Asked for comment on %(asked)s through %(through)s; declined to comment on "
            "%(answered)s."
        ) % {**asked, "answered": format_at_precision(request.answered_at, Precision.EXACT)}
    if request.outcome == outcome.ANSWERED:
        answered = request.answered_at or (request.answer and request.answer.issued_at)
        return _(
            "Asked for comment on %(asked)s through %(through)s; responded on %(answered)s."
        ) % {**asked, "answered": format_at_precision(answered, Precision.EXACT)}
    if request.deadline_passed:
        return _(
            "Asked for comment on %(asked)s through %(through)s; had not responded by the "
            "deadline, %(deadline)s."
        ) % {**asked, "deadline": format_at_precision(request.deadline, Precision.EXACT)}
    if request.deadline is not None:
        return _(
            "Asked for comment on %(asked)s through %(through)s, with a deadline of "
            "%(deadline)s; had not responded by publication."
        ) % {**asked, "deadline": format_at_precision(request.deadline, Precision.EXACT)}
    return (
        _("Asked for comment on %(asked)s through %(through)s; had not responded by publication.")
        % asked
    )
