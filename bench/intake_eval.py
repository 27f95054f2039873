"""How well article intake reads news articles: its figures on the hand-annotated corpus.

    .venv/bin/python bench/intake_eval.py            # the table
    .venv/bin/python bench/intake_eval.py --misses   # and every quote it got wrong, and how
    .venv/bin/python bench/intake_eval.py --json     # figures for scripts
    .venv/bin/python bench/intake_eval.py --corpus tests/articles/heldout   # unseen articles

The corpus (``tests/articles/corpus/``, see its README) is fictional articles with the quotes,
speakers, conduits and parties a sub-editor would enter. Intake is given the corpus's parties
and conduits (``world.toml``), as it would be given the database's. The figures:

- quote precision: candidates that are an annotated quote ÷ all candidates;
- quote recall: annotated quotes found ÷ all annotated quotes;
- speaker, conduit, party accuracy: over the annotated quotes found, the share whose guess is
  one a sub-editor would accept (an empty guess is wrong wherever the article names one);
- date accuracy: articles whose publication date intake proposes ÷ articles that show one.

tests/test_intake_eval.py runs this on every CI run and holds the thresholds.
"""

import argparse
import json
import os
import re
import sys
import time
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests/articles/corpus"


@dataclass
class Expected:
    text: str
    speakers: list
    conduits: list
    party: str


@dataclass
class Article:
    name: str
    style: str
    text: str
    date: str
    quotes: list


@dataclass
class Outcome:
    """One article's reading: what matched, and every disagreement for --misses."""

    article: Article
    candidates: int = 0
    found: int = 0
    speaker: int = 0
    conduit: int = 0
    party: int = 0
    named_conduits: int = 0  # found quotes whose article names a conduit
    named_conduit: int = 0  # …and intake found it
    reported: int = 0  # reported-speech candidates (not scored against the annotations)
    date_right: bool | None = None
    seconds: float = 0.0
    misses: list = field(default_factory=list)


def normalise(text):
    """Compare as a sub-editor reads: case, apostrophe and quotation-mark styles, spacing, a
    leading article and closing punctuation do not matter."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = text.translate(str.maketrans("’‘`´“”„«»", '\'\'\'\'"""""'))
    text = re.sub(r"\s+", " ", text).strip(" ,.;:")
    return re.sub(r"^(the|le|la|les|l') ?", "", text).strip()


def as_list(value):
    return [value] if isinstance(value, str) else list(value)


def load_corpus(directory=CORPUS):
    articles = []
    for path in sorted(directory.glob("[0-9]*.toml")):
        document = tomllib.loads(path.read_text())
        quotes = [
            Expected(
                text=quote["text"],
                speakers=as_list(quote["speaker"]),
                conduits=as_list(quote["conduit"]),
                party=quote["party"],
            )
            for quote in document.get("quote", [])
        ]
        articles.append(
            Article(path.stem, document["style"], document["text"], document.get("date"), quotes)
        )
    return articles


def load_world(directory=CORPUS):
    """The corpus's parties and conduits as unsaved model instances, parents linked."""
    from claims.models import Conduit, Party

    world = tomllib.loads((directory / "world.toml").read_text())
    parties = {}
    for row in world["party"]:
        party = Party(
            slug=row["slug"],
            name=row["name"],
            short_name=row.get("short_name", ""),
            kind=row["kind"],
            role=row.get("role", ""),
        )
        if hasattr(party, "aliases"):
            party.aliases = "\n".join(row.get("aliases", []))
        party.parent = parties.get(row.get("parent"))
        parties[party.slug] = party
    conduits = [
        Conduit(
            name=row["name"],
            full_name=row.get("full_name", ""),
            kind=row["kind"],
            aliases="\n".join(row.get("aliases", [])),
        )
        for row in world["conduit"]
    ]
    return list(parties.values()), conduits


def read(article, parties, conduits):
    from claims import intake

    options = {"parties": parties}
    if "conduits" in intake.intake.__code__.co_varnames:
        options["conduits"] = conduits
    started = time.perf_counter()
    result = intake.intake(article.text, **options)
    return result, time.perf_counter() - started


