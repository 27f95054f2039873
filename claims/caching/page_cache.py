"""Middleware: whole public pages served from the cache (``claims/caching/cache.py``), as current as
the database.

Public pages carry nothing per visitor, so a page is rendered once per *public version*
(``claims.models.PublicState``) and release, and kept in the cache under its address (with only
the parameters its view reads) and variant: full page or htmx fragment, gzip or not. Any write
that changes what the public sees moves the version on, in its own transaction, so the next
request renders afresh — nothing waits out a timeout. Release and version make the page's ETag:
a browser or CDN revalidating a page the cache holds gets a 304 without rendering.

Only anonymous readers are served from the cache (no session cookie: staff, who may see
drafts, never are), and only responses their view marked ``Cache-Control: public``.
"""

import hashlib
import logging
import time
from contextlib import suppress
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags
from redis.exceptions import RedisError

from claims.caching.cache import (
    PAGE_TTL,
    VARY,
    VERSION_KEY,
    announce_version,
    listener_of,
    release,
    shared_cache,
)
from claims.models import PublicState

logger = logging.getLogger(__name__)


def _from_database():
    return PublicState.current().public_version()


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


def variant(request):
    """Which rendering of an address a request gets."""
    fragment = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    return f"{'fragment' if fragment else 'page'}-{'gzip' if gzip else 'plain'}"


# Addresses whose parameters are not their view function's to declare (the API's, which its
# schemas validate): address → parameter names, registered by the layer that serves them.
DECLARED = {}


def declare_parameters(path, names):
    DECLARED[path] = frozenset(names)


def cache_address(request):
    """The address a page is kept under. Only parameters the view reads count (its
    ``parameters``, declared with ``query_parameters``, or ``declare_parameters`` for the API;
    a view that declares none reads none): ``?utm_source=…`` shares the plain page's entry, and
    a made-up parameter creates no entry of its own. Repeated parameters keep their order
    (``?q=a&q=b`` is not ``?q=b&q=a``); different ones may come in any order."""
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    if not pairs:
        return request.path
    known = DECLARED.get(request.path_info)
    if known is None:
        try:
            known = getattr(resolve(request.path_info).func, "parameters", frozenset())
        except Resolver404:
            known = frozenset()
    kept = sorted((pair for pair in pairs if pair[0] in known), key=lambda pair: pair[0])
    return f"{request.path}?{urlencode(kept)}" if kept else request.path


def page_key(address, kind):
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"newsdesk:page:{release()}:{kind}:{digest}"


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
    return f'W/"{release()}-{version.tag}-{kind}"'


def public_pages(get_response):
    """Middleware: serve readers from the cache; store what views mark public.

    A 304 is given only for a page the cache holds at the current version, or one just
    rendered public (a missing or draft address never gets one). When the cache cannot be
    reached (Redis down), pages are rendered and served uncached; when the database cannot
    be asked for the version, the last stored copy of the page is served, marked stale."""

    def middleware(request):
        if not readers_request(request):
            return get_response(request)
        kind = variant(request)
        key = page_key(cache_address(request), kind)
        try:
            version, stored, local = _look_up(key)
        except CacheUnavailable:
            logger.warning("The page cache cannot be reached: serving %s uncached.", request.path)
            return get_response(request)
        except DatabaseError:
            stale = _stale_copy(key)
            if stale is None:
                raise
            logger.warning("The database cannot be reached: serving %s stale.", request.path)
            return _from_stored(stale, "stale")
        tag = etag(version, kind)
        revalidating = tag in parse_etags(request.headers.get("If-None-Match", ""))
        if stored is not None and stored[0] == version.tag:
            if revalidating:
                return _not_modified(version, tag)
            if local is not None:
                local.keep(key, stored)
            return _from_stored(stored, "hit")
        response = get_response(request)
        if public_response(response):
            _validators(response, version, tag)
            patch_vary_headers(response, VARY)
            headers = [(name, value) for name, value in response.items() if name != "X-Cache"]
            stored = (version.tag, response.status_code, headers, response.content)
            with suppress(*CacheUnavailable.errors):
                cache.set(key, stored, PAGE_TTL)
            if local is not None:
                local.keep(key, stored)
            if revalidating:
                return _not_modified(version, tag)
            response["X-Cache"] = "miss"
        return response

    return middleware


class CacheUnavailable(Exception):
    """The shared cache (Redis) did not answer."""

    errors = (RedisError, OSError)


# How often a process with a shared cache checks the database's version itself: a write made
# where nothing announces it (a shell or an import with other cache settings) reaches readers
# within this long, and no version lives only in the cache.
DATABASE_CHECK_SECONDS = 2.0
_checked = {"at": 0.0}


def _follow_the_database():
    now = time.monotonic()
    if now - _checked["at"] < DATABASE_CHECK_SECONDS:
        return
    _checked["at"] = now
    known = cache.get(VERSION_KEY)
    truth = _from_database()
    if known is None or truth.number > known.number:
        announce_version(version=truth)
    elif truth.tag != known.tag:
        # Lower than the cache's: a read just before a commit (the cache is right), or a
        # database restored from a backup (it is wrong). Only the latter lasts two checks.
        if _checked.get("lower") == truth.tag:
            announce_version(version=truth)
        _checked["lower"] = truth.tag
        return
    _checked["lower"] = None


def _look_up(key):
    """``(version, stored page or None, this process's listener or None)``."""
    listener = listener_of(caches["default"])
    try:
        if shared_cache():
            _follow_the_database()
        if listener is not None and listener.version is not None:
            # The version in memory; the page too, if this process served it lately.
            version = listener.version
            return version, listener.page(key, version.tag) or cache.get(key), listener
        if shared_cache():
            found = cache.get_many([VERSION_KEY, key])
            return current_version(found.get(VERSION_KEY)), found.get(key), None
    except CacheUnavailable.errors as error:
        raise CacheUnavailable from error
    return current_version(), cache.get(key), None


def _stale_copy(key):
    with suppress(*CacheUnavailable.errors):
        return cache.get(key)
    return None


def _from_stored(stored, state):
    _, status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = state
    return response


def _not_modified(version, tag):
    response = HttpResponseNotModified()
    _validators(response, version, tag)
    response["Cache-Control"] = f"public, max-age={settings.NEWSDESK_PUBLIC_MAX_AGE}"
    patch_vary_headers(response, VARY)
    return response


def _validators(response, version, tag):
    response["ETag"] = tag
    response["Last-Modified"] = http_date(version.changed_at)
