"""Articles for intake tests: fictional ones written for this project (always here), and the
seed article, which lives in ``../shared/seed`` beside the repository when it is there.

Tests run on the fictional articles on every machine; the seed article adds checks where it
is present (those tests are defined only then, never skipped).
"""

from pathlib import Path

HERE = Path(__file__).parent
SEED_PATH = HERE.parent.parent.parent / "shared/seed/article-lecornu-shoigu-2024.txt"
SEED_TEXT = SEED_PATH.read_text() if SEED_PATH.exists() else None


def article(name):
    """The text of ``tests/articles/<name>.txt``."""
    return (HERE / f"{name}.txt").read_text()


HARBOUR_CALL = article("harbour-call")
