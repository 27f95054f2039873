"""Whole public pages served from Django's cache, as current as the database.

Public pages carry nothing per visitor, so a page is rendered once per *public version*
(``claims.models.PublicState``) and kept in the cache under its address and variant: full page
or htmx fragment, gzip or not. Any write that changes what the public sees moves the version
on, in its own transaction, so the next request renders afresh — nothing waits out a timeout.
The same version is the page's ETag: a browser or CDN revalidating gets a 304 answered from
the version alone, without rendering.

Only anonymous readers are served from the cache (no session cookie: staff, who may see
drafts, never are), and only responses their view marked ``Cache-Control: public``.

With a shared cache (Redis, in production) the version is read from the cache and kept there
until a write announces a new one; with a per-process cache (the embedded default) each request
reads it from the database, so that no process can lag behind another.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags

VERSION_KEY = "newsdesk:public-version"
PAGE_TTL = 24 * 60 * 60  # a bound on memory; versions, not the TTL, keep pages current
VARY = ("Accept-Encoding", "HX-Request", "HX-History-Restore-Request")


@dataclass(frozen=True)
class Version:
    """The public version; with the time it was reached, so that a database restored from a
    backup (whose numbers start again from an earlier one) cannot meet pages cached since."""

    number: int
    changed_at: float  # a timestamp, for Last-Modified

    @property
    def tag(self):
        return f"{self.number}.{int(self.changed_at * 1_000_000)}"


def shared_cache():
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def _from_database():
    from .models import PublicState

    state = PublicState.current()
    return Version(state.version, state.changed_at.timestamp())


def current_version(cached=None):
    """The public version: from the shared cache when it has it (``cached``), else the DB.

    A reader that had to ask the database only *adds* what it read, and a writer *sets* the
    version it committed: a reader that read just before a commit cannot put back the old one.
    """
    if not shared_cache():
        return _from_database()
    if cached is None:
        cached = _from_database()
        cache.add(VERSION_KEY, cached, PAGE_TTL)
    return cached


def announce_version():
    """A write committed a new public version: share it (the database says which)."""
    if shared_cache():
        cache.set(VERSION_KEY, _from_database(), PAGE_TTL)


def variant(request):
    """Which rendering of an address a request gets."""
    fragment = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    return f"{'fragment' if fragment else 'page'}-{'gzip' if gzip else 'plain'}"


def page_key(request, kind):
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    address = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
    return f"newsdesk:page:{kind}:{address}"


def readers_request(request):
    return (
        request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(settings.NEWSDESK_UNCACHED_PREFIXES)
    )


def public_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "public" in response.get("Cache-Control", "")
    )


def etag(version, kind):
    return f'W/"{version.tag}-{kind}"'


def public_pages(get_response):
    """Middleware: serve readers from the cache; store what views mark public."""

    def middleware(request):
        if not readers_request(request):
            return get_response(request)
        kind = variant(request)
        key = page_key(request, kind)
        found = cache.get_many([VERSION_KEY, key]) if shared_cache() else {key: cache.get(key)}
        version = current_version(found.get(VERSION_KEY))
        tag = etag(version, kind)
        if tag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
            _validators(response, version, tag)
            response["Cache-Control"] = f"public, max-age={settings.NEWSDESK_PUBLIC_MAX_AGE}"
            patch_vary_headers(response, VARY)
            return response
        stored = found.get(key)
        if stored is not None and stored[0] == version.tag:
            _, status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = get_response(request)
        if public_response(response):
            _validators(response, version, tag)
            patch_vary_headers(response, VARY)
            headers = [(name, value) for name, value in response.items() if name != "X-Cache"]
            cache.set(key, (version.tag, response.status_code, headers, response.content), PAGE_TTL)
            response["X-Cache"] = "miss"
        return response

    return middleware


def _validators(response, version, tag):
    response["ETag"] = tag
    response["Last-Modified"] = http_date(version.changed_at)
