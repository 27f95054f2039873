"""What happened: events, with the parties expected to speak about them."""

from datetime import timedelta

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims.models.claims import Claim, Stance
from claims.models.comment_requests import CommentRequest
from claims.models.fields import PlainCharField, PlainTextField
from claims.models.parties import Party, Topic, ancestors_path, lineage_q, related_model, side_q
from claims.models.planner import read_without
from claims.models.publishing import Precision
from claims.models.rules import (
    NO_DENIALS,
    Publishable,
    StatusQuerySet,
    guard_many_to_many_of,
    sees_drafts,
)
from claims.models.search import SearchIndex, matches, query_configs, rank, search_document_field
from claims.models.statements import Denial, Statement


def _involvements():
    from claims.models.stats import Involvement

    return Involvement.objects.all()


# How many of the newest matching events, and events of the newest matching statements, a search
# ranks: enough for any reader's question, and a cost that does not grow with the archive.
SEARCH_CANDIDATES = 500
# Windows back from the newest row in which the newest matches are looked for, in days; the
# last is the whole archive (for rare words, which are few wherever they are).
SEARCH_WINDOWS = (366, 3653, None)


def _through_the_text_index(rows):
    """``rows`` read through the full-text index. PostgreSQL guesses 1% of rows match an unknown
    word, and under a LIMIT would rather walk another index checking every row (180 ms over
    600,000 statements for a word found nowhere) than ask the GIN index (under 1 ms): in this
    one query, plain index and sequential scans are off, so the bitmap scan is its way."""
    return read_without(rows, "seqscan", "indexscan")


def newest_first_within_windows(rows, found, time_field, values, limit=SEARCH_CANDIDATES):
    """``values`` of the newest ``limit`` rows of ``found`` (a filtered ``rows``), newest first,
    looked for within ever wider windows of time back from the newest of ``rows``: the
    database then reads the matches of the window, not every match in the archive."""
    ordered = found.order_by(f"-{time_field}", "-pk").values_list(*values)
    # Rare words first: at most ``limit`` matches in the whole archive are found through the
    # full-text index alone (no order asked, so the database need not walk the time index
    # checking every row) and ordered among themselves. Only common words go on to the windows.
    few = _through_the_text_index(found.order_by().values_list("pk", flat=True)[: limit + 1])
    if len(few) <= limit:
        return list(ordered.filter(pk__in=few))
    newest = rows.order_by(f"-{time_field}").values_list(time_field, flat=True).first()
    if newest is None:
        return []
    for days in SEARCH_WINDOWS:
        window = ordered
        if days is not None:
            window = ordered.filter(**{f"{time_field}__gte": newest - timedelta(days=days)})
        rows_found = list(window[:limit])
        if len(rows_found) == limit or days is None:
            return rows_found
    return rows_found


