"""The public, read-only API for data desks: ``/api/v1/`` (django-ninja), documented by the OpenAPI
document it serves (``/api/v1/openapi.json``, browsable at ``/api/v1/docs``).

Published content only, whoever asks; the same shapes as the event JSON and the feeds
(``claims/opendata/shapes.py``, built by ``exports.py``), with stable ids and absolute URLs.
Lists page by an opaque ``cursor``: in id order, so that new items come last and a data desk
resumes where it stopped; every page costs the same queries however large the archive. Responses
are cacheable like the pages (the page cache, ETag, ``Cache-Control: public``) and open to any
origin (public data, no credentials).
"""

from datetime import date
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from ninja import Field, NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import ValidationError
from pydantic import create_model

from claims.caching.page_cache import shows
from claims.models import Claim, Denial, Event, Party, Stance, Statement, Topic
from claims.models.public import event_key
from claims.opendata import exports
from claims.opendata.shapes import ClaimOut, DenialOut, EventOut, PartyOut, StatementOut
from claims.querying import paging
from claims.querying.searches import (
    DenialSearch,
    EventSearch,
    StatementSearch,
    query_denials,
    query_events,
    query_statements,
)

LIMIT, MAX_LIMIT = 50, 200


def open_data(view):
    """Cacheable by anyone for a minute (like public pages), readable from any origin."""

    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponse):
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=settings.NEWSDESK_PUBLIC_MAX_AGE)
            response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


