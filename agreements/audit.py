"""History rows for what a lab's deletion changes in this app's records.

Deleting a lab removes it from the lab lists of sites, site agreements, PIA projects and industrial
partnerships by a bulk delete of the link rows, which sends no `m2m_changed` signal: without these
receivers those records would lose a lab with no trace in their history. A deletion signal is the one
place every delete path (admin, bulk action, shell, import) goes through.
"""

from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from labs.models import Lab
from regions.audit import record_history

from .models import IndustrialPartnership, PiaProject, Site, SiteAgreement

LAB_LISTS = [
    (Site, "labs"),
    (SiteAgreement, "covered_labs"),
    (PiaProject, "labs"),
    (IndustrialPartnership, "labs"),
]


@receiver(pre_delete, sender=Lab)
def _remember_lab_lists(sender, instance, **kwargs):
    instance._lists_losing_it = [
        owner for model, field in LAB_LISTS for owner in model.objects.filter(**{field: instance})
    ]


@receiver(post_delete, sender=Lab)
def _record_lab_lists(sender, instance, **kwargs):
    for owner in getattr(instance, "_lists_losing_it", []):
        record_history(owner)
