from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import MAX_DEPTH, Denial, Event, Party, Precision, Stance, Statement, Status
from claims.render.wording import denial_delay, median_delay_words
from tests.factories import (
    make_claim,
    make_denial,
    make_event,
    make_party,
    make_staff,
    make_stance,
    make_statement,
)

pytestmark = pytest.mark.django_db


def test_party_side_is_top_ancestor():
    state = make_party(name="Valdoria")
    ministry = make_party(parent=state)
    minister = make_party(parent=ministry, kind=Party.Kind.PERSON)
    assert minister.side == state
    assert ministry.side == state
    assert state.side == state
    assert minister.ancestors() == [ministry, state]


def test_party_cannot_be_its_own_parent_in_the_database():
    party = make_party()
    party.parent_id = party.pk
    with pytest.raises(ValidationError, match="own ancestor"):
        party.save()  # the model layer refuses first…
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.filter(pk=party.pk).update(parent=party.pk)  # …and the database too


def test_party_clean_refuses_cycles_and_excess_depth():
    a = make_party()
    b = make_party(parent=a)
    a.parent = b
    with pytest.raises(ValidationError, match="own ancestor"):
        a.full_clean()
    chain = [make_party()]
    for _ in range(MAX_DEPTH - 1):
        chain.append(make_party(parent=chain[-1]))
    too_deep = Party(name="Too deep", slug="too-deep", parent=chain[-1])
    with pytest.raises(ValidationError, match="at most"):
        too_deep.full_clean()


