"""Write the city of every lab already saved with its commune's official name (`regions.places`), as
imports and the lab form now do, so that one city is one city in the directory's filters and facets:
"Villeneuve d'Ascq", "VILLENEUVE D ASCQ" and "Villeneuve D Ascq" all become "Villeneuve-d'Ascq". Cities
the reference does not recognise are left as written."""

from django.db import migrations

from regions.places import resolve_place


def official_names(apps, schema_editor):
    Lab = apps.get_model("labs", "Lab")
    changed = []
    for lab in Lab.objects.exclude(city="").only("id", "postal_code", "city").iterator(chunk_size=2000):
        place = resolve_place(lab.postal_code, lab.city)
        if place.country == "FR" and not place.note and place.city and place.city != lab.city:
            lab.city = place.city[:100]
            changed.append(lab)
    Lab.objects.bulk_update(changed, ["city"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("labs", "0006_lab_country")]

    operations = [migrations.RunPython(official_names, migrations.RunPython.noop)]
