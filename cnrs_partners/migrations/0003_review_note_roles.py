"""Review notes in the roles (see cnrs_partners/roles.py): coordinators record and correct them, every
other role reads them; national administrators are superusers and need nothing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "admin": "Administrateur national",
    "coordinator": "Coordinateur DGDS/Dapp",
    "editor": "Éditeur régional",
    "viewer": "Lecteur",
}
ACTIONS = {
    "admin": ["add", "change", "delete", "view"],
    "coordinator": ["add", "change", "delete", "view"],
    "editor": ["view"],
    "viewer": ["view"],
}


def forward(apps, schema_editor):
    app_config = apps.get_app_config("agreements")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for key, actions in ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=GROUPS[key])
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="agreements",
                codename__in=[f"{action}_reviewnote" for action in actions],
            )
        )


def backward(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS.values()):
        group.permissions.remove(*Permission.objects.filter(codename__endswith="_reviewnote"))


class Migration(migrations.Migration):
    dependencies = [
        ("cnrs_partners", "0002_role_scope"),
        ("agreements", "0003_review_note"),
    ]

    operations = [migrations.RunPython(forward, backward)]
