"""How content leaves Newsdesk for machines: one shape per thing, used by the JSON of an event,
the CSV export and the feeds — so a statement is serialised one way.

URLs are absolute, built from ``NEWSDESK_SITE_URL`` (never from the request's Host header, which
a client chooses). Times are given at their precision (``2024-04-03``), as pages show them.
"""

import csv
from dataclasses import dataclass

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
        "requests_for_comment": [
            {
                "party": party_dict(request.party),
                "asked_at": request.asked_at.isoformat(),
                "through": request.through,
                "deadline": request.deadline.isoformat() if request.deadline else None,
                "outcome": request.outcome,
                "answered_at": request.answered_at.isoformat() if request.answered_at else None,
                "answer": request.answer_id if request.answer_id in comparison.shown else None,
                "sentence": wording.comment_request_sentence(request),
            }
            for request in comparison.event.comment_requests.all()
        ],
    }


@dataclass(frozen=True)
class Column:
    """One column of a CSV file, said once: its header, what it holds (the dataset's data
    dictionary) and how a row's value is read."""

    name: str
    description: str
    value: object  # row → value


STATEMENT_COLUMNS = [
    Column("id", "Newsdesk's id of the statement (stable).", lambda s: s.pk),
    Column("url", "Its page on Newsdesk.", lambda s: absolute_url(s.get_absolute_url())),
    Column("event", "The event it is an account of (title).", lambda s: s.event.title),
    Column("event_url", "The event's page.", lambda s: absolute_url(s.event.get_absolute_url())),
    Column("side", "The government or organisation it speaks for (its column).",
           lambda s: s.party.side.name),
    Column("party", "Who speaks, as precisely as known.", lambda s: s.party.name),
    Column("speaker", "The attribution as the source printed it.", lambda s: s.speaker),
    Column("attribution", "How directly the words come from the party: official channel … "
           "media characterisation.", lambda s: s.get_attribution_display()),
    Column("conduit", "Who carried the words, if not the party's own channel (e.g. AFP).",
           lambda s: s.conduit),
    Column("kind", "The form it took: readout, press release, interview…",
           lambda s: s.get_kind_display()),
    Column("issued_at", "When it was issued, at the precision known: 2024-04-03, 2024-04 or a "
           "full ISO 8601 timestamp.", wording.machine_when),
    Column("precision", "exact, day or month.", lambda s: s.issued_precision),
    Column("language", "The language of the text (ISO 639).", lambda s: s.language),
    Column("text", "The words, as published (plain text).", lambda s: s.plain_text),
    Column("translation", "A translation, if the text is in another language.",
           lambda s: html_to_text(s.translation)),
    Column("translated_by", "official, editorial or machine.", lambda s: s.translated_by),
    Column("source", "Where the text was read.", lambda s: s.source_name),
    Column("source_url", "Its address.", lambda s: s.source_url),
    Column("archive_url", "A dated archive copy.", lambda s: s.archive_url),
]  # fmt: skip

DENIAL_COLUMNS = [
    Column("id", "Newsdesk's id of the rebuttal (stable).", lambda d: d.pk),
    Column("url", "The rebuttal on its event's page.",
           lambda d: absolute_url(d.get_absolute_url())),
    Column("event", "The event (slug).", lambda d: d.statement.event.slug),
    Column("kind", "denial, partial_denial, non_denial_denial, correction, clarification, "
           "counter_accusation or refusal_to_comment.", lambda d: d.kind),
    Column("rebutting_statement", "The id of the statement that rebuts.",
           lambda d: d.statement_id),
    Column("rebutting_side", "Its side.", lambda d: d.statement.party.side.slug),
    Column("rebutted_statement", "The id of the statement rebutted.", lambda d: d.target_id),
    Column("rebutted_side", "Its side.", lambda d: d.target.party.side.slug),
    Column("disputed_passage", "The exact words of the rebutted statement in dispute.",
           lambda d: d.disputed_passage),
    Column("rebutting_passage", "The words of the rebutting statement that rebut them.",
           lambda d: d.rebutting_passage),
    Column("claim", "The claim of the claims matrix it answers, if any.",
           lambda d: d.claim.text if d.claim else ""),
    Column("delay", "Time from the rebutted statement to the rebuttal, in words, at the "
           "precision known.", wording.denial_delay),
    Column("delay_seconds", "The same in seconds (meaningful only when both times are exact).",
           lambda d: int(d.delay.total_seconds())),
]  # fmt: skip


def csv_header(columns):
    return [column.name for column in columns]


def csv_row(columns, row):
    return spreadsheet_safe([column.value(row) for column in columns])


def data_dictionary(columns):
    """The columns as a Frictionless table schema's fields."""
    return [{"name": column.name, "description": column.description} for column in columns]


def csv_lines(rows, columns=STATEMENT_COLUMNS):
    """A CSV file, line by line, for a streaming response or a file."""
    writer = csv.writer(_Echo())
    yield writer.writerow(csv_header(columns))
    for row in rows.iterator(chunk_size=500):
        yield writer.writerow(csv_row(columns, row))


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
