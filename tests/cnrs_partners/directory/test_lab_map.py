"""The map of the labs (/map/): areas per département and per regional office, linked to the lists they
count; the département filter of the lab directory; a lab's page marking its département."""

import re

import pytest

from cnrs_partners.directory.france_map import scale
from labs.models import LabStatus
from tests.factories import LabFactory, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed():
    """Active labs: 2 in the Hauts-de-Seine (92), one of them with a CEDEX postal code, 1 in Marseille (13,
    CEDEX), 1 in La Réunion (974), 1 in Nouméa (988, not drawn), 1 in Germany, 1 whose place is unknown;
    plus a closed lab in the 92 (not counted)."""
    return {
        "meudon": LabFactory(postal_code="92190", city="Meudon", regional_office=office("DR05")),
        "meudon-cedex": LabFactory(postal_code="92195", city="MEUDON CEDEX", regional_office=office("DR05")),
        "marseille": LabFactory(
            postal_code="13331", city="Marseille CEDEX 03", regional_office=office("DR12")
        ),
        "reunion": LabFactory(postal_code="97490", city="Saint-Denis", regional_office=office("DR12")),
        "noumea": LabFactory(postal_code="98800", city="Nouméa", regional_office=office("DR12")),
        "heidelberg": LabFactory(country="DE", postal_code="69117", city="Heidelberg"),
        "nowhere": LabFactory(postal_code="", city="Atlantis"),
        "closed": LabFactory(
            postal_code="92190", city="Meudon", status=LabStatus.CLOSED, closed_on="2020-01-01"
        ),
    }


def links(html: str) -> dict[str, str]:
    """The map's linked areas: {href: aria-label}."""
    found = re.findall(r'<a class="map-link" href="([^"]+)" aria-label="([^"]+)"(?! tabindex)', html)
    return {href.replace("&amp;", "&"): label for href, label in found}


def listed(client, query: str) -> int:
    html = client.get(f"/labs/?{query}").content.decode()
    return len(re.findall(r'<a href="/labs/[a-z0-9-]+/">', html))


def test_each_department_links_to_its_labs_with_its_count(client, placed):
    html = client.get("/map/").content.decode()
    areas = links(html)

    assert areas["/labs/?department=92"] == "92 Hauts-de-Seine : 2 laboratoires"
    assert areas["/labs/?department=13"] == "13 Bouches-du-Rhône : 1 laboratoire"
    assert areas["/labs/?department=974"] == "974 La Réunion : 1 laboratoire"
    # The labs the filter lists are the labs the area counts, a CEDEX code included.
    assert listed(client, "department=92") == 2
    assert listed(client, "department=13") == 1


def test_a_department_without_a_lab_is_drawn_but_not_linked(client, placed):
    html = client.get("/map/").content.decode()

    assert "/labs/?department=15" not in html
    assert "<title>15 Cantal : 0 laboratoire</title>" in html


def test_each_office_links_to_its_labs_with_its_count(client, placed):
    html = client.get("/map/").content.decode()
    areas = links(html)

    assert areas["/labs/?region=DR05"] == "DR05 Île-de-France Meudon : 2 laboratoires"
    assert areas["/labs/?region=DR12"] == "DR12 Provence et Corse : 3 laboratoires"
    assert listed(client, "region=DR12") == 3


def test_overseas_departments_are_drawn_in_their_frames(client, placed):
    html = client.get("/map/").content.decode()

    for name in ("Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"):
        assert f">{name}</text>" in html
    assert "Île-de-France (agrandie)" in html


def test_labs_elsewhere_and_abroad_are_listed_apart(client, placed):
    html = client.get("/map/").content.decode()
    not_drawn = html[html.index('id="not-drawn-heading"') :]

    assert '<a href="/labs/?department=988">988 Nouvelle-Calédonie</a> : 1 laboratoire' in not_drawn
    assert "En France, département non reconnu : 1 laboratoire" in not_drawn
    assert re.search(r'<th scope="row">Allemagne</th><td class="text-end">1</td>', not_drawn)


