"""A page's number of queries does not grow with the rows it shows or the rows in the database."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import AgreementStatus
from labs import facets
from labs.models import LabStatus, Succession, SuccessionKind, SupervisionKind
from labs.suggestions import search_vocabulary
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

ENDED = (datetime.date(2010, 1, 1), datetime.date(2014, 12, 31))
LATER = datetime.date(2030, 1, 1)

# Measured on SQLite and PostgreSQL; the limits leave no room for a query per row. A page as of a day
# (`?on=`) costs what today's page costs.
PAGES = {
    "/": 5,
    # The lab list's facets (labs.facets) take 10 of these: one grouped count per filter, two for institutes,
    # the names of the partners and sites listed.
    "/labs/": 16,
    "/labs/?q=physique+saclay&institute=INP&region=dr04&sort=name": 15,
    "/labs/?q=physiqeu": 16,
    "/labs/?partner=big-university&site=big-site": 18,
    "/labs/big-lab/": 12,
    "/labs/big-lab/?on=2015-03-12": 12,
    "/labs/big-lab/?on=2015-13-40": 12,
    "/partners/": 2,
    "/partners/big-university/": 5,
    "/partners/big-university/?on=2015-03-12": 5,
    "/sites/": 5,
    "/sites/big-site/": 8,
    "/sites/big-site/?on=2015-03-12": 8,
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
        # Relations that ended, or start later, on the pages' days: the past and later parts grow too.
        SupervisionFactory(lab=big, partner=PartnerFactory.create(), since=ENDED[0], until=ENDED[1])
        SupervisionFactory(
            lab=lab, partner=other, kind=SupervisionKind.PARTICIPANT, since=LATER, unit_code=""
        )
        former = LabFactory.create(creation_year=2000 + n % 10, closed_on=ENDED[1], status=LabStatus.CLOSED)
        SupervisionFactory(lab=former, partner=university, since=ENDED[0], until=ENDED[1])
        Succession.objects.create(predecessor=former, successor=big, kind=SuccessionKind.MERGER, year=2014)
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
def test_the_query_count_does_not_grow_with_the_data(client, db, url, monkeypatch):
    # The lab list's facets are kept in the cache until the next write: counted here as computed.
    monkeypatch.setattr(facets, "FACETS_SECONDS", 0)
    grow(1)
    # A search listing few labs reads the vocabulary of its suggestions once per version of the data (two
    # queries, then the shared cache): built here, the pages are counted without it.
    search_vocabulary()
    small = count_queries(client, url)
    grow(12)
    large = count_queries(client, url)
    assert large == small, f"{url}: {small} queries with little data, {large} with more"
    assert large <= PAGES[url], f"{url}: {large} queries"


@pytest.mark.parametrize("path", ["/labs/big-lab/", "/partners/big-university/", "/sites/big-site/"])
@pytest.mark.parametrize("on", ["2015-03-12", "2030-06-01", "abc"])
def test_a_page_as_of_a_day_costs_what_today_s_page_costs(
    client, db, django_assert_max_num_queries, path, on
):
    grow(1)
    grow(3)
    with django_assert_max_num_queries(PAGES[path]):
        assert client.get(path, {"on": on}).status_code == 200
