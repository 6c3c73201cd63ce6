"""The overseas collectivities the communes reference knows (975, 977, 978, 984, 986–989), beside the
départements: a lab there resolves to its code, and is flagged because none has a default office."""

from django.db import migrations

COLLECTIVITIES = [
    ("975", "Saint-Pierre-et-Miquelon"),
    ("977", "Saint-Barthélemy"),
    ("978", "Saint-Martin"),
    ("984", "Terres australes et antarctiques françaises"),
    ("986", "Wallis et Futuna"),
    ("987", "Polynésie française"),
    ("988", "Nouvelle-Calédonie"),
    ("989", "Île de Clipperton"),
]


def add(apps, schema_editor):
    Department = apps.get_model("regions", "Department")
    for code, name in COLLECTIVITIES:
        Department.objects.get_or_create(code=code, defaults={"name": name, "needs_review": True})


def remove(apps, schema_editor):
    apps.get_model("regions", "Department").objects.filter(
        code__in=[code for code, _ in COLLECTIVITIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0003_view_every_office")]

    operations = [migrations.RunPython(add, remove)]
