"""A lab's public page: everything public about it, nothing internal."""

import datetime

from agreements.models import AgreementStatus
from labs.models import Succession, SuccessionKind
from tests.factories import LabFactory, SiteAgreementFactory, office


def test_it_shows_everything_public_about_the_lab(client, directory):
    response = client.get("/labs/umr-8502/")
    assert response.status_code == 200
    page = response.content.decode()
    lps = directory["lps"]
    for text in [
        "UMR 8502",
        lps.rnsr,
        "Laboratoire de physique des solides",
        "Solid State Physics Laboratory",
        "Institut de physique",
        "Jeanne Dupont",
        "1 rue Nicolas Appert",
        "Université Paris-Saclay",
        "Centre national de la recherche scientifique",
        "Thales",  # participating partner and industrial partnership
        "Laboratoire commun LPS-Thales",
        "DR04 Île-de-France Gif-sur-Yvette",
        "Convention de site Paris-Saclay 2022-2026",
        "IDEX-PS",
    ]:
        assert text in page, text
    assert page.count("<h1") == 1
    assert 'href="/partners/universite-paris-saclay/"' in page
    assert 'href="/sites/paris-saclay/"' in page
    assert 'href="/regions/dr04/"' in page


def test_it_never_shows_internal_notes_or_unpublished_agreements(client, directory):
    page = client.get("/labs/umr-8502/").content.decode()
    assert "SECRET" not in page
    assert "Brouillon" not in page
    assert "négociation" not in page


def test_it_lists_only_signed_agreements_running_today_as_in_force_and_ended_ones_under_past(
    client, directory
):
    lps = directory["lps"]
    expired = SiteAgreementFactory(
        site=directory["site"],
        title="Ancienne convention",
        status=AgreementStatus.EXPIRED,
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    ended_but_signed = SiteAgreementFactory(
        site=directory["site"],
        title="Convention échue",
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2012, 12, 31),
    )
    draft = SiteAgreementFactory(
        site=directory["site"], title="Projet confidentiel", status=AgreementStatus.DRAFT
    )
    for agreement in (expired, ended_but_signed, draft):
        agreement.covered_labs.add(lps)
    response = client.get("/labs/umr-8502/")
    agreements = response.context["page"].agreements
    assert [a.title for a in agreements.current] == ["Convention de site Paris-Saclay 2022-2026"]
    assert [a.title for a in agreements.past] == ["Ancienne convention", "Convention échue"]
    page = response.content.decode()
    past = page[page.index('id="past-title"') :]
    assert "Ancienne convention" in past and "expirée, 1 janvier 2015 – 31 décembre 2019" in past
    assert "Convention de site Paris-Saclay 2022-2026" not in past
    assert "Projet confidentiel" not in page


def test_it_marks_a_closed_lab_closed_and_links_its_successor(client, directory):
    Succession.objects.create(
        predecessor=directory["closed"], successor=directory["lps"], kind=SuccessionKind.MERGER, year=2021
    )
    page = client.get("/en/labs/upr-8000/").content.decode()
    assert 'class="alert alert-warning' in page
    assert "This structure closed on Dec. 31, 2020." in page
    assert 'href="/en/labs/umr-8502/"' in page
    successor_page = client.get("/labs/umr-8502/").content.decode()
    assert 'href="/labs/upr-8000/"' in successor_page


def test_it_shows_parent_and_child_structures(client, directory):
    child = LabFactory(unit_number="", unit_type="other", name="Équipe fille", parent=directory["lps"])
    page = client.get("/labs/umr-8502/").content.decode()
    assert child.get_absolute_url() in page
    assert 'href="/labs/umr-8502/"' in client.get(child.get_absolute_url()).content.decode()


def test_a_lab_without_unit_code_is_addressed_by_its_rnsr_number(client, db):
    lab = LabFactory(unit_number="", unit_type="other", regional_office=office("DR12"))
    assert lab.get_absolute_url() == f"/labs/{lab.rnsr.lower()}/"
    assert client.get(lab.get_absolute_url()).status_code == 200


def test_it_answers_404_for_an_unknown_slug(client, db):
    assert client.get("/labs/umr-0000/").status_code == 404
    assert client.get("/en/labs/umr-0000/").status_code == 404


def test_it_redirects_capitals_to_the_canonical_address(client, directory):
    response = client.get("/labs/UMR-8502/")
    assert response.status_code == 301
    assert response["Location"] == "/labs/umr-8502/"


def test_it_refuses_post(client, directory):
    assert client.post("/labs/umr-8502/").status_code == 405


def test_it_escapes_the_data(client, db):
    LabFactory(unit_number="4242", name="<script>alert('x')</script>")
    page = client.get("/labs/upr-4242/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
