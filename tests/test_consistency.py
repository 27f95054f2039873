"""Cross-row rules hold on every save, and pages still render when the database holds something
inconsistent anyway (a row changed behind the model layer's back)."""

import json
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from claims.models import Denial, Party, Stance, Statement
from tests.admin_forms import errors, form_data
from tests.factories import (
    make_claim,
    make_denial,
    make_event,
    make_party,
    make_stance,
    make_statement,
)

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    return reverse(f"admin:claims_{name}", args=args)


class TestStatementsThatOthersPointAt:
    def test_moving_a_denied_statement_to_another_event_is_refused_naming_the_denial(self, chief):
        denial = make_denial()
        other = make_event()
        page = chief.get(admin_url("statement_change", denial.target.pk))
        data = {**form_data(page), "event": other.pk, "correction_note": "Wrong event."}
        response = chief.post(admin_url("statement_change", denial.target.pk), data)
        assert response.status_code == 200
        assert f"(#{denial.pk})" in errors(response)
        denial.target.refresh_from_db()
        assert denial.target.event_id != other.pk

        statement = Statement.objects.get(pk=denial.statement.pk)
        statement.event = other
        with pytest.raises(ValidationError, match="Delete or change the denial first"):
            statement.save()

    def test_moving_a_statement_and_deleting_its_denials_in_the_same_save_is_allowed(self, chief):
        denial = make_denial()
        other = make_event()
        statement = denial.statement
        page = chief.get(admin_url("statement_change", statement.pk))
        data = {**form_data(page), "event": other.pk, "denials_made-0-DELETE": "on"}
        response = chief.post(admin_url("statement_change", statement.pk), data)
        assert response.status_code == 302, errors(response)
        statement.refresh_from_db()
        assert statement.event == other
        assert not Denial.objects.exists()

    def test_editing_away_a_disputed_passage_is_refused_naming_the_denial(self, chief):
        denial = make_denial()  # disputes "agreed to a ceasefire"
        page = chief.get(admin_url("statement_change", denial.target.pk))
        data = {
            **form_data(page),
            "text": "<p>Both sides discussed a ceasefire.</p>",
            "correction_note": "Corrected the verb.",
        }
        response = chief.post(admin_url("statement_change", denial.target.pk), data)
        assert response.status_code == 200
        assert "no longer contains the words" in errors(response)
        assert f"(#{denial.pk})" in errors(response)

    def test_a_rebutting_passage_changed_with_its_denial_in_the_same_save_is_allowed(self, chief):
        denial = make_denial(rebutting_passage="Nothing of the kind")
        statement = denial.statement
        page = chief.get(admin_url("statement_change", statement.pk))
        data = {
            **form_data(page),
            "text": "<p>No such thing was agreed.</p>",
            "correction_note": "Quoted the ministry's own words.",
        }
        response = chief.post(admin_url("statement_change", statement.pk), data)
        # The denial, on the same page, is checked against the new text and says so.
        assert "do not occur in the rebutting statement" in errors(response)

        data["denials_made-0-rebutting_passage"] = "No such thing"
        response = chief.post(admin_url("statement_change", statement.pk), data)
        assert response.status_code == 302, errors(response)
        assert Denial.objects.get().rebutting_passage == "No such thing"

    def test_a_new_party_on_the_other_side_is_refused(self):
        denial = make_denial()
        statement = Statement.objects.get(pk=denial.statement.pk)
        statement.party = make_party(parent=denial.target.party)
        statement.correction_note = "Attributed to the ministry."
        with pytest.raises(ValidationError, match="would link two statements of"):
            statement.save()

    def test_a_stance_keeps_its_quote(self):
        statement = make_statement(text="<p>We condemn the attack.</p>")
        claim = make_claim(event=statement.event)
        make_stance(
            claim=claim, side=statement.party, statement=statement, quote="condemn the attack"
        )
        statement.text = "<p>We regret the attack.</p>"
        statement.correction_note = "Corrected the verb."
        with pytest.raises(ValidationError, match="no longer contains the words"):
            statement.save()


