"""Importing a spreadsheet into an admin list as a browser does: upload it (the preview: the job's page, run
in the request in tests), then confirm.

Files are written as staff's spreadsheets save them: `csv_file` (`;` and a BOM as our exports, or `,` and
Windows-1252 as Excel does elsewhere) and `xlsx_file`; `exported` downloads a list's export to start from.
"""

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from regions.models import ImportJob
from tests.admin_exports import CSV, export


def csv_file(rows: list[dict], delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_file(rows: list[dict]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def exported(client, model_url_name: str, file_format: str = CSV) -> bytes:
    """The bytes of the list's export, every column."""
    return export(client, model_url_name, file_format).content


def csv_dicts(data: bytes) -> list[dict]:
    """The rows of one of our CSV exports, by header, to edit before importing them."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def xlsx_edit(data: bytes, edit) -> bytes:
    """An XLSX export after `edit(sheet)` changed some cells (openpyxl), as staff would in Excel."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    edit(book.active)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, model_url_name: str, data: bytes, name: str = "import.csv", skip_invalid: bool = False):
    """The preview of importing `data` (nothing written yet): the page the upload leads to."""
    url = reverse(f"admin:{model_url_name}_import")
    form: dict[str, object] = {"file": SimpleUploadedFile(name, data)}
    if skip_invalid:
        form["skip_invalid"] = "on"
    return client.post(url, form, follow=True)


def confirm(client, model_url_name: str, preview, **extra):
    """The answer to the preview's confirmation button (`skip_invalid="1"` for the skip button)."""
    url = reverse(f"admin:{model_url_name}_process_import")
    return client.post(url, {"token": preview.context["token"], "confirm": "1", **extra})


def import_file(client, model_url_name: str, data: bytes, name: str = "import.csv", **extra):
    """Upload then confirm: the preview and the confirmation's answer."""
    preview = upload(client, model_url_name, data, name)
    assert preview.status_code == 200, preview.content[:800]
    assert "token" in preview.context, preview.content[:2000]
    return preview, confirm(client, model_url_name, preview, **extra)


def counts(preview) -> dict[str, int]:
    return preview.context["counts"]


def problems(preview) -> list[str]:
    """Every problem of the preview as staff read it: "ligne 3, colonne « Statut » : …"."""
    return [problem for group in preview.context["groups"] for problem in group["problems"]]


def changes(preview) -> dict[str, list[tuple]]:
    """The updated rows' changes by record: {record: [(column, old, new), …]}."""
    return {
        row["object_repr"]: [tuple(change) for change in row["diff"]] for row in preview.context["updated"]
    }


def token_kept(client, preview) -> bool:
    """Whether the previewed upload is still kept, waiting for its confirmation."""
    return ImportJob.objects.filter(pk=preview.context["token"]).exclude(stored_name="").exists()
