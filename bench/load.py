"""Load harness: the production stack under wrk, at 1,000 and at 100,000 events.

    .venv/bin/python bench/load.py                    # or: make load
    .venv/bin/python bench/load.py --rounds 3 --seconds 5 --small 1000 --large 100000
    .venv/bin/python bench/load.py --gzip             # every request asks for gzip, as browsers do

For each size it starts what production runs — gunicorn (sync, two workers) with the production
settings, on PostgreSQL and Redis (``deploy/stack.py``, without the proxy) — on a database of
its own (``newsdesk_bench_1k``, ``newsdesk_bench_100k``; the fictional data of ``bench/data.py``
is generated the first time). Then ``wrk -t2 -c16`` hits each page, sizes and pages interleaved
over several rounds, so that whatever else the machine does weighs on every figure alike.

Figures are ratios to a static file (the site's stylesheet, served by the same gunicorn through
WhiteNoise, measured in the same round): absolute times on a shared machine are noise, ratios
are not. Printed per page: req/s ÷ static (median of the rounds) with its goal, p95 latency, and
the growth of p95 from the small to the large archive. "cached" pages are served from the page
cache; "uncached" ones carry a session cookie (the cache never serves a session) and a query
string that changes with every request, so each is rendered afresh (as for a search or a
long-tail page). Figures only: not a test.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))
from stack import POSTGRES, STACK_REDIS, Stack, create_database, start_services  # noqa: E402

# (name, how it is asked for, goal as a share of static req/s or None)
PAGES = [
    ("static file", "plain", None),
    ("comparison, cached", "plain", 0.90),
    ("comparison, 304", "revalidate", 0.90),
    ("comparison, uncached", "unique", 0.10),
    ("browse page 1, cached", "plain", 0.25),
    ("browse page 1, uncached", "unique", None),
    ("browse, oldest page", "unique", None),
    ("search", "unique", None),
    ("home", "unique", None),
    ("party", "unique", None),
    ("timeline", "unique", None),
    ("statement", "unique", None),
]
# wrk's Lua: every request a cache miss, and the 95th percentile. The page cache keys pages by
# the parameters their views read (a made-up one is ignored), so a miss is asked for as the
# cache's rules have it: a session cookie (staff are never served from the cache; an unknown
# session is an anonymous reader, rendered afresh, one session lookup more).
UNIQUE = """
wrk.headers["Cookie"] = "sessionid=bench-uncached"
counter = 0
request = function()
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "n=" .. counter .. "-" .. math.random(1e9))
end
"""
REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("NEWSDESK %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(95), summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return response.status, dict(response.headers), body.decode()


def addresses(base):
    """The pages' paths on a running stack, found as a reader finds them."""
    _, _, home = fetch(base + "/")
    stylesheet = re.search(r'href="(/static/css/site[^"]*\.css)"', home)[1]
    _, _, browse = fetch(base + "/events/")
    comparison = re.search(r'href="(/events/bench-summit-[^"/]+/)"', browse)[1]
    _, _, page = fetch(base + comparison)
    statement = re.search(r'href="(/statements/\d+/)"', page)[1]
    paths = {
        "static file": stylesheet,
        "comparison, cached": comparison,
        "comparison, 304": comparison,
        "comparison, uncached": comparison,
        "browse page 1, cached": "/events/",
        "browse page 1, uncached": "/events/",
        "browse, oldest page": "/events/?oldest=1",
        "search": "/events/?q=ceasefire+harbour",
        "home": "/",
        "party": "/parties/bench-state-1/",
        "timeline": "/timeline/",
        "statement": statement,
    }
    for path in paths.values():  # every page answers, and cached ones are in the cache
        status, _, _ = fetch(base + path)
        assert status == 200, (path, status)
    return paths


def wrk(base, path, how, seconds, scripts, headers=()):
    """``headers``: sent with every request, the static file's too (``--gzip``)."""
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", scripts[how]]
    for header in headers:
        command += ["-H", header]
    if how == "revalidate":
        asked = dict(header.split(": ", 1) for header in headers)
        _, answered, _ = fetch(base + path, asked)
        command += ["-H", f"If-None-Match: {answered['ETag']}"]
    output = subprocess.run(
        [*command, base + path], capture_output=True, text=True, check=True
    ).stdout
    requests, duration_us, p95_us, errors = map(
        int, re.search(r"NEWSDESK (\d+) (\d+) (\d+) (\d+)", output).groups()
    )
    return {"rps": requests / (duration_us / 1e6), "p95_ms": p95_us / 1000, "errors": errors}


