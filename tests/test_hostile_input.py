"""Input that once gave a server error, broke a page or hung a worker: each now gets a clear
answer (a form error, a 400 page, a refusal that names the problem) and loses nothing."""

import json
import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from io import StringIO

import feedparser
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from claims import demo
from claims.intake import ArticleRefused, decode_article, intake
from claims.models import Event, Party, Statement
from claims.opendata.transfer import delete_content, export_document
from tests.admin_forms import errors, form_data
from tests.factories import make_event, make_party, make_statement

pytestmark = pytest.mark.django_db


@contextmanager
def finishes_within(seconds):
    """Fail (rather than hang the suite) if the block runs away; not a speed measurement."""

    def stop(signum, frame):
        raise AssertionError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


class TestSearch:
    @pytest.mark.parametrize("query", ["-" * 33, "!-" * 40, "a " + "-" * 150 + " b", "OR " * 50])
    def test_operator_runs_are_not_a_server_error(self, client, query):
        make_event(title="Harbour talks")
        response = client.get("/events/", {"q": query})
        assert response.status_code == 200

    def test_a_negated_word_excludes_on_both_databases(self, client):
        make_event(title="Harbour talks")
        make_event(title="Harbour blockade")
        html = client.get("/events/", {"q": "harbour -blockade"}).content.decode()
        assert "Harbour talks" in html and "Harbour blockade" not in html


class TestEditorsInput:
    def test_a_long_correction_note_is_kept_whole(self, chief, client):
        statement = make_statement(text="<p>The talks were frank and useful.</p>")
        note = "An earlier version quoted the readout of the day before; " * 4  # ~230 chars
        page = chief.get(reverse("admin:claims_statement_change", args=[statement.pk]))
        data = {**form_data(page), "text": "<p>The talks were frank.</p>", "correction_note": note}
        response = chief.post(reverse("admin:claims_statement_change", args=[statement.pk]), data)
        assert response.status_code == 302, errors(response)
        assert statement.history.latest().history_change_reason == f"Correction: {note.strip()}"
        assert note.strip() in client.get(statement.get_absolute_url()).content.decode()

    def test_a_text_over_the_cap_once_escaped_is_a_form_error(self, chief):
        statement = make_statement(status="draft")
        text = "<p>" + "a & b " * 16_000 + "</p>"  # 96,007 characters; 160,000 escaped
        assert len(text) < settings.NEWSDESK_MAX_HTML_CHARS
        url = reverse("admin:claims_statement_change", args=[statement.pk])
        response = chief.post(url, {**form_data(chief.get(url)), "text": text})
        assert response.status_code == 200
        assert "the limit is 100,000" in errors(response)

    @pytest.mark.parametrize(
        "query",
        [
            "?status=%00",
            "?q=%00",
            "?occurred_at__year=99999999999999999999999",
            "?occurred_at__year=2024&occurred_at__month=99999999999999999999",
        ],
    )
    def test_changelist_filters_never_give_a_server_error(self, chief, query):
        response = chief.get(reverse("admin:claims_event_changelist") + query)
        assert response.status_code in {200, 302, 400}

    def test_autocomplete_with_a_nul_byte_is_a_bad_request(self, chief):
        response = chief.get(
            "/admin/autocomplete/",
            {
                "term": "\x00",
                "app_label": "claims",
                "model_name": "statement",
                "field_name": "party",
            },
        )
        assert response.status_code == 400
        assert "NUL" in response.content.decode()


class TestCharactersNoReaderNeeds:
    def test_noncharacters_never_reach_a_feed(self, client):
        statement = make_statement(text="<p>Words\uffff and more\ufffe.</p>", speaker="A\uffffB")
        event = statement.event
        event.title = "Title\uffff"
        event.save()
        assert "\uffff" not in Statement.objects.get().text
        for url in ["/feed/", reverse("claims:event-feed", args=[event.slug])]:
            feed = feedparser.parse(client.get(url).content)
            assert not feed.bozo, (url, feed.get("bozo_exception"))

    def test_direction_overrides_and_zero_width_characters_leave_names_and_titles(self):
        party = make_party(name="Val\u202edoria\u200b", short_name="\u2066Val\u2069")
        event = make_event(title="Summit\u200d in \ufeffPort")
        party.refresh_from_db()
        event.refresh_from_db()
        assert (party.name, party.short_name, event.title) == ("Valdoria", "Val", "Summit in Port")


