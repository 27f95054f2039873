"""Middleware: whole public pages served from the cache (``claims/caching/cache.py``), as current as
the database, and emptied only by the changes they show.

Public pages carry nothing per visitor, so a page is rendered once and kept in the cache under
its address (with only the parameters its view reads) and variant — full page or htmx fragment,
gzip or not — with the public version it was rendered at and the keys of what it shows (its
view says, with ``shows``; a page that does not say is emptied by any public change). It stays
current while none of its keys has a mark above its version (``claims/models/public.py``): an
edit of one event's statement renders that event's pages afresh and leaves the others, and the
lists that do not show it, as they were. A page's ETag is a digest of its body and the
release, so a browser or CDN revalidating an unchanged page gets a 304 without rendering,
whatever changed elsewhere.

A page outdated by edits only (nothing withdrawn: see ``claims/models/public.py``) is rendered
afresh by one request while the others are served its previous copy (``X-Cache: updating``),
and no more than ``NEWSDESK_REFRESHES_AT_ONCE`` such pages are rendered at a time across the
site: an editor's save never has every worker rendering while readers queue. A page outdated
by a withdrawal is never served again. (With the per-process cache of development, every
outdated page is rendered at once.)

Only anonymous readers are served from the cache (no session cookie: staff, who may see
drafts, never are), and only responses their view marked ``Cache-Control: public``.
"""

import hashlib
import logging
import math
import time
from contextlib import suppress
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DEFAULT_DB_ALIAS, DatabaseError, router
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags
from redis.exceptions import RedisError

from claims.caching import edge
from claims.caching.cache import (
    PAGE_TTL,
    VARY,
    announce_version,
    forget_everything,
    listener_of,
    read_marks,
    release,
    shared_cache,
)
from claims.models import PublicState
from claims.models.public import ANY, EVERYTHING, PublicMark

logger = logging.getLogger(__name__)


class Stored(NamedTuple):
    """A page as the cache keeps it."""

    number: int  # the public version it was rendered at
    keys: tuple  # what it shows
    status: int
    headers: list
    content: bytes


def shows(response, *keys):
    """Say what a page shows, as keys (``claims.models.public``): the page cache keeps it
    until a change names one of them. Views call it on what they return (or on the request,
    when a framework makes the response: the API's)."""
    response.surrogate_keys = frozenset(keys)
    return response


def keys_shown(request, response):
    declared = getattr(response, "surrogate_keys", None) or getattr(request, "surrogate_keys", None)
    return tuple(sorted(declared or {ANY}))


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


def etag(content):
    return f'W/"{release()}-{hashlib.sha256(content).hexdigest()[:20]}"'


def public_pages(get_response):
    """Middleware: serve readers from the cache; store what views mark public.

    A 304 is given only for a page the cache holds current, or one just rendered public (a
    missing or draft address never gets one). When the cache cannot be reached (Redis down),
    pages are rendered and served uncached; when the database cannot be asked whether a page
    is current, the last stored copy of the page is served, marked stale."""

    def middleware(request):
        if not readers_request(request):
            return get_response(request)
        key = page_key(cache_address(request), variant(request))
        try:
            found = _look_up(key)
        except CacheUnavailable:
            logger.warning("The page cache cannot be reached: serving %s uncached.", request.path)
            return get_response(request)
        except DatabaseError:
            stale = _stale_copy(key)
            if stale is None:
                raise
            logger.warning("The database cannot be reached: serving %s stale.", request.path)
            return _from_stored(stale, "stale")
        asked = parse_etags(request.headers.get("If-None-Match", ""))
        stored, version, local = found.stored, found.version, found.local
        turn = None
        if stored is not None:
            if not found.current:
                turn = _refresh_turn()
            if found.current or turn is None:  # current, or being rendered afresh elsewhere
                if dict(stored.headers).get("ETag") in asked:
                    return _not_modified(stored.headers)
                if local is not None and found.current:
                    local.keep(key, stored)
                return _from_stored(stored, "hit" if found.current else "updating")
        try:
            return _render(request, get_response, key, version, local, asked)
        finally:
            if turn is not None:
                _end_turn(turn)

    return middleware


def _render(request, get_response, key, version, local, asked):
    """Render the page; store it if its view marked it public."""
    if version is None or router.db_for_read(PublicState) not in (None, DEFAULT_DB_ALIAS):
        # Before rendering, where the page is read from (a replica may lag behind what
        # the cache heard): the page is at least this recent.
        version = _from_database()
    response = get_response(request)
    if public_response(response):
        _validators(response)
        patch_vary_headers(response, VARY)
        headers = [(name, value) for name, value in response.items() if name != "X-Cache"]
        keys = keys_shown(request, response)
        if settings.NEWSDESK_EDGE_PURGE_URLS:
            response[edge.HEADER] = edge.edge_keys(keys)
        stored = Stored(version.number, keys, response.status_code, headers, response.content)
        with suppress(*CacheUnavailable.errors):
            cache.set(key, stored, PAGE_TTL)
        if local is not None:
            local.keep(key, stored)
        if response["ETag"] in asked:
            return _not_modified(headers)
        response["X-Cache"] = "miss"
    return response


