"""sitemap.xml: published events and public parties, for search engines. Drafts never appear,
nor parties known only from drafts. Addresses use the configured site URL."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from claims.models import Event, Party


class SiteSitemap(Sitemap):
    """Every address in each interface language (``/`` and ``/fr/``), each entry naming its
    other-language versions (``xhtml:link rel="alternate" hreflang``)."""

    i18n = True
    alternates = True
    x_default = True

    def get_domain(self, site=None):
        return urlsplit(settings.NEWSDESK_SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.NEWSDESK_SITE_URL).scheme


class EventSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Event.objects.published().select_related("stats").order_by("-occurred_at", "pk")

    def lastmod(self, event):
        """The last change readers could see: the event's own, or its statements', rebuttals'
        and claims' (maintained with its public figures)."""
        stats = getattr(event, "stats", None)
        changed = stats.changed_at if stats is not None else None
        return max(filter(None, [event.updated_at, changed]))


class PartySitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return Party.objects.published().order_by("slug")


SITEMAPS = {"events": EventSitemap, "parties": PartySitemap}
