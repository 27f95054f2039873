"""From a raw article to a published comparison page, through the admin alone."""

import pytest
from django.urls import reverse
from django.utils.text import slugify

from claims.models import Denial, Event, Party, Statement, Status
from claims.models.review import CHECKLIST
from tests.admin_forms import add_inline_row, errors, form_data
from tests.articles import HARBOUR_CALL

pytestmark = pytest.mark.django_db


def admin(name, *args):
    return reverse(f"admin:claims_{name}", args=args)


def add_party(client, name, parent=None, kind="state"):
    data = form_data(client.get(admin("party_add")))
    data.update(name=name, slug=slugify(name), kind=kind)
    if parent:
        data["parent"] = parent.pk
    response = client.post(admin("party_add"), data)
    assert response.status_code == 302, errors(response)
    return Party.objects.get(name=name)


def test_raw_article_to_published_page(chief, client):
    valdoria = add_party(chief, "Valdoria")
    marrow = add_party(chief, "Ilse Marrow", parent=valdoria, kind="person")
    serapine = add_party(chief, "Serapine")
    ministry = add_party(chief, "Serapine Ministry of Defence", parent=serapine, kind="ministry")

    data = form_data(chief.get(admin("event_add")))
    data.update(
        title="Phone call between the Valdorian and Serapine defence ministers",
        slug="call",
        kind="phone_call",
        occurred_at_0="2026-09-14",
        occurred_at_1="09:00:00",
        occurred_precision="day",
        participants=[str(marrow.pk), str(ministry.pk)],
    )
    assert chief.post(admin("event_add"), data).status_code == 302
    event = Event.objects.get(slug="call")

    review = chief.post(
        admin("statement_intake"),
        {"extract": "1", "text": HARBOUR_CALL, "source_name": "Nordpress"},
    )
    candidates = [form.initial for form in review.context["formset"]]

    def candidate(words):
        return next(c for c in candidates if words in c["text"])

    wanted = [
        (candidate("joint patrols of the harbour"), ministry, "2026-09-14 12:00"),
        (candidate("agreed to nothing of the kind"), marrow, "2026-09-14 20:00"),
    ]
    assert wanted[0][0]["speaker"] == "the Serapine Ministry of Defence"
    assert wanted[1][0]["speaker"] == "Marrow's spokesperson"
    assert wanted[1][0]["conduit"] == "Nordpress"
    create = {
        "create": "1",
        "event": event.pk,
        "source_name": "Nordpress",
        "source_url": "",
        "then": "draft",
        **dict.fromkeys(CHECKLIST, "on"),  # the desk located, archived and checked them
        "form-TOTAL_FORMS": str(len(wanted)),
        "form-INITIAL_FORMS": str(len(wanted)),
    }
    for index, (initial, party, issued_at) in enumerate(wanted):
        create |= {
            f"form-{index}-keep": "on",
            f"form-{index}-text": initial["text"],
            f"form-{index}-speaker": initial["speaker"],
            f"form-{index}-conduit": initial["conduit"],
            f"form-{index}-attribution": initial["attribution"],
            f"form-{index}-party": party.pk,
            f"form-{index}-kind": "readout",
            f"form-{index}-issued_at": issued_at,
            f"form-{index}-issued_precision": "day",
        }
    assert chief.post(admin("statement_intake"), create).status_code == 302
    readout = Statement.objects.get(party=ministry)
    denial_statement = Statement.objects.get(party=marrow)
    assert denial_statement.attribution == Statement.Attribution.SPOKESPERSON

    data = form_data(chief.get(admin("statement_change", denial_statement.pk)))
    add_inline_row(
        data,
        "denials_made",
        target=readout.pk,
        kind="denial",
        disputed_passage="agreed to resume joint patrols of the harbour",
        rebutting_passage="Valdoria has agreed to nothing of the kind",
        **dict.fromkeys(CHECKLIST, "on"),
    )
    response = chief.post(admin("statement_change", denial_statement.pk), data)
    assert response.status_code == 302, errors(response)

    assert client.get(event.get_absolute_url()).status_code == 404  # still a draft
    chief.post(
        admin("event_changelist"),
        {"action": "publish_with_contents", "_selected_action": [event.pk]},
    )
    assert set(Statement.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert Denial.objects.get().status == Status.PUBLISHED

    html = client.get(event.get_absolute_url()).content.decode()
    denial = Denial.objects.get()
    assert 'id="side-valdoria"' in html and 'id="side-serapine"' in html
    assert f'id="{denial.mark_anchor}" title="denied by Valdoria">agreed to resume' in html
    assert f'href="#{denial.mark_anchor}"' in html  # the denial links to the passage
    assert "via Nordpress" in html
