"""Every back-office export: CSV and XLSX only, French headers (English on /en/), `;` and a BOM, no
database ids, scoped to the user's offices."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from regions.backoffice import TrackedAdmin
from regions.models import OfficeService
from tests.admin_exports import CSV, csv_rows, csv_text, export
from tests.factories import LabFactory, OfficeMembershipFactory, office

pytestmark = pytest.mark.django_db

EXPORTED = sorted(
    f"{model._meta.app_label}_{model._meta.model_name}"
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, TrackedAdmin)
)


@pytest.mark.parametrize("url_name", EXPORTED)
def test_every_export_has_readable_headers_and_no_id_column(client, admin_user, url_name):
    LabFactory()
    OfficeMembershipFactory()
    client.force_login(admin_user)
    response = export(client, url_name, CSV)
    header = csv_text(response).splitlines()[0].split(";")
    assert len(header) > 1
    assert not {"id", "pk", "version", "search_text"} & {name.lower() for name in header}
    assert all("_" not in name and name[0].isupper() for name in header), header


def test_an_editor_exports_her_offices_services_named_in_french(client, editor):
    client.force_login(editor)
    rows = csv_rows(export(client, "regions_officeservice", CSV))
    dr04 = office("DR04")
    assert rows and {row["Délégation régionale"] for row in rows} == {str(dr04)}
    kinds = {service.get_kind_display() for service in OfficeService.objects.filter(office=dr04)}
    assert {row["Type"] for row in rows} == kinds


def test_the_english_back_office_exports_english_headers(client, editor):
    client.force_login(editor)
    with translation.override("en"):
        assert reverse("admin:regions_officeservice_export").startswith("/en/")
        rows = csv_rows(export(client, "regions_officeservice", CSV))
    assert set(rows[0]) >= {"Regional office", "Kind", "Name"}


def test_regional_offices_name_their_successor_and_say_yes_or_no(client, admin_user):
    old = office("DR04")
    old.successor = office("DR05")
    old.save()
    client.force_login(admin_user)
    rows = csv_rows(export(client, "regions_regionaloffice", CSV))
    dr04 = next(row for row in rows if row["Code"] == "DR04")
    assert dr04["Remplacée par"] == str(office("DR05"))
    assert dr04["Active"] in {"oui", "non"}
