import os
import secrets
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings


def run_manage(*args, **env):
    # DJANGO_ALLOW_ASYNC_UNSAFE (set for Playwright) would itself fail the deploy check; checks on
    # PostgreSQL connect to read the server version, so they get an in-memory SQLite instead.
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment.update({"DATABASE_URL": "sqlite:///:memory:", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "newsdesk.example.org",
    "NEWSDESK_SITE_URL": "https://newsdesk.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
}


def test_deploy_check_passes_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_a_malformed_debug_flag_is_refused():
    result = run_manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_health_check_needs_no_allowed_host_nor_https_in_production():
    """Container probes and load balancers ask by address, over plain HTTP."""
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.test import Client;"
        "r = Client().get('/healthz', HTTP_HOST='10.1.2.3:8000'); print(r.status_code, r.content)",
        **PRODUCTION,
    )
    assert result.stdout.strip() == "200 b'ok'", result.stderr[-2000:]


def test_the_package_carries_every_module(tmp_path):
    """``pip install .`` (the image) must bring models, migrations, commands and tags."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(tmp_path)],
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("newsdesk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in [
        "claims/models/rules.py",
        "claims/migrations/0001_initial.py",
        "claims/management/commands/load_demo.py",
        "claims/templatetags/newsdesk.py",
        "newsdesk/settings.py",
    ]:
        assert module in names, module


def test_health_check_answers_ok_and_is_never_cached(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_favicon_redirects_to_the_static_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_the_compose_file_scales_web_behind_a_tls_proxy_and_an_edge_cache():
    """``docker compose up --scale web=3`` needs web without a fixed host port; only the TLS
    proxy is reachable from outside (no client writes its own X-Forwarded-For); the edge cache
    sits between them, purged by the app, and Redis never evicts what does not expire."""
    import yaml

    root = Path(settings.BASE_DIR)
    compose = yaml.safe_load((root / "docker-compose.yml").read_text())
    services = compose["services"]
    assert "ports" not in services["web"] and services["web"]["expose"] == ["8000"]
    assert {"80:80", "443:443"} <= set(services["proxy"]["ports"])
    published = [name for name, service in services.items() if "ports" in service]
    assert published == ["proxy"]
    caddyfile = (root / "deploy/Caddyfile").read_text()
    assert "reverse_proxy varnish:6081" in caddyfile and "dynamic a web 8000" in caddyfile
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in services["proxy"]["volumes"]
    assert services["varnish"]["build"]["dockerfile"] == "deploy/edge/Dockerfile"
    environment = services["web"]["environment"]
    assert environment["NEWSDESK_EDGE_PURGE_URLS"] == "http://varnish:6081"
    assert environment["NEWSDESK_TRUSTED_PROXIES"].endswith(":-3}")  # TLS, edge, balancer
    assert "volatile-lru" in services["redis"]["command"]


@pytest.mark.skipif(not shutil.which("varnishd"), reason="Debian's varnish is not installed")
def test_the_edge_cache_of_the_compose_file_compiles(tmp_path):
    """The compose file's Varnish fills deploy/varnish.vcl as its entrypoint does: it compiles
    (xkey included, from varnish-modules)."""
    root = Path(settings.BASE_DIR)
    run = subprocess.run(
        ["sh", str(root / "deploy/edge/entrypoint.sh")],
        env={
            **os.environ,
            "EDGE_CHECK_ONLY": "1",
            "EDGE_BACKEND_HOST": "127.0.0.1",
            "EDGE_VCL_TEMPLATE": str(root / "deploy/varnish.vcl"),
            "EDGE_VCL": str(tmp_path / "newsdesk.vcl"),
        },
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:  # say why: compile again, with the compiler's messages
        again = subprocess.run(
            [
                "varnishd",
                "-C",
                "-n",
                str(tmp_path / "varnish"),
                "-f",
                str(tmp_path / "newsdesk.vcl"),
            ],
            capture_output=True,
            text=True,
        )
        pytest.fail(again.stderr[-2000:])
    vcl = (tmp_path / "newsdesk.vcl").read_text()
    assert '"172.16.0.0"/12;' in vcl and "{" + "purgers}" not in vcl
