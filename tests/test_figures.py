"""The figures public pages read instead of counting the archive (party publicness and
denial figures, who denies whom, event counts, involvements) follow every write exactly."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import (
    DenialTally,
    Event,
    EventStats,
    Party,
    PartyStats,
    Statement,
    Status,
)
from claims.models.stats import stale_figures
from claims.opendata.transfer import delete_content, export_document, import_document
from tests.factories import make_denial, make_event, make_party, make_statement

pytestmark = pytest.mark.django_db


def figures(party):
    stats = PartyStats.objects.filter(party=party).first()
    return (stats.public, stats.denials_issued, stats.denials_received) if stats else None


def test_a_published_statement_makes_its_party_and_those_above_it_public():
    state = make_party(name="Valdoria")
    ministry = make_party(name="Valdorian ministry", parent=state)
    statement = make_statement(party=ministry, status=Status.DRAFT)
    assert not Party.objects.published().exists()
    statement.status = Status.PUBLISHED
    statement.save()
    assert set(Party.objects.published()) == {state, ministry}
    assert EventStats.objects.get(event=statement.event).statements == 1
    statement.status = Status.DRAFT
    statement.save()
    assert not Party.objects.published().exists()
    assert stale_figures() == {}


def test_denials_move_the_figures_of_both_sides_and_who_denies_whom():
    denial = make_denial()
    denier, denied = denial.statement.party, denial.target.party
    assert figures(denier) == (True, 1, 0)
    assert figures(denied) == (True, 0, 1)
    assert list(DenialTally.objects.values_list("denier", "denied", "count")) == [
        (denier.pk, denied.pk, 1)
    ]
    assert EventStats.objects.get(event=denial.statement.event).denials == 1
    denial.delete()
    assert figures(denier) == (True, 0, 0)
    assert not DenialTally.objects.filter(count__gt=0).exists()
    assert stale_figures() == {}


def test_unpublishing_the_target_hides_the_denial_from_the_figures():
    denial = make_denial()
    target = Statement.objects.get(pk=denial.target.pk)
    target.status = Status.DRAFT
    target.save()
    assert figures(denial.statement.party)[1] == 0
    assert stale_figures() == {}


def test_moving_a_party_moves_its_involvements_and_tallies():
    denial = make_denial()
    third = make_party(name="Tarrowmere")
    ministry = make_party(name="Moved ministry", parent=denial.statement.party)
    make_statement(event=denial.statement.event, party=ministry)
    ministry.parent = third
    ministry.save()
    event = Event.objects.involving(third, None)
    assert list(event) == [denial.statement.event]
    assert stale_figures() == {}


def test_participants_added_removed_and_cleared():
    event = make_event()
    observer = make_party(name="Observer")
    event.participants.add(observer)
    assert figures(observer)[0] is True
    assert list(Event.objects.involving(observer, None)) == [event]
    event.participants.remove(observer)
    assert figures(observer)[0] is False
    event.participants.add(observer)
    event.participants.clear()
    assert figures(observer)[0] is False
    assert stale_figures() == {}


def test_an_import_computes_them_once():
    make_denial()
    document = export_document()
    delete_content()
    import_document(document)
    assert stale_figures() == {}
    assert Party.objects.published().count() == 2


def test_the_command_checks_and_repairs_figures_left_stale_by_a_bulk_load():
    statement = make_statement()
    Statement.objects.bulk_create(  # past the model layer, as bench/data.py loads
        [Statement(event=statement.event, party=make_party(), issued_at=statement.issued_at,
                   text="<p>Bulk.</p>", status=Status.PUBLISHED)]
    )  # fmt: skip
    with pytest.raises(CommandError, match="stale"):
        call_command("refresh_public_stats", "--check", stdout=StringIO(), stderr=StringIO())
    call_command("refresh_public_stats", stdout=StringIO())
    out = StringIO()
    call_command("refresh_public_stats", "--check", stdout=out)
    assert "exact" in out.getvalue()


def test_a_corrected_text_leaves_parties_figures_alone_and_a_status_change_does_not():
    """Parties' figures cost what the archive holds to recompute: only saves that can move
    them (status, party, event, times, the statements a rebuttal links) refresh them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    denial = make_denial()
    statement = denial.target

    def touches_figures(write):
        with CaptureQueriesContext(connection) as captured:
            write()
        return any("claims_partystats" in query["sql"] for query in captured.captured_queries)

    def correct():
        statement.text = "<p>Both sides agreed to a ceasefire at dawn.</p>"
        statement.correction_note = "The time was missing."
        statement.save()

    def unpublish():
        denial.status = "draft"
        denial.save()

    assert not touches_figures(correct)
    assert touches_figures(unpublish)
    assert stale_figures() == {}


def test_a_status_change_moves_the_figures_by_delta_never_by_counting_the_archive(
    django_capture_on_commit_callbacks,
):
    """What a save costs must not grow with the archive: its figures follow by the deltas of
    the denials it reaches; the medians it makes due are worked out once it has committed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    denial = make_denial()
    for _ in range(3):  # an archive: more rebuttals between the same sides
        target = make_statement(
            party=denial.target.party, text="<p>Both sides agreed to a ceasefire.</p>"
        )
        make_denial(
            target=target,
            statement=make_statement(
                event=target.event,
                party=denial.statement.party,
                issued_at=target.issued_at + timedelta(hours=1),
            ),
        )
    denier = denial.statement.party
    denial.status = Status.DRAFT
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks() as after_commit,
    ):
        denial.save()
    counted = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    # The event's own figures are counted again (bounded by one event); nothing else is.
    over_the_archive = [
        sql for sql in counted if "claims_denial" in sql and '"claims_event"."id" IN' not in sql
    ]
    assert over_the_archive == [], over_the_archive
    assert PartyStats.objects.get(party=denier).denials_issued == 3
    assert PartyStats.objects.get(party=denier).median_pending > 0  # due, not yet worked out
    for callback in after_commit:
        callback()
    assert PartyStats.objects.get(party=denier).median_pending == 0
    assert stale_figures() == {}


@pytest.mark.django_db(transaction=True)
def test_the_medians_are_worked_out_in_the_background_after_commit(settings):
    """Production on PostgreSQL: the medians a change made due are worked out by a thread with
    a connection of its own once the change has committed (nobody waits for them)."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the background thread: PostgreSQL (SQLite works them out at once)")
    settings.NEWSDESK_MEDIANS_IN_BACKGROUND = True
    slow = make_denial()  # two hours and ten minutes after the words it denies
    denier = slow.statement.party
    target = make_statement(
        party=slow.target.party, text="<p>Both sides agreed to a ceasefire.</p>"
    )
    quick = make_denial(
        target=target,
        statement=make_statement(
            event=target.event, party=denier, issued_at=target.issued_at + timedelta(minutes=30)
        ),
    )
    for thread in threading.enumerate():
        if thread.name == "newsdesk-medians":
            thread.join(timeout=30)
    before = PartyStats.objects.get(party=denier).median_delay
    quick.status = Status.DRAFT  # committed at once (no transaction around the test)
    quick.save()
    workers = [t for t in threading.enumerate() if t.name == "newsdesk-medians"]
    assert workers, "no background thread was started"
    for worker in workers:
        worker.join(timeout=30)
    stats = PartyStats.objects.get(party=denier)
    assert stats.median_pending == 0
    assert stats.median_delay != before  # only the slow denial is left
    assert stats.median_delay == timedelta(hours=2, minutes=10)
    assert stale_figures() == {}
