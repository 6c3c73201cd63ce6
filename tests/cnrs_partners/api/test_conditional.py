"""ETag and Last-Modified from the public data's version: a conditional GET answers 304 until a write."""

import pytest
from django.test import TestCase

from tests.factories import LabFactory


@pytest.mark.django_db
def test_a_conditional_get_answers_304_while_nothing_changed(api):
    lab = LabFactory()
    first = api.get(f"/api/v1/labs/{lab.rnsr}/")
    assert first.status_code == 200
    assert first["ETag"]
    assert first["Last-Modified"]

    again = api.get(f"/api/v1/labs/{lab.rnsr}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    since = api.get(f"/api/v1/labs/{lab.rnsr}/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


@pytest.mark.django_db
def test_each_address_and_format_has_its_own_etag(api):
    lab = LabFactory()
    tags = {
        api.get(url)["ETag"]
        for url in (f"/api/v1/labs/{lab.rnsr}/", "/api/v1/labs/", "/api/v1/labs/?format=csv")
    }
    assert len(tags) == 3


@pytest.mark.django_db
def test_an_error_carries_no_etag(api):
    response = api.get("/api/v1/labs/201119230Z/")
    assert response.status_code == 404
    assert not response.has_header("ETag")


class WriteTests(TestCase):
    """The version is bumped when a transaction commits: these tests commit (captureOnCommitCallbacks)."""

    def test_a_write_changes_the_etag_and_a_stale_one_gets_the_new_answer(self):
        lab = LabFactory(name="Ancien nom")
        first = self.client.get(f"/api/v1/labs/{lab.rnsr}/")

        with self.captureOnCommitCallbacks(execute=True):
            lab.name = "Nouveau nom"
            lab.save()
        response = self.client.get(f"/api/v1/labs/{lab.rnsr}/", HTTP_IF_NONE_MATCH=first["ETag"])

        assert response.status_code == 200
        assert response.json()["name"] == "Nouveau nom"
        assert response["ETag"] != first["ETag"]
