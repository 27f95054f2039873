from dataclasses import fields

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from claims.models import Conduit, Event, Party, Statement, Topic
from claims.querying import paging
from claims.querying.searches import DenialSearch, EventSearch, StatementSearch


class PartyChoiceField(forms.ModelChoiceField):
    """Parties by slug, labelled with their side: “Sébastien Lecornu (France)”."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault(
            "invalid_choice", _("There is no party with that name in Newsdesk.")
        )
        super().__init__(Party.objects.none(), to_field_name="slug", **kwargs)

    def show_to(self, user):
        """Offer the parties ``user`` may see: the public ones, or all of them for staff."""
        self.queryset = Party.objects.visible_to(user).with_ancestors()

    def label_from_instance(self, party):
        side = party.side
        return party.name if side == party else f"{party.name} ({side.label})"


class CursorField(forms.CharField):
    """A position in a list (see ``claims.querying.paging``): ``(moment, pk)``."""

    def to_python(self, value):
        value = super().to_python(value)
        return paging.read_cursor(value) if value else None


class PageForm(forms.Form):
    """A form of query parameters; its choices are what ``user`` may see. Lists page by a
    cursor (``before``, ``after``, ``oldest``); ranked results by number (``page``)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    page = forms.IntegerField(
        min_value=1,
        max_value=paging.RANKED_LIMIT // paging.PER_PAGE,
        required=False,
        error_messages={
            "invalid": _("The page must be a whole number, such as 2."),
            "min_value": _("Pages start at 1."),
            "max_value": _(
                "Only the first %(limit_value)s pages of results can be shown: add "
                "words or filters to narrow the search."
            ),
        },
    )
    before = CursorField(required=False, max_length=50)
    after = CursorField(required=False, max_length=50)
    oldest = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if sum(bool(data.get(name)) for name in ("before", "after", "oldest")) > 1:
            raise ValidationError(_("Ask for one position in the list at a time."))
        return data

    def position(self):
        """Keyword arguments for ``paging.newest_first``."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "before": data.get("before"),
            "after": data.get("after"),
            "oldest": bool(data.get("oldest")),
        }

    def page_number(self):
        return (self.cleaned_data.get("page") if self.is_valid() else None) or 1

    def filtered(self):
        """Whether anything but a position in the list was asked (a search, a filter)."""
        paging_fields = PageForm.base_fields
        return any(self.data.get(name) for name in self.fields if name not in paging_fields)


class EventFilterForm(PageForm):
    """The browse page's query parameters; every bad value becomes a message, never a 500."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200, strip=True)
    party = PartyChoiceField(required=False, empty_label=_("Any party"))
    country = forms.ChoiceField(
        required=False,
        error_messages={
            "invalid_choice": _("No party in Newsdesk belongs to that country."),
        },
    )
    topic = forms.ModelChoiceField(
        Topic.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any topic"),
        error_messages={"invalid_choice": _("There is no such topic.")},
    )
    kind = forms.ChoiceField(
        choices=[("", _("Any kind")), *Event.Kind.choices],
        required=False,
        error_messages={"invalid_choice": _("That is not a kind of event.")},
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a real date as YYYY-MM-DD.")},
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a real date as YYYY-MM-DD.")},
    )
    disputed = forms.BooleanField(label=_("Disputed only"), required=False)
    attribution = forms.ChoiceField(
        label=_("Attributed to"),
        choices=[("", _("Any attribution")), *Statement.Attribution.choices],
        required=False,
        error_messages={"invalid_choice": _("That is not an attribution level.")},
    )
    conduit = forms.CharField(
        label=_("Carried by"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"list": "conduits", "placeholder": _("e.g. AFP")}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].show_to(self.user)
        self.fields["topic"].queryset = Topic.objects.visible_to(self.user)
        # Only countries some party belongs to: the others would always give no results.
        parties = Party.objects.visible_to(self.user).exclude(country="")
        used = set(parties.values_list("country", flat=True))
        self.fields["country"].choices = [
            ("", _("Any country")),
            *((code, name) for code, name in countries if code in used),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("The “From” date is after the “To” date."))
        return data

    def filter_fields(self):
        """The filters a reader sets most (searching and paging are laid out apart)."""
        return [self[name] for name in ("party", "topic", "date_from", "date_to")]

    def more_fields(self):
        """Filters behind "More filters" on phones."""
        return [self[name] for name in ("country", "kind", "attribution", "conduit")]

    def more_in_use(self):
        return any(self.data.get(field.name) for field in self.more_fields())

    def search(self):
        """The question asked, as the search object every surface applies the same way."""
        data = self.cleaned_data
        return EventSearch(**{name: data[name] for name in SEARCH_FIELDS if data.get(name)})


