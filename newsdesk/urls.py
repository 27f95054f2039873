import logging

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import never_cache

from claims.exports import absolute_url
from claims.sitemaps import SITEMAPS
from claims.views import public_page

logger = logging.getLogger(__name__)

admin.site.site_header = "Newsdesk editors"
admin.site.site_title = "Newsdesk"
admin.site.index_title = "Events, statements and denials"


@never_cache
def health(request):
    """For load balancers and container health checks: the app answers and reaches its database.
    A database that cannot be reached is a 503 with a plain reason, not the 500 page."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database cannot be reached.")
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {absolute_url('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


urlpatterns = [
    path("healthz", health, name="health"),
    path("robots.txt", public_page(robots)),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
]
