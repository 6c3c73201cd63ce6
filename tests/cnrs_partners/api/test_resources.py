"""Each resource's list and detail, addressed by its stable code, with links between them."""

import base64
from urllib.parse import quote, urlencode

import pytest

from agreements.models import AgreementStatus
from tests.factories import (
    AgreementSignatoryFactory,
    LabFactory,
    PartnerFactory,
    PiaProjectFactory,
    SiteAgreementFactory,
    cnrs,
    site_in,
    umr,
)

pytestmark = pytest.mark.django_db


def test_the_root_lists_every_resource_and_the_documentation(api):
    body = api.get("/api/v1/").json()
    assert body["labs"] == "http://testserver/api/v1/labs/"
    assert {"partners", "sites", "agreements", "pia_projects", "offices", "institutes"} <= set(body)
    assert body["swagger_ui"] == "http://testserver/api/v1/docs/"
    assert body["redoc"] == "http://testserver/api/v1/redoc/"


def test_a_lab_is_read_by_its_rnsr_number_with_links_to_its_partners_office_and_institute(api):
    university = PartnerFactory(name="Université Paris-Saclay", uai="0912408Y", ror="03xjwb503")
    lab = umr(university=university, acronym="LPS", unit_number="8502")

    body = api.get(f"/api/v1/labs/{lab.rnsr.lower()}/").json()

    assert body["rnsr"] == lab.rnsr
    assert body["code"] == "UMR 8502"
    assert body["url"] == f"http://testserver/api/v1/labs/{lab.rnsr}/"
    assert body["regional_office"] == "http://testserver/api/v1/offices/DR04/"
    assert body["primary_institute"] == "http://testserver/api/v1/institutes/INP/"
    assert body["web_url"] == "http://testserver/labs/umr-8502/"
    partners = {link["partner"] for link in body["supervisions"]}
    assert partners == {
        "http://testserver/api/v1/partners/0912408Y/",
        f"http://testserver/api/v1/partners/{cnrs().uai}/",
    }


def test_a_partner_is_read_by_its_uai_its_ror_identifier_or_else_its_slug(api):
    partner = PartnerFactory(uai="0912408Y", ror="03xjwb503", slug="upsaclay")
    company = PartnerFactory(uai="", siret="", ror="", slug="thales")

    for code in ("0912408Y", "0912408y", "03xjwb503", "upsaclay"):
        assert api.get(f"/api/v1/partners/{code}/").json()["slug"] == partner.slug
    assert api.get("/api/v1/partners/thales/").json()["url"] == "http://testserver/api/v1/partners/thales/"
    assert company.slug == "thales"
    assert api.get("/api/v1/partners/0000000A/").status_code == 404


def test_a_site_lists_its_public_agreements_and_pia_projects_and_links_to_its_labs(api):
    site = site_in("DR04", name="Paris-Saclay")
    agreement = SiteAgreementFactory(site=site)
    project = PiaProjectFactory(site=site)

    body = api.get(f"/api/v1/sites/{site.slug}/").json()

    assert body["public_agreements"] == [f"http://testserver/api/v1/agreements/{agreement.pk}/"]
    assert body["pia_projects"] == [f"http://testserver/api/v1/pia-projects/{project.pk}/"]
    assert body["regional_offices"] == ["http://testserver/api/v1/offices/DR04/"]
    assert body["labs"] == f"http://testserver/api/v1/labs/?site={site.slug}&status=all"


def test_an_agreement_shows_its_signatories_and_covered_labs(api):
    agreement = SiteAgreementFactory(status=AgreementStatus.SIGNED)
    signatory = AgreementSignatoryFactory(agreement=agreement).partner
    lab = LabFactory()
    agreement.covered_labs.add(lab)

    body = api.get(f"/api/v1/agreements/{agreement.pk}/").json()

    assert body["status"] == "signed"
    assert body["in_force"] is True
    assert body["signatories"] == [f"http://testserver/api/v1/partners/{signatory.uai}/"]
    assert body["covered_labs"] == [f"http://testserver/api/v1/labs/{lab.rnsr}/"]
    assert body["document"] is None


def test_an_office_lists_its_services_and_is_read_by_its_code_in_any_case(api):
    body = api.get("/api/v1/offices/dr04/").json()

    assert body["code"] == "DR04"
    assert len(body["services"]) == 5
    assert body["labs"] == "http://testserver/api/v1/labs/?region=DR04"
    offices = api.get("/api/v1/offices/").json()["results"]
    assert "DR04" in [office["code"] for office in offices]
    assert all(office["services"] for office in offices if office["is_active"])


def test_an_institute_is_read_by_its_acronym(api):
    LabFactory(status="active")

    body = api.get("/api/v1/institutes/inp/").json()

    assert body["acronym"] == "INP"
    assert body["lab_count"] == 1
    assert len(api.get("/api/v1/institutes/").json()["results"]) == 10


def test_a_pia_project_links_to_its_site_partners_and_labs(api):
    lead = PartnerFactory()
    project = PiaProjectFactory(site=site_in("DR04"), lead_partner=lead)
    lab = LabFactory()
    project.labs.add(lab)

    body = api.get(f"/api/v1/pia-projects/{project.pk}/").json()

    assert body["lead_partner"] == f"http://testserver/api/v1/partners/{lead.uai}/"
    assert body["labs"] == [f"http://testserver/api/v1/labs/{lab.rnsr}/"]
    assert "funding" not in body


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/labs/201119230Z/",
        "/api/v1/partners/no-such-partner/",
        "/api/v1/sites/no-such-site/",
        "/api/v1/agreements/999999/",
        "/api/v1/pia-projects/999999/",
        "/api/v1/offices/DR99/",
        "/api/v1/institutes/XYZ/",
    ],
)
def test_an_unknown_code_answers_404(api, url):
    assert api.get(url).status_code == 404


def test_the_lists_page_with_a_cursor(api):
    labs = sorted(LabFactory.create_batch(7), key=lambda lab: lab.rnsr)

    first = api.get("/api/v1/labs/?page_size=5")
    body = first.json()

    assert [lab["rnsr"] for lab in body["results"]] == [lab.rnsr for lab in labs[:5]]
    assert f'<{body["next"]}>; rel="next"' in first["Link"]
    second = api.get(body["next"]).json()
    assert [lab["rnsr"] for lab in second["results"]] == [lab.rnsr for lab in labs[5:]]
    assert second["next"] is None


def test_a_garbage_cursor_or_filter_is_refused_without_a_server_error(api):
    assert api.get("/api/v1/labs/?cursor=garbage").status_code == 404
    response = api.get("/api/v1/labs/?institute=NOPE")
    assert response.status_code == 400
    assert "institute" in response.json()
    assert api.get("/api/v1/labs/?page_size=abc").status_code == 200
    assert api.get("/api/v1/labs/?format=xml").status_code == 404


def forged_cursor(position: str) -> str:
    """A cursor as DRF writes one (base64 of its query string), holding `position`."""
    return quote(base64.b64encode(urlencode({"p": position}).encode()).decode())


@pytest.mark.parametrize("position", ["abc", "1\x00", "99999999999999999999"])
def test_a_forged_cursor_is_refused_before_the_database(api, position):
    assert api.get(f"/api/v1/agreements/?cursor={forged_cursor(position)}").status_code == 404
    assert api.get(f"/api/v1/labs/?cursor={forged_cursor(position)}").status_code in (200, 404)