def run_import(tmp_path, document):
    path = tmp_path / "import.json"
    path.write_text(json.dumps(document))
    call_command("import_data", str(path), "--replace", stdout=StringIO(), stderr=StringIO())


class TestImport:
    @pytest.fixture
    def document(self, demo):
        return export_document()

    @pytest.mark.parametrize(
        ("section", "field", "value", "message"),
        [
            ("events", "id", [1], "whole number"),
            ("events", "id", {"x": 1}, "whole number"),
            ("events", "topics", [[1]], "list of whole-number ids"),
            ("statements", "party_id", "1", "an id"),
            ("events", "summary", "x" * 6000, "Ensure this value has at most 5000"),
            ("statements", "text", "<p>" + "a & b " * 20_000 + "</p>", "the limit is"),
            ("events", "title", "x" * (10**6), "the limit is 200"),
        ],
    )
    def test_bad_values_are_refused_with_a_message(
        self, tmp_path, document, section, field, value, message
    ):
        document[section][0][field] = value
        before = Statement.objects.count()
        with pytest.raises(CommandError, match=message):
            run_import(tmp_path, document)
        assert Statement.objects.count() == before  # nothing changed

    def test_a_party_chain_thousands_deep_is_refused(self, tmp_path, document):
        template = document["parties"][0]
        document["parties"] = [
            {
                **template,
                "id": 10_000 + n,
                "slug": f"p{n}",
                "parent_id": 10_000 + n - 1 if n else None,
            }
            for n in range(3000)
        ] + document["parties"]
        with pytest.raises(CommandError, match="at most 4 levels"):
            run_import(tmp_path, document)

    def test_an_import_as_an_editor_cannot_publish(self, tmp_path, document, editor):
        path = tmp_path / "import.json"
        path.write_text(json.dumps(document))
        with pytest.raises(CommandError, match="(?i)only chief editors"):
            call_command(
                "import_data", str(path), "--replace", "--as", editor.user.username,
                stdout=StringIO(), stderr=StringIO(),
            )  # fmt: skip

    def test_version_1_exports_are_upgraded(self, tmp_path, document):
        document["version"] = 1
        for section in ("denials", "claims", "stances"):
            for row in document[section]:
                del row["status"]
        for row in document["statements"]:
            del row["note"]
        run_import(tmp_path, document)
        assert set(Statement.objects.values_list("status", flat=True)) >= {"published"}

    def test_version_2_exports_are_upgraded(self, tmp_path, document):
        """Version 2 had no editor's notes."""
        document["version"] = 2
        for row in document["statements"]:
            del row["note"]
        run_import(tmp_path, document)
        assert set(Statement.objects.values_list("note", flat=True)) == {""}


class TestIntake:
    def test_a_pathological_paragraph_is_read_in_linear_time(self):
        article = "The ministry " + "also " * 40_000 + 'said "we will not retreat at all".'
        with finishes_within(20):
            result = intake(article, parties=[])
        assert [c.quote for c in result.candidates] == ["we will not retreat at all"]

    def test_the_command_refuses_an_oversized_file(self, tmp_path):
        path = tmp_path / "huge.txt"
        path.write_bytes(b"x" * (3 * 1024 * 1024))
        with pytest.raises(CommandError, match="intake reads up to"):
            call_command("intake", str(path), stdout=StringIO(), stderr=StringIO())

    def test_scripts_and_styles_are_never_kept(self):
        page = (
            "<div><script>var secret = 'tracking';</script><style>p{color:red}</style>"
            "<p>The minister said “we will talk again”.</p></div>"
        )
        text = intake(page, parties=[]).text
        assert "tracking" not in text and "color" not in text

    def test_binary_input_is_refused_clearly(self):
        with pytest.raises(ArticleRefused, match="not text"):
            decode_article(b"%PDF-1.7\x00\x01\x02\x03\x04\x05\x06\x07\x08" * 50)

    def test_windows_1252_curly_quotes_survive(self):
        data = "The spokesman said \u201cwe deny it entirely\u201d on Monday.".encode("cp1252")
        text = decode_article(data)
        assert "\u201cwe deny it entirely\u201d" in text
        assert intake(text, parties=[]).candidates[0].quote == "we deny it entirely"

    def test_a_declared_charset_is_honoured(self):
        page = (
            '<html><head><meta charset="koi8-r"></head><body><p>Министр сказал.</p></body></html>'
        )
        assert "Министр" in decode_article(page.encode("koi8_r"))


