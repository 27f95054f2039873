"""The newsroom's rules, enforced on every write, whatever the path.

Admin pages and their inlines, history revert, article intake, import, management commands, the
shell and any API all end in ``save()`` or ``delete()`` of the models, or in a QuerySet's
``update()`` or ``delete()``, so the rules live here and in each model's ``clean()``:

* **Data rules.** ``save()`` validates the whole row first (``full_clean``): field values
  (choices, caps, cleaned text) and the model's ``clean()``, which checks the rows it points at
  (same event, another side, no party loops, passages present…) and the rows that point at it.
  A form shows the same errors, because a ModelForm runs the same ``full_clean``: forms explain
  the rules, they do not hold them.
* **Publishing.** Nothing becomes, stays or stops being public without
  ``claims.publish_content``: creating, changing or deleting a row that is public, or that would
  be public once saved, needs it. Who is acting is set by ``acting_as(user)``: every web request
  sets it (``claims.web.middleware``); management commands act as the operator who runs them
  (``None``, the system) unless told to act as a user.
* **Concurrent edits.** A row with a ``version`` is saved only if nobody saved it since it was
  read: the second of two editors gets an error, and the first one's change is kept.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.models.public import ALL, DenialChange, PublicState, keys_of, one_public_change
from claims.models.publishing import Status
from claims.models.roles import can_publish

_actor = ContextVar("newsdesk_actor", default=None)

# Columns that record a write rather than content: changing them changes nothing public.
BOOKKEEPING = frozenset({"created_at", "updated_at", "version", "search_document"})


@contextmanager
def acting_as(user):
    """Run the enclosed writes on behalf of ``user`` (``None``: the system operator)."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def sees_drafts(user):
    """Who is looking: staff see drafts (to preview them), everyone else published content
    only. The one switch every "visible to" query and figure goes through."""
    return user is not None and user.is_active and user.is_staff


def current_actor():
    return _actor.get()


def restricted():
    """True when the one acting may not publish (an Editor, a reader, anyone anonymous)."""
    actor = _actor.get()
    return actor is not None and not can_publish(actor)


class PublishingRefused(ValidationError):
    """A write that would change what the public sees, by someone who may not publish."""


class ConcurrentEdit(ValidationError):
    """A save based on a version of the row that someone else has saved over since."""


def refuse(message):
    """Refuse a write the one acting may not make (a form shows it as its error)."""
    raise PublishingRefused({NON_FIELD_ERRORS: [message]}, code="publish_content")


class RuledQuerySet(models.QuerySet):
    """Bulk writes obey the publishing rule too (the admin's "delete selected" uses them)."""

    def published(self):
        raise NotImplementedError

    def visible_to(self, user):
        """Staff see drafts (to preview them); everyone else sees published items only."""
        if sees_drafts(user):
            return self.all()
        return self.published()

    def delete(self):
        public = self.published().exists()
        if restricted() and public:
            refuse(
                gettext("Some of these %(things)s are public: only chief editors can delete them.")
                % {"things": self.model._meta.verbose_name_plural}
            )
        with transaction.atomic(using=self.db):
            deleted = super().delete()
            if public:
                PublicState.bump(ALL)
        return deleted

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **kwargs):
        with transaction.atomic(using=self.db):  # what check_update writes goes with it
            self.model.check_update(self, kwargs)
            if restricted() and "status" in kwargs:
                refuse(
                    gettext("Only chief editors can publish or unpublish %(things)s.")
                    % {"things": self.model._meta.verbose_name_plural}
                )
            public = self.published().exists()
            if restricted() and public:
                refuse(
                    gettext("Only chief editors can change public %(things)s or what is published.")
                    % {"things": self.model._meta.verbose_name_plural}
                )
            updated = super().update(**kwargs)
            if public or ("status" in kwargs and self.published().exists()):
                PublicState.bump(ALL)
        return updated

    update.alters_data = True
    update.queryset_only = False


class StatusQuerySet(RuledQuerySet):
    """Rows public by the model's one publishing rule (``RuledModel.public_q``)."""

    def published(self):
        return self.filter(self.model.public_q())


