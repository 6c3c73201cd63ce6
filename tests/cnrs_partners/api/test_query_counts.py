"""A page of results costs the same number of queries whatever its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    AgreementSignatoryFactory,
    IndustrialPartnershipFactory,
    LabFactory,
    PartnerFactory,
    PiaProjectFactory,
    SiteAgreementFactory,
    SupervisionFactory,
    institute,
    site_in,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/labs/",
    "/api/v1/partners/",
    "/api/v1/sites/",
    "/api/v1/agreements/",
    "/api/v1/pia-projects/",
    "/api/v1/offices/",
]


@pytest.fixture
def directory(db):
    """60 of everything, each with its relations."""
    for _ in range(60):
        lab = LabFactory()
        lab.secondary_institutes.add(institute("INC"))
        partner = PartnerFactory()
        SupervisionFactory(lab=lab, partner=partner)
        site = site_in("DR04", "DR12")
        site.labs.add(lab)
        site.members.add(partner)
        agreement = SiteAgreementFactory(site=site)
        agreement.covered_labs.add(lab)
        AgreementSignatoryFactory(agreement=agreement, partner=partner)
        project = PiaProjectFactory(site=site, lead_partner=partner)
        project.labs.add(lab)
        project.partners.add(partner)
        IndustrialPartnershipFactory().labs.add(lab)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", LISTS)
def test_a_list_costs_the_same_queries_for_5_or_50_results(api, directory, url):
    assert queries(api, f"{url}?page_size=5") == queries(api, f"{url}?page_size=50")


def test_the_lab_list_stays_within_a_few_queries(api, directory, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        api.get("/api/v1/labs/?page_size=50")
