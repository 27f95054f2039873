from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS, CHIEF_EDITORS = "Editors", "Chief editors"
# The groups as this migration made them (frozen: later permissions, for models that did not
# exist yet, are added after every migrate by claims.models.roles.ensure_groups).
EDITOR_CODENAMES = [
    f"{action}_{model}"
    for model in ["party", "topic", "event", "statement", "denial", "claim", "stance"]
    for action in ("add", "change", "view", "delete")
] + ["view_correction"]
CHIEF_CODENAMES = [*EDITOR_CODENAMES, "change_correction", "publish_content"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config("claims")
    app_config.models_module = True  # a migration's app stub has none; create_permissions asks
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [(EDITORS, EDITOR_CODENAMES), (CHIEF_EDITORS, CHIEF_CODENAMES)]:
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="claims", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, CHIEF_EDITORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("claims", "0002_corrections_and_publish_permission"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
