"""A page's number of queries does not grow with the rows it shows or the rows in the database."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import AgreementStatus
from labs.models import SupervisionKind
from tests.factories import (
    AgreementSignatoryFactory,
    IndustrialPartnershipFactory,
    LabFactory,
    PartnerFactory,
    PiaProjectFactory,
    SiteAgreementFactory,
    SiteFactory,
    SupervisionFactory,
    institute,
    umr,
)

# Measured on SQLite and PostgreSQL; the limits leave no room for a query per row.
PAGES = {
    "/": 5,
    "/labs/": 6,
    "/labs/?q=physique+saclay&institute=INP&region=dr04&sort=name": 5,
    "/labs/?partner=big-university&site=big-site": 8,
    "/labs/big-lab/": 12,
    "/partners/": 2,
    "/partners/big-university/": 4,
    "/sites/": 5,
    "/sites/big-site/": 8,
    "/regions/": 1,
    "/regions/dr04/": 5,
}


def grow(size: int) -> None:
    """Add `size` labs, partners, sites, agreements… all linked to the big lab, university and site."""
    university = PartnerFactory.create(slug="big-university") if size == 1 else _get("big-university")
    site = SiteFactory.create(slug="big-site") if size == 1 else _site("big-site")
    big = umr(slug="big-lab", unit_number="1", university=university) if size == 1 else None
    big = big or _lab("big-lab")
    for n in range(size):
        lab = umr(name=f"Laboratoire de physique {n}", university=university)
        lab.secondary_institutes.add(institute("INC"), institute("INSB"))
        other = PartnerFactory.create()
        SupervisionFactory(lab=big, partner=other, kind=SupervisionKind.PARTICIPANT, unit_code="")
        site.labs.add(lab)
        site.members.add(other)
        agreement = SiteAgreementFactory.create(site=site, end_date=datetime.date(2099, 1, 1))
        agreement.covered_labs.add(lab, big)
        AgreementSignatoryFactory(agreement=agreement, partner=university)
        SiteAgreementFactory(site=site, status=AgreementStatus.DRAFT, signed_on=None)
        pia = PiaProjectFactory.create(site=site, lead_partner=other)
        pia.labs.add(big)
        partnership = IndustrialPartnershipFactory.create()
        partnership.labs.add(big)
        partnership.companies.add(other, university)
        child = LabFactory.create(parent=big)
        child.secondary_institutes.add(institute("INEE"))
        SiteFactory.create().labs.add(big)


def _get(slug):
    from labs.models import Partner

    return Partner.objects.get(slug=slug)


def _site(slug):
    from agreements.models import Site

    return Site.objects.get(slug=slug)


def _lab(slug):
    from labs.models import Lab

    return Lab.objects.get(slug=slug)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_the_query_count_does_not_grow_with_the_data(client, db, url):
    grow(1)
    small = count_queries(client, url)
    grow(12)
    large = count_queries(client, url)
    assert large == small, f"{url}: {small} queries with little data, {large} with more"
    assert large <= PAGES[url], f"{url}: {large} queries"
