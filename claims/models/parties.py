"""Who speaks (parties, up to their government) and what it is about (topics)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from claims.models.fields import PlainCharField, PlainTextField
from claims.models.rules import NO_DENIALS, RuledModel, RuledQuerySet, Versioned

# Lecornu → Ministry of the Armed Forces → France is three levels; four leaves room for a
# department or unit. A fixed depth lets one query fetch a party with all its ancestors.
MAX_DEPTH = 4


def ancestors_path(path="", depth=MAX_DEPTH - 1):
    """The select_related path that loads the party at ``path`` (or a party itself, with no
    path) together with every ancestor up to its side: "party__parent__parent__parent".
    With ``depth``, the path to that ancestor: ``ancestors_path("party", 1)`` is
    "party__parent"."""
    return "__".join([*([path] if path else []), *["parent"] * depth])


def lineage_q(path="party", **lookup):
    """Q matching rows whose party at ``path``, or one of its ancestors, matches ``lookup``.

    ``lineage_q("statements__party", country="FR")``: a statement by a French party at any level.
    ``lineage_q(None, pk=3)`` on parties: party 3 and every party under it.
    """
    ((name, value),) = lookup.items()
    prefix = f"{path}__" if path else ""
    q = Q()
    for depth in range(MAX_DEPTH):
        q |= Q(**{f"{prefix}{'parent__' * depth}{name}": value})
    return q


def side_q(party, path="party"):
    """Q matching rows whose party at ``path`` is ``party`` or any party under it.

    The few parties concerned are found in the (small) party table first, so that the big
    tables are searched through their party index rather than joined four times.
    """
    return Q(**{f"{path}__in": Party.objects.filter(lineage_q(None, pk=party.pk)).values("pk")})


def side_id(path="party"):
    """An SQL expression for the id of the side (top ancestor) of the party at ``path``."""
    chain = [f"{path}{'__parent' * depth}" for depth in reversed(range(MAX_DEPTH))]
    return Coalesce(*chain)


def related_model(model, name):
    """The model at the end of ``model``'s relation ``name``, without importing its module
    (the content models' modules import this one)."""
    return model._meta.get_field(name).related_model


class PartyQuerySet(RuledQuerySet):
    @staticmethod
    def naming_content():
        """``(published rows, the field that names a party)`` for each kind of content that
        makes a party public: speaker, participant, initiator, side of a stance."""
        statement, event, stance = (
            related_model(Party, name) for name in ("statements", "events", "stances")
        )
        return [
            (statement.objects.published(), "party"),
            (event.objects.published(), "participants"),
            (event.objects.published(), "initiated_by"),
            (stance.objects.published(), "side"),
        ]

    def used(self):
        """Parties that published content names (``naming_content``)."""
        named = Q()
        for rows, field in self.naming_content():
            named |= Exists(rows.filter(**{field: OuterRef("pk")}))
        return self.filter(named)

    def is_used(self, pk):
        """Whether published content names the party ``pk`` (``used``), asked of that one
        party: each kind of content in turn, through its index (asked of many parties at once,
        PostgreSQL scans the statements for each: 20 ms a party at 100,000 events)."""
        return any(rows.filter(**{field: pk}).exists() for rows, field in self.naming_content())

    def published(self):
        """Public parties, as the maintained figures say (``PartyStats.public``): exact after
        every write, and one indexed lookup instead of a search through every statement."""
        return self.filter(stats__public=True)

    def public_by_rule(self):
        """The one rule for parties: a party is public when published content names it or a
        party under it (a minister's statement makes the ministry and the state public).
        Parties entered only for drafts stay unknown to the public."""
        used = Party.objects.used()
        public = Q(pk__in=used.values("pk"))
        for depth in range(1, MAX_DEPTH):
            public |= Q(pk__in=used.values("__".join(["parent"] * depth)))
        return self.filter(public)

    def sides(self):
        """Top-level parties: the governments and organisations that get a column each."""
        return self.filter(parent=None)

    def with_descendants(self, user=None):
        """Prefetch every level of the parties ``user`` may see under each one (the last level
        finds none, so a template walking the tree asks nothing more)."""
        visible = Party.objects.visible_to(user)
        return self.prefetch_related(
            *(
                models.Prefetch("__".join(["children"] * depth), visible)
                for depth in range(1, MAX_DEPTH + 1)
            )
        )

    def with_ancestors(self):
        """Load each party with its parents up to its side in the same query."""
        return self.select_related(ancestors_path())


class Party(Versioned, RuledModel):
    class Kind(models.TextChoices):
        STATE = "state", _("State")
        GOVERNMENT = "government", _("Government")
        MINISTRY = "ministry", _("Ministry")
        ARMED_FORCE = "armed_force", _("Armed force")
        AGENCY = "agency", _("Agency")
        INTERNATIONAL = "international", _("International organisation")
        PERSON = "person", _("Person")
        OTHER = "other", _("Other")

    name = PlainCharField(
        max_length=200,
        help_text=_("Full name, e.g. “Ministry of the Armed Forces”."),
        verbose_name=_("name"),
    )
    short_name = PlainCharField(
        max_length=80,
        blank=True,
        help_text=_("Used in column headings when the full name is long, e.g. “France”."),
        verbose_name=_("short name"),
    )
    slug = models.SlugField(
        max_length=200, help_text=_("Part of the party's web address."), verbose_name=_("slug")
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.STATE,
        help_text=_("What sort of party this is."),
        verbose_name=_("kind"),
    )
    role = PlainCharField(
        max_length=200,
        blank=True,
        help_text=_("For a person: the office held at the time, e.g. “Minister of Defence”."),
        verbose_name=_("role"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_(
            "Who this party speaks for: a minister's ministry, a ministry's state. "
            "Leave empty for a government or international organisation: it gets its own column."
        ),
        verbose_name=_("parent"),
    )
    country = CountryField(
        blank=True, help_text=_("For states and their institutions."), verbose_name=_("country")
    )
    description = PlainTextField(
        blank=True,
        max_length=2000,
        help_text=_("Optional context for readers, e.g. a minister's time in office."),
        verbose_name=_("description"),
    )
    aliases = PlainTextField(
        blank=True,
        max_length=2000,
        help_text=_(
            "Other ways articles name this party, one per line: “The MEA”, “India's external "
            "affairs ministry”, “French” (for a state, its demonym). Article intake "
            "recognises every one; readers never see them."
        ),
        verbose_name=_("aliases"),
    )

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="party_unique_slug"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="party_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:party-detail", kwargs={"slug": self.slug})

    @property
    def label(self):
        return self.short_name or self.name

    def ancestors(self):
        """Parents from the nearest up to the side (not including this party)."""
        chain, party = [], self.parent
        while party is not None and len(chain) < MAX_DEPTH:
            chain.append(party)
            party = party.parent
        return chain

    @property
    def side(self):
        """The top ancestor — the government or organisation whose column this party sits in."""
        chain = self.ancestors()
        return chain[-1] if chain else self

    def clean(self):
        super().clean()
        seen, party, depth = {self.pk}, self.parent, 1
        while party is not None and depth <= MAX_DEPTH:  # deeper is refused below anyway
            if party.pk in seen:
                raise ValidationError({"parent": gettext("A party cannot be its own ancestor.")})
            seen.add(party.pk)
            party, depth = party.parent, depth + 1
        if depth + self.height() > MAX_DEPTH:
            raise ValidationError(
                {
                    "parent": gettext(
                        "Parties nest at most %(depth)s levels deep (state → … → person); with "
                        "this parent, this party or those under it would be deeper."
                    )
                    % {"depth": MAX_DEPTH}
                }
            )
        saved = self.saved()
        if saved is not None and saved.parent_id != self.parent_id:
            self.check_new_side()

    def check_new_side(self):
        """Moving a party moves every statement of it and of the parties under it to another
        side: refused if a denial would then link one side to itself, or a stance would rest on
        another side's statement."""
        side = self.side
        statement = related_model(Party, "statements")
        denial = related_model(statement, "denials_made")
        stance = related_model(Party, "stances")
        mine, theirs = (
            lineage_q("statement__party", pk=self.pk),
            lineage_q("target__party", pk=self.pk),
        )
        same_side = denial.objects.filter(
            (mine & lineage_q("target__party", pk=side.pk))
            | (theirs & lineage_q("statement__party", pk=side.pk))
        ).first()
        if same_side is not None:
            raise ValidationError(
                {
                    "parent": gettext(
                        "Under %(side)s, the denial “%(denial)s” (#%(id)s) would link two "
                        "statements of the same side. Change or delete it first."
                    )
                    % {"side": side, "denial": same_side, "id": same_side.pk}
                }
            )
        other = stance.objects.filter(lineage_q("statement__party", pk=self.pk)).exclude(side=side)
        if conflict := other.select_related("side").first():
            raise ValidationError(
                {
                    "parent": gettext(
                        "The stance “%(stance)s” (#%(id)s) rests on a statement of this party: it "
                        "would then speak for %(side)s, not %(other)s."
                    )
                    % {"stance": conflict, "id": conflict.pk, "side": side, "other": conflict.side}
                }
            )

    def parties_concerned(self, saved):
        return {self.pk, self.parent_id, saved.parent_id if saved else None} - {None}

    def events_concerned(self, saved):
        moved = saved is not None and saved.parent_id != self.parent_id
        return None if moved else set()  # a move changes who is involved anywhere: all

    def events_shown(self, saved):
        return None  # its name, colour and flag are on any page (parties change rarely)

    def height(self):
        """How many levels of parties sit under this one (0 for none)."""
        height, level = 0, [self.pk] if self.pk else []
        while level and height < MAX_DEPTH:
            level = list(Party.objects.filter(parent__in=level).values_list("pk", flat=True))
            height += bool(level)
        return height


class TopicQuerySet(RuledQuerySet):
    def published(self):
        """The one rule for topics: public when a published event has it."""
        event = related_model(Topic, "events")
        return self.filter(Exists(event.objects.published().filter(topics=OuterRef("pk"))))


class Topic(Versioned, RuledModel):
    name = PlainCharField(
        max_length=100, help_text=_("E.g. “Terrorism”, “War in Ukraine”."), verbose_name=_("name")
    )
    slug = models.SlugField(
        max_length=100, help_text=_("Part of the topic's web address."), verbose_name=_("slug")
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="topic_unique_slug")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:event-list") + f"?topic={self.slug}"

    def events_shown(self, saved):
        return None  # its name is on its events' pages and in every list's filters

    def denials_reached(self, saved):
        return NO_DENIALS