def test_the_tables_give_the_same_numbers_and_download_as_csv(client, placed):
    html = client.get("/map/").content.decode()
    response = client.get("/stats/labs-by-department.csv")
    rows = response.content.decode("utf-8-sig").splitlines()

    assert '<a href="/labs/?department=92">92 Hauts-de-Seine</a></th><td class="text-end">2</td>' in html
    assert rows[0] == "Département;Laboratoires"
    assert "92 Hauts-de-Seine;2" in rows
    assert rows[-1] == "En France, département non reconnu;1"
    assert "Allemagne;1" in client.get("/stats/labs-abroad.csv").content.decode("utf-8-sig")


def test_the_department_filter_keeps_the_other_filters(client, placed):
    assert listed(client, "department=92&status=all") == 3
    assert listed(client, "department=92&region=DR12") == 0
    assert listed(client, "department=974&region=DR12") == 1


def test_the_list_names_the_department_filter_and_removes_it(client, placed):
    html = client.get("/labs/?department=92").content.decode()

    assert 'Département : <a href="/map/">92 Hauts-de-Seine</a>' in html
    assert 'href="/labs/?">retirer<span class="visually-hidden"> le filtre de département' in html


@pytest.mark.parametrize("query", ["department=zz", "department=99", "department=975", "department=2a%20"])
def test_a_department_without_labs_or_unknown_lists_no_lab(client, placed, query):
    response = client.get(f"/labs/?{query}")

    assert response.status_code == 200
    assert listed(client, query) == 0


@pytest.mark.parametrize("query", ["department=%00", "department=92%C3", "department=" + "9" * 5000])
def test_a_garbled_department_is_refused_with_a_message(client, placed, query):
    response = client.get(f"/labs/?{query}")

    assert response.status_code == 400


def test_query_params_do_not_change_the_map(client, placed):
    plain = links(client.get("/map/").content.decode())

    for query in ("department=zz", "region=DR99", "page=999999999", "sort=%27%3B--"):
        response = client.get(f"/map/?{query}")
        assert response.status_code == 200
        assert links(response.content.decode()) == plain
    assert client.get("/map/?region=%00%ff").status_code == 400


def test_it_refuses_other_methods(client, db):
    assert client.post("/map/").status_code == 405


def test_the_map_is_drawn_without_any_lab(client, db):
    html = client.get("/map/").content.decode()

    assert 'class="france-map"' in html
    assert links(html) == {}
    assert "Aucun laboratoire en activité à l’étranger." in html


def test_the_page_is_in_english_under_en(client, placed):
    html = client.get("/en/map/").content.decode()

    assert '<h1 class="mb-3">Map of the labs</h1>' in html
    assert links(html)["/en/labs/?department=92"] == "92 Hauts-de-Seine: 2 labs"


def test_it_is_linked_from_the_navigation_and_the_statistics(client, db):
    assert 'href="/map/"' in client.get("/labs/").content.decode()
    assert 'href="/map/"' in client.get("/stats/").content.decode()


def test_the_sitemap_lists_the_page_in_both_languages(client, db):
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "/map/</loc>" in sitemap and "/en/map/</loc>" in sitemap


def test_a_lab_page_marks_its_department(client, placed):
    html = client.get(placed["meudon-cedex"].get_absolute_url()).content.decode()

    assert 'class="department-marker" role="img"' in html
    assert '<title id="marker-title">Département 92 Hauts-de-Seine sur la carte de France</title>' in html
    assert 'href="/labs/?department=92"' in html


def test_a_lab_abroad_has_no_department(client, placed):
    html = client.get(placed["heidelberg"].get_absolute_url()).content.decode()

    assert "department-marker" not in html


def test_its_queries_do_not_grow_with_the_data(client, placed, django_assert_max_num_queries):
    with django_assert_max_num_queries(4) as small:
        client.get("/map/")
    for number in range(30):
        LabFactory(postal_code=f"{number + 1:02d}000", city=f"Ville {number}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/map/")


@pytest.mark.parametrize(
    ("counts", "ranges"),
    [
        ([], []),
        ([0, 0], []),
        ([2, 1, 0], [(1, 1), (2, 2)]),
        ([4, 4, 4], [(1, 4)]),
        (list(range(1, 11)), [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]),
        ([1] * 8 + [50, 300], [(1, 1), (2, 300)]),
    ],
)
def test_the_colour_scale_splits_the_counts_at_their_quantiles(counts, ranges):
    buckets = scale(counts)

    assert [(bucket.low, bucket.high) for bucket in buckets] == ranges
    assert len({bucket.colour for bucket in buckets}) == len(buckets)
