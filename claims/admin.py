"""The editors' admin: fast entry, safe publishing, visible history.

The rules themselves live in the model layer (``claims/models/rules.py``): every save validates
the row and refuses, to anyone without ``claims.publish_content``, a change to what the public
sees. The admin explains them up front — public rows are read-only to Editors, the status field
is read-only without the permission, deletion of public rows is not offered — and shows the
model's refusals as form errors when a path (a revert, say) runs into one.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from claims.admin_review import (
    VERIFICATION,
    ReviewAdminMixin,
    ReviewFormMixin,
    review_queue_urls,
    submit_for_review,
)
from claims.intake.review import DateTimePicker, intake_view
from claims.models import (
    Claim,
    CommentRequest,
    ConcurrentEdit,
    Conduit,
    Correction,
    DataLicence,
    Denial,
    Event,
    Party,
    Spelling,
    Stance,
    Statement,
    Status,
    Topic,
    operations,
)
from claims.models.fields import PlainTextField, SanitizedHTMLField
from claims.models.review import CHECKLIST
from claims.models.roles import can_publish
from claims.render.marking import word_diff
from claims.text.sanitize import as_plain_paragraphs, paragraphs_to_html, removed_markup

# ---------------------------------------------------------------------------------------------
# Publishing rules, explained by the pages and inlines


def is_public(obj):
    return obj is not None and obj.pk is not None and obj.is_public()


def is_revert_page(request):
    """A history version's page: a form to revert with, whose refusal the model explains
    (its fields stay as the version had them)."""
    match = request.resolver_match
    return match is not None and match.url_name.endswith("_simple_history")


class RobustChangeList(ChangeList):
    """A filter value the database cannot take (a 23-digit year) is a bad request, not a 500."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class HonestMessagesMixin:
    """A save that changed nothing (a read-only form, or one sent back as it was) says so,
    never "changed successfully"."""

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        request.nothing_changed = not add and not message
        return message

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and getattr(request, "nothing_changed", False):
            message, level = gettext("No changes to save: it is as it was."), messages.INFO
        return super().message_user(request, message, level, *args, **kwargs)


class PublishingRulesMixin(HonestMessagesMixin):
    """Without the permission: public rows are read-only, the status is read-only, and public
    rows cannot be deleted."""

    def get_changelist(self, request, **kwargs):
        return RobustChangeList

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if can_publish(request.user):
            return fields
        if is_public(obj) and not is_revert_page(request):
            return [*fields, *self.editable_names(request, obj)]
        if "status" in self.model_field_names():
            fields.append("status")
        return fields

    def editable_names(self, request, obj):
        """The fields this page edits (as declared: asking the form would ask us again)."""
        if self.fieldsets:
            names = flatten_fieldsets(self.fieldsets)
        elif self.fields:
            names = flatten_fieldsets([(None, {"fields": self.fields})])
        else:
            names = [field.name for field in self.model._meta.fields if field.editable]
        return [name for name in names if name != "version" and name in self.model_field_names()]

    def model_field_names(self):
        return {f.name for f in self.model._meta.get_fields()}

    def get_prepopulated_fields(self, request, obj=None):
        if is_public(obj) and not can_publish(request.user):
            return {}  # read-only fields cannot be prepopulated
        return super().get_prepopulated_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        if isinstance(obj, self.model) and is_public(obj) and not can_publish(request.user):
            return False
        return super().has_delete_permission(request, obj)


class VersionedForm(forms.ModelForm):
    """Carries the version the editor started from: a save over someone else's is refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
            # A new row starts at the first version; an existing one must say which it saw.
            self.fields["version"].required = self.instance.pk is not None

    def clean_version(self):
        return self.cleaned_data["version"] or self.instance.version


class PlainParagraphsTextarea(forms.Textarea):
    """A text shown as text: plain paragraphs parted by a blank line, read back as HTML
    paragraphs. A text with formatting (emphasis, links) is shown as its HTML, so that saving
    the row loses nothing; its own page edits it best."""

    def format_value(self, value):
        plain = as_plain_paragraphs(value) if value else None
        return plain if plain is not None else super().format_value(value)

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if value is None or "<" in value:
            return value  # HTML, as shown or as typed
        return paragraphs_to_html(value)


class LoadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that labels its selected option from the already-loaded related object.

    Django's widget asks the database for the selected option of every inline row: an N+1 on
    an event with many statements. Rows loaded with ``select_related`` need no query.
    """

    loaded = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.loaded is None or selected != {str(self.loaded.pk)}:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(self.loaded)
        options.append(self.create_option(name, self.loaded.pk, label, selected, len(options)))
        return [(None, options, 0)]


