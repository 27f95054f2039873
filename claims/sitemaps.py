"""sitemap.xml: published events and public parties, for search engines. Drafts never appear,
nor parties known only from drafts. Addresses use the configured site URL."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from .models import Event, Party


class SiteSitemap(Sitemap):
    def get_domain(self, site=None):
        return urlsplit(settings.NEWSDESK_SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.NEWSDESK_SITE_URL).scheme


class EventSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Event.objects.published().order_by("-occurred_at", "pk")

    def lastmod(self, event):
        return event.updated_at


class PartySitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return Party.objects.published().order_by("slug")


SITEMAPS = {"events": EventSitemap, "parties": PartySitemap}