class EventQuerySet(StatusQuerySet):
    def with_dispute_flags(self, user=None):
        """Annotate ``is_disputed`` (a denial the visitor may see) and ``statement_count``:
        from the maintained figures for readers, counted now for staff (who see drafts)."""
        if not sees_drafts(user):
            return self.annotate(
                is_disputed=models.ExpressionWrapper(
                    Q(stats__denials__gt=0), output_field=models.BooleanField()
                ),
                statement_count=Coalesce(models.F("stats__statements"), 0),
                denial_count=Coalesce(models.F("stats__denials"), 0),
            )
        denials = Denial.objects.visible_to(user).filter(statement__event=OuterRef("pk"))
        statements = (
            Statement.objects.visible_to(user)
            .filter(event=OuterRef("pk"))
            .order_by()
            .values("event")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            is_disputed=Exists(denials),
            statement_count=Coalesce(Subquery(statements), 0),
        )

    def search(self, terms, user=None):
        """The ids of the events of this queryset matching ``terms`` (``search.parse``) — by
        their title, summary or place, or by a visible statement — best first.

        Only a bounded set of candidates is ranked, whatever the size of the archive: the
        ``SEARCH_CANDIDATES`` newest events matching by their own text and the events of the
        newest statements matching, each ranked in the same query that finds it, and looked
        for in ever wider windows back from the newest (``newest_first_within_windows``): a
        common word fills the first window and never makes the database read every match. On
        PostgreSQL an event scores its own rank plus half its best statement's (a word in the
        title says more than a word in one account); on SQLite (no ranking) the newest come
        first.
        """
        if not terms:
            return []
        events = Event.objects.visible_to(user)
        statements = Statement.objects.visible_to(user)
        configs = query_configs(statements.languages_in_use())
        found = {}
        for pk, moment, score in newest_first_within_windows(
            events,
            matches(events, terms).annotate(score=rank(events, terms)),
            "occurred_at",
            ("pk", "occurred_at", "score"),
        ):
            found[pk] = [moment, score, 0.0]
        for pk, moment, score in newest_first_within_windows(
            statements,
            matches(statements, terms, configs).annotate(score=rank(statements, terms, configs)),
            "issued_at",
            ("event", "event__occurred_at", "score"),
        ):
            entry = found.setdefault(pk, [moment, 0.0, 0.0])
            entry[2] = max(entry[2], score)
        allowed = set(self.filter(pk__in=found).values_list("pk", flat=True))
        return sorted(
            allowed,
            key=lambda pk: (found[pk][1] + found[pk][2] / 2, found[pk][0], pk),
            reverse=True,
        )

    def involving(self, party, user=None):
        """Events where ``party`` (or a party under it) spoke or was a participant: from the
        maintained involvements for readers, looked up now for staff (who see drafts)."""
        if not sees_drafts(user):
            return self.filter(pk__in=_involvements().filter(party=party).values("event"))
        statements = Statement.objects.visible_to(user).filter(side_q(party))
        participants = Event.objects.filter(side_q(party, "participants"))
        return self.filter(
            Exists(statements.filter(event=OuterRef("pk")))
            | Exists(participants.filter(pk=OuterRef("pk")))
        )

    def in_country(self, country, user=None):
        """Events in which a party of ``country`` (at any level) spoke or took part."""
        if not sees_drafts(user):
            involved = _involvements().filter(party__country=country)
            return self.filter(pk__in=involved.values("event"))
        statements = Statement.objects.visible_to(user).filter(lineage_q(country=country))
        participants = Event.objects.filter(lineage_q("participants", country=country))
        return self.filter(
            Exists(statements.filter(event=OuterRef("pk")))
            | Exists(participants.filter(pk=OuterRef("pk")))
        )

    def with_provenance(self, attribution=None, conduit=None, user=None):
        """Events with a visible statement at this attribution level, through this conduit."""
        statements = Statement.objects.visible_to(user).with_provenance(attribution, conduit)
        return self.filter(Exists(statements.filter(event=OuterRef("pk"))))

    def for_listing(self, user=None):
        """What a list of events shows: dispute flag, statement count, topics; newest first."""
        return (
            self.visible_to(user)
            .with_dispute_flags(user)
            .prefetch_related("topics")
            .order_by("-occurred_at", "-pk")
        )

    def for_comparison(self, user=None):
        """Everything the comparison page draws, in a fixed number of queries."""
        statements = Statement.objects.visible_to(user).with_party().order_by("issued_at", "pk")
        denials = Denial.objects.visible_to(user).select_related("claim")
        stances = Stance.objects.visible_to(user).select_related("side", "statement")
        return (
            self.visible_to(user)
            .select_related("initiated_by")
            .prefetch_related(
                "topics",
                models.Prefetch("participants", Party.objects.with_ancestors()),
                models.Prefetch("statements", statements, to_attr="visible_statements"),
                models.Prefetch(
                    "visible_statements__denials_made", denials, to_attr="visible_denials_made"
                ),
                models.Prefetch(
                    "visible_statements__denials_received",
                    denials,
                    to_attr="visible_denials_received",
                ),
                "visible_statements__corrections",
                models.Prefetch(
                    "claims", Claim.objects.visible_to(user).order_by("position", "pk")
                ),
                models.Prefetch("claims__stances", stances, to_attr="visible_stances"),
                models.Prefetch(
                    "comment_requests",
                    CommentRequest.objects.select_related(ancestors_path("party"), "answer"),
                ),
            )
        )


