"""Hostile or unlucky input stays cheap: what would cost quadratic time is refused with a message
or handled in one pass; what grows with the number of governments is bounded. (Timings live in
``bench/pathological.py``, which prints growth ratios; these tests hold the behaviour.)"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from claims.intake import intake
from claims.models import Statement
from claims.models.stats import MATRIX_SIDES, OtherSides
from claims.text.sanitize import MAX_NESTING, nesting_depth, sanitize_html
from tests.factories import make_denial, make_event, make_party, make_statement


def test_a_paste_with_no_space_is_read_in_one_pass():
    assert intake("Ostrel" * 20_000, parties=[], conduits=[]).candidates == []


def test_deeply_nested_tags_are_refused_before_parsing_with_a_message():
    with pytest.raises(ValidationError, match="nest 20,000 deep; the limit is 40"):
        sanitize_html("<b>" * 20_000 + "words")


@pytest.mark.django_db
def test_a_statement_nested_too_deep_is_a_form_error_not_a_500():
    statement = Statement(event=make_event(), party=make_party(), text="<i>" * 5_000 + "x")
    statement.issued_at = statement.event.occurred_at
    with pytest.raises(ValidationError) as refused:
        statement.full_clean()
    assert "text" in refused.value.message_dict


def test_ordinary_markup_is_not_counted_as_deep():
    flat = "<p>One<p>Two" * 2_000 + "<br>" * 500
    assert nesting_depth(flat) == 0
    assert sanitize_html(flat).startswith("<p>One</p>")
    quote = "<blockquote><p><em><strong>a</strong></em></p></blockquote>"
    assert nesting_depth(quote) == 3 and sanitize_html(quote) == quote
    nested = "<b>" * MAX_NESTING + "x" + "</b>" * MAX_NESTING
    assert sanitize_html(nested).count("<b>") == MAX_NESTING


@pytest.mark.django_db
def test_who_denies_whom_is_bounded_whatever_the_number_of_sides(client):
    """Thirty governments rebutting each other: the matrix names the most involved, the page's
    own side always, and folds the rest into one row and column that keep every count."""
    sides = [make_party(name=f"State {n:02}") for n in range(30)]
    event = make_event()
    previous = None
    for n, side in enumerate(sides):
        statement = make_statement(
            event=event,
            party=side,
            issued_at=event.occurred_at + timedelta(minutes=n),
            text="<p>Both sides agreed to a ceasefire.</p>",
        )
        if previous is not None:
            make_denial(statement=statement, target=previous)
        previous = statement
    home = client.get("/")
    matrix = home.context["who_denies_whom"]
    assert len(matrix["sides"]) == MATRIX_SIDES + 1
    assert isinstance(matrix["sides"][-1], OtherSides) and matrix["sides"][-1].count == 30 - 12
    assert sum(sum(counts) for _, counts in matrix["rows"]) == 29  # no rebuttal lost
    assert home.content.decode().count('class="heat heat-') == (MATRIX_SIDES + 1) ** 2 - 12
    last = sides[-1]
    party_matrix = client.get(last.get_absolute_url()).context["who_denies_whom"]
    assert last in party_matrix["sides"]


def test_long_texts_are_cleaned_in_pieces_with_the_same_result():
    """Cleaning in pieces (linear) gives what cleaning whole (quadratic) gives."""
    from claims.text.sanitize import DROPPED_ELEMENTS, _cleaner, clean_text, top_level_pieces

    text = (
        "<p>Intro <a href='http://example.org/a' onclick='x()'>link</a> <img src=x></p>"
        "<ul><li>one<li>two <script>alert(1)</script></ul>"
        "<blockquote><p>quoted <em>words</em></p></blockquote>\n"
    ) * 300 + "<p>Unclosed <b>bold"
    assert len(top_level_pieces(text)) > 10
    whole = _cleaner.clean(DROPPED_ELEMENTS.sub("", clean_text(text))).strip()
    assert sanitize_html(text) == whole
