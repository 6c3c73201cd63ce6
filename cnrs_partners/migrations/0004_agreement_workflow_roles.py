"""The agreement workflow in the roles (see cnrs_partners/roles.py and agreements/services.py).

- Regional editors draft site agreements and negotiate them for the sites of their offices: they add and
  change agreements and their signatories (the scope, `edit_office_path`, keeps them to their sites).
- Coordinators (and the national administrators' group) put agreements under review, sign and terminate
  them: `agreements.review_siteagreement`.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "admin": "Administrateur national",
    "coordinator": "Coordinateur DGDS/Dapp",
    "editor": "Éditeur régional",
}
EDITOR_CODENAMES = [
    "add_siteagreement",
    "change_siteagreement",
    "add_agreementsignatory",
    "change_agreementsignatory",
    "delete_agreementsignatory",
]
REVIEW = "review_siteagreement"


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="agreements", codename__in=codenames)


def forward(apps, schema_editor):
    app_config = apps.get_app_config("agreements")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    groups = {key: Group.objects.get_or_create(name=name)[0] for key, name in GROUPS.items()}
    groups["editor"].permissions.add(*_permissions(apps, EDITOR_CODENAMES))
    for key in ("admin", "coordinator"):
        groups[key].permissions.add(*_permissions(apps, [REVIEW]))


def backward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUPS["editor"]):
        group.permissions.remove(*_permissions(apps, EDITOR_CODENAMES))
    for group in Group.objects.filter(name__in=[GROUPS["admin"], GROUPS["coordinator"]]):
        group.permissions.remove(*_permissions(apps, [REVIEW]))


class Migration(migrations.Migration):
    dependencies = [
        ("cnrs_partners", "0003_review_note_roles"),
        ("agreements", "0002_agreement_workflow"),
    ]

    operations = [migrations.RunPython(forward, backward)]
