"""Export and import of all content as one JSON document (``export_data`` / ``import_data``).

The document lists parties, topics, events, statements, denials, claims, stances, corrections
and requests for comment with their ids, so that references survive; export → empty database →
import → export gives the same document. Bookkeeping is left out: created/updated times,
versions, search columns, revision history, which users entered, submitted, were assigned or
corrected a row, and the desk's review history and internal comments (the review state and
checklist are kept). An import runs in one transaction: any bad item refuses the whole file,
with a message naming the item, and changes nothing. Every row is saved through the model
layer, so an import obeys the same rules as the admin (on behalf of ``user``, or of the
operator running the command).
"""

import json
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction

from claims.models import (
    Claim,
    CommentRequest,
    Correction,
    Denial,
    Event,
    Party,
    Stance,
    Statement,
    Status,
    Topic,
    acting_as,
    one_public_change,
)

FORMAT, VERSION = "newsdesk", 7
# What each version added, with the value older files stand for: version 2 gave denials, claims
# and stances a status (before, they were public with their event and statements, as they are
# once published); 3, editors' notes on statements; 4, claims' threads (same_as); 5, events'
# French titles and summaries; 6, parties' aliases (for article intake); 7, the review state and
# checklist of statements and denials, and events' requests for comment (a section of its own).
REVIEW_DEFAULTS = {
    "review_state": "preparing",
    "checked_original": False,
    "checked_translation": False,
    "checked_second_source": False,
}
ADDED = {
    2: {section: {"status": Status.PUBLISHED} for section in ("denials", "claims", "stances")},
    3: {"statements": {"note": ""}},
    4: {"claims": {"same_as_id": None}},
    5: {"events": {"title_fr": "", "summary_fr": ""}},
    6: {"parties": {"aliases": ""}},
    7: {"statements": REVIEW_DEFAULTS, "denials": REVIEW_DEFAULTS},
}
SECTION_SINCE = {"comment_requests": 7}  # sections an older file does not have: empty


def upgrade_for(version):
    """The fields a file of ``version`` lacks, section by section, with their values."""
    upgrade = {}
    for added_in, sections in ADDED.items():
        if added_in > version:
            for section, fields in sections.items():
                upgrade.setdefault(section, {}).update(fields)
    return upgrade


