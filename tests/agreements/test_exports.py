"""The review dashboard's CSV and XLSX exports: exactly the rows shown, French headers, names and codes,
real dates and numbers in XLSX, formulas neutralised, the editor's scope kept, refusals."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from agreements.exports import dashboard_columns
from agreements.warnings import Severity
from regions.spreadsheets import BOM
from tests.agreements.review_data import (
    TODAY,
    export_url,
    site_with_agreement,
)

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def french_headers() -> list[str]:
    with translation.override("fr"):
        return [column.header for column in dashboard_columns()]


def test_the_csv_export_holds_the_rows_shown_with_french_headers_names_and_codes(
    client, coordinator, saclay, marseille
):
    client.force_login(coordinator)

    response = client.get(export_url("csv"), {"ends_within": "12"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header == french_headers()
    assert [row[0] for row in rows] == ["Paris-Saclay"]
    agreement = saclay.agreements.get()
    covered = ", ".join(sorted(f"{lab.code} {lab.acronym}" for lab in agreement.covered_labs.all()))
    uncovered = saclay.labs.exclude(pk__in=agreement.covered_labs.all()).get()
    with translation.override("fr"):
        expected = [
            "Paris-Saclay",
            "DR04",
            "Convention Paris-Saclay",
            agreement.reference,
            agreement.get_status_display(),
            agreement.start_date.isoformat(),
            (TODAY + datetime.timedelta(days=200)).isoformat(),
            "6",
            "2",
            covered,
            "1",
            f"{uncovered.code} {uncovered.acronym}",
            "",
            "",
            "",
            "1",
            str(Severity.WARNING.label),
            "",
        ]
    # Names and codes only: the whole row is known, and no cell is a database id.
    assert rows == [expected]


def test_the_english_site_exports_english_headers(client, coordinator, saclay, english):
    client.force_login(coordinator)
    header, _row = read_csv(client.get(reverse("review:dashboard_export", args=["csv"])))
    assert header[:3] == ["Site", "Regional offices", "Agreement in force"]


def test_the_xlsx_export_holds_the_same_cells_with_real_dates_and_numbers(
    client, coordinator, saclay, marseille
):
    client.force_login(coordinator)

    response = client.get(export_url("xlsx"), {"region": "DR04"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header == french_headers()
    assert sheet.freeze_panes == "B2" and sheet["A1"].font.b
    agreement = saclay.agreements.get()
    assert rows[0][:3] == ["Paris-Saclay", "DR04", "Convention Paris-Saclay"]
    assert rows[0][5:9] == [
        datetime.datetime.combine(agreement.start_date, datetime.time()),
        datetime.datetime.combine(TODAY + datetime.timedelta(days=200), datetime.time()),
        6,
        2,
    ]
    assert rows[0][10] == 1 and rows[0][15] == 1
    # Numbers are counts only: every other cell is a name, a code, a label or a date.
    assert [type(cell) for cell in rows[0]].count(int) == 4


def test_a_formula_like_cell_is_neutralised(client, coordinator):
    site_with_agreement('=HYPERLINK("x")', "formula", "DR04", end=None)
    client.force_login(coordinator)
    _header, row = read_csv(client.get(export_url("csv")))
    assert row[0] == '\'=HYPERLINK("x")'


def test_the_exports_keep_the_editor_s_scope(client, editor, saclay, marseille):
    client.force_login(editor)
    _header, *rows = read_csv(client.get(export_url("csv")))
    assert [row[0] for row in rows] == ["Paris-Saclay"]


def test_the_exports_refuse_anonymous_visitors_other_roles_other_formats_and_posts(
    client, no_role, coordinator
):
    assert client.get(export_url("csv")).status_code == 302
    client.force_login(no_role)
    assert client.get(export_url("xlsx")).status_code == 403
    client.force_login(coordinator)
    assert client.get(export_url("json")).status_code == 404
    assert client.post(export_url("csv")).status_code == 405
