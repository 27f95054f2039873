"""The production topology, run from local processes (deploy/stack.py): nginx as a caching
proxy in front of two gunicorn processes, PostgreSQL (or SQLite) and Redis. Pages come through
the proxy, a chief editor's change in the admin reaches readers within the promised max-age,
and staff are never served from the proxy's cache."""

import os
import random
import re
import shutil
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

sys.path.insert(0, str(Path(settings.BASE_DIR) / "deploy"))
from stack import Stack  # noqa: E402

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
    if not shutil.which("nginx"):
        if os.environ.get("CI"):
            raise pytest.UsageError(
                "CI needs nginx for the stack test: apt-get install nginx-light"
            )
        pytest.skip("nginx is not installed: sudo apt-get install nginx-light")
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        database_url = "postgres://postgres@127.0.0.1:5432/newsdesk_stack_test"
    else:
        database_url = f"sqlite:///{tmp_path_factory.mktemp('stack') / 'stack.sqlite3'}"
    with Stack(
        port=free_port_range(),
        database_url=database_url,
        max_age=MAX_AGE,
        run_dir=tmp_path_factory.mktemp("run"),
    ) as running:
        if database_url.startswith("postgres"):
            running.manage("flush", "--noinput")
        running.manage("load_demo")
        running.manage("export_dataset")
        subprocess.run(
            [sys.executable, "manage.py", "createsuperuser", "--noinput",
             "--username", "chief", "--email", "chief@example.org"],
            cwd=settings.BASE_DIR,
            env={**running.environment, "DJANGO_SUPERUSER_PASSWORD": "a-long-stack-password"},
            check=True, capture_output=True,
        )  # fmt: skip
        yield running


def test_pages_health_and_the_proxy_cache(stack):
    reader = Browser(stack.url)
    assert reader.request("/healthz").text == "ok"
    first, second = reader.request(SEED), reader.request(SEED)
    assert first.status == second.status == 200
    assert second.headers["X-Proxy-Cache"] == "HIT"
    assert "Accounts, side by side" in second.text
    assert reader.request("/events/").status == 200
    assert reader.request("/static/css/site.css").status == 200


def test_the_dataset_is_served_by_the_proxy_from_disk(stack):
    reader = Browser(stack.url)
    package = reader.request("/data/files/datapackage.json")
    assert package.status == 200 and "X-Proxy-Cache" not in package.headers  # never proxied
    assert '"name": "newsdesk"' in package.text
    assert package.headers["Content-Type"].startswith("application/json")
    statements = reader.request("/data/files/newsdesk-statements.csv")
    assert statements.status == 200
    assert statements.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert reader.request("/data/").status == 200


def test_a_change_in_the_admin_reaches_readers_within_the_max_age(stack):
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
    changelist = chief.request("/admin/claims/event/?q=Lecornu")
    assert changelist.headers.get("X-Proxy-Cache") in {"BYPASS", None}  # staff: never cached
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
    unpublished = time.monotonic()
    while reader.request(SEED).status != 404:
        assert time.monotonic() - unpublished < MAX_AGE + 2, "still served after its max-age"
        time.sleep(0.2)
    assert chief.request(SEED).status == 200  # staff still see it (a draft), past the proxy
