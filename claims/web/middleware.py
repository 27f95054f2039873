"""Request-wide rules: who is acting (for the model layer's publishing rule), refusal of NUL
bytes in addresses, the cross-origin resource policy of pages, compression of public pages, and
a deadline for every request."""

import logging
import signal
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, connections
from django.http import HttpResponse, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from whitenoise.middleware import WhiteNoiseMiddleware

from claims.models import acting_as

logger = logging.getLogger(__name__)


class PastDeadline(DatabaseError):
    """A request ran past ``NEWSDESK_REQUEST_DEADLINE`` seconds: a database that stopped
    answering, most likely (a frozen server answers neither an error nor a timeout of its
    own). A ``DatabaseError``, so that readers get the 503 page that asks them to come back."""


def request_deadline(get_response):
    """End any request still running after ``NEWSDESK_REQUEST_DEADLINE`` seconds with a 503,
    and close its database connections (they may be stuck mid-query), well before the
    server kills the worker: a frozen database then costs readers seconds, not half a minute,
    and the worker is free for the next request (static files are served before this). A
    timer signal, so only where requests run in the main thread (gunicorn's sync workers)."""

    def middleware(request):
        seconds = settings.NEWSDESK_REQUEST_DEADLINE
        if not seconds or threading.current_thread() is not threading.main_thread():
            return get_response(request)
        fired = []

        def past_deadline(signum, frame):
            fired.append(True)
            raise PastDeadline(f"No answer within {seconds} s.")

        previous = signal.signal(signal.SIGALRM, past_deadline)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return get_response(request)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if fired:
                logger.warning("%s ran past its deadline of %s s.", request.path, seconds)
                for each in connections.all(initialized_only=True):
                    each.close()

    return middleware


def acting_user(get_response):
    """Every write during a request is made on behalf of the visitor: an Editor's save of a
    public row is refused by the model layer, whatever view or form made it."""

    def middleware(request):
        with acting_as(request.user):
            return get_response(request)

    return middleware


MESSAGE = _("The address contains a NUL character (%00): Newsdesk cannot use it.")


def refuse_nul(get_response):
    """NUL bytes cannot be stored or searched (PostgreSQL refuses them): an address carrying one
    gets a 400 page that says so, not a server error deep in a filter or an autocomplete."""

    def middleware(request):
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            if request.path.startswith("/api/"):  # machines get the API's own error shape
                return JsonResponse({"detail": MESSAGE}, status=400)
            return render(
                request,
                "400.html",
                {"message": MESSAGE},
                status=400,
            )
        return get_response(request)

    return middleware


def resource_policy(get_response):
    """Pages may be loaded by this site only (``Cross-Origin-Resource-Policy``); a view that
    means to be embedded elsewhere sets its own."""

    def middleware(request):
        response = get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


def client_ip(request):
    """The visitor's address for login throttling. Behind ``NEWSDESK_TRUSTED_PROXIES`` proxies
    it is read from X-Forwarded-For, counting from the right: the left part is the client's to
    write."""
    proxies = settings.NEWSDESK_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class CompressPublicPages(GZipMiddleware):
    """Gzip what readers get (public pages carry no secret a compression attack could find,
    such as a CSRF token); staff pages and the admin are left as they are."""

    def process_response(self, request, response):
        if "public" not in response.get("Cache-Control", ""):
            return response
        if response.get("Content-Type", "").startswith("image/"):
            return response  # a PNG is compressed already
        return super().process_response(request, response)


def cache_answers():
    try:
        cache.get("newsdesk:health")
    except Exception:  # any backend's way of saying it is unreachable
        logger.warning("Health check: the page cache cannot be reached.", exc_info=True)
        return False
    return True


def health_check(get_response):
    """``/healthz`` for load balancers and container probes: the app answers and reaches its
    database (200 "ok"), or says it cannot (503). Answered before anything else, so the probe
    needs no allowed host name, no HTTPS and no session."""

    def middleware(request):
        if request.path != "/healthz":
            return get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            logger.exception("Health check: the database cannot be reached.")
            response = HttpResponse("database unavailable", content_type="text/plain", status=503)
        else:
            # Without the page cache the site still serves, only slower: say so, stay in.
            cache_down = not cache_answers()
            text = (
                "ok; degraded: page cache unavailable (pages served uncached)"
                if cache_down
                else "ok"
            )
            response = HttpResponse(text, content_type="text/plain")
        add_never_cache_headers(response)
        return response

    return middleware


class DatasetFiles(WhiteNoiseMiddleware):
    """``/data/files/``: the open dataset (``claims/opendata/dataset.py``) as static files, served
    as WhiteNoise serves the stylesheet (``sendfile``, ranges, ``.gz`` copies, cacheable for an
    hour) — and looked for on disk at each request, since ``export_dataset`` replaces them
    while the site runs. Behind nginx or a CDN they are fetched once (``deploy/nginx.conf``
    serves the folder itself)."""

    PREFIX = "/data/files/"

    def __init__(self, get_response=None):
        from whitenoise.base import WhiteNoise

        WhiteNoise.__init__(
            self,
            application=None,
            autorefresh=True,
            max_age=60 * 60,
            mimetypes={".csv": "text/csv"},  # WhiteNoise knows no CSV (it adds the charset)
        )
        self.get_response = get_response
        self.use_finders = False
        self.static_prefix = self.PREFIX
        self.add_files(str(settings.NEWSDESK_DATASET_ROOT), prefix=self.PREFIX)

    def __call__(self, request):
        if not request.path_info.startswith(self.PREFIX):
            return self.get_response(request)
        static_file = self.find_file(request.path_info)
        if static_file is None:
            return self.get_response(request)
        return self.serve(static_file, request)
