"""Two editors saving the same row at once: the version check at write time (the UPDATE that
only matches the version the save started from) refuses the second save even when both passed
validation before either wrote — the race that the read-time check cannot see."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models.signals import pre_save

from claims.models import Conduit, Event, Party, Spelling, Statement, Topic
from tests.factories import make_event, make_party, make_statement, make_topic


def race(model, pk, change_mine, change_theirs, other_write):
    """Load the row twice; save "mine", and just after it validated (``pre_save``), have
    "theirs" written by ``other_write``. Returns the exception mine's save raised."""
    mine = model.objects.get(pk=pk)
    change_mine(mine)

    def between(sender, instance, **kwargs):
        if instance is mine:
            other_write(change_theirs)

    pre_save.connect(between, sender=model, weak=False)
    try:
        with pytest.raises(ValidationError, match="Someone else saved") as refused:
            mine.save()
    finally:
        pre_save.disconnect(between, sender=model)
    return refused.value


def set_speaker(value):
    return lambda row: setattr(row, "speaker", value)


@pytest.mark.django_db
def test_a_write_between_validation_and_update_is_not_overwritten():
    statement = make_statement(speaker="The ministry")

    def same_connection(change):
        theirs = Statement.objects.get(pk=statement.pk)
        change(theirs)
        theirs.save()

    refused = race(
        Statement, statement.pk, set_speaker("Mine"), set_speaker("Theirs"), same_connection
    )
    assert "a moment ago" in str(refused)  # the UPDATE refused it, not the validation
    # On one connection the other write sat in the refused save's transaction, and went with it.
    statement.refresh_from_db()
    assert statement.speaker == "The ministry" and statement.version == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two live connections: PostgreSQL")
def test_two_connections_racing_on_postgresql():
    """The other editor is another thread, with its own connection, committing while the first
    save's transaction is open."""
    statement = make_statement(speaker="The ministry")

    def other_thread(change):
        def run():
            try:
                theirs = Statement.objects.get(pk=statement.pk)
                change(theirs)
                theirs.save()
            finally:
                connections.close_all()

        thread = threading.Thread(target=run)
        thread.start()
        thread.join(timeout=30)

    refused = race(
        Statement, statement.pk, set_speaker("Mine"), set_speaker("Theirs"), other_thread
    )
    assert "a moment ago" in str(refused)
    statement.refresh_from_db()
    assert statement.speaker == "Theirs"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, make, field",
    [
        (Event, make_event, "title"),
        (Party, make_party, "name"),
        (Topic, make_topic, "name"),
        (Conduit, lambda: Conduit.objects.create(name="Fictional Wire"), "full_name"),
        (Spelling, lambda: Spelling.objects.create(variants="Ostrel, Ostrell"), "variants"),
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else "",
)
def test_every_model_editors_change_refuses_a_stale_save(model, make, field):
    """Events and statements had optimistic locking; parties, topics, conduits and spellings
    silently overwrote the first editor's change."""
    row = make()
    mine, theirs = model.objects.get(pk=row.pk), model.objects.get(pk=row.pk)
    setattr(theirs, field, "Their, name")
    theirs.save()
    setattr(mine, field, "My, name")
    with pytest.raises(ValidationError, match="Someone else saved"):
        mine.save()
    row.refresh_from_db()
    assert getattr(row, field) == "Their, name"
