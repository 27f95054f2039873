"""How content leaves Newsdesk for machines: one shape per thing, used by the JSON of an event,
the CSV export and the feeds — so a statement is serialised one way.

URLs are absolute, built from ``NEWSDESK_SITE_URL`` (never from the request's Host header, which
a client chooses). Times are given at their precision (``2024-04-03``), as pages show them.
"""

import csv

from django.conf import settings
from django.urls import reverse

from claims.render import wording
from claims.text.sanitize import html_to_text

# Characters that make a spreadsheet cell a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def absolute_url(path):
    """``path`` on the public site: ``https://newsdesk.example.org/events/…``."""
    return settings.NEWSDESK_SITE_URL.rstrip("/") + path


def party_dict(party):
    return {"name": party.name, "slug": party.slug, "url": absolute_url(party.get_absolute_url())}


def party_document(party):
    """A party in full (the API's parties), its ancestors loaded."""
    return {
        **party_dict(party),
        "id": party.pk,
        "label": party.label,
        "kind": party.kind,
        "role": party.role,
        "country": party.country.code or "",
        "parent": party.parent.slug if party.parent_id else None,
        "side": party.side.slug,
    }


def topic_dict(topic):
    return {"name": topic.name, "slug": topic.slug}


def event_dict(event, statements=None, denials=None):
    """An event (``shapes.EventOut``), as lists, the API and its comparison give it. The
    counts are the listing's annotations unless given."""
    return {
        "id": event.pk,
        "slug": event.slug,
        "url": absolute_url(event.get_absolute_url()),
        "json_url": absolute_url(reverse("claims:event-json", args=[event.slug])),
        "title": event.title,
        "title_fr": event.title_fr,
        "kind": event.kind,
        "occurred_at": wording.machine_when(event),
        "precision": event.occurred_precision,
        "when": wording.when(event),
        "location": event.location,
        "summary": event.summary,
        "summary_fr": event.summary_fr,
        "initiated_by": party_dict(event.initiated_by) if event.initiated_by else None,
        "participants": [party_dict(p) for p in event.participants.all()],
        "topics": [topic_dict(topic) for topic in event.topics.all()],
        "statements": event.statement_count if statements is None else statements,
        "denials": event.denial_count if denials is None else denials,
    }


def claim_dict(claim):
    """A claim with the stances entered for it and the rebuttals that answer it."""
    return {
        "id": claim.pk,
        "url": absolute_url(claim.get_absolute_url()),
        "event": claim.event.slug,
        "text": claim.text,
        "same_as": claim.same_as_id,
        "stances": [
            {
                "side": stance.side.slug,
                "position": stance.position,
                "statement": stance.statement_id,
                "quote": stance.quote,
            }
            for stance in claim.public_stances
        ],
        "denials": [denial.pk for denial in claim.public_denials],
    }


def statement_dict(statement):
    return {
        "id": statement.pk,
        "url": absolute_url(statement.get_absolute_url()),
        "event": statement.event.slug,
        "party": party_dict(statement.party),
        "side": statement.party.side.slug,
        "speaker_as_printed": statement.speaker,
        "attribution": statement.attribution,
        "conduit": statement.conduit,
        "kind": statement.kind,
        "issued_at": wording.machine_when(statement),
        "precision": statement.issued_precision,
        "when": wording.when(statement),
        "language": statement.language,
        "text_html": statement.text,
        "translation_html": statement.translation,
        "translated_by": statement.translated_by,
        "editors_note": statement.note,
        "source": {
            "name": statement.source_name,
            "url": statement.source_url,
            "archive": statement.archive_url,
        },
        "corrections": [
            {"corrected_at": correction.corrected_at.isoformat(), "note": correction.note}
            for correction in statement.corrections.all()
        ],
    }


def denial_dict(denial):
    return {
        "id": denial.pk,
        "url": absolute_url(denial.get_absolute_url()),
        "event": denial.statement.event.slug,
        "statement": denial.statement_id,
        "target": denial.target_id,
        "kind": denial.kind,
        "disputed_passage": denial.disputed_passage,
        "rebutting_passage": denial.rebutting_passage,
        "claim": denial.claim.text if denial.claim else None,
        "delay_seconds": int(denial.delay.total_seconds()),
        "delay": wording.denial_delay(denial),
    }


def comparison_document(comparison):
    """An event's comparison as plain data: the same as its page, for reuse and citation."""
    event = comparison.event
    return {
        "event": event_dict(
            event,
            statements=sum(len(column.statements) for column in comparison.columns),
            denials=len(comparison.denials),
        ),
        "columns": [
            {
                "side": party_dict(column.side),
                "statements": [statement_dict(s) for s in column.statements],
            }
            for column in comparison.columns
        ],
        "denials": [denial_dict(d) for d in comparison.denials],
        "claims": [
            {
                "claim": row.claim.text,
                "stances": {
                    cell.side.slug: {
                        "position": cell.position or "not_mentioned",
                        "quote": cell.quote,
                        "statement": cell.statement.pk if cell.statement else None,
                        "denial": cell.denial.pk if cell.denial else None,
                    }
                    for cell in row.cells
                },
            }
            for row in comparison.rows
        ],
        "awaiting_response": [party_dict(p) for p in comparison.awaiting],
    }


CSV_COLUMNS = [
    "id", "url", "event", "event_url", "side", "party", "speaker", "attribution", "conduit",
    "kind", "issued_at", "precision", "language", "text", "translation", "translated_by",
    "source", "source_url", "archive_url",
]  # fmt: skip


def csv_row(statement):
    return spreadsheet_safe(
        [
            statement.pk,
            absolute_url(statement.get_absolute_url()),
            statement.event.title,
            absolute_url(statement.event.get_absolute_url()),
            statement.party.side.name,
            statement.party.name,
            statement.speaker,
            statement.get_attribution_display(),
            statement.conduit,
            statement.get_kind_display(),
            wording.machine_when(statement),
            statement.issued_precision,
            statement.language,
            statement.plain_text,
            html_to_text(statement.translation),
            statement.translated_by,
            statement.source_name,
            statement.source_url,
            statement.archive_url,
        ]
    )


def csv_lines(statements):
    """The CSV export, line by line, for a streaming response."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for statement in statements.iterator(chunk_size=500):
        yield writer.writerow(csv_row(statement))


def spreadsheet_safe(values):
    """Quote cells a spreadsheet would run as a formula (CSV injection)."""
    return [
        f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value
        for value in values
    ]


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value
