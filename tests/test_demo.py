import html
import re
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command

from claims.models import Claim, Denial, Event, Party, Stance, Statement, Status, Topic
from tests.articles import SEED_TEXT

pytestmark = pytest.mark.django_db

SEED = "lecornu-shoigu-phone-call-2024"
CONTENT = [Party, Topic, Event, Statement, Denial, Claim, Stance]


def snapshot():
    """Every content row and every history row, serialised."""
    rows = {
        model.__name__: serializers.serialize("json", model.objects.order_by("pk"))
        for model in CONTENT
    }
    for model in (Event, Statement, Denial, Claim, Stance):
        rows[f"history-{model.__name__}"] = model.history.count()
    return rows


def test_load_demo_is_idempotent():
    call_command("load_demo", stdout=StringIO())
    first = snapshot()
    call_command("load_demo", stdout=StringIO())
    assert snapshot() == first
    assert Event.objects.count() >= 5


@pytest.mark.usefixtures("demo")
class TestDemoContent:
    """The demo, loaded once for the class."""

    def test_seed_case_statements_and_provenance(self):
        event = Event.objects.get(slug=SEED)
        assert event.status == Status.PUBLISHED
        assert {p.slug for p in event.participants.all()} == {"sebastien-lecornu", "sergei-shoigu"}
        sides = {s.party.side.slug for s in event.statements.all()}
        assert sides == {"france", "russia"}
        denial_statement = event.statements.get(speaker="Lecornu's immediate entourage")
        assert denial_statement.conduit == "AFP"
        assert denial_statement.attribution == Statement.Attribution.ENTOURAGE
        assert denial_statement.party.slug == "sebastien-lecornu"
        assert (
            "France has neither accepted nor proposed anything of the sort" in denial_statement.text
        )

    def test_seed_case_denial_targets_the_russian_readout(self):
        denial = Denial.objects.get(statement__event__slug=SEED)
        assert denial.kind == Denial.Kind.DENIAL
        assert denial.target.party.slug == "russia-defence-ministry"
        assert (
            denial.disputed_passage
            == "expressed their willingness to engage in dialogue on Ukraine"
        )
        assert denial.disputed_passage in denial.target.text
        assert denial.claim.text == (
            "Both ministers expressed willingness to engage in dialogue on Ukraine"
        )
        denial.full_clean()

    def test_every_demo_row_passes_validation(self):
        for model in CONTENT:
            for row in model.objects.all():
                row.full_clean()

    def test_fictional_events_cover_what_the_product_handles(self):
        kinds = set(Denial.objects.values_list("kind", flat=True))
        assert {Denial.Kind.PARTIAL, Denial.Kind.CORRECTION} <= kinds
        assert Statement.objects.exclude(language="en").exclude(translation="").exists()
        assert Event.objects.filter(status=Status.DRAFT).exists()
        three_sided = [
            e
            for e in Event.objects.all()
            if len({s.party.side.pk for s in e.statements.all()}) >= 3
        ]
        assert three_sided
        awaiting = [
            e
            for e in Event.objects.all()
            if {p.side.pk for p in e.participants.all()}
            - {s.party.side.pk for s in e.statements.all()}
        ]
        assert awaiting


# An extra check where the seed article (../shared/seed) is beside the repository.
if SEED_TEXT is not None:

    @pytest.mark.usefixtures("demo")
    def test_seed_case_uses_only_the_articles_words():
        """Every paragraph and quote of the seed case is the article's own text ("Leghorn"
        fixed)."""
        text = SEED_TEXT.replace("Leghorn", "Lecornu")
        passages = []
        for statement in Statement.objects.filter(event__slug=SEED):
            passages += re.findall(r"<p>(.*?)</p>", statement.text)
        passages += Denial.objects.filter(statement__event__slug=SEED).values_list(
            "rebutting_passage", "disputed_passage"
        )[0]
        passages += Stance.objects.filter(claim__event__slug=SEED).values_list("quote", flat=True)
        assert len(passages) > 10
        for passage in passages:
            assert html.unescape(passage) in text, passage