class TestRowsTheDatabaseWouldAccept:
    def test_a_denial_within_one_side(self):
        state = make_party()
        target = make_statement(party=make_party(parent=state), text="<p>We agreed.</p>")
        denying = make_statement(event=target.event, party=make_party(parent=state))
        with pytest.raises(ValidationError, match="Both statements speak for"):
            Denial.objects.create(statement=denying, target=target, disputed_passage="agreed")

    def test_a_party_loop(self):
        a = make_party()
        b = make_party(parent=a)
        a.parent = b
        with pytest.raises(ValidationError, match="own ancestor"):
            a.save()

    def test_moving_a_party_so_that_a_denial_links_one_side_is_refused(self):
        denial = make_denial()
        ministry = denial.statement.party
        ministry.parent = denial.target.party
        with pytest.raises(ValidationError, match="would link two statements of the same side"):
            ministry.save()

    def test_a_stance_on_a_party_below_a_side_or_on_another_events_statement(self):
        state = make_party(name="Valdoria")
        statement = make_statement(party=make_party(parent=state))
        claim = make_claim(event=statement.event)
        with pytest.raises(ValidationError, match="Choose the government"):
            Stance.objects.create(claim=claim, side=statement.party, position="asserts")
        elsewhere = make_statement(party=statement.party)
        with pytest.raises(ValidationError, match="another event"):
            Stance.objects.create(claim=claim, side=state, position="asserts", statement=elsewhere)

    def test_a_stance_for_a_side_that_takes_no_part(self):
        claim = make_claim()
        with pytest.raises(ValidationError, match="takes no part"):
            Stance.objects.create(claim=claim, side=make_party(), position="asserts")

    def test_a_disputed_passage_absent_from_the_target(self):
        target = make_statement(text="<p>We agreed to talk.</p>")
        denying = make_statement(event=target.event)
        with pytest.raises(ValidationError, match="do not occur in the target"):
            Denial.objects.create(statement=denying, target=target, disputed_passage="a truce")

    def test_an_unknown_language(self):
        with pytest.raises(ValidationError, match="language"):
            make_statement(language="zz")
        statement = make_statement()
        with pytest.raises(IntegrityError), transaction.atomic():
            Statement.objects.filter(pk=statement.pk).update(language="zz")

    def test_moving_a_claim_with_stances_on_its_events_statements(self):
        statement = make_statement()
        claim = make_claim(event=statement.event)
        make_stance(claim=claim, side=statement.party, statement=statement)
        claim.event = make_event()
        with pytest.raises(ValidationError, match="rests on a statement of the old event"):
            claim.save()


class TestPagesSurviveInconsistentData:
    def test_a_denial_across_events_is_left_out_and_logged(self, client, caplog):
        denial = make_denial()
        other = make_event()
        Statement.objects.filter(pk=denial.target.pk).update(event=other)  # behind the rules
        with caplog.at_level(logging.WARNING, logger="claims.pages.comparison"):
            for event in (denial.statement.event, other):
                for url in (
                    event.get_absolute_url(),
                    reverse("claims:event-json", args=[event.slug]),
                ):
                    assert client.get(url).status_code == 200, url
        assert "not on its page" in caplog.text
        document = json.loads(client.get(reverse("claims:event-json", args=[other.slug])).content)
        assert document["denials"] == []

    def test_a_vanished_passage_leaves_the_text_unmarked_and_the_link_pointing_at_the_statement(
        self, client, caplog
    ):
        denial = make_denial()
        Statement.objects.filter(pk=denial.target.pk).update(text="<p>Something else.</p>")
        with caplog.at_level(logging.WARNING, logger="claims.pages.comparison"):
            html = client.get(denial.target.event.get_absolute_url()).content.decode()
        assert f'id="{denial.mark_anchor}"' not in html
        assert f'href="#statement-{denial.target.pk}"' in html
        assert "no longer contains" in caplog.text

    def test_a_stance_on_another_events_statement_links_nowhere_but_renders(self, client):
        statement = make_statement()
        claim = make_claim(event=statement.event)
        stance = make_stance(claim=claim, side=statement.party, statement=statement)
        moved = make_statement(party=statement.party)
        Stance.objects.filter(pk=stance.pk).update(statement=moved)
        html = client.get(statement.event.get_absolute_url()).content.decode()
        assert f'href="#statement-{moved.pk}"' not in html


def test_marks_go_in_text_never_inside_an_attribute(client):
    target = make_statement(
        text='<p><a href="https://example.org/a" title="they agreed to a ceasefire">The '
        "record</a> says both sides agreed to a ceasefire.</p>"
    )
    denial = make_denial(target=target)
    html = client.get(target.get_absolute_url()).content.decode()
    assert 'title="they agreed to a ceasefire"' in html
    assert f'both sides <mark class="disputed-passage" id="{denial.mark_anchor}"' in html, (
        "the mark belongs in the sentence, not in the link's title"
    )


def test_a_party_chain_too_deep_is_refused():
    chain = [make_party()]
    for _ in range(3):
        chain.append(make_party(parent=chain[-1]))
    with pytest.raises(ValidationError, match="at most 4 levels"):
        Party.objects.create(name="Too deep", slug="too-deep", parent=chain[-1])
