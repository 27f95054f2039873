"""The publishing rule is declared once per model (``public_through``) and derived three ways:
the database filter (``published()``, and ``public_q`` from other models' paths), the
save-time check (``parents_public``) and the in-memory property pages use
(``is_published``). On random mixes of drafts and published rows, the three agree."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Claim, Correction, Denial, Event, Stance, Statement, Status
from tests.factories import make_claim, make_event, make_party, make_statement

STATUS = st.sampled_from([Status.DRAFT, Status.PUBLISHED])
WITH_STATUS = [Event, Statement, Denial, Claim, Stance]


@pytest.fixture
def graph(db):
    """Two events; in each, two statements per side, a denial each way, claims with stances
    on and off a statement; a correction of every statement."""
    sides = [make_party(), make_party()]
    for _ in range(2):
        event = make_event()
        event.participants.add(*sides)
        statements = {
            side: [
                make_statement(event=event, party=side, text="<p>Both sides agreed.</p>")
                for _ in range(2)
            ]
            for side in sides
        }
        for one, other in (sides, sides[::-1]):
            for target in statements[other]:
                Denial.objects.create(
                    statement=statements[one][0],
                    target=target,
                    disputed_passage="agreed",
                    status=Status.PUBLISHED,
                )
        for side in sides:  # one stance on a statement, one without, per side
            on, off = make_claim(event=event), make_claim(event=event)
            Stance.objects.create(
                claim=on, side=side, statement=statements[side][1], position="asserts"
            )
            Stance.objects.create(claim=off, side=side, statement=None, position="denies")
        for side_statements in statements.values():
            for statement in side_statements:
                Correction.objects.create(statement=statement, note="A note.")
    return {model: list(model.objects.values_list("pk", flat=True)) for model in WITH_STATUS}


def loaded(model):
    related = {
        Statement: ["event"],
        Denial: ["statement__event", "target__event"],
        Claim: ["event"],
        Stance: ["claim__event", "statement__event"],
        Correction: ["statement__event"],
        Event: None,
    }[model]
    return model.objects.select_related(*related) if related else model.objects.all()


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_database_rule_save_time_check_and_page_property_agree(graph, data):
    for model, ids in graph.items():
        for pk in ids:
            # Straight to the table: this test sets up states, it does not test a write path.
            model._base_manager.filter(pk=pk).update(status=data.draw(STATUS))
    for model in [*WITH_STATUS, Correction]:
        public = set(model.objects.published().values_list("pk", flat=True))
        for row in loaded(model):
            in_memory = row.is_published if model is not Correction else row.parents_published
            assert in_memory == (row.pk in public), (model.__name__, row.pk)
            own = getattr(row, "status", Status.PUBLISHED) == Status.PUBLISHED
            assert (own and row.parents_public()) == (row.pk in public), (model.__name__, row.pk)


def test_the_rule_reaches_through_other_models_paths(graph):
    """``public_q(prefix)`` is the same rule seen from another model: the statements of public
    denials, found from the denials' side, are public statements."""
    Event.objects.filter(pk=Event.objects.order_by("pk").first().pk).update(status=Status.DRAFT)
    through_denials = set(
        Statement.objects.filter(Denial.public_q("denials_made__")).values_list("pk", flat=True)
    )
    assert through_denials
    assert through_denials <= set(Statement.objects.published().values_list("pk", flat=True))


def test_a_denial_is_public_only_with_both_statements(db):
    """The rule itself, pinned: an Editor may still change a published denial whose target is a
    draft (nobody sees it), and may not once the target is published."""
    from django.core.exceptions import ValidationError

    from claims.models import acting_as
    from claims.models.roles import EDITORS
    from tests.factories import login_as, make_denial

    denial = make_denial()
    Statement.objects.filter(pk=denial.target_id).update(status=Status.DRAFT)
    denial.refresh_from_db()
    assert not denial.is_public() and not denial.parents_public()
    editor = login_as(EDITORS).user
    with acting_as(editor):
        denial.rebutting_passage = "Nothing of the kind"
        denial.save()
    Statement.objects.filter(pk=denial.target_id).update(status=Status.PUBLISHED)
    denial.refresh_from_db()
    assert denial.is_public() and denial.parents_public()
    with acting_as(editor), pytest.raises(ValidationError, match="only chief editors"):
        denial.rebutting_passage = "was agreed"
        denial.save()
