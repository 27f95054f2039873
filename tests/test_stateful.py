"""Random sequences of editors' operations, through the paths editors use (the admin's pages,
actions, history revert and delete views; export and import), with the newsroom's promises
checked after every step:

* every public page, fragment, feed, JSON and CSV answers 200 or 404 — never a server error;
* nothing unpublished is visible to an anonymous reader;
* nothing becomes, stays or stops being public because of an Editor (no publishing permission);
* what a chief editor publishes is checked (its checklist ticked) and its approval recorded —
  whether through the review queue's buttons, the status field, a bulk action or a revert;
* export → import gives back the same document (during sessions, and at the end of each).
"""

import itertools
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from claims.models import Denial, Event, Party, ReviewState, Statement, Status
from claims.models.review import CHECKLIST
from claims.models.stats import stale_figures
from claims.opendata.transfer import delete_content, export_document, import_document
from tests.admin_forms import form_data
from tests.factories import login_as

PHRASES = ["agreed to a ceasefire", "rejected the proposal", "will reopen the harbour"]
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
EXPLORED = Counter()


def admin(name, *args):
    return reverse(f"admin:claims_{name}", args=args)


def submit(client, url, **changes):
    """Open an admin page and submit it as a browser would, with ``changes`` typed in."""
    page = client.get(url)
    if page.status_code != 200:
        return page
    return client.post(url, {**form_data(page), **changes})