SEARCH_FIELDS = [field.name for field in fields(EventSearch)]


NO_SUCH_SIDE = _("There is no government or organisation by that name.")


class SideFilterForm(PageForm):
    """The rebuttal timeline's filters: who rebutted whom, and through which channel."""

    side = forms.ModelChoiceField(
        Party.objects.none(),
        label=_("Rebutted by"),
        to_field_name="slug",
        required=False,
        empty_label=_("Any government"),
        error_messages={"invalid_choice": NO_SUCH_SIDE},
    )
    against = forms.ModelChoiceField(
        Party.objects.none(),
        label=_("Rebutted side"),  # whose words were rebutted
        to_field_name="slug",
        required=False,
        empty_label=_("Any government"),
        error_messages={"invalid_choice": NO_SUCH_SIDE},
    )
    attribution = EventFilterForm.base_fields["attribution"]
    conduit = EventFilterForm.base_fields["conduit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sides = Party.objects.visible_to(self.user).sides()
        self.fields["side"].queryset = sides
        self.fields["against"].queryset = sides

    def filter_fields(self):
        return [self[name] for name in ("side", "against", "attribution", "conduit")]

    def search(self):
        data = self.cleaned_data
        return DenialSearch(
            **{
                name: data[name]
                for name in ("side", "against", "attribution", "conduit")
                if data.get(name)
            }
        )


class QuoteForm(forms.Form):
    """``?quote=``: words of a statement that a shared link highlights."""

    quote = forms.CharField(
        label=_("Words to link to"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Copy them from the text above, exactly."),
    )


class OEmbedForm(forms.Form):
    """oEmbed's parameters: the address of an event page, and the size the consumer allows."""

    url = forms.URLField(max_length=500, assume_scheme="https")
    format = forms.ChoiceField(choices=[("json", "json"), ("xml", "xml")], required=False)
    maxwidth = forms.IntegerField(min_value=100, max_value=4000, required=False)
    maxheight = forms.IntegerField(min_value=100, max_value=4000, required=False)

    def clean_format(self):
        return self.cleaned_data["format"] or "json"

    def clean_url(self):
        from urllib.parse import urlsplit

        from django.conf import settings
        from django.urls import Resolver404, resolve

        url = urlsplit(self.cleaned_data["url"])
        site = urlsplit(settings.NEWSDESK_SITE_URL)
        if url.netloc != site.netloc:
            raise ValidationError(
                _("Only addresses on %(site)s can be embedded.") % {"site": site.netloc}
            )
        try:
            match = resolve(url.path)
        except Resolver404:
            match = None
        if match is None or match.view_name != "claims:event-detail":
            raise ValidationError(_("That is not the address of an event page."))
        self.slug = match.kwargs["slug"]
        return url.geturl()

    def event_slug(self):
        return self.slug


class CsvFilterForm(forms.Form):
    """Filters of the CSV export; a draft event is as unknown here as anywhere to the public."""

    event = forms.ModelChoiceField(
        Event.objects.none(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": _("There is no event with that address.")},
    )
    party = PartyChoiceField(required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.visible_to(user)
        self.fields["party"].show_to(user)

    def search(self):
        data = self.cleaned_data
        return StatementSearch(event=data.get("event"), party=data.get("party"))


def conduit_names():
    """Names offered for the "carried by" filters (the admin's list of conduits)."""
    return list(Conduit.objects.values_list("name", flat=True))