class TestAddresses:
    def test_absolute_urls_come_from_the_site_url_not_the_host_header(self, client, demo):
        slug = "lecornu-shoigu-phone-call-2024"
        for url in [
            reverse("claims:event-json", args=[slug]),
            reverse("claims:statements-csv"),
            "/feed/",
            reverse("claims:event-detail", args=[slug]),
            "/sitemap.xml",
            "/robots.txt",
        ]:
            response = client.get(url, HTTP_HOST="127.0.0.1:1")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert b"127.0.0.1:1/" not in body, url
            assert settings.NEWSDESK_SITE_URL.encode() in body, url

    def test_canonical_links_carry_no_query_string(self, client, demo):
        html = client.get(
            "/events/lecornu-shoigu-phone-call-2024/", {"utm_source": "x"}
        ).content.decode()
        canonical = f"{settings.NEWSDESK_SITE_URL}/events/lecornu-shoigu-phone-call-2024/"
        assert f'<link rel="canonical" href="{canonical}">' in html
        assert f'<meta property="og:url" content="{canonical}">' in html
        assert "utm_source" not in html

    def test_machine_readable_times_say_no_more_than_is_known(self, client, demo):
        html = client.get("/events/lecornu-shoigu-phone-call-2024/").content.decode()
        assert '<time datetime="2024-04-03">' in html
        assert 'datetime="2024-04-03T' not in html
        feed = feedparser.parse(client.get("/feed/").content)
        day_precision = [entry for entry in feed.entries if "Phone call between" in entry.title]
        assert day_precision and all("published" not in entry for entry in day_precision)


class TestLoginProtection:
    def test_repeated_failures_lock_the_account_with_a_clear_message(self, client, chief):
        login = reverse("admin:login")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(login, {"username": "chief-user", "password": "wrong"})
        response = client.post(
            login, {"username": "chief-user", "password": "a-long-test-password"}
        )
        assert response.status_code == 429
        assert "Too many failed logins" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_repeated_failures_from_one_address_lock_that_address(self, client, chief):
        login = reverse("admin:login")
        for n in range(settings.AXES_FAILURE_LIMIT):
            client.post(login, {"username": f"guess{n}", "password": "wrong"})
        response = client.post(
            login, {"username": "chief-user", "password": "a-long-test-password"}
        )
        assert response.status_code == 429


def run_with_an_unreachable_database(script):
    """Run ``script`` in a Django shell whose PostgreSQL database does not answer."""
    environment = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


class TestOperations:
    def test_health_check_is_a_503_when_the_database_cannot_be_reached(self):
        result = run_with_an_unreachable_database(
            "from django.test import Client; r = Client().get('/healthz', HTTP_HOST='localhost');"
            "print(r.status_code, r.content.decode())"
        )
        assert result.stdout.strip() == "503 database unavailable", result.stderr[-2000:]

    def test_postgresql_gives_up_on_stalled_connections_and_statements(self):
        result = run_with_an_unreachable_database(
            "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
        )
        assert "'connect_timeout': 5" in result.stdout, result.stderr[-2000:]
        assert "statement_timeout=15000" in result.stdout
        if connection.vendor == "postgresql":  # and the running test database obeys it
            with connection.cursor() as cursor:
                cursor.execute("SHOW statement_timeout")
                assert cursor.fetchone()[0] == "15s"

    def test_pages_may_not_be_loaded_by_other_sites(self, client, demo):
        response = client.get("/")
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_the_demo_obeys_the_rules():
    """Every demo row passes the model layer (load() saves through it), and exports back."""
    demo.load()
    delete_content()
    demo.load()
    assert Event.objects.count() == 6 and Party.objects.published().exists()
