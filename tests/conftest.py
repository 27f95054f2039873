import os
import re
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must be told it is
# safe there (only the live_server thread serves requests). See ../shared/TESTING.md.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LOOPBACK_ONLY = re.compile(r"^(?!(https?://(127\.0\.0\.1|localhost)[:/])|about:|data:).*")


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's chromium: skip loudly without it, and fail in CI."""
    if CHROMIUM:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("CI needs chromium for the browser tests: apt-get install chromium")
    skip = pytest.mark.skip(reason="chromium is not installed: sudo apt-get install chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM or "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def guard(context):
    """Every page may reach 127.0.0.1 only; CSP violations are recorded in ``window.__csp``."""
    context.route(LOOPBACK_ONLY, lambda route: route.abort())
    context.add_init_script(
        "window.__csp=[];document.addEventListener('securitypolicyviolation',"
        "e=>window.__csp.push(e.violatedDirective+' '+e.blockedURI))"
    )
    return context


@pytest.fixture
def context(context):
    return guard(context)


@pytest.fixture
def new_context(browser):
    """More browsers at once (two editors, a reader), each guarded like ``context``."""
    made = []

    def make(**options):
        made.append(guard(browser.new_context(**options)))
        return made[-1]

    yield make
    for context in made:
        context.close()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty page cache: the public version goes back to 1 when a
    test's transaction is rolled back, and ids are reused."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    """Tests sign staff in with ``force_login`` or a password; the second factor has tests of
    its own (tests/test_two_factor.py, the browser and the stack), which turn it back on."""
    settings.NEWSDESK_TWO_FACTOR = False


@pytest.fixture(autouse=True)
def medians_after_commit_in_the_test(settings):
    """Medians are worked out after a commit, on PostgreSQL in a thread with a connection of
    its own — which cannot see a test's uncommitted rows. In tests they are worked out in the
    test's thread, when its on-commit callbacks run."""
    settings.NEWSDESK_MEDIANS_IN_BACKGROUND = False


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Tests log in often; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once per test class (once per test for plain test functions).

    It sits in a transaction that is rolled back after the class; each test still rolls back
    its own changes, so tests cannot see each other's writes.
    """
    from django.db import transaction

    from claims import demo

    with django_db_blocker.unblock(), transaction.atomic():
        demo.load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def editor(db):
    """A client logged in as a member of Editors (no publishing permission)."""
    from claims.models.roles import EDITORS
    from tests.factories import login_as

    return login_as(EDITORS)


@pytest.fixture
def chief(db):
    """A client logged in as a member of Chief editors."""
    from claims.models.roles import CHIEF_EDITORS
    from tests.factories import login_as

    return login_as(CHIEF_EDITORS)


@pytest.fixture
def staff_client(db):
    """A second client, logged in as staff (``client`` stays anonymous)."""
    from django.test import Client

    from tests.factories import make_staff

    client = Client()
    client.force_login(make_staff())
    return client
