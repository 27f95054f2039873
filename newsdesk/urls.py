from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from claims.caching.page_cache import declare_parameters
from claims.opendata.api import api, api_parameters
from claims.opendata.exports import absolute_url
from claims.opendata.sitemaps import SITEMAPS
from claims.two_factor import recovery_codes_view, two_factor_view
from claims.web.views import public_page, query_parameters

admin.site.site_header = _("Newsdesk editors")
admin.site.site_title = "Newsdesk"
admin.site.index_title = _("Events, statements and denials")
admin.site.index_template = "admin/newsdesk_index.html"  # the desk's two doors, at the top


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


handler500 = "claims.web.views.server_error"

for path_, names in api_parameters().items():  # the page cache keys API lists by these alone
    declare_parameters(f"/api/v1{path_}", names)

urlpatterns = [
    path("robots.txt", public_page(robots)),
    path(
        "sitemap.xml",
        query_parameters("p")(public_page(sitemap)),  # ?p=2: its second page
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("favicon.ico", favicon),
    path("admin/two-factor/", two_factor_view, name="two-factor"),
    path("admin/two-factor/recovery-codes/", recovery_codes_view, name="recovery-codes"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Public pages in every language: English at the root, French under /fr/.
    *i18n_patterns(path("", include("claims.urls")), prefix_default_language=False),
]
