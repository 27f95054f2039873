"""Atom feeds: the whole site, one event, one party. Published content only, always.

Feed readers carry no session, and feeds are cached by them: drafts never appear here, even for
staff. Each entry is one statement, with the rebuttals it makes.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Event, Party, Statement

FEED_SIZE = 50


class StatementFeed(Feed):
    feed_type = Atom1Feed

    def statements(self, obj):
        return Statement.objects.published().with_party().with_denials(None)

    def items(self, obj):
        return self.statements(obj).order_by("-issued_at", "-pk")[:FEED_SIZE]

    def item_title(self, statement):
        return f"{statement.label} — {statement.event.title}"

    def item_description(self, statement):
        lines = [statement.plain_text]
        for denial in statement.visible_denials_made:
            lines.append(
                f"{denial.get_kind_display()} of the {denial.target.label}: "
                f"“{denial.disputed_passage}” ({denial.delay_display})."
            )
        return "\n\n".join(lines)

    def item_link(self, statement):
        return statement.get_absolute_url()

    def item_pubdate(self, statement):
        return statement.issued_at

    def item_updateddate(self, statement):
        return statement.updated_at

    def item_author_name(self, statement):
        return str(statement.party)


class SiteFeed(StatementFeed):
    title = "Newsdesk: latest official statements and rebuttals"
    subtitle = "What each government said about the same events, and who denied what."

    def link(self):
        return reverse("claims:home")


class EventFeed(StatementFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Event.objects.published(), slug=slug)

    def statements(self, event):
        return super().statements(event).for_event(event)

    def title(self, event):
        return f"Newsdesk: {event.title}"

    def subtitle(self, event):
        return event.summary

    def link(self, event):
        return event.get_absolute_url()


class PartyFeed(StatementFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Party, slug=slug)

    def statements(self, party):
        return super().statements(party).by_side(party)

    def title(self, party):
        return f"Newsdesk: statements by {party}"

    def subtitle(self, party):
        return f"Official statements and rebuttals by {party} and those who speak for it."

    def link(self, party):
        return party.get_absolute_url()
