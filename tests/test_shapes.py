"""One shape per thing: every surface that gives an event, a statement or a rebuttal to
machines gives it in the shape ``claims/opendata/shapes.py`` declares (the API's), exactly — no key
more, none less, nothing coerced (issue: ``topics`` were names in the event JSON and the
dataset, slugs in the API)."""

import io
import json

import pytest
from django.core.management import call_command

from claims.opendata import dataset
from claims.opendata.shapes import DenialOut, EventOut, StatementOut

SEED = "lecornu-shoigu-phone-call-2024"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def exactly(shape, data):
    assert shape.model_validate(data).model_dump() == data


def test_the_event_json_and_the_api_give_one_event_shape(client):
    document = client.get(f"/events/{SEED}/json/").json()
    from_api = client.get(f"/api/v1/events/{SEED}").json()
    exactly(EventOut, document["event"])
    exactly(EventOut, from_api)
    assert document["event"] == from_api
    assert {"name": "War in Ukraine", "slug": "war-in-ukraine"} in from_api["topics"]
    for column in document["columns"]:
        for statement in column["statements"]:
            exactly(StatementOut, statement)
    for denial in document["denials"]:
        exactly(DenialOut, denial)


def test_lists_give_the_same_shape_as_one_item(client):
    listed = client.get("/api/v1/events", {"q": "Kyiv"}).json()["items"]
    assert listed == [client.get(f"/api/v1/events/{SEED}").json()]


def test_the_dataset_gives_each_event_as_its_json(client, tmp_path, settings):
    settings.NEWSDESK_DATASET_ROOT = tmp_path
    call_command("export_dataset", stdout=io.StringIO())
    events = json.loads((tmp_path / dataset.EVENTS).read_text())
    seed = next(document for document in events if document["event"]["slug"] == SEED)
    assert seed == client.get(f"/events/{SEED}/json/").json()


def test_each_csv_file_is_described_by_the_columns_that_write_it(client, tmp_path, settings):
    """Header, rows and the dataset's data dictionary come from one list of columns."""
    import csv

    from claims.opendata.exports import DENIAL_COLUMNS, STATEMENT_COLUMNS

    settings.NEWSDESK_DATASET_ROOT = tmp_path
    call_command("export_dataset", stdout=io.StringIO())
    package = json.loads((tmp_path / dataset.PACKAGE).read_text())
    fields = {r["path"]: [f["name"] for f in r["schema"]["fields"]]
              for r in package["resources"] if "schema" in r}  # fmt: skip
    for path, columns in [
        (dataset.STATEMENTS, STATEMENT_COLUMNS),
        (dataset.DENIALS, DENIAL_COLUMNS),
    ]:
        with (tmp_path / path).open(newline="") as file:
            header = next(csv.reader(file))
        assert header == fields[path] == [column.name for column in columns]
    served = client.get("/statements.csv").getvalue().decode().splitlines()[0]
    assert served.split(",") == fields[dataset.STATEMENTS]
