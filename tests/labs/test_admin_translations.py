"""The back-office edits each translated text in French and in English, side by side, and keeps both in
the history."""

import pytest
from django.urls import reverse

from labs.models import Lab
from regions.models import OfficeService
from tests.admin_forms import admin_form_data
from tests.factories import LabFactory, PartnerFactory, PiaProjectFactory, SiteAgreementFactory, SiteFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize(
    ("make", "fields"),
    [
        (LabFactory, ["name", "description"]),
        (PartnerFactory, ["name"]),
        (SiteFactory, ["name", "description"]),
        (SiteAgreementFactory, ["title", "strategy"]),
        (PiaProjectFactory, ["name"]),
        (lambda: OfficeService.objects.first(), ["description"]),
    ],
)
def test_the_change_form_has_a_french_and_an_english_field_for_each_text(client, admin_user, make, fields):
    record = make()
    client.force_login(admin_user)
    url = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])

    page = client.get(url).content.decode()

    for field in fields:
        french, english = page.find(f'name="{field}_fr"'), page.find(f'name="{field}_en"')
        assert 0 < french < english, field
        assert f'name="{field}"' not in page


def test_saving_the_form_stores_both_languages_and_their_history(client, admin_user):
    lab = LabFactory(name="Laboratoire des étoiles")
    client.force_login(admin_user)
    url = reverse("admin:labs_lab_change", args=[lab.pk])
    data = admin_form_data(client.get(url))
    assert data["name_fr"] == "Laboratoire des étoiles"

    data.update(name_en="Star Laboratory", description_fr="Des étoiles.", description_en="Stars.")
    assert client.post(url, data).status_code == 302

    stored = Lab.objects.rewrite(False).values("name", "name_fr", "name_en", "description_en").get(pk=lab.pk)
    assert stored == {
        "name": "Laboratoire des étoiles",
        "name_fr": "Laboratoire des étoiles",
        "name_en": "Star Laboratory",
        "description_en": "Stars.",
    }
    row = lab.history.first()
    assert (row.name_fr, row.name_en, row.description_fr) == (
        "Laboratoire des étoiles",
        "Star Laboratory",
        "Des étoiles.",
    )