class PublishingInlineFormSet(BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, LoadedAutocompleteSelect) and form.instance.pk:
                descriptor = form.instance._meta.get_field(name)
                if descriptor.is_cached(form.instance):
                    widget.loaded = getattr(form.instance, name)
        return form


class TabularInline(admin.TabularInline):
    """Django's tabular inline, with its empty header cells named (axe)."""

    template = "admin/claims/tabular.html"


class PublishingInline(PublishingRulesMixin):
    """Inline rows of a public parent are read-only to Editors, who may still add drafts."""

    formset = PublishingInlineFormSet
    form = VersionedForm
    list_select_related = ()  # what each row's __str__ and autocompletes need, loaded at once

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset

    def has_change_permission(self, request, obj=None):
        if is_public(obj) and not can_publish(request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if is_public(obj) and not can_publish(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # ``obj`` is the parent here: rows are read-only through has_change_permission.
        fields = list(admin.options.InlineModelAdmin.get_readonly_fields(self, request, obj))
        if not can_publish(request.user) and "status" in self.model_field_names():
            fields.append("status")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                LoadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def refused_in_bulk(modeladmin, request, refusal):
    """A bulk action the model refused (nothing of it was saved): say why."""
    modeladmin.message_user(request, " ".join(refusal.messages), messages.ERROR)


def set_status(modeladmin, request, queryset, status):
    try:
        changed = operations.set_status(queryset, status, f"{Status(status).label} by bulk action")
    except ValidationError as refusal:
        return refused_in_bulk(modeladmin, request, refusal)
    message = (
        ngettext("%(n)d published.", "%(n)d published.", changed)
        if status == Status.PUBLISHED
        else ngettext("%(n)d returned to draft.", "%(n)d returned to draft.", changed)
    )
    modeladmin.message_user(request, message % {"n": changed}, messages.SUCCESS)


@admin.action(description=_("Publish selected"), permissions=["publish"])
def publish(modeladmin, request, queryset):
    set_status(modeladmin, request, queryset, Status.PUBLISHED)


@admin.action(description=_("Unpublish selected (back to draft)"), permissions=["publish"])
def unpublish(modeladmin, request, queryset):
    set_status(modeladmin, request, queryset, Status.DRAFT)


class PublishingAdmin(PublishingRulesMixin, SimpleHistoryAdmin):
    form = VersionedForm
    actions = [publish, unpublish]
    history_diff_fields = ()

    class Media:
        js = ["js/admin-labels.js"]  # names for the autocomplete fields (axe)
        css = {"all": ["css/admin.css"]}

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_historical_record_context_helper(self, request, historical_record):
        return TextDiffContextHelper(self.model, historical_record, self.history_diff_fields)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A revert is an edit: the same form, the same model rules. A version id that is not
        a number is a 404; a revert the page does not offer is refused."""
        if not str(version_id).isdigit():
            raise Http404(gettext("No such version."))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().revert_disabled(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ConcurrentEdit as error:  # two saves in the same instant: the first one won
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return self.response_post_save_change(request, None)

    def save_model(self, request, obj, form, change):
        saved = obj.saved() if change else None
        if saved is not None and not obj.content_differs(saved) and not form.has_changed():
            return  # nothing to save (a public row an Editor only looked at, say)
        super().save_model(request, obj, form, change)


class TextDiffContextHelper(HistoricalRecordContextHelper):
    """History shows long texts as a word diff, not as two truncated strings."""

    def __init__(self, model, historical_record, diff_fields):
        super().__init__(model, historical_record)
        self.diff_fields = diff_fields

    def stringify_delta_change_values(self, change, old, new):
        if change.field in self.diff_fields:
            return word_diff(old, new)
        return super().stringify_delta_change_values(change, old, new)


# ---------------------------------------------------------------------------------------------
# Statements, with the correction-note rule (held by the model: a changed public text needs a
# note, which becomes a public Correction)


class StatementForm(ReviewFormMixin, VersionedForm):
    correction_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required when you change the text of a published statement: readers see "
            "this note on the public page (“Corrected on …: …”)."
        ),
    )

    class Meta:
        model = Statement
        fields = ["text", "translation"]  # the admin's fieldsets add the rest

    def clean(self):
        data = super().clean()
        self.instance.correction_note = data.get("correction_note", "")
        return data


def warn_about_removed_markup(request, form):
    """Tell the editor which markup sanitising dropped, so nothing disappears unnoticed."""
    for name in ("text", "translation"):
        if removed := removed_markup(form.data.get(form.add_prefix(name), "")):
            message = (
                gettext(
                    "%(statement)s: %(tags)s removed from the text: that markup is not allowed. "
                    "Check that no words went with it."
                )
                if name == "text"
                else gettext(
                    "%(statement)s: %(tags)s removed from the translation: that markup is not "
                    "allowed. Check that no words went with it."
                )
            )
            tags = ", ".join(f"<{tag}>" for tag in removed)
            messages.warning(request, message % {"statement": form.instance.label, "tags": tags})


def inline_ids(request, prefix):
    """Primary keys of the rows an inline formset posts (the rows this save also writes)."""
    ids = set()
    for key, value in request.POST.items():
        if key.startswith(f"{prefix}-") and key.endswith("-id") and value.isdigit():
            ids.add(int(value))
    return ids


class SideFilter(admin.SimpleListFilter):
    title = "side"
    parameter_name = "side"

    def lookups(self, request, model_admin):
        return [(side.slug, side.label) for side in Party.objects.sides()]

    def queryset(self, request, queryset):
        side = Party.objects.sides().filter(slug=self.value()).first()
        if side is None:
            return queryset
        return queryset.by_side(side)


class StatementInline(PublishingInline, TabularInline):
    """One line per statement on the event's page: enough to enter a readout quickly; the
    "change" link opens the statement's own page for provenance, translation and sources."""

    model = Statement
    form = StatementForm
    extra = 0
    show_change_link = True
    autocomplete_fields = ["party"]
    list_select_related = ["party", "event"]
    fields = [
        "party",
        "kind",
        "attribution",
        "issued_at",
        "issued_precision",
        "text",
        "correction_note",
        "status",
        "version",
    ]
    formfield_overrides = {
        SanitizedHTMLField: {"widget": PlainParagraphsTextarea(attrs={"rows": 1})},
        models.DateTimeField: {"form_class": forms.DateTimeField, "widget": DateTimePicker},
    }
    classes = ["one-line-rows"]  # static/css/admin.css: the table fits its box

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """No add / change / delete / view buttons beside the party: one line per row."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(field.widget, RelatedFieldWidgetWrapper):
            widget = field.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field


class ClaimInline(PublishingInline, TabularInline):
    model = Claim
    extra = 0
    show_change_link = True
    fields = ["text", "position", "status", "version"]
    formfield_overrides = {
        PlainTextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})},
    }


def publish_with_contents(modeladmin, request, queryset):
    """Publish events together with their statements, claims, stances and denials."""
    try:
        count = operations.publish_with_contents(queryset)
    except ValidationError as refusal:
        return refused_in_bulk(modeladmin, request, refusal)
    modeladmin.message_user(
        request,
        ngettext("%(n)d published.", "%(n)d published.", count) % {"n": count},
        messages.SUCCESS,
    )


publish_with_contents = admin.action(
    description=_("Publish selected with their statements, claims and denials"),
    permissions=["publish"],
)(publish_with_contents)


class CommentRequestInline(PublishingInline, TabularInline):
    model = CommentRequest
    extra = 0
    autocomplete_fields = ["party", "answer"]
    fields = ["party", "asked_at", "through", "deadline", "outcome", "answered_at", "answer"]
    verbose_name_plural = _("Requests for comment (the public page says when, and the outcome)")


@admin.register(Event)
class EventAdmin(PublishingAdmin):
    save_on_top = True
    list_display = ["title", "kind", "occurred_at", "statements", "disputed", "status"]
    list_filter = ["status", "kind", "topics", "occurred_at"]
    search_fields = ["title", "summary", "location"]
    date_hierarchy = "occurred_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["initiated_by", "participants", "topics"]
    inlines = [StatementInline, ClaimInline, CommentRequestInline]
    history_diff_fields = ("summary",)
    actions = [publish, publish_with_contents, unpublish]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary"]}),
        (_("When and where"), {"fields": [("occurred_at", "occurred_precision"), "location"]}),
        (_("Who"), {"fields": ["initiated_by", "participants", "topics"]}),
        (_("In French"), {"fields": ["title_fr", "summary_fr"], "classes": ["collapse"]}),
        (None, {"fields": ["status", "version"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_dispute_flags(request.user)

    @admin.display(description=_("statements"), ordering="statement_count")
    def statements(self, event):
        return event.statement_count

    @admin.display(description=_("disputed"), boolean=True, ordering="is_disputed")
    def disputed(self, event):
        return event.is_disputed

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Statement:
            for inline_form in formset.forms:
                if inline_form not in formset.deleted_forms and inline_form.has_changed():
                    warn_about_removed_markup(request, inline_form)


class DenialInline(PublishingInline, admin.StackedInline):
    model = Denial
    fk_name = "statement"
    extra = 0
    autocomplete_fields = ["target", "claim"]
    list_select_related = ["statement__party", "target__party", "claim"]
    fields = [
        ("target", "kind"),
        "disputed_passage",
        "rebutting_passage",
        "claim",
        tuple(CHECKLIST),
        "status",
        "version",
    ]


class CorrectionInline(TabularInline):
    model = Correction
    extra = 0
    can_delete = False
    fields = ["corrected_at", "note", "corrected_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # corrections come from the correction note above


@admin.register(Statement)
class StatementAdmin(ReviewAdminMixin, PublishingAdmin):
    save_on_top = True
    form = StatementForm
    list_display = ["__str__", "event", "attribution", "language", "status", "review_state"]
    list_filter = [
        "status",
        "review_state",
        "assignee",
        SideFilter,
        "kind",
        "attribution",
        "language",
        "issued_at",
    ]
    actions = [*PublishingAdmin.actions, submit_for_review]
    list_select_related = ["event", "party"]
    search_fields = ["text", "translation", "speaker", "conduit", "party__name", "event__title"]
    date_hierarchy = "issued_at"
    autocomplete_fields = ["event", "party"]
    inlines = [DenialInline, CorrectionInline]
    history_diff_fields = ("text", "translation")
    change_list_template = "admin/claims/statement/change_list.html"
    fieldsets = [
        (None, {"fields": ["event", "party", ("kind", "attribution"), ("speaker", "conduit")]}),
        (_("When"), {"fields": [("issued_at", "issued_precision")]}),
        (_("Text"), {"fields": ["language", "text", "note", "translation", "translated_by"]}),
        (_("Source"), {"fields": ["source_name", "source_url", "archive_url"]}),
        VERIFICATION,
        (None, {"fields": ["status", "correction_note", "version"]}),
    ]

    readonly_fields = ["rebuttals_received"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append((_("Rebuttals received"), {"fields": ["rebuttals_received"]}))
        return fieldsets

    @admin.display(description=_("Denials of these words"))
    def rebuttals_received(self, obj):
        """The denials that answer this statement, each a link to its page."""
        denials = obj.denials_received.select_related("statement__party").order_by(
            "statement__issued_at", "pk"
        )
        rows = [
            (
                reverse("admin:claims_denial_change", args=[denial.pk]),
                denial.statement.party.name,
                date_format(denial.statement.issued_at, "DATETIME_FORMAT"),
                denial.get_kind_display(),
                denial.get_status_display(),
            )
            for denial in denials
        ]
        if not rows:
            return gettext("None yet.")
        items = format_html_join("", '<li><a href="{}">{}, {}</a> — {} ({})</li>', rows)
        return format_html('<ul class="rebuttals-received">{}</ul>', items)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and request.method == "POST":
            # Denials this page also saves are checked against the new text by their own rows.
            obj.also_saving = {"denial": inline_ids(request, "denials_made")}
        return super().get_form(request, obj, change=change, **kwargs)

    def editable_names(self, request, obj):
        return [*super().editable_names(request, obj), "correction_note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warn_about_removed_markup(request, form)

    def get_urls(self):
        intake = self.admin_site.admin_view(self.intake)
        return [
            path("intake/", intake, name="claims_statement_intake"),
            *review_queue_urls(self),
            *super().get_urls(),
        ]

    def intake(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return intake_view(self, request)


class DenialForm(ReviewFormMixin, VersionedForm):
    class Meta:
        model = Denial
        fields = ["kind"]  # the admin's fieldsets add the rest


class DenierSideFilter(SideFilter):
    title = "denied by"


@admin.register(Denial)
class DenialAdmin(ReviewAdminMixin, PublishingAdmin):
    form = DenialForm
    list_display = ["__str__", "kind", "status", "review_state"]
    list_filter = ["status", "review_state", "assignee", "kind", DenierSideFilter]
    actions = [*PublishingAdmin.actions, submit_for_review]
    list_select_related = ["statement__party", "target__party"]
    search_fields = ["disputed_passage", "rebutting_passage", "statement__text"]
    autocomplete_fields = ["statement", "target", "claim"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("statement", "target"),
                    "kind",
                    "disputed_passage",
                    "rebutting_passage",
                    "claim",
                ]
            },
        ),
        VERIFICATION,
        (None, {"fields": ["status", "version"]}),
    ]


class StanceInline(PublishingInline, TabularInline):
    model = Stance
    extra = 0
    autocomplete_fields = ["side", "statement"]
    list_select_related = ["side", "statement__party", "claim"]
    fields = ["side", "position", "statement", "quote", "status", "version"]


@admin.register(Conduit)
class ConduitAdmin(HonestMessagesMixin, admin.ModelAdmin):
    form = VersionedForm
    list_display = ["name", "full_name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "full_name", "aliases"]


@admin.register(Spelling)
class SpellingAdmin(HonestMessagesMixin, admin.ModelAdmin):
    form = VersionedForm
    list_display = ["variants"]
    search_fields = ["variants"]


@admin.register(DataLicence)
class DataLicenceAdmin(HonestMessagesMixin, admin.ModelAdmin):
    """One row: the licence of the open data (export_dataset writes it into the package)."""

    form = VersionedForm
    list_display = ["name", "url", "attribution"]

    def has_add_permission(self, request):
        return not DataLicence.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(PublishingAdmin):
    list_display = ["text", "event", "position", "status"]
    list_filter = ["status"]
    list_select_related = ["event"]
    search_fields = ["text", "event__title"]
    autocomplete_fields = ["event", "same_as"]
    inlines = [StanceInline]
    fields = ["event", "text", "position", "same_as", "status", "version"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and request.method == "POST":
            obj.also_saving = {"stance": inline_ids(request, "stances")}
        return super().get_form(request, obj, change=change, **kwargs)


@admin.register(Correction)
class CorrectionAdmin(PublishingRulesMixin, admin.ModelAdmin):
    list_display = ["statement", "corrected_at", "note"]
    list_select_related = ["statement__party", "statement__event"]
    readonly_fields = ["statement", "corrected_at", "corrected_by"]
    search_fields = ["note"]

    def has_add_permission(self, request):
        return False


@admin.register(Party)
class PartyAdmin(PublishingRulesMixin, admin.ModelAdmin):
    form = VersionedForm
    list_display = ["name", "kind", "parent", "country"]
    list_filter = ["kind", "country"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "role", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Topic)
class TopicAdmin(PublishingRulesMixin, admin.ModelAdmin):
    form = VersionedForm
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.site_url = "/"
