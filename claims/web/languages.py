"""Which language a page speaks, and the addresses of the same page in the others.

Public pages take their language from their address alone — English at the root, French under
``/fr/`` — never from a cookie or the browser's ``Accept-Language``: the page cache, browsers
and CDNs key on the address, so a French page can never reach an English reader (nor the
other way round). The admin, which is never cached, follows the editor's browser.
"""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from claims.opendata.exports import absolute_url


def language_of_the_address(get_response):
    """Middleware: activate the language of the address (the browser's, in the admin)."""

    def middleware(request):
        if request.path_info.startswith("/admin/"):
            language = translation.get_language_from_request(request)
        else:
            language = translation.get_language_from_path(request.path_info)
        language = language or settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware


TRACKING = ("utm_", "fbclid", "gclid", "mc_")


def same_page_in(request, language):
    """This page's address in ``language``, its query string kept (but for tracking tags)."""
    path = translate_url(request.path, language)
    query = request.GET.copy()
    for name in list(query):
        if name.startswith(TRACKING):
            del query[name]
    return path + (f"?{query.urlencode()}" if query else "")


def alternates(request):
    """Template context: the languages, and this page in each (switcher, hreflang)."""
    if request.path_info.startswith(("/admin/", "/api/")):
        return {}
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return {
        "languages": [
            {
                "code": code,
                "name": name,
                "url": same_page_in(request, code),
                "absolute": absolute_url(translate_url(request.path, code)),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ]
    }
