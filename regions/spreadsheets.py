"""What every spreadsheet shares: the downloads (the back-office exports, the review dashboard's, the public
directory's) write CSV for spreadsheets set to French, with cells that never run as formulas (`csv_chunks`,
the one CSV writer of our own exports); the back-office imports read CSV and XLSX files as spreadsheets save
them."""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import openpyxl
import tablib
from django.utils.translation import gettext as _

# UTF-8 with this byte order mark, `;`-separated: what Excel in France opens without an import wizard.
BOM = "\ufeff"
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection): prefix a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """`cell`, with a leading single quote when a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def restore(cell: str) -> str:
    """`cell` as it was before `neutralise`: without the quote put before a formula-like text."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def csv_text(value: Any) -> str:
    """A value as a CSV cell: empty for None, a date in ISO 8601, anything else as text, neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(str(value))


def csv_chunks(header: Sequence[str], chunks: Iterable[Iterable[Sequence[Any]]]) -> Iterator[str]:
    """A CSV file for spreadsheets set to French, one piece of text per chunk of rows (the header with the
    first): UTF-8's byte order mark, `;`-separated, CRLF line ends, every cell through `csv_text`.

    A streamed download sends each piece as it comes (one write per chunk of rows, not per row); a small
    file joins them.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(header)
    for rows in chunks:
        writer.writerows([csv_text(value) for value in row] for row in rows)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no row at all: the header alone
        yield buffer.getvalue()


# --- reading ------------------------------------------------------------------------------------------

XLSX_SIGNATURE = b"PK\x03\x04"  # an XLSX workbook is a zip archive
DELIMITERS = (";", ",", "\t")
# What Excel in France saves a CSV as when not told "UTF-8": Windows-1252.
ENCODINGS = ("utf-8-sig", "cp1252")


class UnreadableSpreadsheet(ValueError):
    """The file is neither a CSV text nor an XLSX workbook that can be read; the message says why."""


def check_spreadsheet_start(head: bytes) -> None:
    """Raise UnreadableSpreadsheet when the first bytes of a file already show it is no spreadsheet (an
    upload form's quick check, before the file is read as a whole)."""
    if not head.startswith(XLSX_SIGNATURE) and b"\x00" in head:
        raise UnreadableSpreadsheet(_("This file is neither a CSV file nor an Excel workbook (XLSX)."))


def read_spreadsheet(data: bytes) -> tablib.Dataset:
    """The rows of a CSV file or of the first sheet of an XLSX workbook, under the first row's headers.

    CSV: UTF-8 (with or without a BOM) or Windows-1252, separated by `;` (what our exports write), `,` or
    tabs (what Excel writes in other settings), detected from the header line. Rows shorter than the header
    are completed with empty cells; XLSX cells keep their type (dates, numbers, booleans).
    """
    rows: Iterator[Sequence[Any]]
    check_spreadsheet_start(data)
    if data.startswith(XLSX_SIGNATURE):
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(_decode(data))
    header = next(rows, None)
    names = ["" if name is None else str(name).strip() for name in header or ()]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise UnreadableSpreadsheet(_("The file is empty: its first row should name the columns."))
    width = len(names)
    dataset = tablib.Dataset(headers=names)
    for number, row in enumerate(rows, start=2):
        cells = list(row)
        if any(cell not in (None, "") for cell in cells[width:]):
            raise UnreadableSpreadsheet(
                _("Row %(row)s has more cells than the first row has column names.") % {"row": number}
            )
        dataset.append([*cells[:width], *[None] * (width - len(cells))])
    return dataset


def _decode(data: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableSpreadsheet(_("This file is not text encoded in UTF-8 or Windows-1252 (Excel)."))


def _csv_rows(text: str) -> Iterator[list]:
    first_line = text.split("\n", 1)[0]
    outside_quotes = first_line.replace('""', "").split('"')[::2]
    delimiter = max(DELIMITERS, key=lambda d: sum(part.count(d) for part in outside_quotes))
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise UnreadableSpreadsheet(
            _("This CSV file cannot be read: %(error)s.") % {"error": error}
        ) from error


def _xlsx_rows(data: bytes) -> Iterator[tuple]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableSpreadsheet(_("This Excel workbook (XLSX) cannot be read.")) from error
    try:
        yield from book.active.iter_rows(values_only=True)
    finally:
        book.close()