# Section name → model, in an order where every reference points backwards.
SECTIONS = {
    "parties": Party,
    "topics": Topic,
    "events": Event,
    "statements": Statement,
    "claims": Claim,
    "denials": Denial,
    "stances": Stance,
    "corrections": Correction,
    "comment_requests": CommentRequest,
}
SKIPPED = {
    "created_at",
    "updated_at",
    "version",
    "search_document",
    "corrected_by",
    "assignee",
    "prepared_by",
    "submitted_by",
    "deadline_alerted_at",
}
PROGRESS_EVERY = 500


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, and nothing was changed."""


def _exported_fields(model):
    """Columns and many-to-many fields declared on ``model``, minus bookkeeping."""
    return [
        field
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False) or (field.many_to_many and not field.auto_created)
        if field.name not in SKIPPED and not isinstance(field, models.GeneratedField)
    ]


def _key(field):
    return field.name if field.many_to_many or field.primary_key else field.attname


def _value(obj, field):
    if field.many_to_many:
        return sorted(related.pk for related in getattr(obj, field.name).all())
    if field.is_relation:
        return field.value_from_object(obj)
    value = field.get_prep_value(field.value_from_object(obj))  # Country → "FR"
    if isinstance(value, datetime):
        return value.isoformat()  # to the microsecond, unlike DjangoJSONEncoder
    return value


def export_document(progress=None):
    document = {"format": FORMAT, "version": VERSION}
    for section, model in SECTIONS.items():
        fields = _exported_fields(model)
        m2m = [f.name for f in fields if f.many_to_many]
        rows, objects = [], model._default_manager.order_by("pk").prefetch_related(*m2m)
        total = objects.count()
        for number, obj in enumerate(objects.iterator(chunk_size=1000), 1):
            rows.append({_key(field): _value(obj, field) for field in fields})
            if progress and number % PROGRESS_EVERY == 0:
                progress(f"exported {section}: {number}/{total}")
        if progress:
            progress(f"exported {section}: {total}/{total}")
        document[section] = rows
    return document


def dumps(document):
    return json.dumps(document, ensure_ascii=False, indent=1)


def has_content():
    return any(model._default_manager.exists() for model in SECTIONS.values())


def delete_content():
    Party.objects.update(
        parent=None
    )  # parents are protected from deletion while they have children
    for model in reversed(SECTIONS.values()):
        model._default_manager.all().delete()


def import_document(document, replace=False, progress=None, user=None):
    """Load ``document`` in one transaction; raise ImportRefused (changing nothing) if bad."""
    _check_envelope(document)
    with acting_as(user), transaction.atomic(), one_public_change():
        if has_content():
            if not replace:
                raise ImportRefused(
                    "The database already has content. import_data loads into an empty "
                    "database; use --replace to delete the existing content first."
                )
            try:
                delete_content()
            except ValidationError as error:
                raise ImportRefused(f"The existing content stays: {_describe(error)}") from error
        upgrade = upgrade_for(document["version"])
        for section, model in SECTIONS.items():
            rows = [{**upgrade.get(section, {}), **row} for row in document.get(section, [])]
            if model is Party:
                rows = _parents_first(rows)
            imported = []
            for number, row in enumerate(rows, 1):
                imported.append(_import_row(model, section, number, row))
                if progress and number % PROGRESS_EVERY == 0:
                    progress(f"imported {section}: {number}/{len(rows)}")
            if history := getattr(model, "history", None):
                # One history row each, written together rather than one save signal at a time.
                history.bulk_history_create(imported, default_change_reason="Imported")
            if progress:
                progress(f"imported {section}: {len(rows)}/{len(rows)}")
        _reset_sequences()


def _check_envelope(document):
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportRefused("This is not a Newsdesk export (its “format” is not “newsdesk”).")
    if document.get("version") not in range(1, VERSION + 1):
        raise ImportRefused(
            f"This export has version {document.get('version')!r}; this Newsdesk reads "
            f"{', '.join(map(str, range(1, VERSION + 1)))}."
        )
    unknown = set(document) - {"format", "version", *SECTIONS}
    if unknown:
        raise ImportRefused(f"Unknown sections: {', '.join(sorted(unknown))}.")
    missing = [
        section
        for section in SECTIONS
        if section not in document and SECTION_SINCE.get(section, 1) <= document["version"]
    ]
    if missing:
        raise ImportRefused(f"Missing sections: {', '.join(missing)} (an export has them all).")
    for section in SECTIONS:
        rows = document.get(section, [])
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ImportRefused(f"“{section}” must be a list of objects.")


def _parents_first(rows):
    """Parties ordered so that every parent comes before its children (without recursion: a
    file may hold a chain of any depth, which the model then refuses as too deep)."""
    by_id = {row.get("id"): row for row in rows if _is_id(row.get("id"))}
    ordered, placed = [], set()
    for row in rows:
        chain, seen = [], set()
        while row is not None and id(row) not in placed:
            if id(row) in seen:
                raise ImportRefused(f"parties: id {row.get('id')} is its own ancestor.")
            seen.add(id(row))
            chain.append(row)
            parent = row.get("parent_id")
            row = by_id.get(parent) if _is_id(parent) else None
        for link in reversed(chain):
            placed.add(id(link))
            ordered.append(link)
    return ordered


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _check_ids(fields, row):
    """Ids and references must be whole numbers (or null where a reference is optional)."""
    for key, value in row.items():
        field = fields[key]
        if field.primary_key and not _is_id(value):
            raise ValidationError({key: f"must be a whole number, not {value!r}"})
        if field.many_to_many and (
            not isinstance(value, list) or not all(_is_id(item) for item in value)
        ):
            raise ValidationError({key: "must be a list of whole-number ids"})
        if field.is_relation and not field.many_to_many and value is not None and not _is_id(value):
            raise ValidationError({key: f"must be an id (a whole number) or null, not {value!r}"})


def _import_row(model, section, number, row):
    where = f"{section} #{number} (id {row.get('id')!r})"
    fields = {_key(field): field for field in _exported_fields(model)}
    unknown, missing = set(row) - set(fields), set(fields) - set(row)
    if unknown:
        raise ImportRefused(f"{where}: unknown fields {', '.join(sorted(unknown))}.")
    if missing:  # a default would silently stand in for data the file should carry
        raise ImportRefused(f"{where}: missing fields {', '.join(sorted(missing))}.")
    values, related = {}, {}
    try:
        _check_ids(fields, row)
        for key, value in row.items():
            field = fields[key]
            if field.many_to_many:
                related[field.name] = value
            else:
                values[key] = None if value is None else field.to_python(value)
        obj = model(**values)
        obj.skip_history_when_saving = True
        # The model validates the row (fields, caps, the rules linking it to other rows) and
        # the database enforces the named constraints.
        with transaction.atomic():
            obj.save(force_insert=True)
    except ValidationError as error:
        raise ImportRefused(f"{where}: {_describe(error)}") from error
    except (TypeError, ValueError, OverflowError) as error:
        raise ImportRefused(f"{where}: {error}") from error
    except DatabaseError as error:
        raise ImportRefused(f"{where}: the database refused it ({error}).") from error
    del obj.skip_history_when_saving
    for name, ids in related.items():
        target = model._meta.get_field(name).related_model
        found = set(target._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
        if missing := set(ids) - found:
            raise ImportRefused(f"{where}: {name} refers to missing ids {sorted(missing)}.")
        getattr(obj, name).set(ids)
    return obj


def _describe(error):
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
    return " ".join(error.messages)


def _reset_sequences():
    """After inserting explicit ids, point PostgreSQL's sequences past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(SECTIONS.values()))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
