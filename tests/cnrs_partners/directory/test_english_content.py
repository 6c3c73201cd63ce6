"""Records' English texts under /en/, the French ones marked lang="fr" when there is no English version,
and the French ones on the French pages."""

import pytest

from regions.models import OfficeService, ServiceKind
from tests.factories import (
    LabFactory,
    PartnerFactory,
    PiaProjectFactory,
    SiteAgreementFactory,
    SiteFactory,
    SupervisionFactory,
    office,
)

pytestmark = pytest.mark.django_db


def pages(client, url: str) -> tuple[str, str]:
    french, english = client.get(url), client.get(f"/en{url}")
    assert french.status_code == english.status_code == 200
    return french.content.decode(), english.content.decode()


def test_lab_pages_show_each_language_and_mark_the_french_fallback(client):
    LabFactory(
        slug="umr-1",
        name="Laboratoire des étoiles",
        name_en="Star Laboratory",
        description="Des étoiles.",
        description_en="Stars.",
    )
    LabFactory(slug="umr-2", name="Laboratoire des comètes", description="Des comètes.")

    french, english = pages(client, "/labs/umr-1/")
    assert '<p class="lead mb-1">Star Laboratory</p>' in english
    assert '<p class="text-body-secondary mb-1" lang="fr">Laboratoire des étoiles</p>' in english
    assert "– Star Laboratory · " in english[english.index("<title>") : english.index("</title>")]
    assert '<p class="mt-3">Stars.</p>' in english
    assert '<p class="lead mb-1">Laboratoire des étoiles</p>' in french
    assert '<p class="text-body-secondary mb-1" lang="en">Star Laboratory</p>' in french
    assert '<p class="mt-3">Des étoiles.</p>' in french

    french, english = pages(client, "/labs/umr-2/")
    assert '<p class="lead mb-1"><span lang="fr">Laboratoire des comètes</span></p>' in english
    assert '<p class="mt-3"><span lang="fr">Des comètes.</span></p>' in english
    assert '<p class="lead mb-1">Laboratoire des comètes</p>' in french
    assert 'lang="fr">Laboratoire' not in french


def test_the_lab_list_shows_english_names_and_marks_the_others(client):
    LabFactory(name="Laboratoire des étoiles", name_en="Star Laboratory", acronym="")
    LabFactory(name="Laboratoire des comètes", acronym="")

    english = client.get("/en/labs/").content.decode()
    assert ">Star Laboratory</a>" in english
    assert '><span lang="fr">Laboratoire des comètes</span></a>' in english
    assert ">Laboratoire des étoiles</a>" in client.get("/labs/").content.decode()


def test_partner_pages_show_the_english_name(client):
    partner = PartnerFactory(slug="u-1", acronym="", name="Université des étoiles", name_en="Star University")
    SupervisionFactory(partner=partner)
    PartnerFactory(slug="u-2", acronym="", name="Université des comètes")

    french, english = pages(client, "/partners/u-1/")
    assert '<h1 id="page-title">Star University</h1>' in english
    assert '<h1 id="page-title">Université des étoiles</h1>' in french
    french, english = pages(client, "/partners/u-2/")
    assert '<h1 id="page-title"><span lang="fr">Université des comètes</span></h1>' in english
    assert ">Star University</a>" in client.get("/en/partners/").content.decode()


def test_site_pages_show_english_names_descriptions_agreements_and_pia_projects(client):
    site = SiteFactory(
        slug="etoiles",
        name="Site des étoiles",
        name_en="Star Campus",
        description="Un campus.",
        description_en="A campus.",
    )
    SiteAgreementFactory(
        site=site, title="Convention des étoiles", title_en="Star agreement", strategy="Observer le ciel."
    )
    PiaProjectFactory(site=site, acronym="IDEXE", name="Initiative des étoiles", name_en="Star initiative")

    french, english = pages(client, "/sites/etoiles/")
    assert '<h1 id="page-title">Star Campus</h1>' in english
    assert '<p class="lead">A campus.</p>' in english
    assert "Star agreement" in english
    assert '<p class="mb-0"><span lang="fr">Observer le ciel.</span></p>' in english
    assert "– Star initiative" in english
    assert '<h1 id="page-title">Site des étoiles</h1>' in french
    assert '<p class="lead">Un campus.</p>' in french
    assert "Convention des étoiles" in french and "Star agreement" not in french
    assert "– Initiative des étoiles" in french
    assert ">Star Campus</a>" in client.get("/en/sites/").content.decode()


def test_office_pages_show_the_english_description_of_a_service(client):
    services = OfficeService.objects.filter(office=office("DR04"))
    services.filter(kind=ServiceKind.FINANCE).update(
        description_fr="Paie les factures.", description_en="Pays the bills."
    )
    services.filter(kind=ServiceKind.HUMAN_RESOURCES).update(description_fr="Recrute.", description_en="")

    french, english = pages(client, "/regions/dr04/")
    assert '<span class="small text-body-secondary">Pays the bills.</span>' in english
    assert '<span class="small text-body-secondary"><span lang="fr">Recrute.</span></span>' in english
    assert '<span class="small text-body-secondary">Paie les factures.</span>' in french


def test_a_lab_is_found_by_its_english_name(client):
    LabFactory(slug="umr-1", name="Laboratoire des étoiles", name_en="Star Laboratory")

    assert 'href="/en/labs/umr-1/"' in client.get("/en/labs/", {"q": "star laboratory"}).content.decode()
    assert 'href="/labs/umr-1/"' in client.get("/labs/", {"q": "étoiles"}).content.decode()


def test_english_lists_keep_the_french_alphabetical_order(client):
    PartnerFactory(name="Université de Bordeaux", acronym="")
    PartnerFactory(name="Aix-Marseille Université", acronym="", name_en="Aix-Marseille University")
    PartnerFactory(name="Université de Caen", acronym="")

    page = client.get("/en/partners/").content.decode()

    positions = [page.index(name) for name in ("Aix-Marseille University", "de Bordeaux", "de Caen")]
    assert positions == sorted(positions)
