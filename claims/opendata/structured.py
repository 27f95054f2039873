"""Structured data for search engines and fact-checking tools: schema.org JSON-LD.

An event page describes the event (``Event``), each statement as a ``Quotation`` — its text, who
spoke (``creator``; ``spokenByCharacter`` for a person), when at the precision known, where it
was read (``isBasedOn``, ``citation``) — and each rebuttal as a ``Claim`` that appears in the
rebutting statement, made by the rebutting side, about the quotation it disputes. No rating,
no verdict: Newsdesk reports who said what; it does not judge truth.

The JSON goes into a ``<script type="application/ld+json">`` block, which browsers never run
(the CSP stays as it is), escaped as Django's ``json_script`` escapes, so no text can close it.
"""

import json

from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

from claims.models import Party
from claims.opendata.exports import absolute_url
from claims.render import wording

ORGANISATIONS = {
    Party.Kind.STATE: "GovernmentOrganization",
    Party.Kind.GOVERNMENT: "GovernmentOrganization",
    Party.Kind.MINISTRY: "GovernmentOrganization",
    Party.Kind.ARMED_FORCE: "GovernmentOrganization",
    Party.Kind.AGENCY: "GovernmentOrganization",
    Party.Kind.INTERNATIONAL: "Organization",
    Party.Kind.OTHER: "Organization",
}


def json_ld(data):
    """``data`` as a JSON-LD block for a page's ``<head>``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_json_script_escapes)),  # escaped as json_script does
    )


def _id(path, fragment=""):
    return absolute_url(path) + (f"#{fragment}" if fragment else "")


def party_node(party):
    node = {
        "@type": "Person" if party.kind == Party.Kind.PERSON else ORGANISATIONS[party.kind],
        "@id": _id(party.get_absolute_url(), "party"),
        "name": party.name,
        "url": absolute_url(party.get_absolute_url()),
    }
    if party.kind == Party.Kind.PERSON:
        if party.role:
            node["jobTitle"] = party.role
        if party.parent_id:
            node["affiliation"] = {"@id": _id(party.parent.get_absolute_url(), "party")}
    elif party.parent_id:
        node["parentOrganization"] = {"@id": _id(party.parent.get_absolute_url(), "party")}
    return node


def event_node(event):
    node = {
        "@type": "Event",
        "@id": _id(event.get_absolute_url(), "event"),
        "name": event.display_title,
        "url": absolute_url(event.get_absolute_url()),
        "startDate": wording.machine_when(event),
    }
    if event.summary:
        node["description"] = event.summary
    if event.location:
        node["location"] = {"@type": "Place", "name": event.location}
    if event.initiated_by_id:
        node["organizer"] = {"@id": _id(event.initiated_by.get_absolute_url(), "party")}
    participants = [
        {"@id": _id(party.get_absolute_url(), "party")} for party in event.participants.all()
    ]
    if participants:
        node["attendee"] = participants
    topics = [topic.name for topic in event.topics.all()]
    if topics:
        node["keywords"] = ", ".join(topics)
    return node


def quotation_node(statement, event):
    speaker = {"@id": _id(statement.party.get_absolute_url(), "party")}
    node = {
        "@type": "Quotation",
        "@id": absolute_url(statement.get_absolute_url()),
        "url": absolute_url(statement.get_absolute_url()),
        "text": statement.plain_text,
        "creator": speaker,
        "dateCreated": wording.machine_when(statement),
        "inLanguage": statement.language,
        "about": {"@id": _id(event.get_absolute_url(), "event")},
    }
    if statement.party.kind == Party.Kind.PERSON:
        node["spokenByCharacter"] = speaker
    sources = [url for url in (statement.source_url, statement.archive_url) if url]
    if sources:
        node["isBasedOn"] = sources[0]
        node["citation"] = sources
    if statement.speaker:
        node["alternateName"] = statement.speaker  # the attribution as printed
    return node


def disputed_node(denial):
    """The disputed words: a quotation that is part of the statement rebutted."""
    return {
        "@type": "Quotation",
        "@id": _id(denial.target.get_absolute_url(), denial.mark_anchor),
        "text": denial.disputed_passage,
        "isPartOf": {"@id": absolute_url(denial.target.get_absolute_url())},
    }


def claim_node(denial):
    """A rebuttal: the claim, made in the rebutting statement, that the disputed words are not
    so — with no rating of its own."""
    return {
        "@type": "Claim",
        "@id": _id(denial.statement.event.get_absolute_url(), denial.anchor),
        "name": wording.rebuttal_sentence(denial),
        "text": denial.rebutting_passage or denial.statement.plain_text,
        "author": {"@id": _id(denial.statement.party.side.get_absolute_url(), "party")},
        "appearance": {"@id": absolute_url(denial.statement.get_absolute_url())},
        "firstAppearance": {"@id": absolute_url(denial.statement.get_absolute_url())},
        "datePublished": wording.machine_when(denial.statement),
        "about": {"@id": absolute_url(denial.target.get_absolute_url())},
        "mentions": {"@id": _id(denial.target.get_absolute_url(), denial.mark_anchor)},
    }


def _parties(*statements, extra=()):
    found = {}
    for party in extra:
        found[party.pk] = party
    for statement in statements:
        for party in [statement.party, *statement.party.ancestors()]:
            found[party.pk] = party
    return [party_node(party) for party in found.values()]


def for_comparison(comparison):
    """The event page's graph: the event, its statements, rebuttals and the parties."""
    event = comparison.event
    graph = [event_node(event)]
    graph += [quotation_node(statement, event) for statement in comparison.statements]
    graph += [claim_node(denial) for denial in comparison.denials]
    graph += [disputed_node(denial) for denial in comparison.denials]
    extra = list(event.participants.all()) + ([event.initiated_by] if event.initiated_by else [])
    graph += _parties(*comparison.statements, extra=extra)
    return json_ld({"@context": "https://schema.org", "@graph": graph})


def for_statement(statement):
    """A statement page's graph: the quotation, its event, the rebuttals made and received."""
    event = statement.event
    denials = statement.visible_denials_made + statement.visible_denials_received
    others = {d.statement.pk: d.statement for d in denials} | {
        d.target.pk: d.target for d in denials
    }
    others.pop(statement.pk, None)
    graph = [
        event_node_light(event),
        quotation_node(statement, event),
        *(claim_node(denial) for denial in denials),
        *(disputed_node(denial) for denial in denials),
        *_parties(statement, *others.values()),
    ]
    return json_ld({"@context": "https://schema.org", "@graph": graph})


def event_node_light(event):
    """The event as a statement page knows it (without participants and topics)."""
    return {
        "@type": "Event",
        "@id": _id(event.get_absolute_url(), "event"),
        "name": event.display_title,
        "url": absolute_url(event.get_absolute_url()),
        "startDate": wording.machine_when(event),
    }
