"""Every operation of the API's OpenAPI schema, called through the WSGI application with data generated from
the schema (schemathesis): no server error, and every answer as the schema says (status, content type,
headers, body). A bounded number of examples per operation keeps it well under a minute."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cnrs_partners.wsgi import application
from tests.one_of_each import one_of_each

# Loaded once, when the tests are collected (schemathesis' lazy fixture loader does not run on pytest 9).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@pytest.fixture(autouse=True)
def records(db):
    """One record of every model, so that lists have rows and some generated codes find one."""
    return one_of_each()


@pytest.fixture(autouse=True)
def connection_kept():
    """The WSGI application is called as a server would call it: as Django's test client does, keep its
    request signals from closing the connection that holds the test's transaction (PostgreSQL)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# What the answers must be. Not `negative_data_rejection`: the API reads its query as the pages do, leniently
# (an unknown parameter is ignored, a page size that is not a number gives the default one).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_its_schema_says(case):
    # Uncompressed: schemathesis' WSGI client would not unpack what the public GZip middleware packs.
    case.call_and_validate(headers={"Accept-Encoding": "identity"}, checks=CHECKS)
