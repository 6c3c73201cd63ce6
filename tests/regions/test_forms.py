"""Two editors open the same lab; the first saves; the second's save is refused and the first's kept."""

import pytest
from django.db import transaction
from django.urls import reverse

from labs.models import Lab
from regions.models import StaleVersionError
from tests.admin_forms import admin_form_data
from tests.factories import OfficeMembershipFactory, UserFactory, office

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.usefixtures("english")]


@pytest.fixture
def colleague(editor):
    """A second editor of DR04, in Claire's group."""
    user = UserFactory(username="paul")
    user.groups.set(editor.groups.all())
    OfficeMembershipFactory(user=user, office=office("DR04"))
    return user


def test_the_second_save_is_refused_with_what_changed_and_the_first_is_kept(
    client, editor, colleague, dr04_lab
):
    url = reverse("admin:labs_lab_change", args=[dr04_lab.pk])
    client.force_login(editor)
    claire = admin_form_data(client.get(url))
    client.force_login(colleague)
    paul = admin_form_data(client.get(url))

    client.force_login(editor)
    claire.update(director="Pierre Curie", city="Gif-sur-Yvette")
    assert client.post(url, claire).status_code == 302

    client.force_login(colleague)
    paul.update(director="Irène Joliot-Curie", website="https://lps.example.fr")
    response = client.post(url, paul)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "claire" in errors[0]
    assert "Director: now “Pierre Curie”, yours “Irène Joliot-Curie”." in errors
    assert "City: now “Gif-sur-Yvette”, yours “Orsay”." in errors
    page = response.content.decode()
    assert "Irène Joliot-Curie" in page  # Paul's input is still on the page to copy
    lab = Lab.objects.get(pk=dr04_lab.pk)
    assert (lab.director, lab.city, lab.website, lab.version) == ("Pierre Curie", "Gif-sur-Yvette", "", 2)
    assert lab.history.count() == 2


def test_a_save_without_the_loaded_version_is_refused(client, editor, dr04_lab):
    url = reverse("admin:labs_lab_change", args=[dr04_lab.pk])
    client.force_login(editor)
    data = admin_form_data(client.get(url))
    del data["loaded_version"]
    data["director"] = "X"
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["adminform"].form.non_field_errors()
    dr04_lab.refresh_from_db()
    assert dr04_lab.director == "Marie Curie"


def test_a_stale_inline_row_is_refused_too(client, editor, colleague, dr04_lab):
    url = reverse("admin:labs_lab_change", args=[dr04_lab.pk])
    client.force_login(editor)
    claire = admin_form_data(client.get(url))
    supervision = dr04_lab.supervisions.order_by("pk").last()
    supervision.unit_code = "UMR 1111"
    supervision.save()  # a colleague, meanwhile

    index = next(i for i in range(2) if claire[f"supervisions-{i}-id"] == supervision.pk)
    claire[f"supervisions-{index}-unit_code"] = "UMR 2222"
    response = client.post(url, claire)

    assert response.status_code == 200
    supervision.refresh_from_db()
    assert supervision.unit_code == "UMR 1111"


def test_saving_a_stale_instance_raises_instead_of_overwriting(dr04_lab):
    first = Lab.objects.get(pk=dr04_lab.pk)
    second = Lab.objects.get(pk=dr04_lab.pk)
    first.director = "First"
    first.save()
    second.director = "Second"
    with pytest.raises(StaleVersionError), transaction.atomic():
        second.save()
    assert second.version == 1  # unchanged in memory: the caller may reload and retry
    lab = Lab.objects.get(pk=dr04_lab.pk)
    assert (lab.director, lab.version) == ("First", 2)


def test_every_save_increments_the_version_even_with_update_fields(dr04_lab):
    dr04_lab.director = "A"
    dr04_lab.save(update_fields=["director"])
    assert Lab.objects.values_list("version", flat=True).get(pk=dr04_lab.pk) == 2
