"""The production topology, run from local processes (deploy/stack.py): nginx in front of
Varnish (the edge cache, purged by key) in front of two gunicorn processes, PostgreSQL (or
SQLite) and Redis. Pages come through the edge; an edit purges exactly the pages that show it
there (softly: the old copy is served while the new one is fetched); a chief editor's
withdrawal in the admin reaches readers at once; staff are never served from the edge; and
the edge keeps serving what it has when the app is down."""

import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.oath import TOTP

sys.path.insert(0, str(Path(settings.BASE_DIR) / "deploy"))
from stack import Stack, missing_tools  # noqa: E402

pytestmark = pytest.mark.stack
MAX_AGE = 2
SEED = "/events/lecornu-shoigu-phone-call-2024/"


def free_port_range(count=3):
    for _ in range(50):
        base = random.randint(20000, 40000)
        sockets = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                s.bind(("127.0.0.1", port))
                sockets.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free ports")


class Browser:
    """Just enough of a browser: cookies kept (the Secure flag aside: this is plain HTTP on
    127.0.0.1), forms posted with their CSRF token."""

    def __init__(self, base):
        self.base, self.cookies = base, {}

    def request(self, path, data=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if data is not None:
            headers |= {"Origin": self.base, "Referer": self.base + path}
            data = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        response.text = response.read().decode()
        return response

    def csrf(self, html):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if missing := missing_tools():
        if os.environ.get("CI"):
            raise pytest.UsageError(f"CI needs {missing} for the stack test: apt-get install them")
        pytest.skip(f"{missing} not installed: sudo apt-get install {missing}")
    # On PostgreSQL: a primary and a streaming replica of the stack's own, readers on the
    # replica. On SQLite: one file.
    replica = os.environ.get("DATABASE_URL", "").startswith("postgres")
    database_url = None
    if not replica:
        database_url = f"sqlite:///{tmp_path_factory.mktemp('stack') / 'stack.sqlite3'}"
    with Stack(
        port=free_port_range(6),
        database_url=database_url,
        replica=replica,
        max_age=MAX_AGE,
        run_dir=tmp_path_factory.mktemp("run"),
    ) as running:
        running.manage("load_demo")
        running.manage("export_dataset")
        subprocess.run(
            [sys.executable, "manage.py", "createsuperuser", "--noinput",
             "--username", "chief", "--email", "chief@example.org"],
            cwd=settings.BASE_DIR,
            env={**running.environment, "DJANGO_SUPERUSER_PASSWORD": "a-long-stack-password"},
            check=True, capture_output=True,
        )  # fmt: skip
        running.manage(
            "shell", "-c",
            "from django.contrib.auth import get_user_model;"
            "from django_otp.plugins.otp_totp.models import TOTPDevice;"
            "TOTPDevice.objects.create(user=get_user_model().objects.get(username='chief'),"
            f"name='app', key='{CHIEF_KEY}', confirmed=True)",
        )  # fmt: skip
        yield running


def test_pages_health_and_the_proxy_cache(stack):
    reader = Browser(stack.url)
    assert reader.request("/healthz").text == "ok"
    first, second = reader.request(SEED), reader.request(SEED)
    assert first.status == second.status == 200
    assert second.headers["X-Edge-Cache"] == "hit"
    assert "xkey" not in second.headers  # the edge keeps the keys to itself
    assert "Accounts, side by side" in second.text
    assert reader.request("/events/").status == 200
    assert reader.request("/static/css/site.css").status == 200


def test_the_dataset_is_served_by_the_proxy_from_disk(stack):
    reader = Browser(stack.url)
    package = reader.request("/data/files/datapackage.json")
    assert package.status == 200 and "X-Edge-Cache" not in package.headers  # never proxied
    assert '"name": "newsdesk"' in package.text
    assert package.headers["Content-Type"].startswith("application/json")
    statements = reader.request("/data/files/newsdesk-statements.csv")
    assert statements.status == 200
    assert statements.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert reader.request("/data/").status == 200


def test_an_edit_purges_its_event_at_the_edge_and_nothing_else(stack):
    reader = Browser(stack.url)
    for path in (SEED, OTHER):
        reader.request(path)
        assert reader.request(path).headers["X-Edge-Cache"] == "hit", path
    # A write from another process (a shell): the model layer's marks and the purge on commit.
    stack.manage("shell", "-c", EDIT)
    # An edit is purged softly: the next reader is served the old copy at once, while the
    # edge fetches the new one (nobody waits for a render).
    seed = reader.request(SEED)
    assert seed.headers["X-Edge-Cache"] == "hit"
    assert "Corrected at the edge" not in seed.text
    # A replica may lag a moment behind the commit; the purge is sent again 5 s later.
    deadline = time.monotonic() + 8
    while "Corrected at the edge" not in seed.text:
        assert time.monotonic() < deadline, "the edit never reached readers"
        time.sleep(0.5)
        seed = reader.request(SEED)
    assert reader.request(OTHER).headers["X-Edge-Cache"] == "hit"


def test_readers_read_from_the_replica_and_staff_from_the_primary(stack):
    if stack.clusters is None:
        pytest.skip("a replica: the PostgreSQL run")
    import psycopg

    Browser(stack.url).request("/events/?q=replica-check")  # a search: rendered afresh
    servers = {
        name: stack.clusters.url(port, "postgres")
        for name, port in (
            ("primary", stack.clusters.primary_port),
            ("replica", stack.clusters.replica_port),
        )
    }
    with psycopg.connect(servers["replica"]) as connection:
        in_recovery, readers = connection.execute(
            "SELECT pg_is_in_recovery(), count(*) FROM pg_stat_activity "
            "WHERE datname = 'newsdesk' AND application_name = 'newsdesk'"
        ).fetchone()
    assert in_recovery and readers >= 1


OTHER = "/events/tarrowmere-grid-cyberattack/"
CHIEF_KEY = "3132333435363738393031323334353637383930"  # the chief's authenticator app
EDIT = """
from claims.models import Statement
statement = Statement.objects.filter(event__slug="lecornu-shoigu-phone-call-2024").first()
statement.text += "<p>Corrected at the edge.</p>"
statement.correction_note = "A test of the edge cache."
statement.save()
"""


def test_a_change_in_the_admin_reaches_readers_at_once(stack):
    reader, chief = Browser(stack.url), Browser(stack.url)
    assert reader.request(SEED).status == 200  # now in the proxy's cache
    login = chief.request("/admin/login/")
    response = chief.request(
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": chief.csrf(login.text),
            "username": "chief",
            "password": "a-long-stack-password",
            "next": "/admin/",
        },
    )
    assert response.status == 302, response.text[:500]
    second_factor = chief.request("/admin/two-factor/?next=/admin/")  # chief editors owe a code
    response = chief.request(
        "/admin/two-factor/",
        {
            "csrfmiddlewaretoken": chief.csrf(second_factor.text),
            "code": f"{TOTP(bytes.fromhex(CHIEF_KEY)).token():06d}",
            "next": "/admin/",
        },
    )
    assert response.status == 302, response.text[:500]
    changelist = chief.request("/admin/claims/event/?q=Lecornu")
    assert changelist.headers["X-Edge-Cache"] == "pass"  # staff: never cached
    event_id = re.search(r'name="_selected_action" value="(\d+)"', changelist.text)[1]
    response = chief.request(
        "/admin/claims/event/?q=Lecornu",
        {
            "csrfmiddlewaretoken": chief.csrf(changelist.text),
            "action": "unpublish",
            "_selected_action": event_id,
        },
    )
    assert response.status == 302
    # A withdrawal is purged hard: no reader is served the old copy from the edge.
    assert reader.request(SEED).headers["X-Edge-Cache"] != "hit"
    deadline = time.monotonic() + 8  # purged on commit (again 5 s later: a replica's lag)
    while reader.request(SEED).status != 404:
        assert time.monotonic() < deadline, "still served"
        time.sleep(0.5)
    assert chief.request(SEED).status == 200  # staff still see it (a draft), past the proxy


def test_the_edge_serves_what_it_has_while_the_app_is_down(stack):
    reader = Browser(stack.url)
    reader.request(OTHER)
    for child in stack.children:
        if "gunicorn" in " ".join(child.args):
            os.killpg(child.pid, signal.SIGTERM)
            child.wait(timeout=10)
    page = reader.request(OTHER)
    assert page.status == 200 and page.headers["X-Edge-Cache"] == "hit"
    assert reader.request("/events/?q=never-asked-before").status == 503  # nothing to serve
