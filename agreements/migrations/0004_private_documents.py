"""Agreement documents uploaded before 0002 lie under MEDIA_ROOT, which development served at /media/:
move each to the private storage (PRIVATE_MEDIA_ROOT), under the same name, so that only the document view
reads it. A file already in place, or missing, is left alone; running it again changes nothing."""

import os
import shutil

from django.conf import settings
from django.db import migrations


def _move(apps, source_root, target_root):
    SiteAgreement = apps.get_model("agreements", "SiteAgreement")
    names = SiteAgreement.objects.exclude(document="").values_list("document", flat=True)
    for name in names:
        source = os.path.join(source_root, name)
        target = os.path.join(target_root, name)
        if os.path.isfile(source) and not os.path.exists(target):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.move(source, target)


def forward(apps, schema_editor):
    _move(apps, str(settings.MEDIA_ROOT), str(settings.PRIVATE_MEDIA_ROOT))


def backward(apps, schema_editor):
    _move(apps, str(settings.PRIVATE_MEDIA_ROOT), str(settings.MEDIA_ROOT))


class Migration(migrations.Migration):
    dependencies = [("agreements", "0003_review_note")]

    operations = [migrations.RunPython(forward, backward, elidable=True)]
