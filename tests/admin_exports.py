"""Downloading an admin list's export as a browser does: GET the export form, POST it back."""

import csv
import io

import openpyxl
from django.urls import reverse

BOM = "\ufeff"
CSV, XLSX = "0", "1"


def export_form_data(client, url: str, file_format: str = CSV) -> dict[str, str]:
    """What the export form at `url` posts with `file_format` and every column ticked."""
    form = client.get(url).context["form"]
    data = {"format": file_format, "resource": "0"}
    data.update({name: "on" for name, field in form.fields.items() if field.initial is True})
    return data


def export(client, model_url_name: str, file_format: str = CSV, query: str = ""):
    """The response to the export form of `admin:<model_url_name>_export`, every column ticked."""
    url = reverse(f"admin:{model_url_name}_export") + query
    response = client.post(url, export_form_data(client, url, file_format))
    assert response.status_code == 200, response.content[:500]
    return response


def csv_text(response) -> str:
    text = response.content.decode("utf-8")
    assert text.startswith(BOM), "no UTF-8 byte order mark"
    return text[len(BOM) :]


def csv_rows(response) -> list[dict[str, str]]:
    """The rows of a `;`-separated CSV export, by header."""
    return list(csv.DictReader(io.StringIO(csv_text(response)), delimiter=";"))


def xlsx_rows(response) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.values)
    return [dict(zip(header, row, strict=True)) for row in rows]