class RuledModel(models.Model):
    """A model whose every save validates the row and applies the publishing rule; a save that
    changes what the public sees moves the public version on (``claims/models/public.py``)."""

    # The publishing rule, declared once: the rows this one hangs on, each public in its turn
    # (a trailing "?": the link may be empty). ``public_q`` (the database's filter, also from
    # other models' paths), ``parents_public`` (the save-time check) and ``parents_published``
    # (the in-memory property templates use) are all derived from it.
    public_through = ()
    has_status = False
    # The fields the maintained figures of parties read (who is public, denials issued and
    # received, delays, who denies whom): a save that changes none of them (a corrected text,
    # a speaker's name) refreshes no party's figures, whose cost grows with the archive.
    # None: any field may move them.
    figure_fields = None

    # Rows that point at this one and that the same save also writes (an admin page's inline
    # rows: model name → primary keys). They validate themselves against this row's new state,
    # so this row's checks of what points at it leave them out: the same save may resolve a
    # conflict.
    also_saving = {}

    # Fields only the desk sees (a review checklist, say): changing them changes nothing public.
    desk_fields = frozenset()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # One change of the public, whatever the save also writes (a correction, say).
        with transaction.atomic(using=kwargs.get("using") or self._state.db), one_public_change():
            saved = self._saved_row = self.saved()
            # Unique checks are left to the database's constraints (one query fewer per row);
            # forms run them beforehand to explain.
            self.full_clean(validate_unique=False, validate_constraints=False)
            was_public = saved is not None and self.is_public()
            changed = saved is None or self.content_differs(saved)
            moves = changed and self.moves_figures(saved)
            reached = self.denials_reached(saved) if moves else None
            before = public_pairs(reached) if reached is not None else None
            super().save(*args, **kwargs)
            self.after_save()
            public = self.is_public() if changed else was_public
            if changed and (was_public or public):
                parties = self.parties_concerned(saved) if moves else set()
                keys = keys_of(self.events_shown(saved), lists=moves)
                if not moves:
                    denials = DenialChange()  # no figure moves
                elif before is None:
                    denials = ALL
                else:
                    after = public_pairs(self.denials_reached(saved))
                    denials = DenialChange.between(before, after)
                PublicState.bump(
                    parties,
                    self.events_concerned(saved),
                    keys,
                    denials,
                    withdrawn=was_public and not public,
                )

    save.alters_data = True

    def delete(self, *args, **kwargs):
        public = self.is_public()
        if restricted() and public:
            refuse(
                gettext(
                    "“%(row)s” is public: only chief editors can delete it. Ask one, or correct "
                    "it instead."
                )
                % {"row": self}
            )
        with transaction.atomic(using=kwargs.get("using") or self._state.db):
            parties = self.parties_concerned(None) if public else set()
            events = self.events_concerned(None) if public else set()
            keys = keys_of(self.events_shown(None)) if public else None
            reached = self.denials_reached(None) if public else None
            before = public_pairs(reached) if reached is not None else None
            deleted = super().delete(*args, **kwargs)
            if public:
                denials = DenialChange.between(before, {}) if before is not None else ALL
                PublicState.bump(parties, events, keys, denials)
        return deleted

    delete.alters_data = True

    @classmethod
    def public_links(cls):
        """``(field name, may be empty, model)`` for each row this one hangs on."""
        for link in cls.public_through:
            name = link.rstrip("?")
            yield name, link.endswith("?"), cls._meta.get_field(name).related_model

    @classmethod
    def public_q(cls, prefix=""):
        """The rule as a filter: rows of this model that are public, reached through
        ``prefix`` (a path such as ``"statement__"``) from another model."""
        rule = Q(**{f"{prefix}status": Status.PUBLISHED}) if cls.has_status else Q()
        for name, optional, model in cls.public_links():
            parent = model.public_q(f"{prefix}{name}__")
            rule &= (Q(**{f"{prefix}{name}": None}) | parent) if optional else parent
        return rule

    @property
    def parents_published(self):
        """Whether what the row hangs on is public, as loaded (no query when it is)."""
        for name, optional, _model in self.public_links():
            parent = getattr(self, name)
            if parent is None:
                if optional:
                    continue
                return False
            if not parent.is_published:
                return False
        return True

    def parents_public(self):
        """Whether what the row hangs on is public, as saved (asks the database)."""
        for name, optional, model in self.public_links():
            pk = getattr(self, self._meta.get_field(name).attname)
            if pk is None:
                if optional:
                    continue
                return False
            if not model._default_manager.filter(model.public_q(), pk=pk).exists():
                return False
        return True

    def after_save(self):
        """Rows a save writes besides this one (a correction, say)."""

    @classmethod
    def check_update(cls, queryset, changes):
        """A bulk ``update(**changes)`` of ``queryset``: refuse it, or add what it implies."""

    def moves_figures(self, saved):
        """Whether this save can move parties' figures (see ``figure_fields``)."""
        if saved is None or self.figure_fields is None:
            return True
        return any(
            self._meta.get_field(name).value_from_object(self)
            != self._meta.get_field(name).value_from_object(saved)
            for name in self.figure_fields
        )

    def parties_concerned(self, saved):
        """Ids of the parties whose public figures (``claims.models.stats``) a change of this
        row can move, as it is now and as it was (``saved``)."""
        return set()

    def events_concerned(self, saved):
        """Ids of the events whose public figures a change of this row can move."""
        return set()

    def denials_reached(self, saved):
        """The denials (a QuerySet, by what identifies them: ids, statements, an event) whose
        publicness, parties or delays this row's save or deletion can change — asked before
        and after the save; ``NO_DENIALS`` for none; ``None``: can't say (the parties' figures
        are then counted again)."""
        return None

    def events_shown(self, saved):
        """Ids of the events whose pages show this row, as it is and as it was (``ALL``: any
        page may, as a party's or a topic's name)."""
        return self.events_concerned(saved)

    def full_clean(self, *args, **kwargs):
        self._saved_row = self.saved()
        try:
            super().full_clean(*args, **kwargs)
        finally:
            del self._saved_row

    def clean(self):
        super().clean()
        self.check_publishing(self.saved())

    def saved(self):
        """The row as the database holds it now (None for a new row); read once per
        validation."""
        if hasattr(self, "_saved_row"):
            return self._saved_row
        if self.pk is None:
            return None
        return type(self)._base_manager.filter(pk=self.pk).first()

    def is_public(self):
        """Whether the saved row is public now (asks the database)."""
        return (
            self.pk is not None
            and type(self)._default_manager.published().filter(pk=self.pk).exists()
        )

    def public_once_saved(self, is_public_now):
        """Whether the row, saved as it is, would be public. Rows with no status of their own
        (parties, topics, corrections) change their publicness only through other rows."""
        return is_public_now

    def content_differs(self, saved):
        """Whether anything but bookkeeping differs from the saved row."""
        return any(
            field.value_from_object(self) != field.value_from_object(saved)
            for field in self._meta.concrete_fields
            if field.name not in BOOKKEEPING
            and field.name not in self.desk_fields
            and not isinstance(field, models.GeneratedField)
        )

    def check_publishing(self, saved):
        if not restricted():
            return
        was = saved is not None and self.is_public()
        will = self.public_once_saved(was)
        if not (was or will) or (saved is not None and not self.content_differs(saved)):
            return
        if will and not was:
            refuse(
                gettext(
                    "Only chief editors can publish: saved like this, “%(row)s” would be public. "
                    "Keep it as a draft and ask a chief editor to publish it."
                )
                % {"row": self}
            )
        if was and not will:
            refuse(
                gettext("“%(row)s” is public: only chief editors can take it off the public site.")
                % {"row": self}
            )
        refuse(
            gettext(
                "“%(row)s” is public: only chief editors can change it. Ask one to make the "
                "change (a changed text needs a correction note)."
            )
            % {"row": self}
        )


