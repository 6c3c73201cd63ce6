"""The review dashboard downloaded as CSV or XLSX: the rows and columns the page shows, as filtered.

Headers are in the page's language; cells hold names and codes (site names, office codes, unit codes,
agreement references), never database ids. CSV is UTF-8 with a BOM and `;`-separated, for spreadsheets
set to French; a cell a spreadsheet would run as a formula gets a leading quote, in both formats.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from regions.spreadsheets import csv_chunks, neutralise

from .selectors import DashboardRow
from .warnings import lab_label

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[DashboardRow], Any]


def _units(labs) -> str:
    return ", ".join(lab_label(lab) for lab in labs)


def dashboard_columns() -> list[Column]:
    """The dashboard's columns, with headers in the active language."""

    def agreement(attribute: str) -> Callable[[DashboardRow], Any]:
        return lambda row: getattr(row.agreement, attribute) if row.agreement else None

    return [
        Column(_("Site"), lambda row: row.site.name),
        Column(_("Regional offices"), lambda row: ", ".join(office.code for office in row.offices)),
        Column(_("Agreement in force"), agreement("title")),
        Column(_("Reference"), agreement("reference")),
        Column(_("Status"), lambda row: row.agreement.display_status_label if row.agreement else None),
        Column(_("Start"), agreement("start_date")),
        Column(_("End"), agreement("end_date")),
        Column(_("Months left"), lambda row: row.months_left),
        Column(_("Covered labs"), lambda row: len(row.covered_labs)),
        Column(_("Covered units"), lambda row: _units(row.covered_labs)),
        Column(_("Labs not covered"), lambda row: len(row.uncovered_labs)),
        Column(_("Units not covered"), lambda row: _units(row.uncovered_labs)),
        Column(_("Agreement under way"), lambda row: row.in_progress.title if row.in_progress else None),
        Column(
            _("Its status"), lambda row: row.in_progress.get_status_display() if row.in_progress else None
        ),
        Column(
            _("Idex / I-site"),
            lambda row: ", ".join(
                f"{project}: {project.get_outcome_display()}" if project.outcome else str(project)
                for project in row.excellence
            ),
        ),
        Column(_("Warnings"), lambda row: len(row.issues)),
        Column(_("Worst warning"), lambda row: row.worst.label if row.worst else None),
        Column(_("Follow-up on"), lambda row: row.follow_up_on),
    ]


def dashboard_csv(rows: list[DashboardRow], *, filename: str) -> HttpResponse:
    columns = dashboard_columns()
    text = csv_chunks(
        [column.header for column in columns], [[[column.value(row) for column in columns] for row in rows]]
    )
    response = HttpResponse("".join(text).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, int | datetime.date):
        return value
    return neutralise(str(value))


def dashboard_xlsx(rows: list[DashboardRow], *, filename: str) -> HttpResponse:
    """The workbook in openpyxl's write-only mode: rows go to the file as they are appended, not into a
    grid of cell objects (widths and frozen panes are set before the first row, as that mode requires)."""
    columns = dashboard_columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Sites")[:31])
    for index, column in enumerate(columns, start=1):
        width = max(12, min(len(column.header) + 4, 40))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(column.value(row)) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
