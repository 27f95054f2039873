"""The editors' admin: fast entry, safe publishing, visible history.

Publishing, unpublishing and deleting published content need ``claims.publish_content``
(the *Chief editors* group); see ``claims/roles.py``. Every path asks ``can_publish``: the status
field, the bulk actions, deletion (pages and inline rows) and article intake.
"""

import difflib
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import path
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .intake_admin import intake_view
from .models import Claim, Correction, Denial, Event, Party, Stance, Statement, Status, Topic
from .roles import can_publish
from .sanitize import removed_markup

# ---------------------------------------------------------------------------------------------
# Publishing rules, shared by pages and inlines


def is_public(obj):
    return obj is not None and obj.pk is not None and obj.is_published


class PublishingRulesMixin:
    """Status is read-only, and published items cannot be deleted, without the permission."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user) and "status" in self.model_field_names():
            fields.append("status")
        return fields

    def model_field_names(self):
        return {f.name for f in self.model._meta.get_fields()}

    def has_delete_permission(self, request, obj=None):
        if isinstance(obj, self.model) and is_public(obj) and not can_publish(request.user):
            return False
        return super().has_delete_permission(request, obj)


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
    """Inline rows: deleting a published item needs the permission too."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, LoadedAutocompleteSelect) and form.instance.pk:
                descriptor = form.instance._meta.get_field(name)
                if descriptor.is_cached(form.instance):
                    widget.loaded = getattr(form.instance, name)
        return form

    def clean(self):
        super().clean()
        if can_publish(self.editor):
            return
        for form in self.deleted_forms:
            if is_public(form.instance):
                raise ValidationError(
                    f"“{form.instance}” is public: only chief editors can delete it. "
                    "Ask one, or correct it instead."
                )


class PublishingInline(PublishingRulesMixin):
    formset = PublishingInlineFormSet
    list_select_related = ()  # what each row's __str__ and autocompletes need, loaded at once

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                LoadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.editor = request.user
        return formset


def set_status(modeladmin, request, queryset, status):
    changed = 0
    for obj in queryset:
        if obj.status != status:
            obj.status = status
            obj._change_reason = f"{Status(status).label} by bulk action"
            obj.save()
            changed += 1
    label = "published" if status == Status.PUBLISHED else "returned to draft"
    modeladmin.message_user(request, f"{changed} {label}.", messages.SUCCESS)


@admin.action(description="Publish selected", permissions=["publish"])
def publish(modeladmin, request, queryset):
    set_status(modeladmin, request, queryset, Status.PUBLISHED)


@admin.action(description="Unpublish selected (back to draft)", permissions=["publish"])
def unpublish(modeladmin, request, queryset):
    set_status(modeladmin, request, queryset, Status.DRAFT)


class PublishingAdmin(PublishingRulesMixin, SimpleHistoryAdmin):
    actions = [publish, unpublish]
    history_diff_fields = ()

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_historical_record_context_helper(self, request, historical_record):
        return TextDiffContextHelper(self.model, historical_record, self.history_diff_fields)


# ---------------------------------------------------------------------------------------------
# History: long texts are shown as a word diff, not as two truncated strings


_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


def word_diff(old, new):
    """(old, new) as safe HTML, removed words in <del> and added words in <ins>."""
    old_words, new_words = (
        _TOKENS.findall(strip_tags(old or "")),
        _TOKENS.findall(strip_tags(new or "")),
    )
    old_out, new_out = [], []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = escape("".join(old_words[i1:i2])), escape("".join(new_words[j1:j2]))
        if tag == "equal":
            old_out.append(before)
            new_out.append(after)
            continue
        if before:
            old_out.append(f"<del>{before}</del>")
        if after:
            new_out.append(f"<ins>{after}</ins>")
    return mark_safe("".join(old_out)), mark_safe("".join(new_out))


class TextDiffContextHelper(HistoricalRecordContextHelper):
    def __init__(self, model, historical_record, diff_fields):
        super().__init__(model, historical_record)
        self.diff_fields = diff_fields

    def stringify_delta_change_values(self, change, old, new):
        if change.field in self.diff_fields:
            return word_diff(old, new)
        return super().stringify_delta_change_values(change, old, new)


# ---------------------------------------------------------------------------------------------
# Statements, with the correction-note rule


class StatementForm(forms.ModelForm):
    correction_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you change the text of a published statement: readers see "
        "this note on the public page (“Corrected on …: …”).",
    )

    class Meta:
        model = Statement
        fields = ["text", "translation"]  # the admin's fieldsets add the rest

    def clean(self):
        data = super().clean()
        # clean() runs before the form's data is copied onto the instance: this is the saved state.
        was_public = self.instance.pk is not None and self.instance.is_published
        text_changed = {"text", "translation"} & set(self.changed_data)
        if was_public and text_changed and not data.get("correction_note", "").strip():
            self.add_error(
                "correction_note",
                "This statement is public, and you changed its text: say what you corrected "
                "and why. Readers will see this note.",
            )
        return data


def warn_about_removed_markup(request, form):
    """Tell the editor which markup sanitising dropped, so nothing disappears unnoticed."""
    for name in ("text", "translation"):
        if removed := removed_markup(form.data.get(form.add_prefix(name), "")):
            messages.warning(
                request,
                f"{form.instance.label}: {', '.join(f'<{tag}>' for tag in removed)} removed from "
                f"the {name}: that markup is not allowed. Check that no words went with it.",
            )


