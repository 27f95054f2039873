"""The production topology from local processes, for machines without a container engine:
PostgreSQL and Redis (started if they are down), gunicorn processes with the production
settings, Varnish (Debian's varnish and varnish-modules) in front of them as the edge cache that
the app purges by key, and nginx in front of all, where the TLS proxy stands in production
(it also serves the open dataset's files from disk).

    .venv/bin/python deploy/stack.py            # or: make stack — then open http://127.0.0.1:8080

It is the shape docker-compose.yml describes — a one-off migrate step, stateless web processes
sharing PostgreSQL and Redis, an edge cache purged by key, a proxy in front — and what the stack
test (tests/test_stack.py) and the load harness (bench/load.py) start. Everything listens on
127.0.0.1 only; everything it writes stays in deploy/run/.
"""

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES = "postgres://postgres@127.0.0.1:5432/{name}"
STACK_REDIS = "redis://127.0.0.1:6379/13"  # a database of its own on the shared Redis


def postgres_up():
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0


def start_services():
    """PostgreSQL and Redis run on these machines; start either if it is down."""
    if shutil.which("pg_isready") and not postgres_up():
        versions = sorted(
            os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")]
        )
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"],
            check=True,
        )
    if shutil.which("redis-cli"):
        ping = subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True)
        if ping.returncode != 0:
            subprocess.run(
                ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
                 "--save", "", "--appendonly", "no"],
                check=True,
            )  # fmt: skip


