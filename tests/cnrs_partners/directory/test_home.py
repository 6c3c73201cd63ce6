"""The public home page and the monitoring probe."""

from wsgiref.util import setup_testing_defaults

import pytest
from django.core import signals
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from cnrs_partners.wsgi import probe_application


def test_the_home_page_has_a_search_box_counts_and_links(client, directory):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="search"' in page
    assert 'action="/labs/"' in page
    assert '<label for="home-q"' in page
    for url in ["/labs/", "/partners/", "/sites/", "/regions/"]:
        assert f'href="{url}"' in page
    institutes = {institute.acronym: institute.lab_count for institute in response.context["institutes"]}
    assert institutes["INP"] == 1  # LPS; the closed lab is not counted
    assert institutes["INC"] == 1
    offices = {office.code: office.lab_count for office in response.context["offices"]}
    assert offices["DR04"] == 1 and offices["DR12"] == 1
    assert response.context["totals"] == {"labs": 2, "partners": 4, "sites": 1}
    assert 'href="/labs/?institute=INP"' in page
    assert 'href="/labs/?region=DR04"' in page


def test_the_home_page_refuses_post(client, db):
    assert client.post("/").status_code == 405


def test_healthz_answers_a_tiny_ok_outside_the_language_prefix(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert len(queries) <= 1
    assert client.get("/en/healthz").status_code == 404


@pytest.fixture
def broken_database(monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise RuntimeError("database down")

    monkeypatch.setattr("cnrs_partners.views.connection", BrokenConnection())


def test_healthz_reports_a_broken_database(client, db, broken_database):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def probe(path: str) -> tuple[str, bytes]:
    """A request to the probe's own server (`probe_application`), as gunicorn would pass it."""
    environ: dict = {}
    setup_testing_defaults(environ)
    environ["PATH_INFO"] = path
    answer: list[str] = []
    # As Django's test client does: the handler would close the test's connection, inside its transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(probe_application(environ, lambda status, headers: answer.append(status)))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return answer[0], body


def test_the_probe_server_answers_healthz_and_nothing_else(db):
    assert probe("/healthz") == ("200 OK", b"ok\n")
    for path in ["/", "/labs/", "/admin/", "/api/v1/labs/", "/healthz/"]:
        status, body = probe(path)
        assert status.startswith("404") and b"/healthz" in body


def test_the_probe_server_reports_a_broken_database(db, broken_database):
    assert probe("/healthz") == ("503 Service Unavailable", b"database unavailable\n")
