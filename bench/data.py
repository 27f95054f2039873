"""Fictional benchmark data: N events of six statements each between eight "Bench States".

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench_1k \
        .venv/bin/python bench/data.py --events 1000

Written with bulk_create, past the model layer (the rules are tested elsewhere; here only the
volume matters), then ANALYZEd — PostgreSQL plans blind without statistics — and the maintained
public figures recomputed. Every name is fictional ("Bench State 3", "Bench summit 1234 on
grain"). Migrates first; does nothing if the database already holds that many bench events.
"""

import argparse
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for name, value in {
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
        "NEWSDESK_SITE_URL": "https://bench.invalid",
    }.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from claims.models import (  # noqa: E402
    Claim,
    Denial,
    Event,
    Party,
    Precision,
    PublicState,
    Stance,
    Statement,
    Status,
    Topic,
)
from claims.models.stats import refresh_all  # noqa: E402

WORDS = [
    "ceasefire", "harbour", "corridor", "grain", "water", "border", "patrol", "talks",
    "agreement", "sanctions", "observers", "investigation", "pipeline", "summit", "shipping",
    "drills",
]  # fmt: skip
SIDES, MINISTRIES, TOPICS = 8, 40, 10
BATCH = 5000


def ensure(events, statements_per_event=6, progress=print):
    """Generate the data unless this database already holds ``events`` bench events."""
    have = Event.objects.filter(slug__startswith="bench-summit-").count()
    if have == events:
        return
    if have:
        raise SystemExit(f"This database holds {have} bench events, not {events}: use another.")
    generate(events, statements_per_event, progress)


def generate(events, statements_per_event, progress=print):
    progress(f"Generating {events:,} events × {statements_per_event} statements…")
    started = time.perf_counter()
    published = Status.PUBLISHED
    with transaction.atomic():
        sides = Party.objects.bulk_create(
            Party(name=f"Bench State {n}", slug=f"bench-state-{n}") for n in range(SIDES)
        )
        speakers = Party.objects.bulk_create(
            Party(
                name=f"Bench Ministry {n}",
                slug=f"bench-ministry-{n}",
                parent=sides[n % SIDES],
                kind=Party.Kind.MINISTRY,
            )
            for n in range(MINISTRIES)
        )
        topics = Topic.objects.bulk_create(
            Topic(name=f"Bench topic {n}", slug=f"bench-topic-{n}") for n in range(TOPICS)
        )
        base = datetime(2000, 1, 1, tzinfo=UTC)
        for start in range(0, events, BATCH):
            numbers = range(start, min(events, start + BATCH))
            new_events = Event.objects.bulk_create(
                Event(
                    title=f"Bench summit {n} on {WORDS[n % len(WORDS)]}",
                    slug=f"bench-summit-{n}",
                    summary=f"Fictional talks about {WORDS[(n * 7) % len(WORDS)]}.",
                    occurred_at=base + timedelta(hours=n * 2),
                    occurred_precision=Precision.EXACT,
                    kind=Event.Kind.MEETING,
                    status=published,
                )
                for n in numbers
            )
            Event.topics.through.objects.bulk_create(
                Event.topics.through(event=e, topic=topics[n % TOPICS])
                for n, e in zip(numbers, new_events, strict=True)
            )
            Event.participants.through.objects.bulk_create(
                Event.participants.through(event=e, party=sides[(n + k) % SIDES])
                for n, e in zip(numbers, new_events, strict=True)
                for k in range(2)
            )
            statements = Statement.objects.bulk_create(
                Statement(
                    event=e,
                    party=speakers[(n * 3 + k * 5) % MINISTRIES],
                    issued_at=e.occurred_at + timedelta(minutes=37 * (k + 1)),
                    text=f"<p>Statement {k} on {WORDS[(n + k) % len(WORDS)]}: "
                    f"both sides agreed to a ceasefire.</p>",
                    status=published,
                )
                for n, e in zip(numbers, new_events, strict=True)
                for k in range(statements_per_event)
            )
            claims, denials, stances = [], [], []
            for index, event in enumerate(new_events):
                own = statements[index * statements_per_event : (index + 1) * statements_per_event]
                claim = Claim(event=event, text="A ceasefire was agreed", status=published)
                claims.append(claim)
                for earlier, later in zip(own, own[1:], strict=False):
                    if earlier.party.parent_id != later.party.parent_id:
                        denials.append(
                            Denial(
                                statement=later,
                                target=earlier,
                                disputed_passage="agreed to a ceasefire",
                                claim=claim,
                                status=published,
                            )
                        )
                        break
                stances.append(
                    Stance(
                        claim=claim,
                        side=own[0].party.parent,
                        position=Stance.Position.ASSERTS,
                        statement=own[0],
                        status=published,
                    )
                )
            Claim.objects.bulk_create(claims)
            Denial.objects.bulk_create(denials)
            Stance.objects.bulk_create(stances)
            progress(f"  {numbers[-1] + 1:,} / {events:,} events")
    analyze()
    progress("  public figures…")
    with transaction.atomic():
        refresh_all()
        PublicState.bump(parties=set(), events=set())  # a new public version: nothing cached
    analyze()  # again: the figures' tables were empty at the first
    progress(f"  done in {time.perf_counter() - started:.0f} s")


def analyze():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, required=True)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    ensure(args.events, progress=lambda line: print(line, file=sys.stderr, flush=True))


if __name__ == "__main__":
    main()