def create_database(name, server=None):
    """A PostgreSQL database of this name, made if missing (on the machine's server, or on the
    one ``server`` — a URL of its ``postgres`` database — points at)."""
    import psycopg

    with psycopg.connect(server or POSTGRES.format(name="postgres"), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


class Clusters:
    """A PostgreSQL primary and its streaming replica, clusters of the stack's own (Debian's
    server binaries; as the postgres user when run as root): the replica is a base backup of
    the primary that follows its write-ahead log (``pg_basebackup -R``)."""

    def __init__(self, port):
        self.primary_port, self.replica_port = port, port + 1
        self.folder = None
        self.bin = sorted(
            Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
        )[-1]

    def run(self, program, *args):
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:  # the server refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def server(self, name, port):
        options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
        options += "-c fsync=off -c full_page_writes=off"  # a test bed: speed over durability
        log = str(self.folder / f"{name}.log")
        self.run("pg_ctl", "-D", str(self.folder / name), "-o", options, "-l", log, "-w", "start")

    def start(self):
        self.folder = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        primary = self.folder / "primary"
        self.run("initdb", "-D", str(primary), "-A", "trust", "-U", "postgres", "--no-sync",
                 "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        with open(primary / "pg_hba.conf", "a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        self.server("primary", self.primary_port)
        self.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.primary_port), "-U",
                 "postgres", "-D", str(self.folder / "replica"), "-R", "-c", "fast")  # fmt: skip
        self.server("replica", self.replica_port)
        return self

    def url(self, port, name="newsdesk"):
        return f"postgres://postgres@127.0.0.1:{port}/{name}"

    def stop(self):
        if self.folder is None:
            return
        for name in ("replica", "primary"):
            if (self.folder / name / "postmaster.pid").exists():
                self.run("pg_ctl", "-D", str(self.folder / name), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


class Stack:
    """``with Stack(...) as stack:`` — the processes run inside the block."""

    def __init__(
        self,
        port=8080,
        database_url=None,
        cache_url=STACK_REDIS,
        processes=2,
        workers=1,
        proxy=True,
        replica=False,
        max_age=60,
        run_dir=ROOT / "deploy/run",
        log=sys.stderr,
    ):
        self.port, self.processes, self.workers, self.proxy = port, processes, workers, proxy
        self.run_dir, self.log = Path(run_dir), log
        # With a replica: a primary and a streaming replica of the stack's own, after the
        # web processes' ports; readers' pages read from the replica.
        self.clusters = Clusters(self.web_ports()[-1] + 1) if replica else None
        if self.clusters is not None:
            database_url = self.clusters.url(self.clusters.primary_port)
        self.database_url = database_url or POSTGRES.format(name="newsdesk_stack")
        self.environment = {
            **os.environ,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": self.database_url,
            "NEWSDESK_CACHE_URL": cache_url,
            "NEWSDESK_CACHE_PREFIX": f"stack-{secrets.token_hex(4)}",
            "NEWSDESK_SITE_URL": f"http://127.0.0.1:{port}",
            # nginx and Varnish each add the address they were reached from.
            "NEWSDESK_TRUSTED_PROXIES": "2" if proxy else "0",
            "NEWSDESK_EDGE_PURGE_URLS": f"http://127.0.0.1:{port + 1}" if proxy else "",
            "NEWSDESK_PUBLIC_MAX_AGE": str(max_age),
            "NEWSDESK_DATASET_ROOT": str(Path(run_dir) / "datasets"),
        }
        if self.clusters is not None:
            self.environment["DATABASE_REPLICA_URL"] = self.clusters.url(self.clusters.replica_port)
        self.children = []

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def edge_port(self):
        return self.port + 1

    def web_ports(self):
        first = self.port + 2 if self.proxy else self.port
        return [first + n for n in range(self.processes)]

    def manage(self, *args):
        subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.environment, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def prepare(self):
        """The one-off steps of a release: migrations and static files (never on web start)."""
        start_services()
        if self.clusters is not None:
            self.clusters.start()
            create_database("newsdesk", self.clusters.url(self.clusters.primary_port, "postgres"))
        elif self.database_url.startswith("postgres"):
            create_database(self.database_url.rsplit("/", 1)[1])
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")

    def start(self):
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for port in self.web_ports():
            self.spawn(
                [
                    str(Path(PYTHON).parent / "gunicorn"),
                    "newsdesk.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(self.workers),
                    "--worker-class",
                    "sync",
                    "--log-level",
                    "warning",
                ]  # fmt: skip
            )
        # The background worker: the desk's e-mail alerts (claims/alerts.py).
        self.spawn([PYTHON, "manage.py", "db_worker", "--no-reload"])
        if self.proxy:
            self.spawn(self.varnish_command())
            self.spawn(["nginx", "-p", str(self.run_dir), "-c", str(self.write_nginx_conf())])
        self.wait_until_up()
        return self

    def spawn(self, command):
        self.children.append(
            subprocess.Popen(command, cwd=ROOT, env=self.environment, start_new_session=True)
        )

    def varnish_command(self):
        """Varnish in the foreground, as this user (no jail), no management port."""
        web = self.web_ports()
        values = {
            "backends": "\n".join(
                f'backend web{n} {{ .host = "127.0.0.1"; .port = "{port}"; }}'
                for n, port in enumerate(web)
            ),
            "director_adds": "\n".join(f"    web.add_backend(web{n});" for n in range(len(web))),
            "purgers": "",
        }
        vcl = (ROOT / "deploy/varnish.vcl").read_text()
        for name, value in values.items():
            vcl = vcl.replace(f"{{{name}}}", value)
        path = self.run_dir / "varnish.vcl"
        path.write_text(vcl)
        return [
            "varnishd", "-F", "-j", "none", "-T", "none", "-n", str(self.run_dir / "varnish"),
            "-a", f"127.0.0.1:{self.edge_port}", "-f", str(path), "-s", "malloc,128m",
        ]  # fmt: skip

    def write_nginx_conf(self):
        for folder in ("client_body", "proxy_temp", "fastcgi_temp", "uwsgi_temp", "scgi_temp"):
            (self.run_dir / folder).mkdir(exist_ok=True)
        upstreams = f"        server 127.0.0.1:{self.edge_port};"
        conf = (ROOT / "deploy/nginx.conf").read_text()
        # Started as root, nginx would run its workers as www-data, who cannot read our folder.
        user = "user root;\n" if os.geteuid() == 0 else ""
        values = {
            "run": self.run_dir,
            "port": self.port,
            "upstreams": upstreams,
            "user": user,
            "datasets": self.environment["NEWSDESK_DATASET_ROOT"],
        }
        for name, value in values.items():
            conf = conf.replace(f"{{{name}}}", str(value))
        path = self.run_dir / "nginx.conf"
        path.write_text(conf)
        return path

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        urls = [f"http://127.0.0.1:{port}/healthz" for port in self.web_ports()]
        if self.proxy:
            urls += [f"http://127.0.0.1:{self.edge_port}/healthz", f"{self.url}/healthz"]
        for url in urls:
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline or any(c.poll() is not None for c in self.children):
                    self.stop()
                    raise RuntimeError(f"The stack did not come up ({url}).")
                time.sleep(0.2)

    def stop(self):
        for child in self.children:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        for child in self.children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
        self.children = []
        if self.clusters is not None:
            self.clusters.stop()

    def __enter__(self):
        self.prepare()
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


def missing_tools():
    """The Debian packages the stack needs and this machine lacks, as words."""
    missing = [name for name in ("nginx", "varnishd") if not shutil.which(name)]
    if not list(Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so")):
        missing.append("varnish-modules")
    return " ".join(missing).replace("varnishd", "varnish")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--database-url", help="default: PostgreSQL database newsdesk_stack")
    parser.add_argument("--demo", action="store_true", help="load the demo data first")
    parser.add_argument(
        "--no-replica",
        action="store_true",
        help="one database (the machine's PostgreSQL), no streaming replica",
    )
    args = parser.parse_args()
    if missing := missing_tools():
        sys.exit(f"Missing: {missing} — apt-get install them (make stack does it as root).")
    replica = not args.no_replica and not args.database_url
    stack = Stack(port=args.port, database_url=args.database_url, replica=replica)
    # SIGTERM (a supervisor, `kill`) stops the stack as Ctrl-C does: no gunicorn or nginx left.
    signal.signal(signal.SIGTERM, _interrupt)
    stack.prepare()
    if args.demo:
        stack.manage("load_demo")
    stack.start()
    print(
        f"Newsdesk stack: {stack.url}/ (nginx → Varnish → gunicorn ×{stack.processes}, "
        f"PostgreSQL{' with a streaming replica' if replica else ''}, Redis)"
    )
    print("Ctrl-C (or SIGTERM) stops it.")
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
