"""Every admin list exports as CSV and XLSX, as filtered and restricted to the user's scope, readable by
staff: headers in the site's language, names instead of ids, labels instead of codes, ISO dates."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.admin_exports import CSV, XLSX, csv_rows, csv_text, export, xlsx_rows
from tests.factories import LabFactory, PartnerFactory, SupervisionFactory, institute, office

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]


@pytest.fixture
def labs(db):
    lab = LabFactory(
        acronym="LPS",
        unit_type="UMR",
        unit_number="8502",
        regional_office=office("DR04"),
        city="Orsay",
        contract_start=datetime.date(2021, 1, 1),
    )
    lab.secondary_institutes.set([institute("INSIS"), institute("INC")])
    LabFactory(acronym="CLOSED", regional_office=office("DR04"), status="closed", closed_on="2024-01-01")
    LabFactory(acronym="CINAM", regional_office=office("DR12"))
    return lab


def test_the_lab_export_is_a_french_spreadsheet_csv(client, editor, labs):
    client.force_login(editor)
    response = export(client, "labs_lab", CSV)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header = csv_text(response).splitlines()[0]
    assert header.startswith("Code;Numéro RNSR;Type d'unité;Sigle;Nom;Délégation régionale;")
    lps = next(row for row in csv_rows(response) if row["Sigle"] == "LPS")
    dr04 = office("DR04")
    assert lps["Délégation régionale"] == f"DR04 {dr04.name}"
    assert lps["Institut principal"] == "INP"
    assert lps["Instituts secondaires"] == "INC, INSIS"
    assert (lps["Code"], lps["Type d'unité"], lps["Statut"]) == (
        "UMR 8502",
        "Unité mixte de recherche (UMR)",
        "En activité",
    )
    assert lps["Début du contrat"] == "2021-01-01"
    assert lps["À vérifier"] == "non"
    assert "id" not in {name.lower() for name in lps}


def test_an_editor_exports_her_labs_only(client, editor, labs):
    client.force_login(editor)
    rows = csv_rows(export(client, "labs_lab", CSV))
    assert sorted(row["Sigle"] for row in rows) == ["CLOSED", "LPS"]


def test_the_english_site_exports_english_headers(client, editor, labs):
    client.force_login(editor)
    with translation.override("en"):
        rows = csv_rows(export(client, "labs_lab", CSV))
    lps = next(row for row in rows if row["Acronym"] == "LPS")
    assert (lps["Regional office"], lps["Status"], lps["Needs review"]) == (
        str(office("DR04")),
        "Active",
        "no",
    )


def test_the_export_keeps_the_list_filters(client, editor, labs):
    client.force_login(editor)
    rows = csv_rows(export(client, "labs_lab", CSV, "?status__exact=active"))
    assert [row["Sigle"] for row in rows] == ["LPS"]


def test_a_coordinator_exports_every_region_as_xlsx_with_real_dates(client, coordinator, labs):
    client.force_login(coordinator)
    response = export(client, "labs_lab", XLSX)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert "laboratoires-" in response["Content-Disposition"]
    rows = xlsx_rows(response)
    assert {row["Sigle"] for row in rows} == {"LPS", "CLOSED", "CINAM"}
    lps = next(row for row in rows if row["Sigle"] == "LPS")
    assert lps["Début du contrat"] == datetime.datetime(2021, 1, 1)
    assert lps["Délégation régionale"].startswith("DR04 ")


def test_only_csv_and_xlsx_are_offered_with_french_column_labels(client, editor, labs):
    client.force_login(editor)
    form = client.get(reverse("admin:labs_lab_export")).context["form"]
    assert [label for _, label in form.fields["format"].choices if label != "---"] == ["csv", "xlsx"]
    assert form.fields["labresource_regional_office"].label == "Délégation régionale"


def test_supervisions_name_their_lab_partner_and_office_and_are_scoped(client, editor, labs):
    SupervisionFactory(lab=labs, partner=PartnerFactory(name="Université Paris-Saclay", acronym="UPSaclay"))
    SupervisionFactory(lab=LabFactory(regional_office=office("DR12")), partner=PartnerFactory(name="AMU"))
    client.force_login(editor)
    rows = csv_rows(export(client, "labs_supervision", CSV))
    assert [
        (row["Laboratoire"], row["Partenaire"], row["Délégation régionale"][:4], row["Type"]) for row in rows
    ] == [("UMR 8502", "Université Paris-Saclay", "DR04", "Tutelle")]


def test_the_lab_export_runs_a_fixed_number_of_queries(client, editor, labs):
    client.force_login(editor)
    with CaptureQueriesContext(connection) as few:
        export(client, "labs_lab", CSV)
    for lab in LabFactory.create_batch(30, regional_office=office("DR04")):
        lab.secondary_institutes.set([institute("INC")])
        lab.parent = labs
        lab.save()
    with CaptureQueriesContext(connection) as many:
        rows = csv_rows(export(client, "labs_lab", CSV))
    assert len(rows) == 32
    assert len(many) == len(few)


def test_anonymous_visitors_cannot_export(client, labs):
    response = client.get(reverse("admin:labs_lab_export"))
    assert response.status_code == 302


def test_the_list_shows_an_export_link_with_its_filters(client, viewer, labs):
    client.force_login(viewer)
    page = client.get(reverse("admin:labs_lab_changelist") + "?status__exact=active").content.decode()
    assert reverse("admin:labs_lab_export") + "?status__exact=active" in page


def test_a_cell_a_spreadsheet_would_run_is_neutralised_in_both_formats(client, coordinator):
    PartnerFactory(name='=HYPERLINK("http://evil.example","x")', acronym="EVIL")
    client.force_login(coordinator)
    (csv_row,) = [row for row in csv_rows(export(client, "labs_partner", CSV)) if row["Sigle"] == "EVIL"]
    (xlsx_row,) = [row for row in xlsx_rows(export(client, "labs_partner", XLSX)) if row["Sigle"] == "EVIL"]
    assert csv_row["Nom"] == xlsx_row["Nom"] == '\'=HYPERLINK("http://evil.example","x")'