class Event(Publishable):
    class Kind(models.TextChoices):
        PHONE_CALL = "phone_call", _("Phone call")
        MEETING = "meeting", _("Meeting")
        VISIT = "visit", _("Visit")
        ATTACK = "attack", _("Attack")
        AGREEMENT = "agreement", _("Agreement")
        INCIDENT = "incident", _("Incident")
        ANNOUNCEMENT = "announcement", _("Announcement")
        OTHER = "other", _("Other")

    # Publishing moves every figure of its parties; so may who initiated it (a public party).
    figure_fields = ("status", "initiated_by")

    title = PlainCharField(
        max_length=200,
        help_text=_("Neutral: what happened, not who is right."),
        verbose_name=_("title"),
    )
    slug = models.SlugField(
        max_length=200,
        help_text=_("Part of the event's permanent address."),
        verbose_name=_("slug"),
    )
    summary = PlainTextField(
        blank=True,
        max_length=5000,
        help_text=_("One paragraph of context a reader needs, in neutral words."),
        verbose_name=_("summary"),
    )
    # The French pages' title and summary, when an editor has written them; the English ones
    # otherwise (``display_title``). Two fields rather than a translation library: one more
    # language is two more fields and a migration, and everything else stays plain Django.
    title_fr = PlainCharField(
        max_length=200,
        blank=True,
        help_text=_("Shown on the French pages; without it they show the English title."),
        verbose_name=_("title in French"),
    )
    summary_fr = PlainTextField(
        blank=True,
        max_length=5000,
        help_text=_("Shown on the French pages; without it they show the English summary."),
        verbose_name=_("summary in French"),
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.OTHER,
        help_text=_("What sort of event it was."),
        verbose_name=_("kind"),
    )
    occurred_at = models.DateTimeField(
        default=timezone.now,
        help_text=_(
            "When it happened. With a precision coarser than “exact”, the time of day "
            "only orders events and is never shown."
        ),
        verbose_name=_("occurred at"),
    )
    occurred_precision = models.CharField(
        _("precision"),
        max_length=10,
        choices=Precision,
        default=Precision.DAY,
        help_text=_("How much of the time is known: the page never shows more."),
    )
    location = PlainCharField(
        max_length=200, blank=True, help_text=_("Where, if known."), verbose_name=_("location")
    )
    initiated_by = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiated_events",
        help_text=_("Who called or convened it, if reported. Leave empty when unknown."),
        verbose_name=_("initiated by"),
    )
    participants = models.ManyToManyField(
        Party,
        blank=True,
        related_name="events",
        help_text=_(
            "The parties expected to speak. Those without a statement show as “awaiting response”."
        ),
        verbose_name=_("participants"),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="events", verbose_name=_("topics")
    )
    search_document = search_document_field(
        ("title", "A"),
        ("title_fr", "A"),
        ("summary", "B"),
        ("summary_fr", "B"),
        ("location", "C"),
        folded=True,
    )

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at", "version", "search_document"],
        m2m_fields=[participants, topics],
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-occurred_at", "-pk"]
        get_latest_by = "occurred_at"
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(fields=["slug"], name="event_unique_slug"),
            models.CheckConstraint(
                condition=Q(occurred_precision__in=Precision.values),
                name="event_precision_valid",
            ),
        ]
        permissions = [
            ("publish_content", "Can publish, unpublish and delete published content"),
        ]
        indexes = [
            models.Index(fields=["status", "-occurred_at", "-id"], name="event_status_date_idx"),
            SearchIndex(fields=["search_document"], name="event_search_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("claims:event-detail", kwargs={"slug": self.slug})

    @property
    def display_title(self):
        """The title in the page's language, when one was written (else the English one)."""
        return self._in_language("title")

    @property
    def display_summary(self):
        return self._in_language("summary")

    @property
    def shown_in_english(self):
        """Whether a page in another language shows this event's English words."""
        return get_language() != "en" and not getattr(self, f"title_{get_language()}", "")

    def _in_language(self, field):
        return getattr(self, f"{field}_{get_language()}", "") or getattr(self, field)

    def events_concerned(self, saved):
        return {self.pk}

    def denials_reached(self, saved):
        if self.pk is None:
            return NO_DENIALS
        statement = related_model(Event, "statements")
        return related_model(statement, "denials_made").objects.filter(statement__event=self.pk)

    def parties_concerned(self, saved):
        speakers = set(self.statements.values_list("party", flat=True))
        participants = set(self.participants.values_list("pk", flat=True))
        initiators = {self.initiated_by_id, saved.initiated_by_id if saved else None}
        return (speakers | participants | initiators) - {None}


guard_many_to_many_of(Event.participants, Event.topics)
