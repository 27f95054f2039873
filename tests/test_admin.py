import pytest
from django.urls import reverse

from claims.models import Claim, Denial, Event, Party, Stance, Statement, Topic
from tests.factories import make_claim, make_denial, make_stance

pytestmark = pytest.mark.django_db

MODELS = [Party, Topic, Event, Statement, Denial, Claim]


@pytest.fixture
def objects(db):
    denial = make_denial()
    claim = make_claim(event=denial.statement.event)
    make_stance(claim=claim, side=denial.target.party)
    return {
        Party: denial.target.party,
        Topic: None,
        Event: denial.statement.event,
        Statement: denial.target,
        Denial: denial,
        Claim: claim,
    }


def admin_url(model, action, *args):
    return reverse(f"admin:claims_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_staff_can_open_changelist_add_and_change(staff_client, objects, model):
    assert staff_client.get(admin_url(model, "changelist")).status_code == 200
    assert staff_client.get(admin_url(model, "changelist"), {"q": "x"}).status_code == 200
    assert staff_client.get(admin_url(model, "add")).status_code == 200
    if objects[model] is not None:
        response = staff_client.get(admin_url(model, "change", objects[model].pk))
        assert response.status_code == 200
        history = staff_client.get(admin_url(model, "history", objects[model].pk))
        assert history.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_anonymous_is_sent_to_login(client, model):
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_autocomplete_finds_statements_for_a_denial(staff_client, objects):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "ceasefire",
            "app_label": "claims",
            "model_name": "denial",
            "field_name": "target",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(objects[Statement].pk)]


def test_stance_side_autocomplete_offers_only_top_level_parties(staff_client, objects):
    child = Party.objects.create(name="A ministry", slug="a-ministry", parent=objects[Party])
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "", "app_label": "claims", "model_name": "stance", "field_name": "side"},
    )
    ids = {r["id"] for r in response.json()["results"]}
    assert str(objects[Party].pk) in ids
    assert str(child.pk) not in ids
    assert Stance.objects.count() == 1
