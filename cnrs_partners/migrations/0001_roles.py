"""Create the four role groups with their permissions (see cnrs_partners/roles.py).

Model permissions are normally created after all migrations run; they are created here first so that
the groups get them on a fresh database. Names are frozen copies: a later change needs a new migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ["regions", "labs", "agreements"]
EVERYTHING = ["add", "change", "delete", "view"]

COORDINATOR_EDITS = ["site", "siteagreement", "agreementsignatory", "piaproject", "boardseat"]
EDITOR_EDITS = {
    "lab": EVERYTHING,
    "supervision": EVERYTHING,
    "succession": EVERYTHING,
    "partner": ["add", "change", "view"],
    "officeservice": ["change", "view"],
}

GROUPS = {
    "admin": "Administrateur national",
    "coordinator": "Coordinateur DGDS/Dapp",
    "editor": "Éditeur régional",
    "viewer": "Lecteur",
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label__in=APPS).exclude(
        content_type__model__startswith="historical"
    )
    views = ours.filter(codename__startswith="view_")

    def perms(model: str, actions: list[str]):
        return ours.filter(content_type__model=model, codename__in=[f"{action}_{model}" for action in actions])

    admin, _ = Group.objects.get_or_create(name=GROUPS["admin"])
    admin.permissions.set(
        Permission.objects.filter(content_type__app_label__in=[*APPS, "auth"]).exclude(
            content_type__model__startswith="historical"
        )
    )

    coordinator, _ = Group.objects.get_or_create(name=GROUPS["coordinator"])
    coordinator.permissions.set(views)
    for model in COORDINATOR_EDITS:
        coordinator.permissions.add(*perms(model, EVERYTHING))

    editor, _ = Group.objects.get_or_create(name=GROUPS["editor"])
    editor.permissions.set(views)
    for model, actions in EDITOR_EDITS.items():
        editor.permissions.add(*perms(model, actions))

    viewer, _ = Group.objects.get_or_create(name=GROUPS["viewer"])
    viewer.permissions.set(views)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("regions", "0002_reference_data"),
        ("labs", "0002_reference_data"),
        ("agreements", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
