"""Load harness: the production stack under wrk, at 1,000 and at 100,000 events.

    .venv/bin/python bench/load.py                    # or: make load
    .venv/bin/python bench/load.py --rounds 3 --seconds 5 --small 1000 --large 100000
    .venv/bin/python bench/load.py --gzip             # every request asks for gzip, as browsers do

For each size it starts what production runs — gunicorn (sync, two workers) with the production
settings, on PostgreSQL and Redis, Varnish in front (``deploy/stack.py``) — on a database of
its own (``newsdesk_bench_1k``, ``newsdesk_bench_100k``; the fictional data of ``bench/data.py``
is generated the first time). Then ``wrk -t2 -c16`` hits each page, sizes and pages interleaved
over several rounds, so that whatever else the machine does weighs on every figure alike.

Figures are ratios to a static file (the site's stylesheet, served by the same gunicorn through
WhiteNoise, measured in the same round): absolute times on a shared machine are noise, ratios
are not. Printed per page: req/s ÷ static (median of the rounds) with its goal, p95 latency, and
the growth of p95 from the small to the large archive. "cached" pages are served from the page
cache; "uncached" ones carry a session cookie (the cache never serves a session) and a query
string that changes with every request, so each is rendered afresh (as for a search or a
long-tail page).

Then the read mix while an editor writes: wrk cycles over 48 warmed pages (comparisons,
statements, home, browse, timeline, parties), once with nobody writing and once while an
editor corrects a statement of one of those events every 2 s (through the model layer, from a
process of its own, as the admin would). Printed per size: req/s, p95 and the share of cache
hits of both runs, their ratios (goals: ≥ 0.80 of the req/s, p95 within 1.5×), and what the
save cost — readers asking gunicorn itself (``app``), then Varnish (``edge``). The per-page
figures are gunicorn's. ``--seconds 0``: the read mix only. Figures only: not a test.
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


# The read mix: wrk cycles over the pages; each thread counts the cache's hits.
MIX = """
counter = 0
hits = 0
seen = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
response = function(status, headers, body)
  seen = seen + 1
  local edge = headers["X-Edge-Cache"]
  if edge then
    if edge == "hit" then hits = hits + 1 end
  elseif headers["X-Cache"] == "hit" then
    hits = hits + 1
  end
end
threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local all_hits, all_seen = 0, 0
  for _, thread in ipairs(threads) do
    all_hits = all_hits + thread:get("hits")
    all_seen = all_seen + thread:get("seen")
  end
  io.write(string.format("NEWSDESK %%d %%d %%d %%d %%d %%d\\n", summary.requests,
    summary.duration, latency:percentile(95), summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout, all_hits, all_seen))