def evaluate_article(article, parties, conduits):
    result, seconds = read(article, parties, conduits)
    # Reported speech (no quotation marks) is proposed besides the quotations; the corpus
    # annotates quotations, so those are what precision and recall count.
    quoted = [c for c in result.candidates if not getattr(c, "reported", False)]
    outcome = Outcome(article, candidates=len(quoted), seconds=seconds)
    outcome.reported = len(result.candidates) - len(quoted)
    by_text = {}
    for candidate in quoted:
        by_text.setdefault(normalise(candidate.quote), candidate)
    for expected in article.quotes:
        candidate = by_text.pop(normalise(expected.text), None)
        if candidate is None:
            outcome.misses.append(("quote not found", expected.text, ""))
            continue
        outcome.found += 1
        party = candidate.party.slug if candidate.party else ""
        checks = [
            ("speaker", candidate.speaker, {normalise(s) for s in expected.speakers}),
            ("conduit", candidate.conduit, {normalise(c) for c in expected.conduits}),
            ("party", party, {expected.party}),
        ]
        for name, guess, accepted in checks:
            right = (normalise(guess) if name != "party" else guess) in accepted
            if right:
                setattr(outcome, name, getattr(outcome, name) + 1)
            else:
                outcome.misses.append((name, expected.text, guess))
            if name == "conduit" and accepted != {""}:
                outcome.named_conduits += 1
                outcome.named_conduit += right
    outcome.misses.extend(("not a quote", c.quote, c.speaker) for c in by_text.values())
    if article.date:
        proposed = getattr(result, "published", None)
        outcome.date_right = proposed is not None and proposed.isoformat() == article.date
        if not outcome.date_right:
            outcome.misses.append(("date", article.date, str(proposed)))
    return outcome


def evaluate(articles=None, world=None):
    articles = load_corpus() if articles is None else articles
    parties, conduits = load_world() if world is None else world
    return [evaluate_article(article, parties, conduits) for article in articles]


def figures(outcomes):
    """The evaluation's figures, each a share between 0 and 1, with the counts behind them."""
    expected = sum(len(o.article.quotes) for o in outcomes)
    candidates = sum(o.candidates for o in outcomes)
    found = sum(o.found for o in outcomes)
    dated = [o for o in outcomes if o.date_right is not None]
    times = sorted(o.seconds for o in outcomes)

    return {
        "articles": len(outcomes),
        "quotes": expected,
        "candidates": candidates,
        "found": found,
        "precision": share(found, candidates),
        "recall": share(found, expected),
        "speaker": share(sum(o.speaker for o in outcomes), found),
        "conduit": share(sum(o.conduit for o in outcomes), found),
        "party": share(sum(o.party for o in outcomes), found),
        "named_conduits": sum(o.named_conduits for o in outcomes),
        "named_conduit_found": sum(o.named_conduit for o in outcomes),
        "date": share(sum(o.date_right for o in dated), len(dated)),
        "dated_articles": len(dated),
        "slowest_article_seconds": times[-1] if times else 0.0,
    }


def share(part, whole):
    return part / whole if whole else 0.0


def table(result):
    rows = [
        ("Quote precision", result["precision"], f"{result['found']} of {result['candidates']}"),
        ("Quote recall", result["recall"], f"{result['found']} of {result['quotes']}"),
        ("Speaker accuracy", result["speaker"], "of the quotes found"),
        ("Conduit accuracy", result["conduit"], "of the quotes found"),
        (
            "  of which named",
            share(result["named_conduit_found"], result["named_conduits"]),
            f"{result['named_conduit_found']} of {result['named_conduits']} conduits named",
        ),
        ("Party accuracy", result["party"], "of the quotes found"),
        ("Article date", result["date"], f"of {result['dated_articles']} dated articles"),
    ]
    lines = [f"{result['articles']} articles, {result['quotes']} annotated quotes", ""]
    lines += [f"{label:<18} {value:6.3f}   {note}" for label, value, note in rows]
    lines.append(f"{'Slowest article':<18} {result['slowest_article_seconds'] * 1000:6.1f} ms")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help="a directory of annotated articles"
    )
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django

    django.setup()
    corpus = arguments.corpus.resolve()
    outcomes = evaluate(load_corpus(corpus), load_world(corpus))
    result = figures(outcomes)
    if arguments.json:
        print(json.dumps(result, indent=2))
        return
    print(table(result))
    if arguments.misses:
        for outcome in outcomes:
            for kind, quote, guess in outcome.misses:
                print(f"{outcome.article.name}: {kind}: “{quote[:70]}” → {guess!r}")


if __name__ == "__main__":
    main()
