"""Error reports in the roles (see cnrs_partners/roles.py): regional editors view and change (handle) the
reports of their offices, the scope keeping them to those; national administrators, superusers, handle every
one. Nobody adds reports in the back-office (they come from the public pages); other roles do not read them:
they hold the reporters' e-mail addresses."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_GROUP = "Éditeur régional"
EDITOR_CODENAMES = ["view_errorreport", "change_errorreport"]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="cnrs_partners", codename__in=EDITOR_CODENAMES)


def forward(apps, schema_editor):
    app_config = apps.get_app_config("cnrs_partners")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.add(*_permissions(apps))


def backward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=EDITOR_GROUP):
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("cnrs_partners", "0006_error_reports")]

    operations = [migrations.RunPython(forward, backward)]