def record_correction(form, user):
    """Save the correction note a StatementForm carried, if any."""
    note = form.cleaned_data.get("correction_note", "").strip()
    if note:
        Correction.objects.create(statement=form.instance, note=note, corrected_by=user)


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


class StatementInline(PublishingInline, admin.StackedInline):
    model = Statement
    form = StatementForm
    extra = 0
    show_change_link = True
    autocomplete_fields = ["party"]
    list_select_related = ["party", "event"]
    fields = [
        ("party", "kind", "attribution"),
        ("speaker", "conduit"),
        ("issued_at", "issued_precision", "language"),
        "text",
        ("source_name", "source_url", "archive_url"),
        "status",
        "correction_note",
    ]


class ClaimInline(PublishingInline, admin.TabularInline):
    model = Claim
    extra = 0
    show_change_link = True
    fields = ["text", "position"]


@admin.register(Event)
class EventAdmin(PublishingAdmin):
    list_display = ["title", "kind", "occurred_at", "statements", "disputed", "status"]
    list_filter = ["status", "kind", "topics", "occurred_at"]
    search_fields = ["title", "summary", "location"]
    date_hierarchy = "occurred_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["initiated_by", "participants", "topics"]
    inlines = [StatementInline, ClaimInline]
    history_diff_fields = ("summary",)
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary"]}),
        ("When and where", {"fields": [("occurred_at", "occurred_precision"), "location"]}),
        ("Who", {"fields": ["initiated_by", "participants", "topics"]}),
        (None, {"fields": ["status"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_dispute_flags(request.user)

    @admin.display(description="statements", ordering="statement_count")
    def statements(self, event):
        return event.statement_count

    @admin.display(description="disputed", boolean=True, ordering="is_disputed")
    def disputed(self, event):
        return event.is_disputed

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Statement:
            for inline_form in formset.forms:
                if inline_form not in formset.deleted_forms and inline_form.has_changed():
                    record_correction(inline_form, request.user)
                    warn_about_removed_markup(request, inline_form)


class DenialInline(PublishingInline, admin.StackedInline):
    model = Denial
    fk_name = "statement"
    extra = 0
    autocomplete_fields = ["target", "claim"]
    list_select_related = ["statement__party", "target__party", "claim"]
    fields = [("target", "kind"), "disputed_passage", "rebutting_passage", "claim"]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    can_delete = False
    fields = ["corrected_at", "note", "corrected_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # corrections come from the correction note above


@admin.register(Statement)
class StatementAdmin(PublishingAdmin):
    form = StatementForm
    list_display = ["__str__", "event", "attribution", "language", "status"]
    list_filter = ["status", SideFilter, "kind", "attribution", "language", "issued_at"]
    list_select_related = ["event", "party"]
    search_fields = ["text", "translation", "speaker", "conduit", "party__name", "event__title"]
    date_hierarchy = "issued_at"
    autocomplete_fields = ["event", "party"]
    inlines = [DenialInline, CorrectionInline]
    history_diff_fields = ("text", "translation")
    change_list_template = "admin/claims/statement/change_list.html"
    fieldsets = [
        (None, {"fields": ["event", "party", ("kind", "attribution"), ("speaker", "conduit")]}),
        ("When", {"fields": [("issued_at", "issued_precision")]}),
        ("Text", {"fields": ["language", "text", "translation", "translated_by"]}),
        ("Source", {"fields": ["source_name", "source_url", "archive_url"]}),
        (None, {"fields": ["status", "correction_note"]}),
    ]

    def save_model(self, request, obj, form, change):
        if note := form.cleaned_data.get("correction_note", "").strip():
            obj._change_reason = f"Correction: {note}"
        super().save_model(request, obj, form, change)
        record_correction(form, request.user)
        warn_about_removed_markup(request, form)

    def get_urls(self):
        intake = self.admin_site.admin_view(self.intake)
        return [path("intake/", intake, name="claims_statement_intake"), *super().get_urls()]

    def intake(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return intake_view(self, request)


class DenierSideFilter(SideFilter):
    title = "denied by"


@admin.register(Denial)
class DenialAdmin(PublishingRulesMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "kind"]
    list_filter = ["kind", DenierSideFilter]
    list_select_related = ["statement__party", "target__party"]
    search_fields = ["disputed_passage", "rebutting_passage", "statement__text"]
    autocomplete_fields = ["statement", "target", "claim"]


class StanceInline(PublishingInline, admin.TabularInline):
    model = Stance
    extra = 0
    autocomplete_fields = ["side", "statement"]
    list_select_related = ["side", "statement__party", "claim"]


@admin.register(Claim)
class ClaimAdmin(PublishingRulesMixin, SimpleHistoryAdmin):
    list_display = ["text", "event", "position"]
    list_select_related = ["event"]
    search_fields = ["text", "event__title"]
    autocomplete_fields = ["event"]
    inlines = [StanceInline]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["statement", "corrected_at", "note"]
    list_select_related = ["statement__party", "statement__event"]
    readonly_fields = ["statement", "corrected_at", "corrected_by"]
    search_fields = ["note"]

    def has_add_permission(self, request):
        return False


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "country"]
    list_filter = ["kind", "country"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.site_url = "/"
