"""Spreadsheet import of the office services list: its export's columns read back, matched on the office
and kind (and name, for the "other" kind), in the editor's offices only, with the import's audit trail."""

import pytest
from django.urls import reverse
from django.utils import translation

from regions.audit import IMPORT, source_label
from regions.models import OfficeService, ServiceKind
from tests.admin_exports import CSV, XLSX
from tests.admin_imports import (
    changes,
    counts,
    csv_dicts,
    csv_file,
    exported,
    import_file,
    problems,
    upload,
    xlsx_file,
)
from tests.factories import office

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]

SERVICES = "regions_officeservice"


def service(code: str, kind: str, **values) -> OfficeService:
    found = OfficeService.objects.get(office=office(code), kind=kind)
    for name, value in values.items():
        setattr(found, name, value)
    found.save()
    return found


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_the_export_imports_back_unchanged(client, admin_user, file_format):
    OfficeService.objects.create(office=office("DR04"), kind=ServiceKind.OTHER, name="Communication")
    OfficeService.objects.create(office=office("DR04"), kind=ServiceKind.OTHER, name="Archives")
    service("DR04", ServiceKind.HUMAN_RESOURCES, head="Jeanne Martin", phone="01 69 82 00 00")
    client.force_login(admin_user)

    preview = upload(client, SERVICES, exported(client, SERVICES, file_format))

    assert counts(preview)["skip"] == OfficeService.objects.count(), problems(preview)
    assert counts(preview)["update"] == counts(preview)["new"] == counts(preview)["invalid"] == 0


def test_an_editor_updates_her_offices_services_and_the_history_names_the_file(client, editor):
    client.force_login(editor)
    rows = csv_dicts(exported(client, SERVICES))
    hr = next(row for row in rows if row["Type"] == "Ressources humaines")
    hr["Responsable"] = "Jeanne Martin"
    hr["Courriel"] = "rh@dr4.cnrs.fr"

    preview, response = import_file(client, SERVICES, csv_file(rows), "services-dr04.csv")

    assert response.status_code == 302
    assert list(changes(preview).values()) == [
        [("Responsable", "", "Jeanne Martin"), ("Courriel", "", "rh@dr4.cnrs.fr")]
    ]
    hr_service = OfficeService.objects.get(office=office("DR04"), kind=ServiceKind.HUMAN_RESOURCES)
    assert (hr_service.head, hr_service.email) == ("Jeanne Martin", "rh@dr4.cnrs.fr")
    record = hr_service.history.latest("history_date")
    assert (record.history_source, record.history_user) == (IMPORT, editor)
    assert source_label(record.history_source, record.history_change_reason) == (
        "import de tableur (fichier services-dr04.csv)"
    )


def test_an_editor_may_not_change_another_offices_service_nor_add_one(client, editor):
    client.force_login(editor)
    rows = [
        {"Délégation régionale": "DR04", "Type": "Budget", "Nom": "", "Responsable": "Paul Durand"},
        {
            "Délégation régionale": "DR12",
            "Type": "Gestion financière",
            "Nom": "",
            "Responsable": "Paul Durand",
        },
        {"Délégation régionale": "DR04", "Type": "Autre", "Nom": "Communication", "Responsable": "Anne Roy"},
    ]

    preview = upload(client, SERVICES, xlsx_file(rows))

    assert counts(preview) == {"new": 0, "update": 0, "skip": 0, "invalid": 3, "rows": 3}
    dr12 = OfficeService.objects.get(office=office("DR12"), kind=ServiceKind.FINANCE)
    assert sorted(problems(preview)) == [
        "ligne 2, colonne « Type » : « Budget » ne fait pas partie des choix : Ressources humaines, Gestion "
        "financière, Partenariats et valorisation, Systèmes d'information, Prévention et sécurité, Autre.",
        f"ligne 3 : Vous ne pouvez pas modifier « {dr12} » : il relève d'une délégation régionale qui n'est pas "
        "la vôtre.",
        "ligne 4 : Cette ligne ajouterait un enregistrement : votre rôle modifie les services de la "
        "délégation mais n'en ajoute pas.",
    ]


def test_a_national_administrator_adds_services_of_the_other_kind_by_name(client, admin_user):
    client.force_login(admin_user)
    rows = [
        {"Regional office": "DR04", "Kind": "Other", "Name": "Communication", "Head": "Anne Roy"},
        {"Regional office": "DR04", "Kind": "Other", "Name": "Archives", "Head": ""},
    ]

    with translation.override("en"):
        preview, response = import_file(client, SERVICES, csv_file(rows, delimiter=","))
        assert response["Location"] == reverse("admin:regions_officeservice_changelist")

    assert counts(preview)["new"] == 2
    names = OfficeService.objects.filter(office=office("DR04"), kind=ServiceKind.OTHER)
    assert sorted(names.values_list("name", "head")) == [("Archives", ""), ("Communication", "Anne Roy")]
    rows[0]["Head"] = "Anne Roy-Martin"
    with translation.override("en"):
        again = upload(client, SERVICES, csv_file(rows))
    assert (counts(again)["update"], counts(again)["skip"]) == (1, 1)


def test_an_other_service_without_a_name_is_refused_with_the_models_message(client, admin_user):
    client.force_login(admin_user)
    rows = [{"Délégation régionale": "DR04 Délégation Île-de-France Sud", "Type": "Autre", "Nom": ""}]

    preview = upload(client, SERVICES, csv_file(rows))

    assert problems(preview) == ["ligne 2 : Un service de type « autre » doit avoir un nom."]
