"""The API filters with the directory's FilterSets: the same query gives the same records as the pages."""

import re

import pytest

from agreements.models import Site
from labs.models import Lab, LabStatus
from tests.factories import LabFactory, PartnerFactory, SupervisionFactory, institute, office, site_in

pytestmark = pytest.mark.django_db

LAB_QUERIES = [
    "",
    "institute=INSHS",
    "institute=INP&region=DR04",
    "region=dr12",
    "q=physique",
    "q=umr 8502",
    "type=UMR&status=all",
    "status=closed",
    "city=marseille",
    "partner=upsaclay&status=all",
    "site=paris-saclay",
    "department=91&status=all",
    "department=2a",
]


@pytest.fixture
def labs(db):
    university = PartnerFactory(slug="upsaclay", name="Université Paris-Saclay")
    site = site_in("DR04", name="Paris-Saclay")
    Site.objects.filter(pk=site.pk).update(slug="paris-saclay")
    made = [
        LabFactory(unit_type="UMR", unit_number="8502", name="Laboratoire de physique des solides"),
        LabFactory(name="Histoire moderne", primary_institute=institute("INSHS")),
        LabFactory(regional_office=office("DR12"), city="Marseille", name="Chimie de Marseille"),
        LabFactory(status=LabStatus.CLOSED, closed_on="2020-01-01", name="Physique fermée"),
        LabFactory(unit_type="UMR", name="Optique"),
    ]
    SupervisionFactory(lab=made[0], partner=university)
    SupervisionFactory(lab=made[3], partner=university)
    made[0].sites.add(site)
    return made


def page_rnsrs(client, query: str) -> set[str]:
    """The RNSR numbers of the labs the directory's page links to."""
    html = client.get(f"/labs/?{query}").content.decode()
    slugs = set(re.findall(r'href="/labs/([a-z0-9-]+)/"', html))
    return set(Lab.objects.filter(slug__in=slugs).values_list("rnsr", flat=True))


def api_rnsrs(client, query: str) -> set[str]:
    return {lab["rnsr"] for lab in client.get(f"/api/v1/labs/?{query}&page_size=200").json()["results"]}


@pytest.mark.parametrize("query", LAB_QUERIES)
def test_the_api_lists_the_labs_the_directory_page_lists(api, labs, query):
    expected = api_rnsrs(api, query)

    assert expected == page_rnsrs(api, query)


def test_the_pages_and_the_api_are_not_trivially_equal(api, labs):
    assert len(api_rnsrs(api, "status=all")) == 5
    assert len(api_rnsrs(api, "institute=INSHS")) == 1
    assert api_rnsrs(api, "partner=upsaclay&status=all") == {labs[0].rnsr, labs[3].rnsr}


@pytest.mark.parametrize("query", ["", "q=saclay", "region=DR04", "in_force=false"])
def test_the_api_lists_the_sites_the_directory_page_lists(api, query):
    for name in ("Paris-Saclay", "Grenoble Alpes", "Aix-Marseille"):
        site_in("DR04" if name == "Paris-Saclay" else "DR12", name=name)

    html = api.get(f"/sites/?{query}").content.decode()
    listed = {site["slug"] for site in api.get(f"/api/v1/sites/?{query}").json()["results"]}

    assert listed
    assert listed == {
        slug for slug in Site.objects.values_list("slug", flat=True) if f"/sites/{slug}/" in html
    }
