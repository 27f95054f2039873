"""Public pages. Thin views: validate the request, ask the QuerySets, render.

Every page shows drafts to staff only (``visible_to(request.user)``), under a banner.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from .comparison import Comparison, marked_text
from .forms import EventFilterForm, PageForm, SideFilterForm
from .models import Denial, Event, Party, Statement

PER_PAGE = 25
LATEST = 20  # items in the short lists of a party page


def paginate(form, items):
    """The requested page of ``items``; a page past the end becomes an error on ``form``."""
    paginator = Paginator(items, PER_PAGE)
    number = (form.cleaned_data.get("page") if form.is_valid() else None) or 1
    if number > paginator.num_pages:
        form.add_error(
            "page",
            f"There {'is' if paginator.num_pages == 1 else 'are'} only "
            f"{paginator.num_pages} page{'s'[: paginator.num_pages != 1]} of results.",
        )
        number = 1
    return paginator.page(number)


def render_form_page(request, template_name, context, form):
    """Render; a request whose parameters did not validate is answered 400, with the messages."""
    return render(request, template_name, context, status=400 if form.errors else 200)


def home(request):
    user = request.user
    denials = Denial.objects.visible_to(user)
    sides = {party.pk: party for party in Party.objects.sides()}
    counts = denials.side_counts()
    involved = [side for pk, side in sides.items() if any(pk in pair for pair in counts)]
    context = {
        "events": Event.objects.for_listing(user)[:10],
        "rebuttals": denials.for_timeline()[:5],
        "who_denies_whom": {
            "sides": involved,
            "rows": [
                (denier, [counts.get((denier.pk, denied.pk), 0) for denied in involved])
                for denier in involved
            ],
        },
    }
    return render(request, "claims/home.html", context)


@vary_on_headers("HX-Request")
def event_list(request):
    form = EventFilterForm(request.GET)
    events = Event.objects.for_listing(request.user)
    events = form.filter(events, request.user) if form.is_valid() else events.none()
    page = paginate(form, events)
    template_name = "claims/event_list.html"
    if request.htmx:
        template_name += "#results"
    return render_form_page(request, template_name, {"form": form, "page": page}, form)


def event_detail(request, slug):
    event = get_object_or_404(Event.objects.for_comparison(request.user), slug=slug)
    comparison = Comparison(event)
    draft = not event.is_published
    return render(
        request,
        "claims/event_detail.html",
        {"event": event, "comparison": comparison, "draft_banner": draft},
    )


def statement_detail(request, pk):
    statement = get_object_or_404(Statement.objects.for_detail(request.user), pk=pk)
    statement.marked_text = marked_text(statement)
    return render(
        request,
        "claims/statement_detail.html",
        {"statement": statement, "draft_banner": not statement.is_published},
    )


def party_list(request):
    sides = Party.objects.sides().prefetch_related("children__children__children")
    return render(request, "claims/party_list.html", {"sides": sides})


def party_detail(request, slug):
    party = get_object_or_404(Party.objects.with_ancestors(), slug=slug)
    user = request.user
    form = PageForm(request.GET)
    statements = (
        Statement.objects.visible_to(user).by_side(party).with_party().order_by("-issued_at", "-pk")
    )
    denials = Denial.objects.visible_to(user)
    issued, received = denials.by_side(party), denials.against_side(party)
    context = {
        "party": party,
        "children": party.children.all(),
        "page": paginate(form, statements),
        "form": form,
        "issued": issued.for_timeline()[:LATEST],
        "issued_count": issued.count(),
        "received": received.for_timeline()[:LATEST],
        "received_count": received.count(),
        "median_delay": issued.median_delay(),
        "events": Event.objects.for_listing(user).involving(party, user)[:LATEST],
    }
    return render_form_page(request, "claims/party_detail.html", context, form)


def timeline(request):
    form = SideFilterForm(request.GET)
    denials = Denial.objects.visible_to(request.user).for_timeline()
    if form.is_valid() and form.cleaned_data.get("side"):
        denials = denials.by_side(form.cleaned_data["side"])
    elif not form.is_valid():
        denials = denials.none()
    page = paginate(form, denials)
    return render_form_page(request, "claims/timeline.html", {"form": form, "page": page}, form)
