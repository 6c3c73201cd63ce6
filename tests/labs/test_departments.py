"""Which département a lab is in (`labs.departments`): the map's counts and the département filter."""

import pytest
from django.core.cache import cache

from labs.departments import department_codes, in_department, labs_abroad, labs_by_department
from labs.models import Lab
from regions.places import reference
from tests.factories import LabFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """The places and counts are kept in the cache until a write commits, which a test never does."""
    cache.clear()
    yield
    cache.clear()


def test_the_department_filter_offers_every_code_of_the_communes_reference():
    assert department_codes() == sorted(reference().by_department)


@pytest.mark.django_db
def test_a_postal_code_shared_with_a_place_elsewhere_is_matched_with_its_city():
    orsay = LabFactory(postal_code="91405", city="Orsay")
    LabFactory(postal_code="91405", city="Marseille")  # a CEDEX code in no list, with another city
    paris = LabFactory(postal_code="75005", city="Paris")

    assert list(Lab.objects.filter(in_department("91"))) == [orsay]
    assert list(Lab.objects.filter(in_department("75"))) == [paris]
    assert labs_by_department(Lab.objects.all(), key="test") == {"91": 1, "": 1, "75": 1}


@pytest.mark.django_db
def test_labs_abroad_are_in_no_department():
    LabFactory(country="DE", postal_code="91405", city="Orsay")
    LabFactory(country="", postal_code="91405", city="Orsay")  # no country: France

    assert labs_by_department(Lab.objects.all(), key="test") == {"91": 1}
    assert labs_abroad(Lab.objects.all()) == {"DE": 1}
    assert Lab.objects.filter(in_department("91")).count() == 1
