"""A database that is down or read-only gives a 503 page in the user's language, nothing half-saved, and the
site answers again at the next request. The failure is simulated where the view reads or writes."""

from unittest import mock

import pytest
from django.db import InternalError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.urls import reverse
from django.utils import translation

from labs.models import Lab
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

LABS = reverse("directory:lab_list")


class ReadOnly(Exception):
    sqlstate = "25006"


def every_query_fails(error: Exception):
    """The database answers every query with `error` (as a server that went away does)."""

    def execute(self, sql, params=None):
        raise error

    return mock.patch.object(CursorWrapper, "execute", execute)


def read_only_error() -> InternalError:
    error = InternalError("cannot execute UPDATE in a read-only transaction")
    error.__cause__ = ReadOnly()
    return error


def test_a_database_that_cannot_be_reached_gives_a_503_page_then_the_site_recovers(client, dr04_lab):
    with every_query_fails(OperationalError("connection refused")):
        response = client.get(LABS)

    assert response.status_code == 503 and response["Retry-After"]
    assert "Service temporairement indisponible" in response.content.decode()
    assert client.get(LABS).status_code == 200


def test_the_503_page_speaks_the_visitor_s_language(client):
    with every_query_fails(OperationalError("connection refused")):
        response = client.get("/en" + LABS)

    assert response.status_code == 503 and "Service temporarily unavailable" in response.content.decode()


def test_a_write_refused_by_a_read_only_database_says_nothing_was_saved(client, admin_user, dr04_lab):
    client.force_login(admin_user)
    with translation.override("fr"):
        url = reverse("admin:labs_lab_change", args=[dr04_lab.pk])
    data = admin_form_data(client.get(url))
    data["director"] = "Nouvelle directrice"

    with mock.patch("labs.models.Lab.save", side_effect=read_only_error()):
        response = client.post(url, data)

    assert response.status_code == 503
    assert "Rien n'en a été enregistré" in response.content.decode()
    dr04_lab.refresh_from_db()
    assert dr04_lab.director != "Nouvelle directrice"


def test_a_bug_in_a_query_is_not_mistaken_for_an_unavailable_database(client):
    client.raise_request_exception = True
    with (
        every_query_fails(InternalError("syntax error")),
        pytest.raises(InternalError),
    ):
        client.get(LABS)
    assert Lab.objects.count() >= 0
