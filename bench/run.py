"""Page cost as the archive grows: every public page at 1,000 and at 100,000 events, in-process.

    .venv/bin/python bench/run.py                     # or: make bench
    .venv/bin/python bench/run.py --small 1000 --large 100000 --rounds 3 --repeat 20

Each size has a PostgreSQL database of its own (``newsdesk_bench_1k``, ``newsdesk_bench_100k``;
``DATABASE_URL`` pointing at SQLite — ``sqlite:///path`` — runs both sizes there instead, in
files named after the size). The fictional data of ``bench/data.py`` is generated the first
time. ``bench/pages.py`` times every page uncached (the page cache is off: this is what a miss,
a search or a long-tail page costs), with the sizes interleaved over several rounds so that the
machine's drift weighs on both alike. Printed per page: queries (the same at both sizes), p95 at
each size (the median of the rounds' p95s), and the growth. Goals: p95 at the large size ≤ 1.25
× p95 at the small one; the oldest page of the list ≤ 2 × its first page. Figures only.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))
from stack import POSTGRES, create_database, start_services  # noqa: E402

GROWTH_GOAL = 1.25
DEEP_GOAL = 2.0


def label(size):
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def database_for(size):
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("sqlite"):
        (ROOT / "bench/out").mkdir(exist_ok=True)
        return f"sqlite:///{ROOT / 'bench/out'}/bench-{label(size)}.sqlite3"
    name = f"newsdesk_bench_{label(size)}"
    create_database(name)
    return POSTGRES.format(name=name)


def timings(size, database_url, repeat):
    output = subprocess.run(
        [sys.executable, str(ROOT / "bench/pages.py"), "--events", str(size),
         "--repeat", str(repeat)],
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if output.returncode:
        sys.exit(f"bench/pages.py failed at {label(size)}:\n{output.stderr}")
    return json.loads(output.stdout)


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * 0.95))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=20, help="requests per page and round")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("sqlite"):
        start_services()
    sizes = [args.small, args.large]
    urls = {size: database_for(size) for size in sizes}
    for size in sizes:  # generate the data (once), outside the timed rounds
        print(f"{label(size)}: preparing {urls[size]}", file=sys.stderr, flush=True)
        timings(size, urls[size], repeat=1)
    rounds = {size: [] for size in sizes}
    for number in range(1, args.rounds + 1):
        print(f"round {number} of {args.rounds}…", file=sys.stderr, flush=True)
        for size in sizes:
            rounds[size].append(timings(size, urls[size], args.repeat))
    report(rounds, sizes, args)


def report(rounds, sizes, args):
    small, large = sizes
    engine = "SQLite" if urls_are_sqlite() else "PostgreSQL"

    def figure(size, page):
        return statistics.median(p95(run[page]["ms"]) for run in rounds[size])

    print(
        f"\n{engine}, in-process, uncached; p95 of {args.repeat} requests per round, median of "
        f"{args.rounds} rounds, sizes interleaved\n"
    )
    print(f"| page | queries | p95 {label(small)} | p95 {label(large)} | growth | goal |")
    print("|---|---:|---:|---:|---:|---|")
    pages = rounds[small][0]
    for page in pages:
        queries = {rounds[size][0][page]["queries"] for size in sizes}
        before, after = figure(small, page), figure(large, page)
        growth = after / before
        verdict = "met" if growth <= GROWTH_GOAL else "NOT MET"
        print(
            f"| {page} | {'/'.join(map(str, sorted(queries)))} | {before:.1f} ms | {after:.1f} ms "
            f"| {growth:.2f}× | ≤ {GROWTH_GOAL}× {verdict} |"
        )
    deep, first = figure(large, "browse, oldest page"), figure(large, "browse")
    verdict = "met" if deep / first <= DEEP_GOAL else "NOT MET"
    print(
        f"\noldest page ÷ first page at {label(large)}: {deep:.1f} / {first:.1f} ms = "
        f"{deep / first:.2f}× (goal ≤ {DEEP_GOAL}×: {verdict})"
    )


def urls_are_sqlite():
    return os.environ.get("DATABASE_URL", "").startswith("sqlite")


if __name__ == "__main__":
    main()
