"""The RNSR file is French: its names go to the French columns (and the original one) whatever the
language of the person importing, and an English name entered by staff survives the next import."""

import pytest
from django.utils import translation

from labs.models import Lab, Partner
from labs.rnsr import import_rnsr
from regions.languages import original_columns
from tests.factories import make_rnsr
from tests.labs.rnsr_files import UNIV_UAI, rnsr_file, structure

pytestmark = pytest.mark.django_db


def stored(model, **lookup) -> dict:
    """The row as the database holds it: every language's column and the original one."""
    return original_columns(model).filter(**lookup).values("name", "name_fr", "name_en").get()


def test_an_import_in_english_fills_the_french_names():
    with translation.override("en"):
        import_rnsr(rnsr_file([structure(1)]))

    assert stored(Lab, rnsr=make_rnsr(1)) == {
        "name": "Laboratoire de physique 1",
        "name_fr": "Laboratoire de physique 1",
        "name_en": "",
    }
    assert stored(Partner, uai=UNIV_UAI)["name_fr"] == "Université Paris-Saclay"
    assert stored(Partner, uai=UNIV_UAI)["name_en"] == ""


def test_a_renamed_lab_gets_its_new_french_name_and_keeps_its_english_one():
    import_rnsr(rnsr_file([structure(1)]))
    Lab.objects.filter(rnsr=make_rnsr(1)).update(name_en="Physics Laboratory 1")

    with translation.override("en"):
        plan = import_rnsr(rnsr_file([structure(1, libelle="Laboratoire de physique des solides")]))

    assert len(plan.updated) == 1
    assert stored(Lab, rnsr=make_rnsr(1)) == {
        "name": "Laboratoire de physique des solides",
        "name_fr": "Laboratoire de physique des solides",
        "name_en": "Physics Laboratory 1",
    }
    history = Lab.history.filter(rnsr=make_rnsr(1)).values("name_fr", "name_en").first()
    assert history == {"name_fr": "Laboratoire de physique des solides", "name_en": "Physics Laboratory 1"}