NO_DENIALS = ()  # what ``denials_reached`` gives for a row that reaches none


def public_pairs(denials):
    """``{id: (denying party id, denied party id)}`` of the public ones among ``denials``."""
    if denials is NO_DENIALS:
        return {}
    rows = denials.filter(denials.model.public_q()).values_list(
        "pk", "statement__party", "target__party"
    )
    return {pk: (denier, denied) for pk, denier, denied in rows}


class Versioned(models.Model):
    """Optimistic locking: a row is saved only over the version it was read at, so the second
    of two editors gets an error and the first one's change is kept — checked when the row is
    validated (to explain it in the form) and again by the UPDATE itself (two saves that both
    validated before either wrote)."""

    version = models.PositiveIntegerField(
        default=1,
        help_text=_(
            "Counts saves: a save based on an older version is refused (two editors at once)."
        ),
        verbose_name=_("version"),
    )

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None:
            update_fields = {*update_fields, "version"}
            if any(field.name == "updated_at" for field in self._meta.concrete_fields):
                update_fields.add("updated_at")
        self._expected_version = None if self._state.adding else self.version
        if self._expected_version is not None:
            self.version = self._expected_version + 1
        try:
            super().save(*args, update_fields=update_fields, **kwargs)
        except BaseException:
            if self._expected_version is not None:
                self.version = self._expected_version
            raise
        finally:
            self._expected_version = None

    save.alters_data = True

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update, *args):
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(
                base_qs, using, pk_val, values, update_fields, forced_update, *args
            )
        updated = super()._do_update(
            base_qs.filter(version=expected), using, pk_val, values, update_fields, True, *args
        )
        if not updated and base_qs.filter(pk=pk_val).exists():
            raise ConcurrentEdit(
                gettext(
                    "Someone else saved “%(row)s” a moment ago. Your changes were not saved: "
                    "open it again to see theirs, then make yours."
                )
                % {"row": self},
                code="concurrent_edit",
            )
        return updated

    def saved_version(self):
        """The version the database holds (None for a new row)."""
        if isinstance(self, RuledModel):
            saved = self.saved()
            return saved.version if saved is not None else None
        if self.pk is None:
            return None
        return type(self)._base_manager.filter(pk=self.pk).values_list("version", flat=True).first()

    def clean(self):
        saved = self.saved_version()
        # While saving, ``version`` already counts this save: compare the one it started from.
        started_from = getattr(self, "_expected_version", None) or self.version
        if saved is not None and saved != started_from:
            raise ConcurrentEdit(
                {
                    NON_FIELD_ERRORS: [
                        gettext(
                            "Someone else saved “%(row)s” after you opened it. Your changes "
                            "were not saved: open it again to see theirs, then make yours."
                        )
                        % {"row": self}
                    ]
                },
                code="concurrent_edit",
            )
        super().clean()


