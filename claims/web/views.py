"""Public pages. Thin views: validate the request, ask the QuerySets, render.

Every page shows drafts to staff only (``visible_to(request.user)``), under a banner.
"""

import functools
import sys
from urllib.parse import urlencode

from django.conf import settings
from django.http import (
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.vary import vary_on_headers

from claims.caching.page_cache import shows
from claims.models import Claim, DataLicence, Denial, Event, Party, Statement, stats
from claims.models.public import LISTS, event_key
from claims.models.rules import sees_drafts
from claims.opendata import dataset, exports, structured
from claims.pages import positions, speed
from claims.pages.comparison import Comparison, marked_text
from claims.pages.listing import event_rows
from claims.querying import paging
from claims.querying.searches import query_denials, query_events, query_statements
from claims.render import cards, charts, wording
from claims.text.passages import passage_in_html
from claims.web.forms import (
    CsvFilterForm,
    EventFilterForm,
    OEmbedForm,
    PageForm,
    QuoteForm,
    SideFilterForm,
    conduit_names,
)


def public_page(view):
    """Let caches keep what the public sees for a minute; never cache what staff see (drafts)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if sees_drafts(request.user):
            patch_cache_control(response, private=True, no_store=True)
        elif response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.NEWSDESK_PUBLIC_MAX_AGE)
        return response

    return wrapper


def server_error(request):
    """``handler500``: when the database is what failed (down, unreachable, timing out), a 503
    that says so and asks to come back, rather than a 500."""
    from django.db import DatabaseError

    if isinstance(sys.exception(), DatabaseError):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
    else:
        response = render(request, "500.html", status=500)
    patch_cache_control(response, no_store=True)
    return response


def query_parameters(*names):
    """The query parameters a view reads: the page cache keys its pages by these alone."""

    def declare(view):
        view.parameters = frozenset(names)
        return view

    return declare


LATEST = 20  # items in the short lists of a party page


def list_page(form, items, time_field):
    """The page of a newest-first list the request asks for (see ``claims.querying.paging``): by
    cursor, or by number among the newest (links from before cursors)."""
    if form.is_valid() and form.cleaned_data.get("page"):
        return ranked_page(form, items.order_by(f"-{time_field}", "-pk"))
    return paging.newest_first(items, time_field, **form.position())


def ranked_page(form, items):
    """A page of ranked results; asked for a page past the end (an old link, results that
    shrank), the last page, saying so (answered 404: that page does not exist)."""
    try:
        return paging.numbered(items, form.page_number())
    except paging.PastTheEnd as error:
        page = paging.numbered(items, error.pages)
        page.past_the_end = gettext("%(pages)s You are on the last one.") % {
            "pages": error.messages[0]
        }
        return page


def in_order(queryset, ids):
    """The rows of ``queryset`` with these ids, in the order of ``ids``."""
    rows = queryset.in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def without_empty_parameters(request):
    """The address without its empty parameters (``?q=&party=`` from a form sent without
    JavaScript), or None if it has none: a shared address says only what was asked."""
    kept = [(key, value) for key, values in request.GET.lists() for value in values if value]
    if len(kept) == sum(len(values) for _, values in request.GET.lists()):
        return None
    return request.path + (f"?{urlencode(kept)}" if kept else "")


def render_form_page(request, template_name, context, form):
    """Render; a request whose parameters did not validate is answered 400, with the messages;
    one for a page past the end, 404 (with the last page)."""
    status = 400 if form.errors else 200
    if status == 200 and getattr(context.get("page"), "past_the_end", ""):
        status = 404
    return render(request, template_name, context, status=status)


@public_page
def home(request):
    user = request.user
    denials = Denial.objects.visible_to(user)
    events = event_rows(list(Event.objects.for_listing(user)[:10]), user)
    matrix = stats.who_denies_whom(user)
    rebuttals = list(denials.for_timeline()[:5])
    context = {
        "events": events,
        "rebuttals": rebuttals,
        "who_denies_whom": matrix,
        "who_denies_whom_chart": charts.denial_matrix(matrix, timeline_link),
    }
    response = render(request, "claims/home.html", context)
    shown = [row.event.pk for row in events] + [d.statement.event_id for d in rebuttals]
    return shows_list(response, shown)


def shows_list(response, event_ids):
    """A list (of the newest, of a party's…) shows what lists hold and the events it names."""
    return shows(response, LISTS, *(event_key(pk) for pk in event_ids))


def timeline_link(denier, denied):
    """The rebuttals one side made of another's statements."""
    return (
        reverse("claims:timeline") + "?" + urlencode({"side": denier.slug, "against": denied.slug})
    )


@public_page
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
@query_parameters(*EventFilterForm.base_fields)
def event_list(request):
    if not request.htmx and (address := without_empty_parameters(request)) is not None:
        return HttpResponseRedirect(address)
    user = request.user
    form = EventFilterForm(request.GET, user=user)
    events, ranked = Event.objects.for_listing(user).none(), None
    if form.is_valid():
        search = form.search()
        events, ranked = query_events(Event.objects.for_listing(user), search, user)
    if ranked is not None:
        page = ranked_page(form, ranked)
        page.items = event_rows(in_order(events, page.items), user, search.terms())
    else:
        page = list_page(form, events, "occurred_at")
        page.items = event_rows(page.items, user)
    template_name = "claims/event_list.html"
    # Back/forward after a pushed URL: htmx asks again for the whole page (history restore).
    if request.htmx and not request.htmx.history_restore_request:
        template_name += "#results"
    context = {"form": form, "page": page, "conduits": conduit_names()}
    response = render_form_page(request, template_name, context, form)
    if form.filtered():
        return response  # a search: any public change may change it
    return shows_list(response, [row.event.pk for row in page.items])


@public_page
def event_detail(request, slug):
    event = get_object_or_404(Event.objects.for_comparison(request.user), slug=slug)
    comparison = Comparison(event)
    draft = not event.is_published
    context = {
        "event": event,
        "comparison": comparison,
        "draft_banner": draft,
        "structured_data": structured.for_comparison(comparison),
        "embed": embed_snippet(event),
    }
    return shows(render(request, "claims/event_detail.html", context), event_key(event.pk))


# What an embedded card is given by default, in CSS pixels (oEmbed may ask for less).
EMBED_WIDTH, EMBED_HEIGHT = 600, 320


def embed_snippet(event, width=EMBED_WIDTH, height=EMBED_HEIGHT):
    """The ``<iframe>`` a newsroom pastes to embed an event's card."""
    src = exports.absolute_url(reverse("claims:event-embed", args=[event.slug]))
    title = escape(f"{event.display_title} — Newsdesk")
    size = f'width="{width}" height="{height}"'
    return f'<iframe src="{src}" {size} title="{title}" loading="lazy"></iframe>'


# Any site may frame the card; the rest of the policy stays as strict as everywhere.
EMBEDDABLE = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}


@public_page
@xframe_options_exempt
@csp_override(EMBEDDABLE)
def event_embed(request, slug):
    """A small card of one event for other sites' pages: its sides, the disputed words and the
    rebuttal; links open Newsdesk in a new tab. Published events only, no cookies, no script."""
    event = get_object_or_404(Event.objects.for_comparison().published(), slug=slug)
    response = render(request, "claims/event_embed.html", {"comparison": Comparison(event)})
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return shows(response, event_key(event.pk))


@public_page
def event_card(request, slug):
    """The share image of a published event (``og:image``): a 1200 × 630 PNG."""
    event = get_object_or_404(Event.objects.for_comparison().published(), slug=slug)
    response = HttpResponse(cards.event_card(Comparison(event)), content_type="image/png")
    response["Cross-Origin-Resource-Policy"] = "cross-origin"  # previews fetch it from afar
    return shows(response, event_key(event.pk))


@public_page
@query_parameters(*OEmbedForm.base_fields)
def oembed(request):
    """oEmbed (https://oembed.com): the embed code of an event page from its address, for
    content systems that embed a pasted link. JSON only (XML: 501, as the spec asks)."""
    form = OEmbedForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    if form.cleaned_data["format"] == "xml":
        return JsonResponse({"errors": {"format": ["Only JSON is offered."]}}, status=501)
    event = get_object_or_404(Event.objects.published(), slug=form.event_slug())
    width = min(form.cleaned_data["maxwidth"] or EMBED_WIDTH, EMBED_WIDTH)
    height = min(form.cleaned_data["maxheight"] or EMBED_HEIGHT, EMBED_HEIGHT)
    card = exports.absolute_url(reverse("claims:event-card", args=[event.slug]))
    response = JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "provider_name": "Newsdesk",
            "provider_url": exports.absolute_url("/"),
            "title": event.display_title,
            "html": embed_snippet(event, width, height),
            "width": width,
            "height": height,
            "cache_age": 3600,
            "thumbnail_url": card,
            "thumbnail_width": cards.WIDTH,
            "thumbnail_height": cards.HEIGHT,
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    return shows(response, event_key(event.pk))


@public_page
@query_parameters(*QuoteForm.base_fields)
def statement_detail(request, pk):
    statement = get_object_or_404(Statement.objects.for_detail(request.user), pk=pk)
    structured_data = structured.for_statement(statement)
    form = QuoteForm(request.GET)
    quote = form.cleaned_data["quote"] if form.is_valid() else ""
    quote_found = bool(quote) and passage_in_html(statement.text, quote)
    context = {
        "statement": statement,
        "marked_text": marked_text(statement, quote if quote_found else ""),
        "draft_banner": not statement.is_published,
        "form": form,
        "quote": quote,
        "quote_found": quote_found,
        "structured_data": structured_data,
        "quote_link": exports.absolute_url(statement.get_absolute_url())
        + "?"
        + urlencode({"quote": quote})
        + "#quote"
        if quote_found
        else "",
    }
    response = render_form_page(request, "claims/statement_detail.html", context, form)
    return shows(response, event_key(statement.event_id))


@public_page
def party_list(request):
    sides = Party.objects.visible_to(request.user).sides().with_descendants(request.user)
    return render(request, "claims/party_list.html", {"sides": sides})


@public_page
@query_parameters(*PageForm.base_fields)
def party_detail(request, slug):
    user = request.user
    party = get_object_or_404(Party.objects.visible_to(user).with_ancestors(), slug=slug)
    form = PageForm(request.GET, user=user)
    statements = Statement.objects.visible_to(user).by_side(party).with_party()
    denials = Denial.objects.visible_to(user)
    issued, received = denials.by_side(party), denials.against_side(party)
    figures = stats.party_figures(party, user)
    issued_latest = list(issued.for_timeline()[:LATEST])
    events = list(Event.objects.for_listing(user).involving(party, user)[:LATEST])
    timings = speed.event_timings(party, events, user)
    claims = Claim.objects.for_positions(user).filter(event__in=[event.pk for event in events])
    matrix = stats.who_denies_whom(user, keep=party.side.pk)
    context = {
        "party": party,
        "children": party.children.visible_to(user),
        "page": list_page(form, statements, "issued_at"),
        "form": form,
        "issued": issued_latest,
        "issued_count": figures.denials_issued,
        "received": received.for_timeline()[:LATEST],
        "received_count": figures.denials_received,
        "median_delay": wording.median_delay_words(figures.median_delay, figures.median_precision)
        if figures.median_delay is not None
        else "",
        "events": event_rows(events, user),
        "timings": timings,
        "delays_chart": charts.party_delays(speed.chart_points(timings, issued_latest)),
        "positions": positions.of_side(party.side, claims),
        "who_denies_whom": matrix,
        "who_denies_whom_chart": charts.denial_matrix(matrix, timeline_link, party.side.pk),
    }
    response = render_form_page(request, "claims/party_detail.html", context, form)
    shown = {event.pk for event in events} | {s.event_id for s in context["page"].items}
    for denial in (*issued_latest, *context["received"]):
        shown.add(denial.statement.event_id)
    return shows_list(response, shown)


@public_page
def claim_detail(request, pk):
    """One proposition across the events it was recorded in: each side's position, in time
    order — a position history no single event page can show."""
    claim = get_object_or_404(Claim.objects.visible_to(request.user).select_related("event"), pk=pk)
    thread = list(Claim.objects.for_positions(request.user).thread_of(claim))
    sides, rows = positions.across_events(thread)
    context = {"claim": claim, "sides": sides, "rows": rows, "draft_banner": not claim.is_published}
    response = render(request, "claims/claim_detail.html", context)
    return shows(response, *{event_key(each.event_id) for each in (claim, *thread)})


@public_page
def open_data(request):
    """The dataset's page: what the files hold, their dictionary, the licence, and the API."""
    context = {
        "package": dataset.published_package(),
        "licence": DataLicence.current(),
        "staff": sees_drafts(request.user),  # told how to write the files; readers are not
    }
    return render(request, "claims/open_data.html", context)


@public_page
@query_parameters(*SideFilterForm.base_fields)
def timeline(request):
    if (address := without_empty_parameters(request)) is not None:
        return HttpResponseRedirect(address)
    form = SideFilterForm(request.GET, user=request.user)
    denials = Denial.objects.visible_to(request.user).for_timeline()
    denials = query_denials(denials, form.search()) if form.is_valid() else denials.none()
    page = list_page(form, denials, "statement__issued_at")
    context = {"form": form, "page": page, "conduits": conduit_names()}
    response = render_form_page(request, "claims/timeline.html", context, form)
    if form.filtered():
        return response  # a search: any public change may change it
    return shows_list(response, [denial.statement.event_id for denial in page.items])


@public_page
def event_json(request, slug):
    """One event's comparison as JSON: the same data as the page, for reuse and citation."""
    event = get_object_or_404(Event.objects.for_comparison(request.user), slug=slug)
    response = JsonResponse(exports.comparison_document(Comparison(event)))
    response["Access-Control-Allow-Origin"] = "*"  # public data, no credentials
    return shows(response, event_key(event.pk))


@public_page
@query_parameters(*CsvFilterForm.base_fields)
def statements_csv(request):
    """Every visible statement as CSV, one row each, optionally for one event (``?event=slug``)."""
    form = CsvFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "400.html", {"form": form}, status=400)
    statements = Statement.objects.visible_to(request.user).with_party().order_by("issued_at", "pk")
    statements = query_statements(statements, form.search())
    response = StreamingHttpResponse(
        exports.csv_lines(statements), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="newsdesk-statements.csv"'
    return response