def test_slugs_are_unique():
    make_event(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(slug="same")
    make_party(slug="p")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_party(slug="p")


def test_statement_cannot_deny_itself_in_the_database():
    denial = make_denial()
    with pytest.raises(ValidationError, match="cannot rebut itself"):
        Denial.objects.create(
            statement=denial.target, target=denial.target, disputed_passage="agreed to a ceasefire"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Denial.objects.filter(pk=denial.pk).update(statement=denial.target)


def test_denial_needs_a_disputed_passage_in_the_database():
    denial = make_denial()
    with pytest.raises(IntegrityError), transaction.atomic():
        Denial.objects.filter(pk=denial.pk).update(disputed_passage="")


def test_translation_needs_translator_in_the_database():
    statement = make_statement()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(translation="<p>x</p>")


def test_denial_clean_accepts_a_valid_denial():
    make_denial().full_clean()


def test_denial_clean_refuses_other_event():
    target = make_statement(text="<p>Both sides agreed to a ceasefire.</p>")
    other = make_statement()
    denial = Denial(statement=other, target=target, disputed_passage="agreed to a ceasefire")
    with pytest.raises(ValidationError) as error:
        denial.full_clean()
    assert "another event" in str(error.value.message_dict["target"])


def test_denial_clean_refuses_same_side():
    state = make_party()
    target = make_statement(party=make_party(parent=state), text="<p>We agreed.</p>")
    statement = make_statement(event=target.event, party=make_party(parent=state))
    denial = Denial(statement=statement, target=target, disputed_passage="We agreed.")
    with pytest.raises(ValidationError) as error:
        denial.full_clean()
    assert "two different governments" in str(error.value.message_dict["target"])


def test_denial_clean_requires_passage_in_target_text_and_shows_it():
    denial = make_denial()
    denial.disputed_passage = "words nobody said"
    with pytest.raises(ValidationError) as error:
        denial.full_clean()
    message = error.value.message_dict["disputed_passage"][0]
    assert "do not occur" in message
    assert "Both sides agreed to a ceasefire." in message  # the target's text, to copy from


def test_denial_clean_requires_rebutting_passage_in_own_text():
    denial = make_denial(rebutting_passage="Nothing of the kind was agreed.")
    denial.full_clean()
    denial.rebutting_passage = "Something else"
    with pytest.raises(ValidationError, match="rebutting statement"):
        denial.full_clean()


def test_passage_across_markup_is_refused_because_it_could_not_be_highlighted():
    target = make_statement(text="<p>Both sides <em>agreed</em> to a ceasefire.</p>")
    denial = make_denial(target=target, disputed_passage="agreed")
    denial.disputed_passage = "sides agreed to"
    with pytest.raises(ValidationError):
        denial.full_clean()


def test_denial_delay_is_derived_and_shown_at_precision():
    denial = make_denial()
    assert denial.delay == timedelta(hours=2, minutes=10)
    assert denial_delay(denial).startswith("2\u00a0h 10\u00a0min after the ")
    denial.target.issued_precision = Precision.DAY
    assert denial_delay(denial).startswith("the same day as the ")


def test_stance_clean_rules():
    event = make_event()
    state = make_party()
    other_state = make_party()
    statement = make_statement(event=event, party=make_party(parent=state), text="<p>Yes.</p>")
    claim = make_claim(event=event)
    with pytest.raises(ValidationError, match="Choose the government"):
        Stance(claim=claim, side=statement.party, position="asserts").full_clean()
    with pytest.raises(ValidationError, match="speaks for"):
        Stance(claim=claim, side=other_state, position="asserts", statement=statement).full_clean()
    with pytest.raises(ValidationError, match="do not occur"):
        Stance(
            claim=claim, side=state, position="asserts", statement=statement, quote="No."
        ).full_clean()
    Stance(
        claim=claim, side=state, position="asserts", statement=statement, quote="Yes."
    ).full_clean()


def test_one_stance_per_side_per_claim():
    claim = make_claim()
    side = make_party()
    stance = make_stance(claim=claim, side=side)
    other = make_stance(claim=make_claim(event=claim.event), side=side)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stance.objects.filter(pk=other.pk).update(claim=stance.claim)


def test_published_querysets_hide_drafts():
    draft_event = make_event(status=Status.DRAFT)
    in_draft_event = make_statement(event=draft_event)
    draft_statement = make_statement(status=Status.DRAFT)
    public = make_statement()
    assert set(Event.objects.published()) == {public.event, draft_statement.event}
    assert set(Statement.objects.published()) == {public}
    assert in_draft_event not in Statement.objects.published()
    staff = make_staff()
    assert set(Statement.objects.visible_to(staff)) == {in_draft_event, draft_statement, public}
    assert set(Statement.objects.visible_to(None)) == {public}


def test_denial_is_public_only_when_both_statements_are():
    denial = make_denial()
    assert list(Denial.objects.published()) == [denial]
    Statement.objects.filter(pk=denial.target_id).update(status=Status.DRAFT)
    assert list(Denial.objects.published()) == []


def test_statements_by_side_include_descendants():
    state = make_party()
    minister = make_party(parent=make_party(parent=state))
    mine = make_statement(party=minister)
    make_statement()
    assert list(Statement.objects.by_side(state)) == [mine]


def test_side_counts_are_grouped_by_top_ancestor():
    denial = make_denial()
    denier, denied = denial.statement.party.side, denial.target.party.side
    assert Denial.objects.side_counts() == {(denier.pk, denied.pk): 1}


def test_event_dispute_flag():
    denial = make_denial()
    quiet = make_event()
    events = {e.pk: e for e in Event.objects.for_listing(None)}
    assert events[denial.statement.event_id].is_disputed
    assert events[denial.statement.event_id].statement_count == 2
    assert not events[quiet.pk].is_disputed


def test_delays_below_exact_precision_count_calendar_days():
    from datetime import UTC, datetime

    from claims.render.wording import describe_delay

    evening = datetime(2026, 10, 20, 23, 0, tzinfo=UTC)
    next_morning = datetime(2026, 10, 21, 6, 0, tzinfo=UTC)
    assert describe_delay(evening, next_morning, Precision.DAY, "it") == "1\u00a0day after it"
    assert describe_delay(evening, evening, Precision.DAY, "it") == "the same day as it"
    assert describe_delay(evening, next_morning, Precision.EXACT, "it") == "7\u00a0h after it"
    assert describe_delay(next_morning, evening, Precision.EXACT, "it") == "7\u00a0h before it"
    later = datetime(2026, 12, 1, tzinfo=UTC)
    assert describe_delay(evening, later, Precision.MONTH, "it") == "2\u00a0months after it"


def test_median_delay_over_a_sides_denials():
    side = make_party()
    for hours in (1, 2, 5):
        target = make_statement(text="<p>Both sides agreed to a ceasefire.</p>")
        make_denial(
            target=target,
            statement=make_statement(
                event=target.event,
                party=make_party(parent=side),
                issued_at=target.issued_at + timedelta(hours=hours),
            ),
        )
    denials = Denial.objects.by_side(side)
    assert median_delay_words(*denials.median_delay()) == "2\u00a0h"
    Statement.objects.filter(party__parent=side).update(issued_precision=Precision.DAY)
    assert median_delay_words(*denials.median_delay()) == "under a day"
    assert Denial.objects.none().median_delay() is None


def test_who_denies_whom_matrix():
    first = make_denial()
    a, b = first.statement.party.side, first.target.party.side
    back = make_statement(event=first.statement.event, party=b, text="<p>They lied.</p>")
    make_denial(target=first.statement, statement=back, disputed_passage="Nothing of the kind")
    make_denial(
        target=make_statement(event=first.statement.event, party=b, text="<p>We agreed.</p>"),
        statement=first.statement,
        disputed_passage="We agreed.",
    )
    matrix = Denial.objects.who_denies_whom()
    assert set(matrix["sides"]) == {a, b}
    rows = {
        denier: dict(zip(matrix["sides"], counts, strict=True)) for denier, counts in matrix["rows"]
    }
    assert rows[a] == {a: 0, b: 2}
    assert rows[b] == {a: 1, b: 0}


def test_moving_a_party_checks_the_depth_of_those_under_it():
    state, other = make_party(), make_party()
    ministry = make_party(parent=other)
    make_party(parent=make_party(parent=ministry))  # two levels under the ministry
    ministry.parent = make_party(parent=state)  # would put the lowest party at depth 5
    with pytest.raises(ValidationError, match="those under it"):
        ministry.full_clean()
    ministry.parent = state
    ministry.full_clean()


def test_brief_delays_count_calendar_days_too():
    from datetime import UTC, datetime

    from claims.render.wording import describe_delay_briefly

    evening = datetime(2026, 10, 20, 23, 0, tzinfo=UTC)
    morning = datetime(2026, 10, 21, 6, 0, tzinfo=UTC)
    assert describe_delay_briefly(evening, morning, Precision.DAY) == "1\u00a0day later"
    assert describe_delay_briefly(evening, evening, Precision.DAY) == "the same day"
    assert describe_delay_briefly(evening, morning, Precision.EXACT) == "7\u00a0h later"
    assert describe_delay_briefly(morning, evening, Precision.EXACT) == "7\u00a0h earlier"
