"""Every admin list exports as CSV and XLSX, as filtered and restricted to the user's scope."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import LabFactory, PartnerFactory, SupervisionFactory, institute, office

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CSV, XLSX = "0", "1"


def export(client, model_url_name, file_format, query=""):
    url = reverse(f"admin:{model_url_name}_export") + query
    form = client.get(url).context["form"]
    data = {"format": file_format, "resource": "0"}
    data.update({name: "on" for name, field in form.fields.items() if field.initial is True})
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return response


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def labs(db):
    lab = LabFactory(acronym="LPS", regional_office=office("DR04"), city="Orsay")
    lab.secondary_institutes.set([institute("INC"), institute("INSIS")])
    LabFactory(acronym="CLOSED", regional_office=office("DR04"), status="closed", closed_on="2024-01-01")
    LabFactory(acronym="CINAM", regional_office=office("DR12"))
    return lab


def test_an_editor_exports_her_labs_only_as_csv_with_the_useful_columns(client, editor, labs):
    client.force_login(editor)
    rows = csv_rows(export(client, "labs_lab", CSV))
    assert sorted(row["acronym"] for row in rows) == ["CLOSED", "LPS"]
    lps = next(row for row in rows if row["acronym"] == "LPS")
    assert lps["regional office"] == "DR04"
    assert lps["secondary institutes"] == "INC, INSIS"
    assert lps["primary institute"] == "INP"
    assert lps["code"] == labs.code and lps["rnsr"] == labs.rnsr


def test_the_export_keeps_the_list_filters(client, editor, labs):
    client.force_login(editor)
    rows = csv_rows(export(client, "labs_lab", CSV, "?status__exact=active"))
    assert [row["acronym"] for row in rows] == ["LPS"]


def test_a_coordinator_exports_every_region_as_xlsx(client, coordinator, labs):
    client.force_login(coordinator)
    response = export(client, "labs_lab", XLSX)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.values)
    acronyms = {row[header.index("acronym")] for row in rows}
    assert acronyms == {"LPS", "CLOSED", "CINAM"}


def test_supervisions_export_is_scoped_too(client, editor, labs):
    SupervisionFactory(lab=labs, partner=PartnerFactory(name="Université Paris-Saclay"))
    SupervisionFactory(lab=LabFactory(regional_office=office("DR12")), partner=PartnerFactory(name="AMU"))
    client.force_login(editor)
    rows = csv_rows(export(client, "labs_supervision", CSV))
    assert [(row["partner"], row["regional office"]) for row in rows] == [("Université Paris-Saclay", "DR04")]


def test_the_lab_export_runs_a_fixed_number_of_queries(client, editor, labs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)
    with CaptureQueriesContext(connection) as few:
        export(client, "labs_lab", CSV)
    for lab in LabFactory.create_batch(30, regional_office=office("DR04")):
        lab.secondary_institutes.set([institute("INC")])
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
