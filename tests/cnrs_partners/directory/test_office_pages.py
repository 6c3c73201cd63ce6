"""The regional offices: their list and each office's page."""

from regions.models import RegionalOffice
from tests.factories import LabFactory, institute, office


def test_it_lists_the_eighteen_offices_with_their_active_lab_counts(client, directory):
    response = client.get("/regions/")
    assert response.status_code == 200
    offices = list(response.context["offices"])
    assert len(offices) == 18
    counts = {o.code: o.lab_count for o in offices}
    assert counts["DR04"] == 1  # LPS; the closed lab is not counted
    assert counts["DR12"] == 1


def test_an_office_page_shows_its_representative_services_and_labs_by_institute(client, directory):
    dr04 = office("DR04")
    dr04.representative = "Marie Curie"
    dr04.save()
    service = dr04.services.get(kind="partnerships")
    service.head = "Paul Langevin"
    service.email = "partenariat@dr4.example"
    service.save()
    LabFactory(unit_number="7777", primary_institute=institute("INC"))
    response = client.get("/regions/dr04/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["Marie Curie", "Paul Langevin", 'href="mailto:partenariat@dr4.example"']:
        assert text in page, text
    assert page.count("<tr>") == 1 + 5  # the header and the five services of the reference data
    assert {
        row["primary_institute__acronym"]: row["count"] for row in response.context["labs_by_institute"]
    } == {
        "INC": 1,
        "INP": 1,
    }
    assert 'href="/labs/?region=DR04&amp;institute=INP"' in page
    assert page.count("<h1") == 1


def test_an_office_page_redirects_its_upper_case_code(client, db):
    response = client.get("/regions/DR04/")
    assert response.status_code == 301
    assert response["Location"] == "/regions/dr04/"


def test_an_office_page_answers_404_for_an_unknown_code(client, db):
    assert client.get("/regions/dr99/").status_code == 404
    assert client.get("/regions/paris/").status_code == 404


def test_a_closed_office_points_to_its_successor(client, db):
    old = RegionalOffice.objects.create(
        code="DR03", name="Ancienne délégation", seat_city="Paris", is_active=False
    )
    old.successor = office("DR02")
    old.save()
    page = client.get("/regions/dr03/").content.decode()
    assert 'href="/regions/dr02/"' in page
    assert 'href="/regions/dr03/"' in client.get("/regions/dr02/").content.decode()


def test_an_office_page_refuses_post(client, db):
    assert client.post("/regions/dr04/").status_code == 405
