"""Break the parent loops earlier RNSR imports could leave (A under B under A): in each loop, the lab with
the highest id (the last one created) loses its parent and is flagged for review, so that a person
chooses again. From now on `labs.hierarchy` refuses such links on every path."""

from django.db import migrations

REASON = "Ses structures parentes formaient une boucle : structure parente retirée, à vérifier."


def break_loops(apps, schema_editor):
    Lab = apps.get_model("labs", "Lab")
    parent_of = dict(Lab.objects.exclude(parent=None).values_list("id", "parent_id"))
    broken: set[int] = set()
    for start in list(parent_of):
        path: list[int] = []
        current: int | None = start
        while current is not None and current not in path and current not in broken:
            path.append(current)
            current = parent_of.get(current)
        if current is not None and current in path:
            loop = path[path.index(current) :]
            last = max(loop)
            broken.add(last)
            parent_of.pop(last, None)
    for lab in Lab.objects.filter(id__in=broken):
        lab.parent = None
        lab.needs_review = True
        lab.review_reason = REASON
        lab.save(update_fields=["parent", "needs_review", "review_reason"])


class Migration(migrations.Migration):
    dependencies = [("labs", "0003_supervision_kind_label")]

    operations = [migrations.RunPython(break_loops, migrations.RunPython.noop)]
