"""Editors' roles. Groups are created by a data migration; publishing is one permission.

*Editors* add, change and view content, and may delete drafts. *Chief editors* may also publish,
unpublish and delete published content (``claims.publish_content``), and manage the reference
lists every page and search reads: conduits and spellings (Editors see them). Every path that
publishes or deletes published content, or changes a reference list, asks ``can_publish(user)``.
"""

EDITORS = "Editors"
CHIEF_EDITORS = "Chief editors"
PUBLISH_PERMISSION = "claims.publish_content"

CONTENT_MODELS = [
    "party",
    "topic",
    "event",
    "statement",
    "denial",
    "claim",
    "stance",
    "commentrequest",
]
REFERENCE_MODELS = ["conduit", "spelling"]

# codename lists per group, built from the models above
EDITOR_CODENAMES = [
    f"{action}_{model}"
    for model in CONTENT_MODELS
    for action in ("add", "change", "view", "delete")
] + ["view_correction", *(f"view_{model}" for model in REFERENCE_MODELS)]
CHIEF_CODENAMES = [
    *EDITOR_CODENAMES,
    "change_correction",
    "publish_content",
    *(f"{action}_{model}" for model in REFERENCE_MODELS for action in ("add", "change", "delete")),
]


def can_publish(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def ensure_groups(using="default"):
    """The two groups with their permissions, after every migrate: a new release's permissions
    reach groups an earlier one made, and nothing an administrator granted is taken away. (The
    groups' permissions are the code's: one removed by hand comes back; to give someone less,
    give them another group.)"""
    from django.contrib.auth.models import Group, Permission

    for name, codenames in [(EDITORS, EDITOR_CODENAMES), (CHIEF_EDITORS, CHIEF_CODENAMES)]:
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.using(using).filter(
                content_type__app_label="claims", codename__in=codenames
            )
        )
