"""The bulk dataset: every published event with its statements, rebuttals and claims, as files
a data desk downloads whole (``manage.py export_dataset``, served under ``/data/files/``).

Files, written next to each other and then moved into place (a download never sees half a file):

* ``newsdesk-events.json`` — a list of events, each in the shape of ``/events/<slug>/json/``;
* ``newsdesk-statements.csv`` — one row per statement, as ``/statements.csv``;
* ``newsdesk-denials.csv`` — one row per rebuttal;
* ``datapackage.json`` — a Frictionless Data Package: the licence editors set, and the data
  dictionary (every column, what it holds);

each with a ``.gz`` copy that the file server sends to clients that accept it. Written in
chunks, so memory stays flat whatever the archive's size.
"""

import gzip
import json
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from claims.models import DataLicence, Denial, Event, PublicState, Statement
from claims.opendata import exports
from claims.pages.comparison import Comparison

CHUNK = 500
EVENTS, STATEMENTS, DENIALS, PACKAGE = (
    "newsdesk-events.json", "newsdesk-statements.csv", "newsdesk-denials.csv", "datapackage.json",
)  # fmt: skip


def root():
    return Path(settings.NEWSDESK_DATASET_ROOT)


def build(progress=print):
    """Write the dataset into ``root()``; return the package description."""
    target = root()
    target.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=target))
    try:
        counts = {
            EVENTS: _events(work / EVENTS, progress),
            STATEMENTS: _statements(work / STATEMENTS, progress),
            DENIALS: _denials(work / DENIALS, progress),
        }
        package = _package(work, counts)
        (work / PACKAGE).write_text(json.dumps(package, ensure_ascii=False, indent=1))
        for name in (*counts, PACKAGE):
            _compress(work / name)
            for file in (name, f"{name}.gz"):
                os.replace(work / file, target / file)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    PublicState.bump(parties=set(), events=set())  # the /data/ page lists the new files
    return package


def _events(path, progress):
    events = Event.objects.published().order_by("pk")
    total = events.count()
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        done = 0
        for start in range(0, total, CHUNK):
            ids = list(events.values_list("pk", flat=True)[start : start + CHUNK])
            chunk = Event.objects.for_comparison().filter(pk__in=ids).order_by("pk")
            for event in chunk:
                out.write(",\n" if done else "\n")
                document = exports.comparison_document(Comparison(event))
                out.write(json.dumps(document, ensure_ascii=False))
                done += 1
            progress(f"events: {done:,} / {total:,}")
        out.write("\n]\n")
    return done


def _statements(path, progress):
    statements = Statement.objects.published().with_party().order_by("pk")
    return _csv(path, statements, exports.STATEMENT_COLUMNS, "statements", progress)


def _denials(path, progress):
    denials = Denial.objects.published().for_timeline().order_by("pk")
    return _csv(path, denials, exports.DENIAL_COLUMNS, "denials", progress)


def _csv(path, rows, columns, name, progress):
    with path.open("w", encoding="utf-8", newline="") as out:
        count = -1  # the header is not a row
        for line in exports.csv_lines(rows, columns):
            out.write(line)
            count += 1
            if count and count % 10_000 == 0:
                progress(f"{name}: {count:,}")
    progress(f"{name}: {count:,}")
    return count


def _package(work, counts):
    licence = DataLicence.current()
    described = {STATEMENTS: exports.STATEMENT_COLUMNS, DENIALS: exports.DENIAL_COLUMNS}
    resources = [
        {
            "name": name.removesuffix(".json").removesuffix(".csv"),
            "path": name,
            "format": name.rsplit(".", 1)[1],
            "bytes": (work / name).stat().st_size,
            **(
                {
                    "rows": counts[name],
                    "schema": {"fields": exports.data_dictionary(described[name])},
                }
                if name in described
                else {
                    # Not a table (each event is a document): a plain data resource, counted
                    # apart so that validators do not read it as rows.
                    "profile": "data-resource",
                    "mediatype": "application/json",
                    "items": counts[name],
                    "description": "A list of events, each as /events/<slug>/json/ gives it.",
                }
            ),
        }
        for name in counts
    ]
    return {
        "name": "newsdesk",
        "title": "Newsdesk: governments' official accounts of the same events, side by side",
        "homepage": exports.absolute_url("/data/"),
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "licenses": [{"name": licence.name, "path": licence.url, "title": licence.name}],
        "attribution": licence.attribution,
        "notes": licence.notes,
        "resources": resources,
    }


def _compress(path):
    with path.open("rb") as source, gzip.open(f"{path}.gz", "wb", compresslevel=6) as target:
        shutil.copyfileobj(source, target, length=1 << 20)


def published_package():
    """The description of the files on disk, or None before the first ``export_dataset``."""
    try:
        return json.loads((root() / PACKAGE).read_text())
    except (FileNotFoundError, ValueError):
        return None
