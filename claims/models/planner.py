"""Steering PostgreSQL's planner for one query, where its guess is known to be wrong."""

from django.db import connections, transaction


def read_without(rows, *scans):
    """``rows`` (a QuerySet) read as a list with the planner's ``scans`` off for this one query
    (``"seqscan"``, ``"indexscan"``…), then put back as they were at once: inside a longer
    transaction a ``SET LOCAL`` would otherwise last until its end and steer every later query.
    Other databases read ``rows`` as they are."""
    if connections[rows.db].vendor != "postgresql":
        return list(rows)
    names = [f"enable_{scan}" for scan in scans]
    with transaction.atomic(using=rows.db), connections[rows.db].cursor() as cursor:
        cursor.execute(
            "SELECT "
            + ", ".join(
                f"current_setting('{name}'), set_config('{name}', 'off', true)" for name in names
            )
        )
        found = cursor.fetchone()
        saved = found[::2]
        try:
            return list(rows)
        finally:
            cursor.execute(
                "SELECT " + ", ".join(f"set_config('{name}', %s, true)" for name in names),
                list(saved),
            )