def generate(size):
    url = POSTGRES.format(name=f"newsdesk_bench_{label(size)}")
    create_database(url.rsplit("/", 1)[1])
    subprocess.run(
        [sys.executable, str(ROOT / "bench/data.py"), "--events", str(size)],
        env={**os.environ, "DATABASE_URL": url},
        check=True,
    )
    return url


def label(size):
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000, help="events in the small archive")
    parser.add_argument("--large", type=int, default=100_000, help="events in the large one")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5, help="per page, per round")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--gzip",
        action="store_true",
        help="ask for gzip as browsers do (every request, the static file's too)",
    )
    args = parser.parse_args()
    for tool in ("wrk", "pg_isready"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install wrk (make load does it as root).")
    start_services()
    sizes = [args.small, args.large]
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-load-"))
    scripts = {"plain": workdir / "plain.lua", "unique": workdir / "unique.lua"}
    scripts["plain"].write_text(REPORT)
    scripts["unique"].write_text(UNIQUE + REPORT)
    scripts["revalidate"] = scripts["plain"]
    stacks, results = {}, {size: {name: [] for name, _, _ in PAGES} for size in sizes}
    headers = ["Accept-Encoding: gzip"] if args.gzip else []
    try:
        for number, size in enumerate(sizes):
            url = generate(size)
            stack = Stack(
                port=18600 + 10 * number,
                database_url=url,
                cache_url=STACK_REDIS,
                processes=1,
                workers=2,
                proxy=False,
                run_dir=workdir / label(size),
            )
            stack.prepare()
            stacks[size] = (stack.start(), {})
            stacks[size] = (stack, addresses(stack.url))
            print(f"{label(size)}: gunicorn ×2 on {stack.url}", file=sys.stderr)
        for round_number in range(1, args.rounds + 1):
            print(f"round {round_number} of {args.rounds}…", file=sys.stderr, flush=True)
            for name, how, _ in PAGES:
                for size in sizes:
                    stack, paths = stacks[size]
                    results[size][name].append(
                        wrk(stack.url, paths[name], how, args.seconds, scripts, headers)
                    )
    finally:
        for stack, _ in stacks.values():
            stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    report(results, sizes, args)


def report(results, sizes, args):
    small, large = sizes

    def median(size, name, key):
        return statistics.median(run[key] for run in results[size][name])

    print(
        f"\nwrk -t2 -c16, {args.seconds} s × {args.rounds} rounds per page and size, gunicorn "
        f"sync ×2, PostgreSQL + Redis; ratio = req/s ÷ the static file's req/s in the same run"
        f"{'; every request asks for gzip' if args.gzip else ''}\n"
    )
    header = (
        f"| page | req/s {label(small)} | ratio {label(small)} | ratio {label(large)} | goal "
        f"| p95 {label(small)} | p95 {label(large)} | p95 growth |"
    )
    print(header)
    print("|---|---:|---:|---:|---|---:|---:|---:|")
    figures = {}
    for name, _, goal in PAGES:
        row = {}
        for size in sizes:
            rps = median(size, name, "rps")
            row[size] = {
                "rps": rps,
                "ratio": rps / median(size, "static file", "rps"),
                "p95_ms": median(size, name, "p95_ms"),
                "errors": sum(run["errors"] for run in results[size][name]),
            }
        growth = row[large]["p95_ms"] / row[small]["p95_ms"]
        met = "—"
        if goal is not None:
            reached = min(row[size]["ratio"] for size in sizes) >= goal
            met = f"≥ {goal:.2f} {'met' if reached else 'NOT MET'}"
        print(
            f"| {name} | {row[small]['rps']:,.0f} | {row[small]['ratio']:.3f} "
            f"| {row[large]['ratio']:.3f} | {met} | {row[small]['p95_ms']:.1f} ms "
            f"| {row[large]['p95_ms']:.1f} ms | {growth:.2f}× |"
        )
        figures[name] = {label(size): row[size] for size in sizes} | {"p95_growth": growth}
    errors = sum(
        run["errors"] for by_page in results.values() for runs in by_page.values() for run in runs
    )
    print(f"\nnon-2xx/3xx responses and socket errors: {errors}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
