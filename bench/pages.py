"""Time every public page in-process against one database, uncached; print JSON.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench_1k \\
        .venv/bin/python bench/pages.py --events 1000 --repeat 30

Generates the fictional data first if the database has none (bench/data.py). Pages are
rendered afresh for every request (the page cache is switched off here: this measures what a
cache miss, a search or a long-tail page costs). Used by bench/run.py, which interleaves sizes.
"""

import argparse
import json
import os
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("NEWSDESK_SITE_URL", "https://bench.invalid")
warnings.filterwarnings("ignore", "No directory at", UserWarning)  # no collectstatic here

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
settings.CACHES["default"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
settings.STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import data  # noqa: E402
from claims.models import Denial, Event, Statement  # noqa: E402


def pages():
    """The pages to time: the newest bench event's, and lists that grow with the archive."""
    event = Event.objects.filter(slug__startswith="bench-summit-").order_by("-occurred_at").first()
    statement = event.statements.order_by("pk").first()
    return {
        "home": "/",
        "browse": "/events/",
        "browse, oldest page": "/events/?oldest=1",
        "search": "/events/?q=ceasefire+harbour",
        "search, a word found nowhere": "/events/?q=zzqx",
        "search, an accented phrase": "/events/?q=%22c%C3%A9r%C3%A9ales+serapines%22",
        "comparison": event.get_absolute_url(),
        "statement": statement.get_absolute_url(),
        "party": "/parties/bench-state-1/",
        "timeline": "/timeline/",
        "parties": "/parties/",
    }


def measure(client, url, repeat):
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the next request empties the query log
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return {"queries": queries, "ms": timings}


def save_statement_text(statement_id):
    """An editor's most common write: a published statement's text corrected."""
    statement = Statement.objects.get(pk=statement_id)
    statement.text = statement.text.replace("</p>", " (corrected)</p>", 1)
    statement.correction_note = "A word was wrong."
    statement.save()


def save_denial_status(denial_id):
    """A rebuttal taken off the public site: the figures of both sides move."""
    denial = Denial.objects.get(pk=denial_id)
    denial.status = "draft"
    denial.save()


def medians_after_denial_status(denial_id):
    """What the background does after that save commits: the medians it made due."""
    from claims.models.stats import refresh_medians

    save_denial_status(denial_id)
    refresh_medians()


def measure_write(write, target, repeat):
    """A write's cost, each rolled back (the archive stays as it was)."""

    def once():
        with transaction.atomic():
            write(target)
            transaction.set_rollback(True)

    once()  # warm-up
    with CaptureQueriesContext(connection) as captured:
        once()
    queries = len(captured)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        once()
        timings.append((time.perf_counter() - started) * 1000)
    return {"queries": queries, "ms": timings}


def writes():
    event = Event.objects.filter(slug__startswith="bench-summit-").order_by("-occurred_at").first()
    statement = event.statements.order_by("pk").first()
    denial = Denial.objects.published().filter(statement__event=event).order_by("pk").first()
    return {
        "save: a statement's text corrected": (save_statement_text, statement.pk),
        "save: a rebuttal unpublished": (save_denial_status, denial.pk),
        "after commit, in the background: its medians": (medians_after_denial_status, denial.pk),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    data.ensure(args.events, progress=lambda line: print(line, file=sys.stderr, flush=True))
    client = Client()
    results = {}
    for name, url in pages().items():
        results[name] = {"url": url, **measure(client, url, args.repeat)}
    for name, (write, target) in writes().items():
        results[name] = measure_write(write, target, max(3, args.repeat // 4))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
