"""The review desk in the admin: the checklist, the assignee, internal comments, the queue's
buttons on a statement's or a denial's page, and the review queue itself.

The admin only asks; the rules are the model layer's (``claims/models/review.py``), so a
refusal (an unticked checklist, an Editor approving, a chief approving their own work) comes
back as the form's error.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from claims.models import Denial, Event, ReviewState, Statement, Status
from claims.models.review import CHECKLIST
from claims.models.roles import can_publish

# The buttons a change page may show, with what each asks of the row.
STEPS = {
    "_submit_for_review": (_("Submit for review"), ReviewState.SUBMITTED),
    "_approve": (_("Approve and publish"), ReviewState.APPROVED),
    "_send_back": (_("Send back"), ReviewState.SENT_BACK),
}
DONE = {
    "_submit_for_review": _(
        "Submitted for review: a chief editor will approve it or send it back."
    ),
    "_approve": _("Approved: it is published."),
    "_send_back": _("Sent back with your comment."),
}

VERIFICATION = (
    _("Verification"),
    {"fields": [tuple(CHECKLIST), ("assignee", "review_state"), "review_comment", "review_log"]},
)


class ReviewFormMixin(forms.ModelForm):
    """An internal comment, and the queue step a button asked for, handed to the model."""

    review_comment = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Internal comment"),
        help_text=_(
            "For the desk only, never shown to readers. Sent with a submission, an approval "
            "or a return; a draft is sent back with one."
        ),
    )

    def clean(self):
        data = super().clean()
        self.instance.review_comment = data.get("review_comment", "")
        step = self.requested_step()
        if step == "_approve":
            if self.instance.review_state != ReviewState.SUBMITTED:
                raise forms.ValidationError(
                    gettext("Only a draft submitted for review can be approved.")
                )
            if "status" in self.fields:
                data["status"] = Status.PUBLISHED
            self.instance.status = Status.PUBLISHED
        elif step is not None:
            self.instance.review_state = STEPS[step][1]
        return data

    def requested_step(self):
        return next((step for step in STEPS if step in self.data), None)

    def has_changed(self):
        return super().has_changed() or self.requested_step() is not None


def steps_for(user, row):
    """The buttons ``row``'s page offers ``user`` (the model decides what they may do)."""
    if row is None or row.status != Status.DRAFT:
        return []
    if row.review_state == ReviewState.SUBMITTED:
        if not can_publish(user):
            return []
        if settings.NEWSDESK_SECOND_CHIEF and row.is_work_of(user):
            return ["_send_back"]  # another chief approves it
        return ["_approve", "_send_back"]
    return ["_submit_for_review"]


class ReviewAdminMixin:
    """For the admin pages of statements and denials."""

    change_form_template = "admin/claims/review_change_form.html"

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "review_state", "review_log"]

    @admin.display(description=_("Review history and comments"))
    def review_log(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Nothing yet.")
        rows = [
            (
                date_format(entry.at, "DATETIME_FORMAT"),
                entry.actor or gettext("the system"),
                entry.get_action_display(),
                entry.text,
            )
            for entry in obj.review_entries.select_related("actor")
        ]
        if not rows:
            return gettext("Nothing yet.")
        items = format_html_join("", "<li>{}: {} {} {}</li>", rows)
        return format_html('<ol class="review-log">{}</ol>', items)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id else None
        extra_context = {
            **(extra_context or {}),
            "review_steps": [(name, STEPS[name][0]) for name in steps_for(request.user, obj)],
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        step = next((step for step in STEPS if step in request.POST), None)
        if step is None:
            return super().response_change(request, obj)
        request.nothing_changed = False  # the step is the change
        self.message_user(request, DONE[step], messages.SUCCESS)
        return self.response_post_save_change(request, obj)


@admin.action(description=_("Submit selected for review"))
def submit_for_review(modeladmin, request, queryset):
    submitted = 0
    try:
        with transaction.atomic():
            drafts = queryset.filter(status=Status.DRAFT)
            for row in drafts.exclude(review_state=ReviewState.SUBMITTED):
                row.submit_for_review()
                submitted += 1
    except ValidationError as refusal:
        modeladmin.message_user(request, " ".join(refusal.messages), messages.ERROR)
        return
    modeladmin.message_user(
        request,
        gettext("%(n)d submitted for review.") % {"n": submitted},
        messages.SUCCESS,
    )


def submitted(event=None):
    """The statements and denials waiting for a chief editor (of ``event``), oldest first."""
    rows = []
    for model, event_path, related in (
        (Statement, "event", ["party", "event"]),
        (Denial, "statement__event", ["statement__party", "target__party", "statement__event"]),
    ):
        queryset = model.objects.filter(status=Status.DRAFT, review_state=ReviewState.SUBMITTED)
        if event is not None:
            queryset = queryset.filter(**{event_path: event})
        queryset = queryset.select_related("submitted_by", "assignee", *related)
        rows += list(queryset.order_by("updated_at", "pk"))
    return rows


def _event_of(row):
    return row.event if isinstance(row, Statement) else row.statement.event


def review_queue_view(model_admin, request):
    """What waits for a chief editor: statements and denials submitted for review, by event,
    oldest first, each with who submitted it, whom it is assigned to and how far it is
    checked. A chief approves one from its page, or an event's all at once here."""
    if request.method == "POST":
        return approve_event(model_admin, request)
    groups = {}
    for row in sorted(submitted(), key=lambda row: row.updated_at):
        event = _event_of(row)
        groups.setdefault(event.pk, {"event": event, "items": []})["items"].append(
            {
                "row": row,
                "kind": row._meta.verbose_name,
                "url": reverse(f"admin:claims_{row._meta.model_name}_change", args=[row.pk]),
                "checked": len(CHECKLIST) - len(row.unchecked),
            }
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Statement._meta,
        "title": _("Review queue"),
        "groups": list(groups.values()),
        "waiting": sum(len(group["items"]) for group in groups.values()),
        "checklist_size": len(CHECKLIST),
        "may_approve": can_publish(request.user),
    }
    return TemplateResponse(request, "admin/claims/review_queue.html", context)


def approve_event(model_admin, request):
    """Approve every statement, then every denial, an event has waiting — each through the
    model's ``approve()`` (the checklist, a second chief), in one transaction: a refusal of
    one approves none, and says why."""
    event_id = request.POST.get("event", "")
    event = Event.objects.filter(pk=event_id).first() if event_id.isdigit() else None
    if event is None:
        model_admin.message_user(request, gettext("No such event."), messages.ERROR)
        return redirect("admin:claims_review_queue")
    rows = sorted(submitted(event), key=lambda row: isinstance(row, Denial))
    try:
        with transaction.atomic():
            for row in rows:
                row.approve()
    except ValidationError as refusal:
        model_admin.message_user(request, " ".join(refusal.messages), messages.ERROR)
    else:
        model_admin.message_user(
            request,
            ngettext(
                "Approved and published %(n)d item of “%(event)s”.",
                "Approved and published %(n)d items of “%(event)s”.",
                len(rows),
            )
            % {"n": len(rows), "event": event},
            messages.SUCCESS,
        )
    return redirect("admin:claims_review_queue")


def review_queue_urls(model_admin):
    view = model_admin.admin_site.admin_view(
        lambda request: review_queue_view(model_admin, request)
    )
    return [path("review/", view, name="claims_review_queue")]