api = NinjaAPI(
    title="Newsdesk API",
    version="1",
    description=(
        "What each government officially said about the same event, side by side, and who "
        "denied what, when and through whom — as data. Read-only; published content only. "
        "Lists are in id order and page with `next` (an address with an opaque cursor): follow "
        "it until it is null. Times are given at their precision (`2024-04-03`, `2024-04`, or a "
        "full timestamp) with the precision beside them."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


class Error(Schema):
    detail: str | list = Field(description="What was wrong with the request.")


@api.exception_handler(ValidationError)
def invalid(request, error):
    """Bad parameters are the client's to fix: a 400 saying which, never a 422 or a 500."""
    response = api.create_response(request, {"detail": error.errors}, status=400)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def page_of(item):
    """A page of ``item``s, and the address of the next page."""
    return create_model(
        f"{item.__name__.removesuffix('Out')}Page",
        __base__=Schema,
        items=(list[item], ...),
        next=(str | None, Field(description="The next page's address; null on the last.")),
    )


# --- Paging ---------------------------------------------------------------------------------


def choice(choices):
    """The values of a model's choices, spelt out in the schema (several are called "Kind")."""
    return Literal[tuple(choices.values)]


def slug_field(description):
    return Field(None, pattern=r"^[-a-zA-Z0-9_]{1,200}$", description=description)


def text_field(length, description):
    """Free text: no NUL (which the database cannot hold), at most ``length`` characters."""
    return Field(None, max_length=length, pattern=r"^[^\x00]*$", description=description)


def day_field(description):
    return Field(
        None,
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        json_schema_extra={"format": "date"},
        description=description,
    )


def day(value, name):
    """A ``YYYY-MM-DD`` parameter as a date; a day that does not exist is a 400."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError([{"loc": ["query", name], "msg": "Not a real day."}]) from None


class Paging(Schema):
    cursor: str | None = Field(
        None, pattern=r"^[0-9]{1,19}$", description="From `next`; omit for page 1."
    )
    limit: int = Field(LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")


def keyset(request, rows, paging_, shape):
    """A page of ``rows`` in id order after the cursor, with the address of the next."""
    after = int(paging_.cursor or 0)
    found = list(rows.filter(pk__gt=after).order_by("pk")[: paging_.limit + 1])
    items = found[: paging_.limit]
    return {
        "items": [shape(item) for item in items],
        "next": _next(request, str(items[-1].pk)) if len(found) > paging_.limit else None,
    }


def _next(request, cursor):
    query = request.GET.copy()
    query["cursor"] = cursor
    return exports.absolute_url(f"{request.path}?{query.urlencode()}")


# --- Events ---------------------------------------------------------------------------------


class EventFilters(Paging):
    q: str | None = text_field(200, "Words, as on the browse page.")
    party: str | None = slug_field("A party's slug.")
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$", description="ISO 3166 code.")
    topic: str | None = slug_field("A topic's slug.")
    kind: choice(Event.Kind) | None = None
    date_from: str | None = day_field("Events on or after this day.")
    date_to: str | None = day_field("Events on or before this day.")
    disputed: bool = False
    attribution: choice(Statement.Attribution) | None = None
    conduit: str | None = text_field(100, "Who carried the words, e.g. AFP (any case).")


def published_events():
    return (
        Event.objects.published()
        .with_dispute_flags()
        .select_related("initiated_by")
        .prefetch_related("topics", "participants")
    )


@api.get("/events", response={200: page_of(EventOut), 400: Error, 404: Error}, tags=["events"])
@decorate_view(open_data)
def list_events(request, filters: Query[EventFilters]):
    """Published events, filtered and searched as on the browse page."""
    search = EventSearch(
        q=filters.q or "",
        party=filters.party and get_published(Party.objects.published(), filters.party),
        country=filters.country or "",
        topic=filters.topic and get_published(Topic.objects.published(), filters.topic),
        kind=filters.kind or "",
        date_from=filters.date_from and day(filters.date_from, "date_from"),
        date_to=filters.date_to and day(filters.date_to, "date_to"),
        disputed=filters.disputed,
        attribution=filters.attribution or "",
        conduit=filters.conduit or "",
    )
    events, ranked = query_events(published_events(), search)
    if ranked is not None:  # the best matches (a bounded set), in id order like every list
        events = events.filter(pk__in=ranked[: paging.RANKED_LIMIT])
    return keyset(request, events, filters, exports.event_dict)


@api.get("/events/{slug}", response={200: EventOut, 400: Error, 404: Error}, tags=["events"])
@decorate_view(open_data)
def get_event(request, slug: str):
    """One published event (its full comparison: `json_url`)."""
    event = get_object_or_404(published_events(), slug=slug)
    shows(request, event_key(event.pk))
    return exports.event_dict(event)


# --- Statements -----------------------------------------------------------------------------


class StatementFilters(Paging):
    event: str | None = slug_field("An event's slug.")
    party: str | None = slug_field("A party's slug (and those under it).")
    language: str | None = Field(None, pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
    attribution: choice(Statement.Attribution) | None = None
    conduit: str | None = text_field(100, "Who carried the words, e.g. AFP (any case).")


def published_statements():
    return Statement.objects.published().with_party().prefetch_related("corrections")


@api.get(
    "/statements",
    response={200: page_of(StatementOut), 400: Error, 404: Error},
    tags=["statements"],
)
@decorate_view(open_data)
def list_statements(request, filters: Query[StatementFilters]):
    """Published statements: one government's account each, with its provenance."""
    search = StatementSearch(
        event=filters.event and get_published(Event.objects.published(), filters.event),
        party=filters.party and get_published(Party.objects.published(), filters.party),
        language=filters.language or "",
        attribution=filters.attribution or "",
        conduit=filters.conduit or "",
    )
    statements = query_statements(published_statements(), search)
    return keyset(request, statements, filters, exports.statement_dict)


@api.get("/statements/{statement_id}", response={200: StatementOut, 400: Error, 404: Error},
         tags=["statements"])  # fmt: skip
@decorate_view(open_data)
def get_statement(request, statement_id: int):
    statement = get_object_or_404(published_statements(), pk=statement_id)
    shows(request, event_key(statement.event_id))
    return exports.statement_dict(statement)


# --- Denials --------------------------------------------------------------------------------


class DenialFilters(Paging):
    event: str | None = slug_field("An event's slug.")
    side: str | None = slug_field("The side that rebutted.")
    against: str | None = slug_field("The side rebutted.")
    kind: choice(Denial.Kind) | None = None
    attribution: choice(Statement.Attribution) | None = None
    conduit: str | None = text_field(100, "Who carried the rebuttal, e.g. AFP (any case).")


def published_denials():
    return Denial.objects.published().for_timeline()


@api.get("/denials", response={200: page_of(DenialOut), 400: Error, 404: Error}, tags=["denials"])
@decorate_view(open_data)
def list_denials(request, filters: Query[DenialFilters]):
    """Published rebuttals: which statement rebuts which, how, and how fast."""
    sides = Party.objects.published().sides()
    search = DenialSearch(
        event=filters.event and get_published(Event.objects.published(), filters.event),
        side=filters.side and get_published(sides, filters.side),
        against=filters.against and get_published(sides, filters.against),
        kind=filters.kind or "",
        attribution=filters.attribution or "",
        conduit=filters.conduit or "",
    )
    denials = query_denials(published_denials(), search)
    return keyset(request, denials, filters, exports.denial_dict)


# --- Claims ---------------------------------------------------------------------------------


class ClaimFilters(Paging):
    event: str | None = slug_field("An event's slug.")


@api.get("/claims", response={200: page_of(ClaimOut), 400: Error, 404: Error}, tags=["claims"])
@decorate_view(open_data)
def list_claims(request, filters: Query[ClaimFilters]):
    """Published claims with each side's stance (no stance: not mentioned)."""
    claims = Claim.objects.published().select_related("event").prefetch_related(
        Prefetch("stances", Stance.objects.published().select_related("side"),
                 to_attr="public_stances"),
        Prefetch("denials", Denial.objects.published().only("pk", "claim_id"),
                 to_attr="public_denials"),
    )  # fmt: skip
    if filters.event:
        claims = claims.filter(event=get_published(Event.objects.published(), filters.event))
    return keyset(request, claims, filters, exports.claim_dict)


# --- Parties --------------------------------------------------------------------------------


class PartyFilters(Paging):
    kind: choice(Party.Kind) | None = None
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    sides_only: bool = Field(False, description="Only governments and organisations.")


@api.get("/parties", response={200: page_of(PartyOut), 400: Error, 404: Error}, tags=["parties"])
@decorate_view(open_data)
def list_parties(request, filters: Query[PartyFilters]):
    """Parties that published content names: states, ministries, agencies, officials."""
    parties = Party.objects.published().with_ancestors()
    if filters.kind:
        parties = parties.filter(kind=filters.kind)
    if filters.country:
        parties = parties.filter(country=filters.country)
    if filters.sides_only:
        parties = parties.filter(parent=None)
    return keyset(request, parties, filters, exports.party_document)


@api.get("/parties/{slug}", response={200: PartyOut, 400: Error, 404: Error}, tags=["parties"])
@decorate_view(open_data)
def get_party(request, slug: str):
    party = get_object_or_404(Party.objects.published().with_ancestors(), slug=slug)
    return exports.party_document(party)


def get_published(queryset, slug):
    """What a filter names: a 404 saying so when nothing published has that slug."""
    try:
        return queryset.get(slug=slug)
    except (queryset.model.DoesNotExist, DjangoValidationError):
        raise Http404(f"Nothing published is called “{slug}”.") from None


def api_parameters():
    """``{list path: the query parameters it reads}``, from the schemas that validate them."""
    return {
        "/events": EventFilters.model_fields,
        "/statements": StatementFilters.model_fields,
        "/denials": DenialFilters.model_fields,
        "/claims": ClaimFilters.model_fields,
        "/parties": PartyFilters.model_fields,
    }
