import inspect

import pytest
from django.db import models, transaction

from labs.models import Lab
from regions.models import StaleVersionError, TrackedModel

from ..factories import LabFactory


def test_django_still_has_the_private_hook_the_lock_overrides():
    """TrackedModel.save relies on Model._do_update; a Django upgrade that changes it must fail here."""
    ours = inspect.signature(TrackedModel._do_update)
    django = inspect.signature(models.Model._do_update)
    assert list(ours.parameters) == list(django.parameters)


@pytest.mark.django_db
def test_it_refuses_a_save_from_an_outdated_copy():
    lab = LabFactory()
    stale = Lab.objects.get(pk=lab.pk)
    lab.name = "Laboratoire renommé"
    lab.save()
    stale.name = "Autre nom"
    with pytest.raises(StaleVersionError), transaction.atomic():
        stale.save()
    assert Lab.objects.get(pk=lab.pk).name == "Laboratoire renommé"


@pytest.mark.django_db
def test_every_save_refreshes_the_folded_search_text():
    lab = LabFactory(name="Laboratoire de physique")
    lab.name = "Institut d'Optique Théorique"
    lab.save(update_fields=["name"])
    lab.refresh_from_db()
    assert "institut d optique theorique" in lab.search_text
    assert "physique" not in lab.search_text