class Newsroom(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()  # every example starts from the same empty newsroom…
        cache.clear()  # …whose public version, rolled back, starts again where the last did
        self.serial = itertools.count(1)
        self.actors = {
            "editor": login_as("Editors", "editor"),
            "chief": login_as("Chief editors", "chief"),
        }
        self.reader = Client()
        sides = [Party.objects.create(name=n, slug=n.lower()) for n in ("Valdoria", "Serapine")]
        self.parties = sides + [
            Party.objects.create(
                name=f"{side.name} ministry", slug=f"{side.slug}-ministry", parent=side
            )
            for side in sides
        ]

    def teardown(self):
        try:
            self.export_and_import()  # whatever a session left, it survives a round trip
        finally:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

    # -- helpers ---------------------------------------------------------------------------

    def public_sets(self):
        return {
            model.__name__: set(model.objects.published().values_list("pk", flat=True))
            for model in (Event, Statement, Denial, Party)
        }

    def statuses(self):
        return {
            (model.__name__, pk): status
            for model in (Event, Statement, Denial)
            for pk, status in model.objects.values_list("pk", "status")
        }

    def act(self, actor, name, operation):
        """Run ``operation`` as ``actor``. An Editor must leave what is public unchanged, and
        every status as it was (new rows are drafts)."""
        EXPLORED[name] += 1
        public, statuses = self.public_sets(), self.statuses()
        response = operation(self.actors[actor])
        assert response.status_code < 500, (name, response.status_code)
        if actor == "editor":
            assert self.public_sets() == public, f"an Editor changed what is public ({name})"
            for key, status in self.statuses().items():
                assert status == statuses.get(key, Status.DRAFT), f"an Editor set {key} {status}"
        for (model_name, pk), status in self.statuses().items():
            published = status == Status.PUBLISHED and statuses.get((model_name, pk)) != status
            if published and model_name != "Event":
                self.was_approved(model_name, pk, actor, name)

    def was_approved(self, model_name, pk, actor, name):
        row = {"Statement": Statement, "Denial": Denial}[model_name].objects.get(pk=pk)
        assert not row.unchecked, f"{name}: published unchecked {model_name} {pk}"
        assert row.review_state == ReviewState.APPROVED, (name, row.review_state)
        last = row.review_entries.last()
        assert (last.action, last.actor.username) == ("approved", actor), (name, last)

    def text(self, phrase):
        return f"<p>Marker {next(self.serial)} says both sides {phrase}.</p>"

    # -- operations, as the admin's pages make them ----------------------------------------

    def add_event(self, client):
        n = next(self.serial)
        return submit(
            client,
            admin("event_add"),
            title=f"Summit number {n} of the series",
            slug=f"summit-{n}",
            kind="meeting",
            occurred_at_0=START.strftime("%Y-%m-%d"),
            occurred_at_1="09:00:00",
            occurred_precision="exact",
            participants=[p.pk for p in self.parties[:2]],
        )

    def add_statement(self, client, event, party, phrase, hours, checked=True, **extra):
        when = START + timedelta(hours=hours)
        if checked:
            extra |= dict.fromkeys(CHECKLIST, "on")
        return submit(
            client,
            admin("statement_add"),
            event=event.pk,
            party=party.pk,
            kind="readout",
            attribution="official",
            issued_at_0=when.strftime("%Y-%m-%d"),
            issued_at_1=when.strftime("%H:%M:%S"),
            issued_precision="exact",
            language="en",
            text=self.text(phrase),
            **extra,
        )

    def change_status(self, actor, data, model, action):
        obj = data.draw(st.sampled_from(list(model.objects.order_by("pk"))))
        name = model._meta.model_name
        self.act(
            actor,
            f"{action} {name}",
            lambda client: client.post(
                admin(f"{name}_changelist"), {"action": action, "_selected_action": [obj.pk]}
            ),
        )

    # -- rules (the first ones are drawn most often) ----------------------------------------

    actor = st.sampled_from(["editor", "chief"])
    status_action = st.sampled_from(["publish", "publish", "unpublish"])

    @initialize(published=st.booleans())
    def a_story_in_progress(self, published):
        """Two events, one with a statement from each side, as a chief editor entered them."""
        chief = self.actors["chief"]
        self.add_event(chief)
        self.add_event(chief)
        event = Event.objects.order_by("pk").first()
        status = "published" if published else "draft"
        for party, phrase, hours in [
            (self.parties[0], PHRASES[0], 1),
            (self.parties[1], PHRASES[1], 5),
        ]:
            self.add_statement(chief, event, party, phrase, hours, status=status)

    def review_step(self, actor, data, step, comment, tick):
        """Press a review button on a statement's or a denial's page (offered or not: a
        hand-made POST asks the model just the same), maybe ticking the checklist."""
        rows = [*Statement.objects.order_by("pk"), *Denial.objects.order_by("pk")]
        row = data.draw(st.sampled_from(rows))
        url = admin(f"{row._meta.model_name}_change", row.pk)
        changes = {"review_comment": comment}
        if step:
            changes[step] = "pressed"
        if tick:
            changes |= dict.fromkeys(CHECKLIST, "on")
        self.act(actor, f"review {step or 'comment'}", lambda c: submit(c, url, **changes))

    has_rows = precondition(lambda self: Statement.objects.exists() or Denial.objects.exists())
    comment = st.sampled_from(["", "Find the original."])

    @has_rows
    @rule(actor=actor, data=st.data(), comment=comment, tick=st.booleans())
    def submit_for_review(self, actor, data, comment, tick):
        self.review_step(actor, data, "_submit_for_review", comment, tick)

    @has_rows
    @rule(actor=actor, data=st.data(), comment=comment, tick=st.booleans())
    def approve(self, actor, data, comment, tick):
        self.review_step(actor, data, "_approve", comment, tick)

    @has_rows
    @rule(actor=actor, data=st.data(), comment=comment)
    def send_back(self, actor, data, comment):
        self.review_step(actor, data, "_send_back", comment, False)

    @has_rows
    @rule(actor=actor, data=st.data(), tick=st.booleans())
    def comment_or_tick(self, actor, data, tick):
        self.review_step(actor, data, "", "A note for the desk.", tick)

    @precondition(lambda self: Statement.objects.count() > 1)
    @rule(actor=actor, data=st.data(), quoted=st.booleans(), checked=st.booleans())
    def deny(self, actor, data, quoted, checked):
        statements = list(Statement.objects.order_by("pk"))
        denying = data.draw(st.sampled_from(statements))
        target = data.draw(st.sampled_from(statements))
        # Usually the target's own words; sometimes words it does not contain.
        phrase = target.plain_text.split("both sides ")[-1].rstrip(".") if quoted else "a truce"
        self.act(
            actor,
            "deny",
            lambda client: submit(
                client,
                admin("denial_add"),
                statement=denying.pk,
                target=target.pk,
                kind="denial",
                disputed_passage=phrase,
                **(dict.fromkeys(CHECKLIST, "on") if checked else {}),
            ),
        )

    @precondition(lambda self: Statement.objects.exists())
    @rule(actor=actor, data=st.data(), action=status_action)
    def change_statement_status(self, actor, data, action):
        self.change_status(actor, data, Statement, action)

    @precondition(lambda self: Denial.objects.exists())
    @rule(actor=actor, data=st.data(), action=status_action)
    def change_denial_status(self, actor, data, action):
        self.change_status(actor, data, Denial, action)

    @precondition(lambda self: Event.objects.exists())
    @rule(
        actor=actor, data=st.data(), action=st.sampled_from(["publish_with_contents", "unpublish"])
    )
    def change_event_status(self, actor, data, action):
        self.change_status(actor, data, Event, action)

    @precondition(lambda self: Statement.objects.exists())
    @rule(actor=actor, data=st.data(), phrase=st.sampled_from(PHRASES), note=st.booleans())
    def edit_text(self, actor, data, phrase, note):
        statement = data.draw(st.sampled_from(list(Statement.objects.order_by("pk"))))
        changes = {"text": self.text(phrase)}
        if note:
            changes["correction_note"] = "Corrected the wording."
        self.act(
            actor,
            "edit text",
            lambda client: submit(client, admin("statement_change", statement.pk), **changes),
        )

    @precondition(lambda self: Event.objects.count() > 1 and Statement.objects.exists())
    @rule(actor=actor, data=st.data())
    def move_statement(self, actor, data):
        statement = data.draw(st.sampled_from(list(Statement.objects.order_by("pk"))))
        event = data.draw(st.sampled_from(list(Event.objects.order_by("pk"))))
        self.act(
            actor,
            "move statement",
            lambda client: submit(
                client,
                admin("statement_change", statement.pk),
                event=event.pk,
                correction_note="Filed under the right event.",
            ),
        )

    def revert(self, actor, data, note, model):
        current = dict(model.objects.values_list("pk", "status"))
        records = list(model.history.filter(id__in=current).order_by("history_id"))
        if not records:
            return
        # Most telling: a version whose status differs from today's (a republish, say).
        differing = [r for r in records if r.status != current[r.id]]
        record = data.draw(st.sampled_from(differing or records))
        url = admin(f"{model._meta.model_name}_simple_history", record.id, record.history_id)
        changes = {"correction_note": "Restored an earlier version."} if note else {}
        name = f"revert {model._meta.model_name}"
        self.act(actor, name, lambda client: submit(client, url, **changes))

    @precondition(lambda self: Statement.history.exists())
    @rule(actor=actor, data=st.data(), note=st.booleans())
    def revert_statement(self, actor, data, note):
        self.revert(actor, data, note, Statement)

    @precondition(lambda self: Event.history.exists())
    @rule(data=st.data())
    def editor_reverts_event(self, data):
        self.revert("editor", data, False, Event)

    @precondition(lambda self: Statement.history.exists())
    @rule(data=st.data(), note=st.booleans())
    def editor_reverts_statement(self, data, note):
        self.revert("editor", data, note, Statement)

    @precondition(lambda self: Event.objects.exists())
    @rule(actor=actor, data=st.data(), phrase=st.sampled_from(PHRASES), checked=st.booleans())
    def create_statement(self, actor, data, phrase, checked):
        event = data.draw(st.sampled_from(list(Event.objects.order_by("pk"))))
        party = data.draw(st.sampled_from(self.parties))
        hours = data.draw(st.integers(1, 72))
        self.act(
            actor,
            "create statement",
            lambda client: self.add_statement(client, event, party, phrase, hours, checked),
        )

    @rule(actor=actor, data=st.data(), model=st.sampled_from([Event, Statement, Denial]))
    def delete(self, actor, data, model):
        objects = list(model.objects.order_by("pk"))
        if not objects:
            return
        obj = data.draw(st.sampled_from(objects))
        name = model._meta.model_name
        self.act(
            actor,
            f"delete {name}",
            lambda client: client.post(admin(f"{name}_delete", obj.pk), {"post": "yes"}),
        )

    @precondition(lambda self: Denial.objects.exists())
    @rule()
    def export_and_import(self):
        EXPLORED["export and import"] += 1
        document = export_document()
        delete_content()
        import_document(document)
        assert export_document() == document

    @precondition(lambda self: Event.objects.count() < 4)
    @rule(actor=actor)
    def create_event(self, actor):
        self.act(actor, "create event", self.add_event)

    # -- invariants ------------------------------------------------------------------------

    def public_urls(self):
        urls = ["/", "/events/", "/events/?q=marker", "/timeline/", "/parties/", "/feed/",
                "/statements.csv", "/sitemap.xml"]  # fmt: skip
        for event in Event.objects.all():
            urls += [
                event.get_absolute_url(),
                reverse("claims:event-json", args=[event.slug]),
                reverse("claims:event-feed", args=[event.slug]),
            ]
        urls += [s.get_absolute_url() for s in Statement.objects.all()]
        urls += [p.get_absolute_url() for p in self.parties]
        return urls

    def fingerprint(self):
        """Changes whenever content or its history does (a refused operation changes neither)."""
        return tuple(
            (model.objects.count(), model.history.count()) for model in (Event, Statement, Denial)
        )

    @invariant()
    def readers_see_only_what_is_published(self):
        if getattr(self, "checked", None) == self.fingerprint():
            return  # nothing changed since the last check
        self.checked = self.fingerprint()
        hidden = [
            *(
                statement.plain_text.split(" says")[0] + " says"
                for statement in Statement.objects.exclude(pk__in=Statement.objects.published())
            ),
            *(event.title for event in Event.objects.exclude(status=Status.PUBLISHED)),
            *(
                f'id="denial-{pk}"'
                for pk in Denial.objects.exclude(pk__in=Denial.objects.published()).values_list(
                    "pk", flat=True
                )
            ),
        ]
        assert stale_figures() == {}, "a write left the maintained public figures stale"
        for url in self.public_urls():
            response = self.reader.get(url)
            assert response.status_code in {200, 404}, (url, response.status_code)
            body = (
                b"".join(response.streaming_content) if response.streaming else response.content
            ).decode()
            for secret in hidden:
                assert secret not in body, (url, secret)


@pytest.mark.slow
@pytest.mark.django_db
def test_random_newsroom_sessions_keep_every_promise(capsys):
    EXPLORED.clear()
    state_machine_settings = settings(
        max_examples=30,
        stateful_step_count=15,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(Newsroom, settings=state_machine_settings)
    with capsys.disabled():
        print(
            f"\nstateful newsroom: {sum(EXPLORED.values())} operations in 30 sessions of up to "
            f"15 steps — " + ", ".join(f"{name} ×{n}" for name, n in sorted(EXPLORED.items()))
        )
