"""Operations on several rows are functions of the model layer, each one change of what the
public sees: the public version moves once per operation, not once per row (issue: an import
of the demo moved it 67 times)."""

import pytest

from claims.models import Event, PublicState, Statement, Status, operations
from claims.opendata import transfer
from tests.factories import make_event, make_statement

pytestmark = pytest.mark.django_db


def version():
    return PublicState.current().version


def test_loading_the_demo_is_one_public_change():
    from claims import demo

    before = version()
    demo.load()
    assert version() == before + 1
    assert Event.objects.published().count() >= 5


def test_an_import_is_one_public_change():
    from claims import demo

    demo.load()
    document = transfer.export_document()
    before = version()
    transfer.import_document(document, replace=True)
    assert version() == before + 1
    assert Statement.objects.published().count() == len(document["statements"]) - sum(
        row["status"] != Status.PUBLISHED for row in document["statements"]
    )


def test_publishing_an_event_with_its_contents_is_one_public_change():
    event = make_event(status=Status.DRAFT)
    for _ in range(3):
        make_statement(event=event, status=Status.DRAFT)
    before = version()
    assert operations.publish_with_contents(Event.objects.filter(pk=event.pk)) == 4
    assert version() == before + 1
    assert Statement.objects.published().filter(event=event).count() == 3


def test_a_bulk_status_change_is_one_public_change_and_a_no_op_is_none():
    event = make_event()
    statements = [make_statement(event=event) for _ in range(4)]
    rows = Statement.objects.filter(pk__in=[s.pk for s in statements])
    before = version()
    assert operations.set_status(rows, Status.DRAFT, "test") == 4
    assert version() == before + 1
    assert operations.set_status(rows, Status.DRAFT, "test") == 0
    assert version() == before + 1
