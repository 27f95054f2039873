"""Public pages. Thin views: validate the request, ask the QuerySets, render.

Every page shows drafts to staff only (``visible_to(request.user)``), under a banner.
"""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.vary import vary_on_headers

from . import exports, paging, wording
from .comparison import Comparison, marked_text
from .forms import CsvFilterForm, EventFilterForm, PageForm, SideFilterForm
from .models import Denial, Event, Party, Statement, stats


def public_page(view):
    """Let caches keep what the public sees for a minute; never cache what staff see (drafts)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.user.is_staff:
            patch_cache_control(response, private=True, no_store=True)
        elif response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.NEWSDESK_PUBLIC_MAX_AGE)
        return response

    return wrapper


LATEST = 20  # items in the short lists of a party page


def list_page(form, items, time_field):
    """The page of a newest-first list the request asks for (see ``claims.paging``): by
    cursor, or by number among the newest (links from before cursors)."""
    if form.is_valid() and form.cleaned_data.get("page"):
        return ranked_page(form, items.order_by(f"-{time_field}", "-pk"))
    return paging.newest_first(items, time_field, **form.position())


def ranked_page(form, items):
    """A page of ranked results; a page past the end becomes an error on ``form``."""
    try:
        return paging.numbered(items, form.page_number())
    except ValidationError as error:
        form.add_error("page", error)
        return paging.numbered(items, 1)


def in_order(queryset, ids):
    """The rows of ``queryset`` with these ids, in the order of ``ids``."""
    rows = queryset.in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def render_form_page(request, template_name, context, form):
    """Render; a request whose parameters did not validate is answered 400, with the messages."""
    return render(request, template_name, context, status=400 if form.errors else 200)


@public_page
def home(request):
    user = request.user
    denials = Denial.objects.visible_to(user)
    context = {
        "events": Event.objects.for_listing(user)[:10],
        "rebuttals": denials.for_timeline()[:5],
        "who_denies_whom": stats.who_denies_whom(user),
    }
    return render(request, "claims/home.html", context)


@public_page
@vary_on_headers("HX-Request")
def event_list(request):
    form = EventFilterForm(request.GET, user=request.user)
    events = Event.objects.for_listing(request.user)
    events = form.filter(events, request.user) if form.is_valid() else events.none()
    if form.is_valid() and form.cleaned_data.get("q"):
        page = ranked_page(form, events.search(form.cleaned_data["q"], request.user))
        page.items = in_order(events, page.items)
    else:
        page = list_page(form, events, "occurred_at")
    template_name = "claims/event_list.html"
    # Back/forward after a pushed URL: htmx asks again for the whole page (history restore).
    if request.htmx and not request.htmx.history_restore_request:
        template_name += "#results"
    return render_form_page(request, template_name, {"form": form, "page": page}, form)


@public_page
def event_detail(request, slug):
    event = get_object_or_404(Event.objects.for_comparison(request.user), slug=slug)
    comparison = Comparison(event)
    draft = not event.is_published
    return render(
        request,
        "claims/event_detail.html",
        {"event": event, "comparison": comparison, "draft_banner": draft},
    )


@public_page
def statement_detail(request, pk):
    statement = get_object_or_404(Statement.objects.for_detail(request.user), pk=pk)
    statement.marked_text = marked_text(statement)
    return render(
        request,
        "claims/statement_detail.html",
        {"statement": statement, "draft_banner": not statement.is_published},
    )


@public_page
def party_list(request):
    sides = Party.objects.visible_to(request.user).sides().with_descendants(request.user)
    return render(request, "claims/party_list.html", {"sides": sides})


@public_page
def party_detail(request, slug):
    user = request.user
    party = get_object_or_404(Party.objects.visible_to(user).with_ancestors(), slug=slug)
    form = PageForm(request.GET, user=user)
    statements = Statement.objects.visible_to(user).by_side(party).with_party()
    denials = Denial.objects.visible_to(user)
    issued, received = denials.by_side(party), denials.against_side(party)
    figures = stats.party_figures(party, user)
    context = {
        "party": party,
        "children": party.children.visible_to(user),
        "page": list_page(form, statements, "issued_at"),
        "form": form,
        "issued": issued.for_timeline()[:LATEST],
        "issued_count": figures.denials_issued,
        "received": received.for_timeline()[:LATEST],
        "received_count": figures.denials_received,
        "median_delay": wording.median_delay_words(figures.median_delay, figures.median_precision)
        if figures.median_delay is not None
        else "",
        "events": Event.objects.for_listing(user).involving(party, user)[:LATEST],
    }
    return render_form_page(request, "claims/party_detail.html", context, form)


@public_page
def timeline(request):
    form = SideFilterForm(request.GET, user=request.user)
    denials = Denial.objects.visible_to(request.user).for_timeline()
    if form.is_valid() and form.cleaned_data.get("side"):
        denials = denials.by_side(form.cleaned_data["side"])
    elif not form.is_valid():
        denials = denials.none()
    page = list_page(form, denials, "statement__issued_at")
    return render_form_page(request, "claims/timeline.html", {"form": form, "page": page}, form)


@public_page
def event_json(request, slug):
    """One event's comparison as JSON: the same data as the page, for reuse and citation."""
    event = get_object_or_404(Event.objects.for_comparison(request.user), slug=slug)
    response = JsonResponse(exports.comparison_document(Comparison(event)))
    response["Access-Control-Allow-Origin"] = "*"  # public data, no credentials
    return response


@public_page
def statements_csv(request):
    """Every visible statement as CSV, one row each, optionally for one event (``?event=slug``)."""
    form = CsvFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "400.html", {"form": form}, status=400)
    statements = Statement.objects.visible_to(request.user).with_party().order_by("issued_at", "pk")
    if event := form.cleaned_data.get("event"):
        statements = statements.for_event(event)
    if party := form.cleaned_data.get("party"):
        statements = statements.by_side(party)
    response = StreamingHttpResponse(
        exports.csv_lines(statements), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="newsdesk-statements.csv"'
    return response
