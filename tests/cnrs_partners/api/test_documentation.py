"""The API's documentation: the OpenAPI schema in French by default and in English on demand, and the
Swagger UI and Redoc pages served from the site's own static files."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_describes_the_api_in_french_by_default_and_in_english_on_demand(api):
    french = api.get("/api/v1/schema/?format=json").json()
    english = api.get("/api/v1/schema/?format=json&lang=en").json()

    assert french["info"]["description"].startswith("L'annuaire public des partenariats du CNRS")
    assert english["info"]["description"].startswith("The public directory of the CNRS's partnerships")
    assert french["paths"]["/api/v1/labs/{rnsr}/"]["get"]["summary"] == "Un laboratoire"
    assert english["paths"]["/api/v1/labs/{rnsr}/"]["get"]["summary"] == "A lab"


def test_the_schema_lists_every_operation_read_only(api):
    paths = api.get("/api/v1/schema/?format=json").json()["paths"]

    assert {method for operations in paths.values() for method in operations} == {"get"}
    assert "/api/v1/pia-projects/{id}/" in paths


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_documentation_pages_use_only_the_sites_static_files(api, url):
    response = api.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "https://" not in html
    assert "<script>" not in html
