"""Page speed benchmark: generate fictional data, then time every public page.

    .venv/bin/python bench/run.py                      # SQLite file in bench/out/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench .venv/bin/python bench/run.py

Prints, per page: queries, median and 95th-percentile time over --repeat requests, and whether
it meets its goal. Goals are for one request in-process (no network), on this 2-core machine.
All data is fictional ("Bench State 7", "Bench summit 1234"). Not a test: it only prints.
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
(ROOT / "bench/out").mkdir(exist_ok=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench/out/bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
warnings.filterwarnings("ignore", "No directory at", UserWarning)  # no collectstatic here

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from claims.models import (  # noqa: E402
    Claim,
    Denial,
    Event,
    Party,
    Precision,
    Stance,
    Statement,
    Status,
    Topic,
)

# Plain storage: the benchmark measures views, not collectstatic.
settings.STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)

GOALS_MS = {
    "home": 150,
    "browse": 200,
    "search": 300,
    "comparison": 100,
    "statement": 50,
    "party": 200,
    "timeline": 150,
}
WORDS = [
    "ceasefire",
    "harbour",
    "corridor",
    "grain",
    "water",
    "border",
    "patrol",
    "talks",
    "agreement",
    "sanctions",
    "observers",
    "investigation",
    "pipeline",
    "summit",
    "shipping",
    "drills",
]


def generate(events, statements_per_event):
    print(f"Generating {events} events × {statements_per_event} statements…", flush=True)
    started = time.perf_counter()
    with transaction.atomic():
        sides = [
            Party.objects.create(name=f"Bench State {n}", slug=f"bench-state-{n}") for n in range(8)
        ]
        speakers = Party.objects.bulk_create(
            Party(
                name=f"Bench Ministry {n}",
                slug=f"bench-ministry-{n}",
                parent=sides[n % 8],
                kind=Party.Kind.MINISTRY,
            )
            for n in range(40)
        )
        topics = [
            Topic.objects.create(name=f"Bench topic {n}", slug=f"bench-topic-{n}")
            for n in range(10)
        ]
        base = datetime(2020, 1, 1, tzinfo=UTC)
        new_events = Event.objects.bulk_create(
            Event(
                title=f"Bench summit {n} on {WORDS[n % len(WORDS)]}",
                slug=f"bench-summit-{n}",
                summary=f"Fictional talks about {WORDS[(n * 7) % len(WORDS)]}.",
                occurred_at=base + timedelta(hours=n * 5),
                occurred_precision=Precision.EXACT,
                kind=Event.Kind.MEETING,
                status=Status.PUBLISHED,
            )
            for n in range(events)
        )
        Event.topics.through.objects.bulk_create(
            Event.topics.through(event=e, topic=topics[i % 10]) for i, e in enumerate(new_events)
        )
        statements = Statement.objects.bulk_create(
            Statement(
                event=e,
                party=speakers[(i + k) % 40],
                issued_at=e.occurred_at + timedelta(minutes=37 * (k + 1)),
                text=f"<p>Statement {k} on {WORDS[(i + k) % len(WORDS)]}: "
                f"both sides agreed to a ceasefire.</p>",
                status=Status.PUBLISHED,
            )
            for i, e in enumerate(new_events)
            for k in range(statements_per_event)
        )
        denials, claims, stances = [], [], []
        for i, event in enumerate(new_events):
            own = statements[i * statements_per_event : (i + 1) * statements_per_event]
            claim = Claim(event=event, text=f"A ceasefire was agreed at summit {i}")
            claims.append(claim)
            for earlier, later in zip(own, own[1:], strict=False):
                if earlier.party.parent_id != later.party.parent_id:
                    denials.append(
                        Denial(
                            statement=later,
                            target=earlier,
                            disputed_passage="agreed to a ceasefire",
                            claim=claim,
                        )
                    )
                    break
        Claim.objects.bulk_create(claims)
        Denial.objects.bulk_create(denials)
        for claim, statement in zip(claims, statements[::statements_per_event], strict=False):
            stances.append(
                Stance(
                    claim=claim,
                    side=statement.party.parent,
                    position=Stance.Position.ASSERTS,
                    statement=statement,
                )
            )
        Stance.objects.bulk_create(stances)
    print(
        f"  done in {time.perf_counter() - started:.1f} s "
        f"({len(statements)} statements, {len(denials)} denials)",
        flush=True,
    )


def measure(client, url, repeat):
    client.get(url)  # warm-up
    timings = []
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the next request resets the query log
    assert response.status_code == 200, (url, response.status_code)
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return queries, statistics.median(timings), p95


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--statements", type=int, default=6, help="per event")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if not Event.objects.filter(slug__startswith="bench-summit-").exists():
        generate(args.events, args.statements)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh bulk loads have no planner statistics yet
    event = Event.objects.filter(slug__startswith="bench-summit-").order_by("-pk").first()
    statement = event.statements.order_by("pk").first()
    pages = {
        "home": "/",
        "browse": "/events/",
        "search": "/events/?q=ceasefire+harbour",
        "comparison": event.get_absolute_url(),
        "statement": statement.get_absolute_url(),
        "party": "/parties/bench-state-1/",
        "timeline": "/timeline/?page=3",
    }
    client = Client()
    print(
        f"\n{connection.vendor}: {Event.objects.count()} events, "
        f"{Statement.objects.count()} statements, {Denial.objects.count()} denials\n"
    )
    print(f"{'page':<12}{'queries':>8}{'median ms':>11}{'p95 ms':>9}{'goal ms':>9}  verdict")
    for name, url in pages.items():
        queries, median, p95 = measure(client, url, args.repeat)
        verdict = "ok" if median <= GOALS_MS[name] else "SLOW"
        print(f"{name:<12}{queries:>8}{median:>11.1f}{p95:>9.1f}{GOALS_MS[name]:>9}  {verdict}")


if __name__ == "__main__":
    main()
