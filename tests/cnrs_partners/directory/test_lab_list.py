"""The lab directory page: filters, sorting, pagination, counts and empty states."""

import pytest
from django.urls import reverse

from labs.models import UnitType
from tests.factories import LabFactory, SiteFactory, institute, office


def listed(response) -> list[str]:
    return [lab.slug for lab in response.context["labs"]]


def test_it_lists_active_labs_to_anonymous_visitors(client, directory):
    response = client.get("/labs/")
    assert response.status_code == 200
    assert listed(response) == ["umr-7313", "umr-8502"]
    assert "upr-8000" not in listed(response)
    assert ">2 labs</p>" in client.get("/en/labs/").content.decode()


def test_it_refuses_post(client, directory):
    assert client.post("/labs/").status_code == 405


def test_it_shows_closed_labs_on_request_and_marks_them(client, directory):
    response = client.get("/labs/", {"status": "closed"})
    assert listed(response) == ["upr-8000"]
    assert 'class="badge text-bg-secondary ms-1"' in response.content.decode()
    assert sorted(listed(client.get("/labs/", {"status": "all"}))) == ["umr-7313", "umr-8502", "upr-8000"]


def test_it_filters_by_unit_type(client, directory):
    assert listed(client.get("/labs/", {"type": "UMR"})) == ["umr-7313", "umr-8502"]
    assert listed(client.get("/labs/", {"type": "upr", "status": "all"})) == ["upr-8000"]


def test_it_filters_by_primary_or_secondary_institute(client, directory):
    assert listed(client.get("/labs/", {"institute": "INP"})) == ["umr-8502"]
    assert listed(client.get("/labs/", {"institute": "INC"})) == ["umr-7313"]
    # ISM2 has INSB as secondary institute.
    assert listed(client.get("/labs/", {"institute": "insb"})) == ["umr-7313"]


def test_it_lists_a_lab_once_when_its_primary_and_secondary_institutes_match(client, db):
    lab = LabFactory(primary_institute=institute("INP"))
    lab.secondary_institutes.add(institute("INC"), institute("INSB"))
    assert listed(client.get("/labs/", {"institute": "INP"})) == [lab.slug]


def test_it_filters_by_regional_office_code_in_any_case(client, directory):
    assert listed(client.get("/labs/", {"region": "DR12"})) == ["umr-7313"]
    assert listed(client.get("/labs/", {"region": "dr04"})) == ["umr-8502"]


def test_an_unknown_filter_value_shows_no_lab_and_the_error(client, directory):
    response = client.get("/labs/", {"region": "DR99"})
    assert listed(response) == []
    assert response.context["filterset"].errors
    assert 'class="invalid-feedback"' in response.content.decode()


def test_it_filters_by_partner_slug(client, directory):
    response = client.get("/labs/", {"partner": "amu"})
    assert listed(response) == ["umr-7313"]
    assert "Aix-Marseille Université" in response.content.decode()
    assert listed(client.get("/labs/", {"partner": "cnrs"})) == ["umr-7313", "umr-8502"]


def test_it_filters_by_site_slug(client, directory):
    assert listed(client.get("/labs/", {"site": "paris-saclay"})) == ["umr-8502"]
    assert listed(client.get("/labs/", {"site": "paris-saclay", "status": "all"})) == ["upr-8000", "umr-8502"]
    assert listed(client.get("/labs/", {"site": "nowhere"})) == []


def test_it_filters_by_city_ignoring_case(client, directory):
    assert listed(client.get("/labs/", {"city": "marseille"})) == ["umr-7313"]


def test_it_sorts_by_code_numerically_by_default(client, db):
    for number in ["95", "8502", "1000"]:
        LabFactory(unit_type=UnitType.UMR, unit_number=number)
    assert listed(client.get("/labs/")) == ["umr-95", "umr-1000", "umr-8502"]


def test_it_sorts_by_name_and_by_city(client, db):
    LabFactory(name="Zoologie", city="Amiens", unit_number="1")
    LabFactory(name="Astronomie", city="Nice", unit_number="2")
    assert [lab.name for lab in client.get("/labs/", {"sort": "name"}).context["labs"]] == [
        "Astronomie",
        "Zoologie",
    ]
    assert [lab.city for lab in client.get("/labs/", {"sort": "city"}).context["labs"]] == ["Amiens", "Nice"]


def test_it_paginates_by_fifty_and_keeps_the_filters_in_the_links(client, db):
    for number in range(60):
        LabFactory(unit_number=str(1000 + number), regional_office=office("DR12"))
    LabFactory(unit_number="5000", regional_office=office("DR04"))
    response = client.get("/labs/", {"region": "DR12", "sort": "code"})
    assert len(response.context["labs"]) == 50
    assert response.context["paginator"].count == 60
    page = response.content.decode()
    assert "?region=DR12&amp;sort=code&amp;page=2" in page
    assert ">60 labs</p>" in client.get("/en/labs/", {"region": "DR12"}).content.decode()
    second = client.get("/labs/", {"region": "DR12", "sort": "code", "page": 2})
    assert len(second.context["labs"]) == 10
    assert all(lab.regional_office.code == "DR12" for lab in second.context["labs"])


def test_it_answers_404_for_a_page_beyond_the_last(client, directory):
    assert client.get("/labs/", {"page": 9}).status_code == 404


def test_the_empty_state_offers_to_reset_the_filters(client, directory):
    response = client.get("/labs/", {"q": "zzzzzz"})
    page = response.content.decode()
    assert listed(response) == []
    assert 'class="empty-state' in page
    assert f'href="{reverse("directory:lab_list")}"' in page


def test_the_export_links_carry_the_filters(client, directory):
    page = client.get("/labs/", {"region": "DR04", "page": 1}).content.decode()
    assert 'href="/labs/export.csv?region=DR04"' in page
    assert 'href="/labs/export.json?region=DR04"' in page


def test_the_site_filter_is_named_with_a_link_to_remove_it(client, directory):
    site = SiteFactory(name="Grenoble Alpes", slug="grenoble")
    site.labs.add(directory["chem"])
    page = client.get("/labs/", {"site": "grenoble", "city": "Marseille"}).content.decode()
    assert "Grenoble Alpes" in page
    assert 'href="/labs/?city=Marseille"' in page


@pytest.mark.parametrize("field", ["q", "type", "institute", "region", "city", "status", "sort"])
def test_every_visible_filter_has_a_label(client, db, field):
    page = client.get("/labs/").content.decode()
    assert f'for="id_{field}"' in page