class Found(NamedTuple):
    """What the cache holds for a page."""

    stored: Stored | None  # a copy that may be served (current, or outdated by edits only)
    current: bool  # whether that copy is current
    version: object  # the public version now, if known without asking the database
    local: object  # this process's listener, or None


REFRESHING_KEY = "newsdesk:refreshing"


def _refresh_turn():
    """One of the site's ``NEWSDESK_REFRESHES_AT_ONCE`` turns to render an outdated page
    afresh (its key), or None when they are all taken. A turn lasts at most a request's
    deadline, should its holder die."""
    seconds = math.ceil(settings.NEWSDESK_REQUEST_DEADLINE or 30)
    try:
        for slot in range(settings.NEWSDESK_REFRESHES_AT_ONCE):
            turn = f"{REFRESHING_KEY}:{slot}"
            if cache.add(turn, 1, seconds):
                return turn
    except CacheUnavailable.errors:
        return REFRESHING_KEY  # nobody to share turns with: render
    return None


def _end_turn(turn):
    with suppress(*CacheUnavailable.errors):
        cache.delete(turn)


class CacheUnavailable(Exception):
    """The shared cache (Redis) did not answer."""

    errors = (RedisError, OSError)


# How often a process with a shared cache checks the database's version itself: a write made
# where nothing announces it (a shell or an import with other cache settings) reaches readers
# within this long, and no version lives only in the cache.
DATABASE_CHECK_SECONDS = 2.0
_checked = {"at": 0.0}


def _from_database(using=None):
    return PublicState.current(using).public_version()


def _follow_the_database(backend):
    now = time.monotonic()
    if now - _checked["at"] < DATABASE_CHECK_SECONDS:
        return
    _checked["at"] = now
    known, *_ = read_marks(backend, ())
    truth = _from_database(DEFAULT_DB_ALIAS)  # the primary: a replica's lag is no news
    if known is None or truth.number > known.number:
        # Changes nobody announced: their marks, from the database, raised to the truth.
        number = known.number if known is not None else 0
        keys = sorted(PublicMark.since(number, using=DEFAULT_DB_ALIAS)) or [ANY]
        announce_version(version=truth, keys=keys)
        edge.purge(keys)
    elif truth.tag != known.tag:
        # Lower than the cache's: a read just before a commit (the cache is right), or a
        # database restored from a backup (it is wrong). Only the latter lasts two checks.
        if _checked.get("lower") == truth.tag:
            forget_everything(backend)
            announce_version(version=truth, keys=[ANY])
            edge.purge([EVERYTHING])
        _checked["lower"] = truth.tag
        return
    _checked["lower"] = None


def _look_up(key):
    """What the cache holds for ``key`` (a ``Found``)."""
    backend = caches["default"]
    listener = listener_of(backend)
    try:
        if shared_cache():
            _follow_the_database(backend)
        if listener is not None and listener.version is not None:
            # Version and marks in memory; the page too, if this process served it lately
            # (if that copy is outdated, another process may have stored a newer one).
            stored = listener.page(key)
            if stored is None or listener.highest(stored.keys) > stored.number:
                shared = cache.get(key)
                if shared is not None and (stored is None or shared.number > stored.number):
                    stored = shared
            if stored is None:
                return Found(None, False, listener.version, listener)
            if listener.highest_withdrawal(stored.keys) > stored.number:
                return Found(None, False, listener.version, listener)
            current = listener.highest(stored.keys) <= stored.number
            return Found(stored, current, listener.version, listener)
        if shared_cache():
            stored = cache.get(key)
            version, highest, withdrawal = read_marks(backend, stored.keys if stored else ())
            if version is None:
                version = _from_database()
                announce_version(version=version, keys=[ANY])
            if stored is None or withdrawal > stored.number:
                return Found(None, False, version, None)
            return Found(stored, highest <= stored.number, version, None)
    except CacheUnavailable.errors as error:
        raise CacheUnavailable from error
    stored = cache.get(key)
    if stored is None:
        return Found(None, False, None, None)
    version, highest = PublicMark.highest(stored.keys)
    current = highest <= stored.number
    return Found(stored if current else None, current, version, None)


def _stale_copy(key):
    with suppress(*CacheUnavailable.errors):
        return cache.get(key)
    return None


def _from_stored(stored, state):
    response = HttpResponse(stored.content, status=stored.status)
    for name, value in stored.headers:
        response[name] = value
    if settings.NEWSDESK_EDGE_PURGE_URLS:
        response[edge.HEADER] = edge.edge_keys(stored.keys)
    if state != "hit":
        # A copy the app knows to be outdated: no browser or edge may keep it as current.
        response["Cache-Control"] = "public, max-age=0"
    response["X-Cache"] = state
    return response


def _not_modified(headers):
    response = HttpResponseNotModified()
    for name, value in headers:
        if name in {"ETag", "Last-Modified", "Vary"}:
            response[name] = value
    response["Cache-Control"] = f"public, max-age={settings.NEWSDESK_PUBLIC_MAX_AGE}"
    return response


def _validators(response):
    response["ETag"] = etag(response.content)
    response["Last-Modified"] = http_date()
