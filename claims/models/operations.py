"""Operations on several rows, as the newsroom names them: each runs in one transaction and
counts as one change of what the public sees (``one_public_change``: the public version moves
once, the figures are refreshed once). The admin, the commands, the tests and any future API
call these, never a loop of their own.
"""

from django.db import transaction

from claims.models.claims import Claim, Stance
from claims.models.public import one_public_change
from claims.models.publishing import Status
from claims.models.statements import Denial, Statement


def set_status(rows, status, reason):
    """Publish or unpublish ``rows`` (of one model); returns how many changed. Every row goes
    through its own ``save()``: the publishing rule and the history apply to each."""
    changed = 0
    with transaction.atomic(), one_public_change():
        for row in rows:
            if row.status != status:
                row.status = status
                row._change_reason = reason
                row.save()
                changed += 1
    return changed


def publish_with_contents(events):
    """Publish ``events`` with their statements, claims, stances and denials, in that order
    (what a row hangs on is public before it); returns how many rows changed."""
    changed = 0
    with transaction.atomic(), one_public_change():
        for event in events:
            changed += set_status([event], Status.PUBLISHED, "Published with its event")
            for rows in (
                Statement.objects.filter(event=event),
                Claim.objects.filter(event=event),
                Stance.objects.filter(claim__event=event),
                Denial.objects.filter(statement__event=event),
            ):
                changed += set_status(rows, Status.PUBLISHED, "Published with its event")
    return changed
