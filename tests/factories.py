"""Tiny factories: each makes one valid object, with keyword arguments overriding defaults."""

import itertools
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from claims.models import Claim, Denial, Event, Party, Precision, Stance, Statement, Status, Topic
from claims.models.review import CHECKLIST

_seq = itertools.count(1)
BASE_TIME = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
# Statements and denials are made as verified (their review checklist ticked) unless a test
# says otherwise: a chief editor may then publish them.
CHECKED = dict.fromkeys(CHECKLIST, True)


def make_party(**kwargs):
    n = next(_seq)
    kwargs.setdefault("name", f"Fictional State {n}")
    kwargs.setdefault("slug", f"fictional-state-{n}")
    return Party.objects.create(**kwargs)


def make_topic(**kwargs):
    n = next(_seq)
    kwargs.setdefault("name", f"Topic {n}")
    kwargs.setdefault("slug", f"topic-{n}")
    return Topic.objects.create(**kwargs)


def make_event(**kwargs):
    n = next(_seq)
    kwargs.setdefault("title", f"Fictional summit {n}")
    kwargs.setdefault("slug", f"fictional-summit-{n}")
    kwargs.setdefault("occurred_at", BASE_TIME)
    kwargs.setdefault("occurred_precision", Precision.EXACT)
    kwargs.setdefault("status", Status.PUBLISHED)
    return Event.objects.create(**kwargs)


def make_statement(**kwargs):
    if "event" not in kwargs:
        kwargs["event"] = make_event()
    if "party" not in kwargs:
        kwargs["party"] = make_party()
    kwargs.setdefault("issued_at", kwargs["event"].occurred_at + timedelta(hours=1))
    kwargs.setdefault("text", "<p>The talks were frank and useful.</p>")
    kwargs.setdefault("status", Status.PUBLISHED)
    return Statement.objects.create(**{**CHECKED, **kwargs})


def make_denial(**kwargs):
    """A denial by another side of ``target``'s first words (both made when not given)."""
    if "target" not in kwargs:
        kwargs["target"] = make_statement(text="<p>Both sides agreed to a ceasefire.</p>")
    target = kwargs["target"]
    if "statement" not in kwargs:
        kwargs["statement"] = make_statement(
            event=target.event,
            issued_at=target.issued_at + timedelta(hours=2, minutes=10),
            text="<p>Nothing of the kind was agreed.</p>",
        )
    kwargs.setdefault("disputed_passage", "agreed to a ceasefire")
    kwargs.setdefault("status", Status.PUBLISHED)
    return Denial.objects.create(**{**CHECKED, **kwargs})


def make_claim(**kwargs):
    if "event" not in kwargs:
        kwargs["event"] = make_event()
    kwargs.setdefault("text", f"Claim {next(_seq)}")
    kwargs.setdefault("status", Status.PUBLISHED)
    return Claim.objects.create(**kwargs)


def make_stance(**kwargs):
    """A stance; its side is made a participant of the claim's event if it is not one yet."""
    kwargs.setdefault("position", Stance.Position.ASSERTS)
    kwargs.setdefault("status", Status.PUBLISHED)
    kwargs["claim"].event.participants.add(kwargs["side"])
    return Stance.objects.create(**kwargs)


def make_staff(**kwargs):
    n = next(_seq)
    kwargs.setdefault("username", f"editor{n}")
    kwargs.setdefault("is_staff", True)
    kwargs.setdefault("is_superuser", True)
    return get_user_model().objects.create_user(password="a-long-test-password", **kwargs)


def login_as(group_name, username=None):
    """A client logged in as a staff member of ``group_name`` (Editors, Chief editors)."""
    user = get_user_model().objects.create_user(
        username or f"{group_name.split()[0].lower()}-user",
        password="a-long-test-password",
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    client.user = user
    return client
