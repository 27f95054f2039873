"""Pathological inputs at two sizes, and how their cost grows: linear is 2× for twice the input.

    .venv/bin/python bench/pathological.py            # or: make bench-inputs

Each input is timed at n and 2n in this one process (best of three, after one warm-up), so
the ratio is what matters, not the absolute times. Goal: every growth ≤ 2.5×, and no input at
its cap (the size the site accepts) over 1 s. No database: what needs parties uses
fictional in-memory ones. Figures only, never a test.
"""

import contextlib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402

from claims.intake import intake  # noqa: E402
from claims.models.search import parse  # noqa: E402
from claims.models.stats import fold_matrix, most_involved  # noqa: E402
from claims.render.charts import denial_matrix  # noqa: E402
from claims.render.marking import mark_passages, snippet  # noqa: E402
from claims.text.sanitize import sanitize_html  # noqa: E402

GROWTH_GOAL, CAP_GOAL = 2.5, 1.0


@dataclass(frozen=True)
class Side:
    pk: int
    label: str
    slug: str


def refused(function):
    def run(value):
        with contextlib.suppress(ValidationError):
            function(value)

    return run


def many_sides(n):
    """``n`` governments, each rebutting the next three: who denies whom, folded and drawn."""
    counts = {(a, (a + k) % n): 1 + (a * k) % 5 for a in range(n) for k in (1, 2, 3)}
    sides = {pk: Side(pk, f"State {pk}", f"state-{pk}") for pk in range(n)}

    def draw(_):
        named, rest = most_involved(counts)
        from claims.models.stats import OtherSides

        chosen = [sides[pk] for pk in named] + ([OtherSides(rest)] if rest else [])
        return denial_matrix(fold_matrix(counts, chosen), lambda a, b: "#")

    return draw


QUOTE = '"The harbour stays open," said Ms Lise Adaro, the envoy, to the Norland Press Agency. '
CASES = [
    # name, input at size n, n, the cap the site accepts (None: no cap), function
    ("intake: a paste with no space", lambda n: "Ostrel" * (n // 6), 50_000, 200_000,
     lambda text: intake(text, parties=[], conduits=[])),
    ("intake: thousands of quotes", lambda n: QUOTE * (n // len(QUOTE)), 50_000, 200_000,
     lambda text: intake(text, parties=[], conduits=[])),
    ("intake: quotes nested in quotes", lambda n: "“a ‘b " * (n // 6), 50_000, 200_000,
     lambda text: intake(text, parties=[], conduits=[])),
    ("sanitise: tags nested deep (refused)", lambda n: "<b>" * (n // 3) + "x", 50_000,
     100_000, refused(sanitize_html)),
    ("sanitise: flat markup at the cap", lambda n: "<p>A <em>b</em></p>" * (n // 20), 50_000,
     100_000, sanitize_html),
    ("mark: many disputed passages", lambda n: "<p>" + "word " * (n // 5) + "</p>", 50_000,
     100_000, lambda html: mark_passages(html, [("word " * k, f"m{k}", "t", []) for k in range(1, 60)])),  # noqa: E501
    ("snippet: search words in a long text", lambda n: "ministry " * (n // 9), 50_000, 100_000,
     lambda text: snippet(text, ["ministry"])),
    ("search: words and operators", lambda n: '-"a" or (b) ' * (n // 12), 100, 200,
     lambda text: parse(text)),
    ("who denies whom: governments", lambda n: n, 300, 600, lambda draw: draw(None)),
]  # fmt: skip


def best(function, value, rounds=3):
    function(value)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function(value)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    print(f"{'input':42} {'n':>8} {'t(n)':>9} {'t(2n)':>9} {'growth':>7} {'at cap':>9}  goal")
    worst = 0.0
    for name, make, n, cap, function in CASES:
        if name.startswith("who denies whom"):
            small, large, at_cap = many_sides(n), many_sides(2 * n), many_sides(cap)
        else:
            small, large, at_cap = make(n), make(2 * n), make(cap)
        t1, t2, tc = best(function, small), best(function, large), best(function, at_cap, 1)
        growth = t2 / t1 if t1 else float("inf")
        worst = max(worst, growth)
        met = "met" if growth <= GROWTH_GOAL and tc <= CAP_GOAL else "NOT MET"
        print(f"{name:42} {n:>8,} {t1 * 1000:>7.1f}ms {t2 * 1000:>7.1f}ms {growth:>6.2f}× "
              f"{tc * 1000:>7.1f}ms  {met}")  # fmt: skip
    print(f"\nworst growth {worst:.2f}× (goal ≤ {GROWTH_GOAL}×); caps: intake 200,000 characters, "
          f"HTML 100,000, 600 governments")  # fmt: skip


if __name__ == "__main__":
    main()
