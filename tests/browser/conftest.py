"""Browser tests run against the live server, whose transactional database is flushed after each test,
reference data included. `serialized_rollback` cannot restore it reliably here (the database connection
Playwright's tests see is not always the one serialised at set-up), so each test reloads the reference data
with the migrations' own idempotent loaders."""

import pytest
from django.core.cache import cache
from django.urls import clear_url_caches

from tests.cnrs_partners.directory.data import build_directory
from tests.factories import LabFactory, institute, office
from tests.reference_data import load_reference_data


@pytest.fixture(autouse=True)
def _fresh_url_resolver():
    """The URL resolver caches its reverse map per language: a test that switched LANGUAGE_CODE leaves it
    wrong for the others (English URLs without /en/)."""
    clear_url_caches()
    yield
    clear_url_caches()


@pytest.fixture
def reference_data(live_server):
    """The regional offices, their services, the départements, the institutes and the CNRS."""
    load_reference_data()


@pytest.fixture
def public_directory(reference_data):
    """The shared small directory, plus labs of other institutes and offices for the filters to remove."""
    cache.clear()
    data = build_directory()
    LabFactory(
        unit_number="9101", acronym="CHIMSUD", name="Chimie du Sud", primary_institute=institute("INC")
    )
    LabFactory(
        unit_number="9102",
        acronym="PHYNORD",
        name="Physique des solides du Nord",
        city="Lille",
        regional_office=office("DR18"),
    )
    return data


@pytest.fixture
def visit(page, live_server):
    """Open a path of the live server and return the page."""

    def go(path: str):
        page.goto(live_server.url + path)
        return page

    return go
