"""Atom feeds: the whole site, one event, one party. Published content only, always.

Feed readers carry no session, and feeds are cached by them: drafts never appear here, even for
staff. Each entry is one statement, with the rebuttals it makes. Links are absolute on the
configured site address, never on the Host header a client sent.
"""

import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.models import Event, Party, Precision, Statement
from claims.opendata.exports import absolute_url
from claims.render import wording

FEED_SIZE = 50
# What XML 1.0 cannot carry, should the database hold it despite the cleaning on save.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text):
    return _NOT_XML.sub("", text or "")


class StatementFeed(Feed):
    feed_type = Atom1Feed

    def statements(self, obj):
        return Statement.objects.published().with_party().with_denials(None)

    def items(self, obj):
        return self.statements(obj).order_by("-issued_at", "-pk")[:FEED_SIZE]

    def item_title(self, statement):
        return xml_safe(f"{capfirst(statement.label)} — {statement.event.display_title}")

    def item_description(self, statement):
        """The statement, then each rebuttal it makes or receives: who, how fast, the disputed
        words and the rebutting ones."""
        lines = [statement.plain_text]
        for denial in statement.visible_denials_made + statement.visible_denials_received:
            line = f"{wording.rebuttal_with_delay(denial)}. " + _(
                "Disputed words of the %(statement)s: “%(passage)s”."
            ) % {"statement": denial.target.label, "passage": denial.disputed_passage}
            if denial.rebutting_passage:
                line += " " + _("Rebuttal: “%(passage)s”.") % {"passage": denial.rebutting_passage}
            lines.append(line)
        return xml_safe("\n\n".join(lines))

    def item_link(self, statement):
        return absolute_url(statement.get_absolute_url())

    def item_pubdate(self, statement):
        # Atom's "published" is a full timestamp: given only when the time is known exactly.
        return statement.issued_at if statement.issued_precision == Precision.EXACT else None

    def item_updateddate(self, statement):
        return statement.updated_at

    def item_author_name(self, statement):
        return xml_safe(str(statement.party))


class SiteFeed(StatementFeed):
    title = gettext_lazy("Newsdesk: latest official statements and rebuttals")
    subtitle = gettext_lazy("What each government said about the same events, and who denied what.")

    def link(self):
        return absolute_url(reverse("claims:home"))

    def feed_url(self):
        return absolute_url(reverse("claims:site-feed"))


class EventFeed(StatementFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Event.objects.published(), slug=slug)

    def statements(self, event):
        return super().statements(event).for_event(event)

    def title(self, event):
        return xml_safe(_("Newsdesk: %(event)s") % {"event": event.display_title})

    def subtitle(self, event):
        return xml_safe(event.summary)

    def link(self, event):
        return absolute_url(event.get_absolute_url())

    def feed_url(self, event):
        return absolute_url(reverse("claims:event-feed", args=[event.slug]))


class PartyFeed(StatementFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Party.objects.published(), slug=slug)

    def statements(self, party):
        return super().statements(party).by_side(party)

    def title(self, party):
        return xml_safe(_("Newsdesk: statements by %(party)s") % {"party": party})

    def subtitle(self, party):
        return xml_safe(
            _("Official statements and rebuttals by %(party)s and those who speak for it.")
            % {"party": party}
        )

    def link(self, party):
        return absolute_url(party.get_absolute_url())

    def feed_url(self, party):
        return absolute_url(reverse("claims:party-feed", args=[party.slug]))
