"""The partner directory and a partner's page."""

import datetime

from agreements.models import AgreementStatus
from tests.factories import (
    AgreementSignatoryFactory,
    PartnerFactory,
    SiteAgreementFactory,
    SupervisionFactory,
    umr,
)


def names(response) -> list[str]:
    return [partner.slug for partner in response.context["partners"]]


def test_it_lists_partners_with_their_supervised_lab_counts(client, directory):
    response = client.get("/partners/")
    assert response.status_code == 200
    assert names(response) == ["amu", "cnrs", "thales", "universite-paris-saclay"]
    counts = {partner.slug: partner.lab_count for partner in response.context["partners"]}
    assert counts == {"amu": 1, "cnrs": 2, "thales": 0, "universite-paris-saclay": 1}


def test_an_ended_supervision_neither_counts_nor_makes_a_supervising_partner(client, directory):
    SupervisionFactory(
        lab=directory["chem"],
        partner=PartnerFactory(slug="former", name="Ancienne tutelle"),
        since=datetime.date(2010, 1, 1),
        until=datetime.date(2015, 12, 31),
    )
    counts = {partner.slug: partner.lab_count for partner in client.get("/partners/").context["partners"]}
    assert counts["former"] == 0
    assert "former" not in names(client.get("/partners/", {"supervising": "true"}))
    assert "former" in names(client.get("/partners/", {"supervising": "false"}))


def test_it_searches_partners_without_accents(client, directory):
    assert names(client.get("/partners/", {"q": "universite saclay"})) == ["universite-paris-saclay"]
    assert names(client.get("/partners/", {"q": "AIX-MARSEILLE"})) == ["amu"]


def test_it_filters_partners_by_kind_city_and_supervision(client, directory):
    assert names(client.get("/partners/", {"kind": "company"})) == ["thales"]
    assert names(client.get("/partners/", {"city": "marseille"})) == ["amu"]
    assert "thales" not in names(client.get("/partners/", {"supervising": "true"}))
    assert names(client.get("/partners/", {"supervising": "false"})) == ["thales"]
    # Yes / No / Any: an empty or unknown value filters nothing.
    everyone = names(client.get("/partners/"))
    assert names(client.get("/partners/", {"supervising": ""})) == everyone
    assert names(client.get("/partners/", {"supervising": "maybe"})) == everyone


def test_the_empty_partner_list_says_so(client, directory):
    page = client.get("/partners/", {"q": "nothing-like-this"}).content.decode()
    assert 'class="empty-state' in page


def test_a_partner_page_lists_its_labs_and_public_agreements_only(client, directory):
    paris_saclay = directory["paris_saclay"]
    draft = SiteAgreementFactory(site=directory["site"], title="Projet secret", status=AgreementStatus.DRAFT)
    AgreementSignatoryFactory(agreement=draft, partner=paris_saclay)
    response = client.get("/partners/universite-paris-saclay/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/labs/umr-8502/"' in page
    assert "Convention de site Paris-Saclay 2022-2026" in page
    assert "Projet secret" not in page
    assert page.count("<h1") == 1


def test_a_partner_page_separates_supervised_and_participating_labs(client, directory):
    response = client.get("/partners/thales/")
    assert response.context["supervised"] == []
    assert [link.lab.slug for link in response.context["participating"]] == ["umr-8502"]


def test_a_partner_page_never_shows_internal_notes(client, db):
    PartnerFactory(slug="secretive", internal_notes="SECRET-PARTNER-NOTE", email="contact@example.org")
    page = client.get("/partners/secretive/").content.decode()
    assert "SECRET-PARTNER-NOTE" not in page


def test_a_partner_with_many_labs_links_to_the_filtered_directory(client, db, monkeypatch):
    monkeypatch.setattr("labs.selectors.PARTNER_PAGE_LABS", 2)
    university = PartnerFactory(slug="big")
    for number in range(3):
        umr(unit_number=str(100 + number), university=university)
    response = client.get("/partners/big/")
    assert len(response.context["supervised"]) == 2
    assert 'href="/labs/?partner=big&amp;status=all"' in response.content.decode()


def test_a_partner_page_answers_404_for_an_unknown_slug(client, db):
    assert client.get("/partners/nobody/").status_code == 404


def test_a_partner_page_refuses_post(client, directory):
    assert client.post("/partners/amu/").status_code == 405


def test_an_expired_agreement_stays_visible_with_its_status(client, directory):
    expired = SiteAgreementFactory(
        site=directory["site"],
        title="Convention 2015-2019",
        status=AgreementStatus.EXPIRED,
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    AgreementSignatoryFactory(agreement=expired, partner=directory["marseille"])
    assert "Convention 2015-2019" in client.get("/partners/amu/").content.decode()


def test_partners_are_listed_alphabetically_ignoring_case_and_accents(client, db):
    for name in ["Zénith", "École polytechnique", "ENS Lyon", "eau de Paris"]:
        PartnerFactory(name=name)
    listed = [
        p.name
        for p in client.get("/partners/", {"q": "e"}).context["partners"]
        if p.name != "Centre national de la recherche scientifique"
    ]
    assert listed == ["eau de Paris", "École polytechnique", "ENS Lyon", "Zénith"]
