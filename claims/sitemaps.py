"""sitemap.xml: published events and every party, for search engines. Drafts never appear."""

from django.contrib.sitemaps import Sitemap

from .models import Event, Party


class EventSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Event.objects.published().order_by("-occurred_at", "pk")

    def lastmod(self, event):
        return event.updated_at


class PartySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return Party.objects.order_by("slug")


SITEMAPS = {"events": EventSitemap, "parties": PartySitemap}
