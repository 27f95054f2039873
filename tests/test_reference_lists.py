"""Conduits and spellings: lists every page and every search reads. Chief editors manage them
(issue "The newsroom's workflow"); Editors see them. The rule lives in the model layer, so a
shell or an import acting as an Editor is refused as the admin is."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import Conduit, Spelling
from claims.models.roles import CHIEF_EDITORS, EDITORS, ensure_groups
from claims.models.rules import acting_as
from tests.admin_forms import form_data
from tests.factories import login_as

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["conduit", "spelling"])
def test_chief_editors_add_and_change_them_in_the_admin(chief, model):
    listing = chief.get(reverse(f"admin:claims_{model}_changelist"))
    assert listing.status_code == 200
    added = chief.get(reverse(f"admin:claims_{model}_add"))
    assert added.status_code == 200
    data = {**form_data(added)}
    if model == "conduit":
        data.update(name="Fictional Wire", full_name="The Fictional Wire Service", kind="agency")
        made = Conduit.objects.filter(name="Fictional Wire")
    else:
        data.update(variants="Tarrowmere, Tarromere")
        made = Spelling.objects.filter(variants="Tarrowmere, Tarromere")
    response = chief.post(reverse(f"admin:claims_{model}_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert made.count() == 1


@pytest.mark.parametrize("model", ["conduit", "spelling"])
def test_editors_see_them_and_cannot_change_them(editor, model):
    row = Conduit.objects.first() if model == "conduit" else Spelling.objects.first()
    assert editor.get(reverse(f"admin:claims_{model}_changelist")).status_code == 200
    assert editor.get(reverse(f"admin:claims_{model}_add")).status_code == 403
    page = editor.get(reverse(f"admin:claims_{model}_change", args=[row.pk]))
    assert page.status_code == 200 and not page.context["has_change_permission"]


def test_the_model_layer_refuses_an_editor_whatever_the_path():
    editor = login_as(EDITORS, "an-editor").user
    conduit = Conduit.objects.first()
    with acting_as(editor):
        conduit.full_name = "Renamed by an editor"
        with pytest.raises(ValidationError, match="chief editors"):
            conduit.save()
        with pytest.raises(ValidationError, match="chief editors"):
            Spelling(variants="Kestria, Kestrya").save()
        with pytest.raises(ValidationError, match="chief editors"):
            Spelling.objects.first().delete()
    chief = login_as(CHIEF_EDITORS, "a-chief").user
    with acting_as(chief):
        conduit.save()
    assert Conduit.objects.get(pk=conduit.pk).full_name == "Renamed by an editor"


def test_an_upgraded_database_gives_chiefs_the_new_permissions():
    """Groups made by an earlier release get what this one adds, on the next migrate; what an
    administrator granted by hand is kept."""
    chiefs = Group.objects.get(name=CHIEF_EDITORS)
    chiefs.permissions.remove(*Permission.objects.filter(codename="change_spelling"))
    kept = Permission.objects.get(codename="view_logentry")
    chiefs.permissions.add(kept)
    ensure_groups()
    codenames = set(chiefs.permissions.values_list("codename", flat=True))
    assert {"change_spelling", "add_conduit", "view_logentry"} <= codenames


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_a_save_that_changes_nothing_never_says_changed_successfully(editor, chief):
    """An Editor "saving" a public party they may only read, or anyone saving a form as it
    was, is told that nothing changed."""
    from tests.factories import make_statement

    party = make_statement().party  # public: it speaks in a published statement
    change = reverse("admin:claims_party_change", args=[party.pk])
    for client in (editor, chief):
        page = client.get(change)
        response = client.post(change, form_data(page), follow=True)
        said = " ".join(messages_of(response))
        assert "changed successfully" not in said, said
        assert "No changes" in said, said
    conduit = Conduit.objects.first()
    change = reverse("admin:claims_conduit_change", args=[conduit.pk])
    response = chief.post(change, form_data(chief.get(change)), follow=True)
    assert "No changes" in " ".join(messages_of(response))
    data = {**form_data(chief.get(change)), "full_name": "A new full name"}
    response = chief.post(change, data, follow=True)
    assert "changed successfully" in " ".join(messages_of(response))
