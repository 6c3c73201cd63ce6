"""`?format=csv` through the project's CSV writer, anonymous throttling, and CORS for GET on the API only."""

import pytest

from tests.factories import LabFactory, umr

pytestmark = pytest.mark.django_db


def test_a_list_downloads_as_csv_with_neutralised_cells_and_its_next_page_in_a_link_header(api):
    LabFactory(name='=HYPERLINK("http://evil")', acronym="EVIL")
    umr(acronym="LPS")

    response = api.get("/api/v1/labs/?format=csv&page_size=1")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8").startswith("\ufeffurl;rnsr;code;")
    assert 'rel="next"' in response["Link"]
    rows = api.get("/api/v1/labs/?format=csv").content.decode("utf-8").splitlines()
    assert len(rows) == 3
    assert any("'=HYPERLINK" in row for row in rows)
    assert not any(";=HYPERLINK" in row or ';"=HYPERLINK' in row for row in rows)
    assert "supervisions.partner" in rows[0].split(";")
    unsupervised = api.get("/api/v1/labs/?format=csv&q=evil").content.decode("utf-8").splitlines()
    assert unsupervised[0] == rows[0]


def test_a_record_downloads_as_csv(api):
    lab = LabFactory(acronym="LPS")

    rows = api.get(f"/api/v1/labs/{lab.rnsr}/?format=csv").content.decode("utf-8").splitlines()

    assert len(rows) == 2
    assert rows[1].split(";")[1] == lab.rnsr


def test_anonymous_clients_are_throttled_per_address(api, settings):
    settings.API_ANONYMOUS_RATE = "3/minute"

    statuses = [api.get("/api/v1/institutes/").status_code for _ in range(4)]
    other = api.get("/api/v1/institutes/", REMOTE_ADDR="192.0.2.7")

    assert statuses == [200, 200, 200, 429]
    assert int(api.get("/api/v1/institutes/")["Retry-After"]) > 0
    assert other.status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_is_throttled(api, settings):
    settings.API_ANONYMOUS_RATE = "1/minute"
    settings.TRUSTED_PROXY_COUNT = 1

    first = api.get("/api/v1/institutes/", HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = api.get("/api/v1/institutes/", HTTP_X_FORWARDED_FOR="198.51.100.2")
    again = api.get("/api/v1/institutes/", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert (first.status_code, second.status_code, again.status_code) == (200, 200, 429)


def test_csv_downloads_are_held_by_the_export_limits_json_answers_are_not(api, settings):
    settings.EXPORTS_PER_MINUTE_PER_ADDRESS = 1

    first = api.get("/api/v1/labs/?format=csv")
    second = api.get("/api/v1/institutes/?format=csv")
    by_accept = api.get("/api/v1/institutes/", HTTP_ACCEPT="text/csv")

    assert (first.status_code, second.status_code, by_accept.status_code) == (200, 429, 429)
    assert int(second["Retry-After"]) > 0
    assert api.get("/api/v1/institutes/").status_code == 200


def test_any_origin_may_read_the_api(api):
    response = api.get("/api/v1/labs/", HTTP_ORIGIN="https://example.org")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_preflight_allows_reading_only(api):
    response = api.options(
        "/api/v1/labs/", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )

    assert response.status_code == 200
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_the_public_pages_send_no_cors_header(api):
    assert not api.get("/labs/", HTTP_ORIGIN="https://example.org").has_header("Access-Control-Allow-Origin")


def test_the_api_refuses_writes(api):
    assert api.post("/api/v1/labs/", {"name": "x"}).status_code == 405
    assert api.delete("/api/v1/institutes/INP/").status_code == 405


def test_the_api_answers_without_validators_nor_throttle_when_the_cache_is_down(api, monkeypatch):
    from django.core.cache import caches

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "add", "set", "incr"):
        monkeypatch.setattr(caches["default"], method, down)

    response = api.get("/api/v1/institutes/")

    assert response.status_code == 200
    assert not response.has_header("ETag")
