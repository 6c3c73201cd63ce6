"""Each record's history page, and the restore of an earlier version by a national administrator only."""

import pytest
from django.urls import reverse

from labs.models import Lab
from tests.admin_forms import admin_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def edited_lab(client, editor, dr04_lab):
    """Claire changed the director: version 2; version 1 had Marie Curie."""
    client.force_login(editor)
    url = reverse("admin:labs_lab_change", args=[dr04_lab.pk])
    data = admin_form_data(client.get(url))
    data["director"] = "Damaged"
    assert client.post(url, data).status_code == 302
    client.logout()
    return dr04_lab


def revert_url(lab):
    first = lab.history.order_by("history_date").first()
    return reverse("admin:labs_lab_simple_history", args=[lab.pk, first.history_id])


def test_a_national_administrator_restores_an_earlier_version(client, admin_user, edited_lab):
    client.force_login(admin_user)
    response = client.get(revert_url(edited_lab))
    assert response.status_code == 200 and 'name="_save"' in response.content.decode()

    assert client.post(revert_url(edited_lab), admin_form_data(response)).status_code == 302

    lab = Lab.objects.get(pk=edited_lab.pk)
    assert (lab.director, lab.version) == ("Marie Curie", 3)
    latest = lab.history.order_by("-history_date").first()
    assert (latest.history_user, latest.history_source, latest.director) == (
        admin_user,
        "admin",
        "Marie Curie",
    )


def test_an_editor_sees_old_versions_but_cannot_restore_them(client, editor, edited_lab):
    client.force_login(editor)
    response = client.get(revert_url(edited_lab))
    assert response.status_code == 200 and 'name="_save"' not in response.content.decode()

    assert client.post(revert_url(edited_lab), admin_form_data(response)).status_code == 403
    assert Lab.objects.get(pk=edited_lab.pk).director == "Damaged"


def test_a_revert_from_a_stale_page_is_refused(client, admin_user, edited_lab):
    client.force_login(admin_user)
    data = admin_form_data(client.get(revert_url(edited_lab)))
    lab = Lab.objects.get(pk=edited_lab.pk)
    lab.city = "Palaiseau"
    lab.save()

    response = client.post(revert_url(edited_lab), data)

    assert response.status_code == 200
    assert Lab.objects.get(pk=edited_lab.pk).city == "Palaiseau"


def test_an_editor_cannot_read_the_history_of_another_regions_lab(client, editor, dr12_lab):
    client.force_login(editor)
    first = dr12_lab.history.get()
    assert client.get(reverse("admin:labs_lab_history", args=[dr12_lab.pk])).status_code == 403
    url = reverse("admin:labs_lab_simple_history", args=[dr12_lab.pk, first.history_id])
    assert client.get(url).status_code == 403


def test_the_history_of_a_deleted_lab_stays_readable_within_scope(client, editor, other_editor, dr04_lab):
    pk = dr04_lab.pk
    dr04_lab.delete()
    client.force_login(editor)
    assert client.get(reverse("admin:labs_lab_history", args=[pk])).status_code == 200
    client.force_login(other_editor)
    assert client.get(reverse("admin:labs_lab_history", args=[pk])).status_code == 403


def test_every_row_of_a_history_page_shows_its_changes(client, admin_user, dr04_lab):
    for number in range(30):
        dr04_lab.director = f"Director {number}"
        dr04_lab.save()
    client.force_login(admin_user)
    response = client.get(reverse("admin:labs_lab_history", args=[dr04_lab.pk]))
    records = list(response.context["page_obj"])
    assert len(records) == 25
    assert all(record.history_delta_changes for record in records)
    assert records[-1].history_delta_changes[0]["new"] == "Director 5"