end
"""
MIX_PAGES = 48
# Where readers come in: gunicorn itself (its page cache in Redis), or the edge in front of it
# (Varnish, purged by key), as production and ``make stack`` run it.
FRONTS = ("app", "edge")
RUNS = ("reading", "writing")
WRITE_EVERY = 2.0  # seconds between an editor's saves
# The editor: corrects the statements given, in turn, every WRITE_EVERY seconds, for as long
# as asked; prints each save's cost in ms. Run with the stack's environment (same database,
# same Redis): its saves announce and purge as the admin's would.
EDITOR = """
import json, sys, time
import django
django.setup()
from claims.models import Statement
ids, seconds, every = json.loads(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
costs, n, start = [], 0, time.monotonic()
while time.monotonic() - start < seconds:
    statement = Statement.objects.get(pk=ids[n % len(ids)])
    mark, text = " (corrected)", statement.text
    edited = text.replace("</p>", mark + "</p>", 1)
    statement.text = text.replace(mark, "") if mark in text else edited
    statement.correction_note = "A word was wrong (benchmark)."
    began = time.perf_counter()
    statement.save()
    costs.append((time.perf_counter() - began) * 1000)
    n += 1
    time.sleep(max(0.0, start + n * every - time.monotonic()))
print(json.dumps(costs))
"""


def mix_addresses(base):
    """48 pages readers read at once: comparisons and statements of the newest events, the
    home page, browse, the timeline and parties. And statements of those events to correct."""
    _, _, browse = fetch(base + "/events/")
    comparisons = list(dict.fromkeys(re.findall(r'href="(/events/bench-summit-[^"/]+/)"', browse)))
    paths = ["/", "/events/", "/timeline/", "/parties/bench-state-1/", "/parties/bench-state-2/"]
    statements = []
    for comparison in comparisons:
        _, _, page = fetch(base + comparison)
        statements += re.findall(r'href="/statements/(\d+)/"', page)[:1]
        paths += [comparison, f"/statements/{statements[-1]}/"]
        if len(paths) >= MIX_PAGES:
            break
    paths = paths[:MIX_PAGES]
    for path in paths:
        fetch(base + path)  # warmed
    return paths, [int(pk) for pk in statements[:4]]


def read_mix(stack, base, paths, editing, seconds, workdir, headers=()):
    """wrk over ``paths`` at ``base`` for ``seconds``; with ``editing`` (statement ids), an
    editor saves one every ``WRITE_EVERY`` seconds meanwhile."""
    script = workdir / "mix.lua"
    table = ", ".join(f'"{path}"' for path in paths)
    script.write_text(f"paths = {{{table}}}\n" + (MIX % ()))
    editor = None
    if editing:
        editor = subprocess.Popen(
            [sys.executable, "-c", EDITOR, json.dumps(editing), str(seconds), str(WRITE_EVERY)],
            cwd=ROOT,
            env={**stack.environment, "DJANGO_SETTINGS_MODULE": "newsdesk.settings"},
            stdout=subprocess.PIPE,
            text=True,
        )
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", str(script)]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(
        [*command, base + "/"], capture_output=True, text=True, check=True
    ).stdout
    figures = re.search(r"NEWSDESK (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", output).groups()
    requests, duration_us, p95_us, errors, hits, seen = map(int, figures)
    result = {
        "rps": requests / (duration_us / 1e6),
        "p95_ms": p95_us / 1000,
        "errors": errors,
        "hit_ratio": hits / seen if seen else 0.0,
    }
    if editor is not None:
        out, _ = editor.communicate(timeout=seconds + 60)
        result["saves_ms"] = json.loads(out.strip().splitlines()[-1])
    return result


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
    parser.add_argument(
        "--seconds", type=int, default=5, help="per page, per round (0: only the read mix)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--mix-seconds", type=int, default=20, help="the read mix, per run (0: skip it)"
    )
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
    sizes = list(dict.fromkeys([args.small, args.large]))  # one size: --large as --small
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-load-"))
    scripts = {"plain": workdir / "plain.lua", "unique": workdir / "unique.lua"}
    scripts["plain"].write_text(REPORT)
    scripts["unique"].write_text(UNIQUE + REPORT)
    scripts["revalidate"] = scripts["plain"]
    stacks, results = {}, {size: {name: [] for name, _, _ in PAGES} for size in sizes}
    mixes = {}
    mixed = {size: {(front, run): [] for front in FRONTS for run in RUNS} for size in sizes}
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
                proxy=True,  # the edge (Varnish) in front; pages are also asked of gunicorn
                run_dir=workdir / label(size),
            )
            stack.prepare()
            stacks[size] = (stack.start(), {})
            fronts = {
                "app": f"http://127.0.0.1:{stack.web_ports()[0]}",
                "edge": f"http://127.0.0.1:{stack.edge_port}",
            }
            stacks[size] = (stack, fronts, addresses(fronts["app"]))
            mixes[size] = mix_addresses(fronts["app"])
            for path in mixes[size][0]:
                fetch(fronts["edge"] + path)  # warmed at the edge too
            print(f"{label(size)}: gunicorn ×2 at {fronts['app']}, Varnish at {fronts['edge']}",
                  file=sys.stderr)  # fmt: skip
        for round_number in range(1, args.rounds + 1):
            print(f"round {round_number} of {args.rounds}…", file=sys.stderr, flush=True)
            for name, how, _ in PAGES if args.seconds else ():
                for size in sizes:
                    _, fronts, paths = stacks[size]
                    results[size][name].append(
                        wrk(fronts["app"], paths[name], how, args.seconds, scripts, headers)
                    )
            for size in sizes if args.mix_seconds else ():
                stack, fronts, _ = stacks[size]
                paths, editing = mixes[size]
                for front in FRONTS:
                    for run in RUNS:
                        editor = editing if run == "writing" else ()
                        mixed[size][front, run].append(
                            read_mix(
                                stack,
                                fronts[front],
                                paths,
                                editor,
                                args.mix_seconds,
                                workdir,
                                headers,
                            )  # fmt: skip
                        )
    finally:
        for stack, *_ in stacks.values():
            stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    if args.seconds:
        report(results, sizes, args)
    if args.mix_seconds:
        report_mix(mixed, sizes, args)


def report_mix(mixed, sizes, args):
    """The read mix with and without an editor writing, per size and front."""
    print(
        f"\nRead mix: wrk -t2 -c16 over {MIX_PAGES} warmed pages, {args.mix_seconds} s × "
        f"{args.rounds} rounds; with writes: an editor corrects a statement of one of those "
        f"events every {WRITE_EVERY:g} s. Readers ask gunicorn (app: the Redis page cache) or "
        f"Varnish in front of it (edge). Goals: ≥ 0.80 of the req/s, p95 within 1.5×.\n"
    )
    print("| size | front | req/s reading | req/s writing | ratio | p95 reading | p95 writing "
          "| p95 ratio | hits reading | hits writing | save median | save max |")  # fmt: skip
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        for front in FRONTS:
            runs = {run: mixed[size][front, run] for run in RUNS}

            def median(run, key, runs=runs):
                return statistics.median(r[key] for r in runs[run])

            saves = [ms for r in runs["writing"] for ms in r.get("saves_ms", [])]
            ratio = median("writing", "rps") / median("reading", "rps")
            p95 = median("writing", "p95_ms") / median("reading", "p95_ms")
            print(
                f"| {label(size)} | {front} | {median('reading', 'rps'):,.0f} "
                f"| {median('writing', 'rps'):,.0f} "
                f"| {ratio:.2f} {'met' if ratio >= 0.80 else 'NOT MET'} "
                f"| {median('reading', 'p95_ms'):.1f} ms | {median('writing', 'p95_ms'):.1f} ms "
                f"| {p95:.2f}× {'met' if p95 <= 1.5 else 'NOT MET'} "
                f"| {median('reading', 'hit_ratio'):.3f} | {median('writing', 'hit_ratio'):.3f} "
                f"| {statistics.median(saves):.0f} ms | {max(saves):.0f} ms |"
            )


def report(results, sizes, args):
    small, large = sizes[0], sizes[-1]

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
