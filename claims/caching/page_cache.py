"""Middleware: whole public pages served from the cache (``claims/caching/cache.py``), as current as
the database.

Public pages carry nothing per visitor, so a page is rendered once per *public version*
(``claims.models.PublicState``) and kept in the cache under its address and variant: full page
or htmx fragment, gzip or not. Any write that changes what the public sees moves the version
on, in its own transaction, so the next request renders afresh — nothing waits out a timeout.
The same version is the page's ETag: a browser or CDN revalidating gets a 304 answered from
the version alone, without rendering.

Only anonymous readers are served from the cache (no session cookie: staff, who may see
drafts, never are), and only responses their view marked ``Cache-Control: public``.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags

from claims.caching.cache import PAGE_TTL, VARY, VERSION_KEY, listener_of, shared_cache
from claims.models import PublicState


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
        listener = listener_of(caches["default"])
        local = listener is not None and listener.version is not None
        if local:  # the version in memory; the page too, if this process served it lately
            version = listener.version
            found = {key: listener.page(key, version.tag) or cache.get(key)}
        elif shared_cache():
            found = cache.get_many([VERSION_KEY, key])
            version = current_version(found.get(VERSION_KEY))
        else:
            found = {key: cache.get(key)}
            version = current_version()
        tag = etag(version, kind)
        if tag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
            _validators(response, version, tag)
            response["Cache-Control"] = f"public, max-age={settings.NEWSDESK_PUBLIC_MAX_AGE}"
            patch_vary_headers(response, VARY)
            return response
        stored = found.get(key)
        if stored is not None and stored[0] == version.tag:
            if local:
                listener.keep(key, stored)
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
            stored = (version.tag, response.status_code, headers, response.content)
            cache.set(key, stored, PAGE_TTL)
            if local:
                listener.keep(key, stored)
            response["X-Cache"] = "miss"
        return response

    return middleware


def _validators(response, version, tag):
    response["ETag"] = tag
    response["Last-Modified"] = http_date(version.changed_at)
