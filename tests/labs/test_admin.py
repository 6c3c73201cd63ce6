"""The lab form reads a new postal code and city as the RNSR import does (`labs.services.lab_apply_place`):
official city, country, office from the département, a flag and a message when a person should check."""

import pytest
from django.urls import reverse

from labs.models import Lab
from tests.admin_forms import admin_form_data
from tests.factories import office

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def edit(client, lab: Lab, **changes):
    url = reverse("admin:labs_lab_change", args=[lab.pk])
    data = admin_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    lab.refresh_from_db()
    return response


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_new_postal_code_moves_the_lab_to_its_office_and_writes_the_official_city(
    client, admin_user, dr04_lab
):
    client.force_login(admin_user)

    edit(client, dr04_lab, postal_code="59655", city="VILLENEUVE D ASCQ CEDEX")

    assert (dr04_lab.regional_office.code, dr04_lab.city, dr04_lab.country) == (
        "DR18",
        "Villeneuve-d'Ascq",
        "FR",
    )
    assert not dr04_lab.needs_review


def test_an_office_chosen_in_the_same_edit_is_kept(client, admin_user, dr04_lab):
    client.force_login(admin_user)

    edit(client, dr04_lab, postal_code="59655", city="Villeneuve-d'Ascq", regional_office=office("DR12").pk)

    assert dr04_lab.regional_office.code == "DR12"


def test_a_shared_paris_departement_is_proposed_and_flagged(client, admin_user, dr04_lab):
    client.force_login(admin_user)

    response = edit(client, dr04_lab, postal_code="75005", city="PARIS")

    assert (dr04_lab.regional_office.code, dr04_lab.city, dr04_lab.needs_review) == ("DR02", "Paris", True)
    assert any("shared" in message for message in messages_of(response))


def test_an_editor_never_moves_a_lab_out_of_her_offices_but_it_is_flagged(client, editor, dr04_lab):
    client.force_login(editor)

    response = edit(client, dr04_lab, postal_code="13009", city="Marseille")

    assert (dr04_lab.regional_office.code, dr04_lab.city, dr04_lab.needs_review) == (
        "DR04",
        "Marseille",
        True,
    )
    assert any("13" in message for message in messages_of(response))


def test_a_place_abroad_keeps_the_office_and_is_flagged_with_its_country(client, editor, dr04_lab):
    client.force_login(editor)

    response = edit(client, dr04_lab, postal_code="02120", city="Santiago de Chile")

    assert (dr04_lab.regional_office.code, dr04_lab.country, dr04_lab.needs_review) == ("DR04", "CL", True)
    assert any("abroad" in message for message in messages_of(response))


def test_an_edit_that_leaves_the_place_alone_does_not_touch_it(client, editor, dr04_lab):
    Lab.objects.filter(pk=dr04_lab.pk).update(postal_code="75005", city="Paris", needs_review=False)
    dr04_lab.refresh_from_db()
    client.force_login(editor)

    edit(client, dr04_lab, director="Irène Joliot-Curie")

    assert (dr04_lab.regional_office.code, dr04_lab.needs_review) == ("DR04", False)
