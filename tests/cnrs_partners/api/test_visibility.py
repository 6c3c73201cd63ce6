"""Nothing the public pages hide is reachable through the API: agreements in preparation, internal notes,
review flags, planned industrial partnerships, a PIA project's funding, partners' unpublished contacts, nor
any field the pages do not show."""

import json

import pytest

from agreements.models import AgreementStatus, IndustrialStatus
from tests.factories import (
    IndustrialPartnershipFactory,
    LabFactory,
    PartnerFactory,
    PiaProjectFactory,
    SiteAgreementFactory,
    agreement_at,
    site_in,
)

pytestmark = pytest.mark.django_db

SECRET = "SECRET-NOTE-42"
HIDDEN_STATUSES = [AgreementStatus.DRAFT, AgreementStatus.NEGOTIATING, AgreementStatus.UNDER_REVIEW]


def every_answer(api, urls: list[str]) -> str:
    return "\n".join(api.get(url).content.decode() for url in urls)


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_an_agreement_in_preparation_is_neither_listed_nor_found_nor_linked(api, status):
    agreement = agreement_at(status, title="Convention en préparation")
    lab = LabFactory()
    agreement.covered_labs.add(lab)
    signatory = PartnerFactory()
    agreement.signatories.add(signatory)

    assert api.get(f"/api/v1/agreements/{agreement.pk}/").status_code == 404
    assert api.get("/api/v1/agreements/").json()["results"] == []
    assert api.get(f"/api/v1/agreements/?status={status}").status_code == 400
    text = every_answer(
        api,
        [
            f"/api/v1/labs/{lab.rnsr}/",
            f"/api/v1/sites/{agreement.site.slug}/",
            "/api/v1/sites/",
            f"/api/v1/partners/{signatory.uai}/",
        ],
    )
    assert "Convention en préparation" not in text
    assert f"/agreements/{agreement.pk}/" not in text


@pytest.mark.parametrize(
    "status", [AgreementStatus.SIGNED, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED]
)
def test_a_signed_expired_or_terminated_agreement_is_public(api, status):
    agreement = agreement_at(status)

    assert api.get(f"/api/v1/agreements/{agreement.pk}/").status_code == 200


def test_internal_notes_and_review_flags_are_never_shown(api):
    lab = LabFactory(internal_notes=SECRET, needs_review=True, review_reason="REVIEW-REASON-7")
    partner = PartnerFactory(internal_notes=SECRET, email="secret@example.org", phone="+33 1 99 99 99 99")
    site = site_in("DR04")
    site.internal_notes = SECRET
    site.save()
    agreement = SiteAgreementFactory(site=site, internal_notes=SECRET, joint_unit_framework="FRAMEWORK-9")

    text = every_answer(
        api,
        [
            "/api/v1/labs/",
            f"/api/v1/labs/{lab.rnsr}/",
            f"/api/v1/labs/{lab.rnsr}/?format=csv",
            "/api/v1/partners/",
            f"/api/v1/partners/{partner.uai}/",
            "/api/v1/sites/",
            f"/api/v1/sites/{site.slug}/",
            "/api/v1/agreements/",
            f"/api/v1/agreements/{agreement.pk}/",
        ],
    )
    for hidden in (
        SECRET,
        "REVIEW-REASON-7",
        "needs_review",
        "secret@example.org",
        "+33 1 99",
        "FRAMEWORK-9",
    ):
        assert hidden not in text


def test_planned_industrial_partnerships_are_not_shown(api):
    lab = LabFactory()
    planned = IndustrialPartnershipFactory(title="Projet confidentiel", status=IndustrialStatus.PLANNED)
    running = IndustrialPartnershipFactory(
        title="Laboratoire commun public", status=IndustrialStatus.ACTIVE, description="DESCRIPTION-5"
    )
    planned.labs.add(lab)
    running.labs.add(lab)

    titles = [p["title"] for p in api.get(f"/api/v1/labs/{lab.rnsr}/").json()["industrial_partnerships"]]

    assert titles == ["Laboratoire commun public"]
    assert "DESCRIPTION-5" not in api.get(f"/api/v1/labs/{lab.rnsr}/").content.decode()  # not on its page


def test_a_pia_project_shows_neither_its_funding_nor_the_cnrs_role(api):
    project = PiaProjectFactory(funding=12_000_000, cnrs_role="ROLE-CNRS-3")

    text = every_answer(api, ["/api/v1/pia-projects/", f"/api/v1/pia-projects/{project.pk}/"])

    assert "12000000" not in text
    assert "ROLE-CNRS-3" not in text
    assert "funding" not in json.loads(api.get(f"/api/v1/pia-projects/{project.pk}/").content)


def test_a_private_document_is_not_offered_but_a_public_one_is(api):
    agreement = SiteAgreementFactory(document="agreements/signed.pdf", document_is_public=False)
    assert api.get(f"/api/v1/agreements/{agreement.pk}/").json()["document"] is None

    agreement.document_is_public = True
    agreement.save()
    document = api.get(f"/api/v1/agreements/{agreement.pk}/").json()["document"]
    assert document == f"http://testserver/review/agreements/{agreement.pk}/document/"
