from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Claim, Denial, Event, Party, Stance, Statement, Topic


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


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    show_change_link = True
    autocomplete_fields = ["party"]
    fields = [
        ("party", "kind", "attribution"),
        ("speaker", "conduit"),
        ("issued_at", "issued_precision", "language"),
        "text",
        ("source_name", "source_url", "archive_url"),
        "status",
    ]


class ClaimInline(admin.TabularInline):
    model = Claim
    extra = 0
    show_change_link = True
    fields = ["text", "position"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "occurred_at", "status"]
    list_filter = ["status", "kind", "topics", "occurred_at"]
    search_fields = ["title", "summary", "location"]
    date_hierarchy = "occurred_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["initiated_by", "participants", "topics"]
    inlines = [StatementInline, ClaimInline]


class DenialInline(admin.StackedInline):
    model = Denial
    fk_name = "statement"
    extra = 0
    autocomplete_fields = ["target", "claim"]
    fields = [("target", "kind"), "disputed_passage", "rebutting_passage", "claim"]


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "event", "attribution", "language", "status"]
    list_filter = ["status", "kind", "attribution", "language", "issued_at"]
    list_select_related = ["event", "party"]
    search_fields = ["text", "translation", "speaker", "conduit", "party__name", "event__title"]
    date_hierarchy = "issued_at"
    autocomplete_fields = ["event", "party"]
    inlines = [DenialInline]
    fieldsets = [
        (None, {"fields": ["event", "party", ("kind", "attribution"), ("speaker", "conduit")]}),
        ("When", {"fields": [("issued_at", "issued_precision")]}),
        ("Text", {"fields": ["language", "text", "translation", "translated_by"]}),
        ("Source", {"fields": ["source_name", "source_url", "archive_url"]}),
        (None, {"fields": ["status"]}),
    ]


@admin.register(Denial)
class DenialAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind"]
    list_filter = ["kind"]
    list_select_related = ["statement__party", "target__party"]
    search_fields = ["disputed_passage", "rebutting_passage", "statement__text"]
    autocomplete_fields = ["statement", "target", "claim"]


class StanceInline(admin.TabularInline):
    model = Stance
    extra = 0
    autocomplete_fields = ["side", "statement"]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["text", "event", "position"]
    list_select_related = ["event"]
    search_fields = ["text", "event__title"]
    autocomplete_fields = ["event"]
    inlines = [StanceInline]
