"""Editors' roles. Groups are created by a data migration; publishing is one permission.

*Editors* add, change and view content, and may delete drafts. *Chief editors* may also publish,
unpublish and delete published content (``claims.publish_content``). Every path that publishes
or deletes published content asks ``can_publish(user)``.
"""

EDITORS = "Editors"
CHIEF_EDITORS = "Chief editors"
PUBLISH_PERMISSION = "claims.publish_content"

CONTENT_MODELS = ["party", "topic", "event", "statement", "denial", "claim", "stance"]

# codename lists per group, built from the models above
EDITOR_CODENAMES = [
    f"{action}_{model}"
    for model in CONTENT_MODELS
    for action in ("add", "change", "view", "delete")
] + ["view_correction"]
CHIEF_CODENAMES = [*EDITOR_CODENAMES, "change_correction", "publish_content"]


def can_publish(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def ensure_groups(using="default"):
    """The two groups with their permissions (created by a migration; again after a flush)."""
    from django.contrib.auth.models import Group, Permission

    for name, codenames in [(EDITORS, EDITOR_CODENAMES), (CHIEF_EDITORS, CHIEF_CODENAMES)]:
        group, created = Group.objects.using(using).get_or_create(name=name)
        if created:
            group.permissions.set(
                Permission.objects.using(using).filter(
                    content_type__app_label="claims", codename__in=codenames
                )
            )
