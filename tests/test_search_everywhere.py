"""One search, every surface: the browse page and the API answer the same question with the
same events (issue: ``/events/?q=Kyiv`` found the seed event, ``/api/v1/events?q=Kyiv`` found
nothing, because the API searched without the editors' spellings)."""

import csv
import io

import pytest

SEED = "lecornu-shoigu-phone-call-2024"

QUESTIONS = [
    {"q": "Kyiv"},
    {"q": "Kiev"},
    {"q": "cereales"},
    {"q": "céréales serapines"},
    {"q": '"dialogue on Ukraine"'},
    {"q": "dialogue -Istanbul"},
    {"q": "grain or border"},
    {"party": "france"},
    {"party": "russia", "disputed": "true"},
    {"country": "FR"},
    {"topic": "war-in-ukraine"},
    {"kind": "phone_call"},
    {"date_from": "2024-01-01", "date_to": "2024-12-31"},
    {"attribution": "entourage"},
    {"conduit": "afp"},
    {"q": "ministry", "disputed": "true"},
    {"q": "Kyiv", "party": "france", "conduit": "AFP"},
]


def browse(client, question):
    response = client.get("/events/", question)
    assert response.status_code == 200, response.content[:300]
    return {row.event.slug for row in response.context["page"]}


def api(client, question):
    response = client.get("/api/v1/events", question)
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert body["next"] is None  # the demo fits one page
    return {event["slug"] for event in body["items"]}


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestSameAnswers:
    @pytest.mark.parametrize(
        "question", QUESTIONS, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items())
    )
    def test_browse_and_api_agree(self, client, question):
        assert browse(client, question) == api(client, question)

    def test_spelling_variants_find_the_seed_event_in_the_api(self, client):
        assert SEED in api(client, {"q": "Kyiv"})
        assert SEED in api(client, {"q": "Kiev"})

    def test_some_questions_have_answers_and_some_do_not(self, client):
        """The comparison above is not between two empty lists."""
        answered = [q for q in QUESTIONS if browse(client, q)]
        assert len(answered) >= len(QUESTIONS) - 3
        assert browse(client, {"q": "Kyiv", "party": "valdoria"}) == set()


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestRebuttalsAndStatements:
    def test_timeline_and_api_denials_agree(self, client):
        for question in [{"side": "france"}, {"against": "russia"}, {"conduit": "AFP"},
                         {"attribution": "entourage"}]:  # fmt: skip
            page = client.get("/timeline/", question).context["page"]
            items = client.get("/api/v1/denials", question).json()["items"]
            assert {denial.pk for denial in page} == {item["id"] for item in items}, question
            assert items, question

    def test_csv_and_api_statements_agree(self, client):
        for question in [{"event": SEED}, {"party": "france"}, {"party": "russia", "event": SEED}]:
            body = client.get("/statements.csv", question).getvalue().decode()
            rows = list(csv.DictReader(io.StringIO(body)))
            items = client.get("/api/v1/statements", question).json()["items"]
            assert {int(row["id"]) for row in rows} == {item["id"] for item in items}, question
            assert items, question


@pytest.mark.django_db
@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="planner settings: PostgreSQL",
)
def test_the_planner_settings_of_a_search_end_with_it():
    """Search reads rare words through the full-text index by switching plain index scans off
    for one query; inside a longer transaction (this test's) they must come back on after it."""
    from django.db import connection

    from claims.models import Event
    from claims.models.search import parse

    Event.objects.published().search(parse("zzqx"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_indexscan'), current_setting('enable_seqscan')"
        )
        assert cursor.fetchone() == ("on", "on")