class Publishable(Versioned, RuledModel):
    """What events, statements, denials, claims and stances share: a status that only chief
    editors change, a version for optimistic locking, and when the row was written."""

    has_status = True

    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text=_("Drafts are visible to staff only. Publishing needs a chief editor."),
        verbose_name=_("status"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    @property
    def is_published(self):
        """Published, with what it hangs on, as loaded (for pages; ``is_public()`` asks the
        database)."""
        return self.status == Status.PUBLISHED and self.parents_published

    def public_once_saved(self, is_public_now):
        return self.status == Status.PUBLISHED and self.parents_public()

    def check_publishing(self, saved):
        """The status is the chief editors' decision, public or not: an Editor's rows start as
        drafts and keep the status a chief gave them (a statement an Editor marked
        "published" under a draft event would go public with the event)."""
        if restricted():
            was = saved.status if saved is not None else Status.DRAFT
            if self.status != was:
                message = (
                    gettext(
                        "Only chief editors can publish or unpublish: “%(row)s” stays a draft. "
                        "Ask a chief editor."
                    )
                    if was == Status.DRAFT
                    else gettext(
                        "Only chief editors can publish or unpublish: “%(row)s” stays "
                        "published. Ask a chief editor."
                    )
                )
                refuse(message % {"row": self})
        super().check_publishing(saved)


def guard_many_to_many_of(*descriptors):
    """Participants and topics of a public event change what the public sees: chief editors
    only. A many-to-many change has no model hook but the ``m2m_changed`` signal."""
    for descriptor in descriptors:
        m2m_changed.connect(
            _many_to_many_guard(descriptor.field.name),
            sender=descriptor.through,
            weak=False,
        )


def _many_to_many_guard(field_name):
    def guard(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action == "post_clear":
            cleared = getattr(instance, "_cleared", None)
            if cleared is not None:
                del instance._cleared
                PublicState.bump(*cleared)
            return
        if reverse:  # party.events.add(event): ``model`` is the event model
            events = model._default_manager.published()
            events = set(
                (
                    events.filter(pk__in=pk_set)
                    if pk_set is not None
                    else events.filter(**{field_name: instance})
                ).values_list("pk", flat=True)
            )
        else:
            events = {instance.pk} if instance.is_public() else set()
        if not events or (pk_set is not None and not pk_set):
            return
        if action.startswith("pre_") and restricted():
            refuse(
                gettext("Only chief editors can change the %(what)s of a public event.")
                % {
                    "what": gettext("participants")
                    if field_name == "participants"
                    else gettext("topics")
                }
            )
        # The events' pages, and lists (filters by party or topic); no denial changes.
        shown = keys_of(events)
        if field_name != "participants":  # topics: no figures of parties or events move
            concerned = (set(), set(), shown, DenialChange())
        elif reverse:
            concerned = ({instance.pk}, events, shown, DenialChange())
        else:
            parties = (
                set(pk_set)
                if pk_set is not None
                else set(getattr(instance, field_name).values_list("pk", flat=True))
            )
            concerned = (parties, events, shown, DenialChange())
        if action == "pre_clear":
            instance._cleared = concerned  # bumped once they are gone (post_clear)
        elif action.startswith("post_"):
            PublicState.bump(*concerned)

    return guard
