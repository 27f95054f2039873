import pytest
from django.urls import reverse

from claims.models import Claim, Denial, Event, Party, Statement, Topic
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


def test_admin_pages_query_counts_do_not_grow(staff_client):
    """Guards the admin's per-row queries: inline rows' __str__ (party) and the selected
    option of every autocomplete (LoadedAutocompleteSelect), on events with 2 or 20
    statements; and list_select_related on changelists."""
    from tests.test_pages import grow_event, queries

    sides = [
        Party.objects.create(name="Side A", slug="side-a"),
        Party.objects.create(name="Side B", slug="side-b"),
    ]

    def pages(event):
        statement = event.statements.order_by("-pk").first()
        return [
            reverse("admin:claims_event_change", args=[event.pk]),
            reverse("admin:claims_statement_change", args=[statement.pk]),
            reverse("admin:claims_claim_change", args=[event.claims.first().pk]),
            reverse("admin:claims_statement_history", args=[statement.pk]),
            reverse("admin:claims_statement_changelist"),
            reverse("admin:claims_denial_changelist"),
            reverse("admin:claims_event_changelist"),
        ]

    small, large = (
        Event.objects.create(title="S", slug="s"),
        Event.objects.create(title="L", slug="l"),
    )
    grow_event(small, sides, 2)
    grow_event(large, sides, 10)
    for url in pages(small):
        staff_client.get(url)  # warm caches (content types, permissions)
    for few_url, many_url in zip(pages(small), pages(large), strict=True):
        assert queries(staff_client, few_url) == queries(staff_client, many_url), many_url


class TestStatementRowsOnTheEventPage:
    """Issue 20: each statement one line on its event's page, its text shown as text."""

    def open(self, chief, event):
        from tests.admin_forms import form_data

        page = chief.get(admin_url(Event, "change", event.pk))
        return page, form_data(page)

    def test_the_text_is_shown_as_text_and_an_unchanged_save_changes_nothing(self, chief):
        from claims.models import PublicState
        from tests.factories import make_statement

        plain = make_statement(text="<p>Talks &amp; “frank” words.</p><p>A second one.</p>")
        page, data = self.open(chief, plain.event)
        assert "Talks &amp; “frank” words.\n\nA second one.</textarea>" in page.content.decode()
        before = PublicState.current()
        response = chief.post(admin_url(Event, "change", plain.event.pk), data)
        assert response.status_code == 302
        assert PublicState.current() == before  # no text moved, no correction asked for
        assert Statement.objects.get(pk=plain.pk).text == plain.text

    def test_plain_text_typed_is_saved_as_paragraphs_and_formatting_is_kept(self, chief):
        from tests.factories import make_event, make_statement

        event = make_event()
        formatted = make_statement(event=event, text="<p>An <em>emphatic</em> no.</p>")
        draft = make_statement(event=event, text="<p>Old words.</p>", status="draft")
        page, data = self.open(chief, event)
        assert "&lt;p&gt;An &lt;em&gt;emphatic&lt;/em&gt; no.&lt;/p&gt;" in page.content.decode()
        index = next(i for i in range(2) if data[f"statements-{i}-id"] == str(draft.pk))
        data[f"statements-{index}-text"] = "New words & more.\n\nSecond paragraph."
        response = chief.post(admin_url(Event, "change", event.pk), data)
        assert response.status_code == 302
        assert Statement.objects.get(pk=draft.pk).text == (
            "<p>New words &amp; more.</p><p>Second paragraph.</p>"
        )
        assert Statement.objects.get(pk=formatted.pk).text == formatted.text


def test_an_unchanged_event_page_keeps_every_time_to_the_second(chief):
    from datetime import timedelta

    from tests.admin_forms import form_data
    from tests.factories import make_statement

    statement = make_statement()
    statement.issued_at += timedelta(seconds=37)
    statement.save()
    url = admin_url(Event, "change", statement.event.pk)
    page = chief.get(url)
    assert 'type="datetime-local"' in page.content.decode()
    data = form_data(page)
    index = next(i for i in range(5) if data.get(f"statements-{i}-id") == str(statement.pk))
    data[f"statements-{index}-issued_at"] = f"{statement.issued_at:%Y-%m-%dT%H:%M:%S}"
    assert chief.post(url, data).status_code == 302
    assert Statement.objects.get(pk=statement.pk).issued_at == statement.issued_at
