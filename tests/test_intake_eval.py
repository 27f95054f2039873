"""Article intake measured on the hand-annotated corpus, with the thresholds newsrooms asked for.

The corpus (tests/articles/corpus/) is fictional copy in the styles intake meets; the held-out
set (tests/articles/heldout/) is more of it, written after the engine was tuned on the corpus.
"""

import dataclasses
import re
import tomllib

import pytest

from bench import intake_eval

THRESHOLDS = {"recall": 0.95, "precision": 0.95, "speaker": 0.90, "conduit": 0.85, "party": 0.90}
HELDOUT = intake_eval.ROOT / "tests/articles/heldout"


@pytest.fixture(scope="module")
def corpus_figures():
    return intake_eval.figures(intake_eval.evaluate())


@pytest.mark.parametrize(("figure", "threshold"), THRESHOLDS.items())
def test_the_corpus_meets_the_threshold(corpus_figures, figure, threshold):
    assert corpus_figures[figure] >= threshold, intake_eval.table(corpus_figures)


def test_articles_dates_are_proposed(corpus_figures):
    assert corpus_figures["dated_articles"] >= 25
    assert corpus_figures["date"] >= 0.9, intake_eval.table(corpus_figures)


@pytest.mark.parametrize(("figure", "threshold"), THRESHOLDS.items())
def test_unseen_articles_meet_the_threshold(figure, threshold):
    outcomes = intake_eval.evaluate(
        intake_eval.load_corpus(HELDOUT), intake_eval.load_world(HELDOUT)
    )
    figures = intake_eval.figures(outcomes)
    assert figures[figure] >= threshold, intake_eval.table(figures)


def test_the_corpus_is_what_its_readme_promises():
    """At least 30 articles in the styles the issue lists; every annotated quotation is in its
    article as printed; every party is one of the world's; conduits and speakers are named."""
    articles = intake_eval.load_corpus()
    assert len(articles) >= 30
    styles = " ".join(article.style for article in articles)
    for style in ("wire", "readout", "feature", "live blog", "French", "state-media", "HTML"):
        assert style in styles
    slugs = {
        row["slug"]
        for row in tomllib.loads((intake_eval.CORPUS / "world.toml").read_text())["party"]
    }
    for article in articles:
        text = intake_eval.normalise(re.sub(r"&\w+;", " ", article.text))
        assert article.quotes, article.name
        for quote in article.quotes:
            words = intake_eval.normalise(quote.text).split()
            assert " ".join(words[:4]) in text or article.text.startswith("<"), (
                article.name,
                quote.text,
            )
            assert quote.party in slugs | {""}, (article.name, quote.party)
    named = [q for a in articles for q in a.quotes if q.conduits != [""]]
    assert len(named) >= 60


def test_the_scorer_counts_what_is_missed_or_wrong():
    """The scorer itself: quotes intake cannot find are misses, and a speaker, conduit or
    party other than the annotated ones is wrong."""
    article = intake_eval.load_corpus()[0]
    parties, conduits = intake_eval.load_world()
    right = intake_eval.evaluate_article(article, parties, conduits)
    assert right.found == len(article.quotes)
    wrong_answers = [
        dataclasses.replace(quote, speakers=["Nobody"], conduits=["Nowhere"], party="nobody")
        for quote in article.quotes
    ]
    wrong = intake_eval.evaluate_article(
        dataclasses.replace(article, quotes=wrong_answers), parties, conduits
    )
    assert (wrong.found, wrong.speaker, wrong.conduit, wrong.party) == (right.found, 0, 0, 0)
    unquoted = dataclasses.replace(article, text=re.sub(r"[\"“”]", "", article.text))
    assert intake_eval.evaluate_article(unquoted, parties, conduits).found == 0
