import copy
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims import demo
from claims.models import CommentRequest, Correction, Denial, Event, Party, Statement
from claims.models.review import CHECKLIST
from claims.opendata.transfer import delete_content, export_document, has_content
from tests.factories import make_party

pytestmark = pytest.mark.django_db


def export():
    out, err = StringIO(), StringIO()
    call_command("export_data", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_file(tmp_path, document, *args):
    path = tmp_path / "newsdesk.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    err = StringIO()
    call_command("import_data", str(path), *args, stdout=StringIO(), stderr=err)
    return err.getvalue()


@pytest.fixture
def content():
    demo.load()
    statement = Statement.objects.filter(status="published").first()
    Correction.objects.create(statement=statement, note="An earlier version misspelt a name.")
    CommentRequest.objects.create(
        event=statement.event,
        party=statement.party,
        asked_at=statement.issued_at,
        through="the press office",
        outcome="answered",
        answer=statement,
    )
    draft = Statement.objects.filter(status="draft").first()
    draft.checked_original = True
    draft.submit_for_review()


def test_round_trip_is_lossless(content, tmp_path):
    first, progress = export()
    assert "exported statements: 17/17" in progress
    delete_content()
    assert not has_content()
    progress = import_file(tmp_path, first)
    assert "imported denials: 5/5" in progress
    second, _ = export()
    assert second == first
    document = json.loads(first)
    assert document["format"] == "newsdesk" and document["version"] == 7
    assert len(document["corrections"]) == 1
    assert "the press office" in {row["through"] for row in document["comment_requests"]}
    assert {s["review_state"] for s in document["statements"]} == {"approved", "submitted"}
    assert {e["slug"] for e in document["events"]} >= {"lecornu-shoigu-phone-call-2024"}


def test_a_file_from_before_review_and_requests_still_imports(content, tmp_path):
    """Version 6 had no review fields and no requests for comment: they take their defaults
    (what was published is approved)."""
    document = json.loads(export()[0])
    document["version"] = 6
    del document["comment_requests"]
    for section in ("statements", "denials"):
        for row in document[section]:
            for name in ("review_state", *CHECKLIST):
                del row[name]
    delete_content()
    import_file(tmp_path, document)
    published = Statement.objects.filter(status="published")
    assert set(published.values_list("review_state", flat=True)) == {"approved"}
    assert not CommentRequest.objects.exists()


def test_new_rows_after_import_get_fresh_ids(content, tmp_path):
    document, _ = export()
    delete_content()
    import_file(tmp_path, document)
    party = make_party()  # would collide with an imported id if sequences were not reset
    assert party.pk > max(p["id"] for p in json.loads(document)["parties"])


def test_import_refuses_a_database_with_content_unless_replace(content, tmp_path):
    document, _ = export()
    with pytest.raises(CommandError, match="already has content"):
        import_file(tmp_path, document)
    Party.objects.filter(slug="france").update(name="Changed")
    import_file(tmp_path, document, "--replace")
    assert Party.objects.get(slug="france").name == "France"


def corrupt(document, how):
    document = copy.deepcopy(document)
    how(document)
    return document


CORRUPTIONS = {
    "not a newsdesk file": (lambda d: d.update(format="other"), "not a Newsdesk export"),
    "future version": (lambda d: d.update(version=99), "version 99"),
    "unknown section": (lambda d: d.update(extra=[]), "Unknown sections"),
    "section not a list": (lambda d: d.update(parties={}), "must be a list"),
    "unknown field": (lambda d: d["events"][0].update(colour="red"), "unknown fields colour"),
    "missing field": (lambda d: d["statements"][0].pop("status"), "missing fields status"),
    "missing section": (lambda d: d.pop("denials"), "Missing sections: denials"),
    "bad date": (
        lambda d: d["statements"][0].update(issued_at="2024-13-45"),
        "statements #1",
    ),
    "missing party": (lambda d: d["statements"][0].update(party_id=9999), "statements #1"),
    "bad choice": (lambda d: d["events"][0].update(kind="picnic"), "kind"),
    "passage not in target": (
        lambda d: d["denials"][0].update(disputed_passage="words nobody said"),
        "do not occur",
    ),
    "missing topic": (lambda d: d["events"][0].update(topics=[9999]), "missing ids"),
    "duplicate slug": (
        lambda d: d["events"][1].update(slug=d["events"][0]["slug"]),
        "the database refused it",
    ),
    "statement denying itself": (
        lambda d: d["denials"][0].update(target_id=d["denials"][0]["statement_id"]),
        "denials #1",
    ),
    "party cycle": (
        lambda d: d["parties"][0].update(parent_id=d["parties"][1]["id"]),
        "own ancestor",
    ),
}


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_a_bad_file_is_refused_and_changes_nothing(content, tmp_path, name):
    how, message = CORRUPTIONS[name]
    document = export_document()
    bad = corrupt(document, how)
    before = export()[0]
    with pytest.raises(CommandError, match=message) as error:
        import_file(tmp_path, bad, "--replace")
    assert "Nothing was imported" in str(error.value)
    assert export()[0] == before


def test_a_file_that_is_not_json_is_refused(tmp_path):
    with pytest.raises(CommandError, match="not valid JSON"):
        import_file(tmp_path, "{not json")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_data", str(tmp_path / "missing.json"), stdout=StringIO())
    assert not Event.objects.exists()


def test_imported_rows_have_one_history_row_each(content, tmp_path):
    document, _ = export()
    delete_content()
    import_file(tmp_path, document)
    statement = Statement.objects.first()
    assert statement.history.latest().history_change_reason == "Imported"
    imported = Statement.history.filter(history_change_reason="Imported")
    assert imported.count() == Statement.objects.count()


def test_import_sanitises_what_it_loads(content, tmp_path):
    document = export_document()
    document["statements"][0]["text"] += '<script>alert(1)</script><img src=x onerror="x">'
    import_file(tmp_path, document, "--replace")
    text = Statement.objects.get(pk=document["statements"][0]["id"]).text
    assert "<script" not in text and "onerror" not in text
    assert Denial.objects.count() == len(document["denials"])
