"""Scope of the roles (see regions/scope.py and cnrs_partners/roles.py).

- `regions.view_every_office` to national administrators, coordinators and viewers: they read the
  records of every office; regional editors, without it, see those of their own offices.
- Regional editors no longer add partners: partners are national records, whose identity (name,
  identifiers) only national administrators change; editors keep their contact data up to date.
- Office memberships are seen by national administrators only.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "admin": "Administrateur national",
    "coordinator": "Coordinateur DGDS/Dapp",
    "editor": "Éditeur régional",
    "viewer": "Lecteur",
}


def forward(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    every_office = Permission.objects.get(content_type__app_label="regions", codename="view_every_office")
    groups = {key: Group.objects.get_or_create(name=name)[0] for key, name in GROUPS.items()}
    for key in ("admin", "coordinator", "viewer"):
        groups[key].permissions.add(every_office)
    # 0001 gives each role every "view_*" permission, this one too when it already exists.
    groups["editor"].permissions.remove(every_office)
    groups["editor"].permissions.remove(
        *Permission.objects.filter(content_type__app_label="labs", codename="add_partner")
    )
    memberships = Permission.objects.filter(
        content_type__app_label="regions", codename="view_officemembership"
    )
    for key in ("coordinator", "editor", "viewer"):
        groups[key].permissions.remove(*memberships)


def backward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUPS.values()):
        group.permissions.remove(*Permission.objects.filter(codename="view_every_office"))


class Migration(migrations.Migration):
    dependencies = [
        ("cnrs_partners", "0001_roles"),
        ("regions", "0003_view_every_office"),
    ]

    operations = [migrations.RunPython(forward, backward)]
