"""The site directory and a site's page: signed agreements only, never drafts or notes."""

import datetime

from agreements.models import AgreementStatus
from tests.factories import LabFactory, SiteAgreementFactory, SiteFactory, office


def slugs(response) -> list[str]:
    return [site.slug for site in response.context["sites"]]


def test_it_lists_sites_with_their_counts(client, directory):
    SiteFactory(name="Aix-Marseille", slug="aix-marseille", city="Marseille")
    response = client.get("/sites/")
    assert response.status_code == 200
    assert slugs(response) == ["aix-marseille", "paris-saclay"]
    saclay = response.context["sites"][1]
    assert (saclay.member_count, saclay.lab_count) == (2, 2)
    assert "SECRET" not in response.content.decode()


def test_it_filters_sites_by_text_region_city_and_agreement_in_force(client, directory):
    other = SiteFactory(name="Université Côte d'Azur", slug="uca", city="Nice")
    other.regional_offices.add(office("DR20"))
    assert slugs(client.get("/sites/", {"q": "cote azur"})) == ["uca"]
    assert slugs(client.get("/sites/", {"region": "dr04"})) == ["paris-saclay"]
    assert slugs(client.get("/sites/", {"city": "NICE"})) == ["uca"]
    assert slugs(client.get("/sites/", {"in_force": "true"})) == ["paris-saclay"]
    assert slugs(client.get("/sites/", {"in_force": "false"})) == ["uca"]


def test_a_draft_only_site_has_no_agreement_in_force(client, db):
    site = SiteFactory(slug="drafty")
    SiteAgreementFactory(site=site, status=AgreementStatus.NEGOTIATING, signed_on=None)
    assert slugs(client.get("/sites/", {"in_force": "true"})) == []


def test_a_site_page_shows_members_agreements_labs_and_pia(client, directory):
    response = client.get("/sites/paris-saclay/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["Université Paris-Saclay", "Convention de site Paris-Saclay 2022-2026", "IDEX-PS", "CS-"]:
        assert text in page, text
    assert 'href="/labs/umr-8502/"' in page
    assert page.count("<h1") == 1


def test_a_site_page_hides_drafts_negotiations_reviews_and_internal_notes(client, directory):
    page = client.get("/sites/paris-saclay/").content.decode()
    assert "Brouillon de la future convention" not in page
    assert "Convention en négociation" not in page
    assert "Convention en relecture" not in page
    assert "SECRET" not in page
    agreements = client.get("/sites/paris-saclay/").context["page"].agreements
    assert [a.title for a in agreements.current + agreements.past + agreements.upcoming] == [
        "Convention de site Paris-Saclay 2022-2026"
    ]


def test_a_site_page_shows_expired_and_terminated_agreements_under_past(client, directory):
    SiteAgreementFactory(
        site=directory["site"],
        title="Convention résiliée",
        status=AgreementStatus.TERMINATED,
        start_date=datetime.date(2016, 1, 1),
        end_date=datetime.date(2018, 12, 31),
    )
    response = client.get("/sites/paris-saclay/")
    agreements = response.context["page"].agreements
    assert [a.title for a in agreements.current] == ["Convention de site Paris-Saclay 2022-2026"]
    assert [a.title for a in agreements.past] == ["Convention résiliée"]
    page = response.content.decode()
    assert page.index("Convention de site Paris-Saclay 2022-2026") < page.index('id="past-title"')
    assert page.index('id="past-title"') < page.index("Convention résiliée")


def test_a_site_page_says_which_labs_the_agreement_in_force_covers(client, directory):
    response = client.get("/en/sites/paris-saclay/")
    rows = {lab.slug: lab.covered for lab in response.context["page"].labs}
    assert rows == {"umr-8502": True, "upr-8000": False}
    assert "Covered by the agreement in force" in response.content.decode()


def test_a_site_page_marks_closed_labs(client, directory):
    page = client.get("/sites/paris-saclay/").content.decode()
    assert "upr-8000" in page
    assert "badge text-bg-secondary" in page


def test_a_site_page_answers_404_for_an_unknown_slug_and_refuses_post(client, directory):
    assert client.get("/sites/atlantis/").status_code == 404
    assert client.post("/sites/paris-saclay/").status_code == 405


def test_a_site_without_agreement_in_force_says_so_instead_of_a_coverage_column(client, directory):
    agreement = directory["signed"]
    agreement.status = AgreementStatus.EXPIRED
    agreement.save()
    response = client.get("/en/sites/paris-saclay/")
    assert response.context["page"].any_in_force is False
    page = response.content.decode()
    assert "No site agreement is in force on this site today." in page
    assert "Covered by the agreement in force" not in page


def test_a_site_page_lists_its_labs_a_page_at_a_time(client, directory, django_assert_max_num_queries):
    site, covering = directory["site"], directory["signed"]
    for number in range(118):
        lab = LabFactory(unit_number=str(1000 + number), acronym=f"L{number}")
        site.labs.add(lab)
        if number % 2:
            covering.covered_labs.add(lab)

    with django_assert_max_num_queries(8):
        response = client.get("/sites/paris-saclay/")

    labs = response.context["page"].labs
    assert (labs.paginator.count, len(labs), labs.number) == (120, 50, 1)
    page = response.content.decode()
    assert 'href="?page=2#labs-title" rel="next"' in page
    assert "120 laboratoires · 1 à 50 affichés" in page
    with django_assert_max_num_queries(8):
        last = client.get("/sites/paris-saclay/", {"page": "3", "on": "2030-01-01"})
    labs = last.context["page"].labs
    assert (len(labs), labs.number, labs.has_next()) == (20, 3, False)
    assert 'href="?page=2&amp;on=2030-01-01#labs-title" rel="prev"' in last.content.decode()
    # Every lab once across the pages, those on the site first, with the agreement's coverage.
    every = [
        lab
        for number in (1, 2, 3)
        for lab in client.get("/sites/paris-saclay/", {"page": number}).context["page"].labs
    ]
    assert len({lab.pk for lab in every}) == 120
    assert sum(lab.covered for lab in every) == 60


def test_a_site_page_answers_a_page_number_it_cannot_read_or_beyond_the_last_with_a_page(client, directory):
    for value in ("abc", "0", "999"):
        response = client.get("/sites/paris-saclay/", {"page": value})
        assert response.status_code == 200
        assert response.context["page"].labs.number == 1, value
