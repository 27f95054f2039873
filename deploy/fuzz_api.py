"""Fuzz the public API from its own OpenAPI document (schemathesis), against a live server.

    .venv/bin/python deploy/fuzz_api.py              # or: make fuzz-api (CI runs it)

Starts gunicorn with the production settings on 127.0.0.1 (a scratch SQLite database with the
demo data), then runs every schemathesis check on every operation — a 5xx, a response that does
not match the document, an undocumented status or content type, a valid request refused or an
invalid one accepted all fail the run. Deterministic generation, so CI is repeatable.
"""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EXAMPLES = int(os.environ.get("NEWSDESK_FUZZ_EXAMPLES", "40"))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-fuzz-"))
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "NEWSDESK_SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": f"sqlite:///{folder / 'fuzz.sqlite3'}",
        "NEWSDESK_DATASET_ROOT": str(folder / "datasets"),
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT, env=environment, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    server = subprocess.Popen(
        [BIN / "gunicorn", "newsdesk.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=environment,
    )  # fmt: skip
    try:
        schema = f"http://127.0.0.1:{port}/api/v1/openapi.json"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(schema, timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("The API server did not start.")
                time.sleep(0.3)
        result = subprocess.run(
            [BIN / "schemathesis", "run", schema, "--checks", "all",
             "--max-examples", str(EXAMPLES), "--generation-deterministic", "--no-color"],
            cwd=ROOT, check=False,
        )  # fmt: skip
        sys.exit(result.returncode)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
