"""Reading and validating the RNSR open-data CSV (`fr-esr-structures-recherche-publiques-actives`).

The file is UTF-8 (with or without a BOM), `;`-separated; quoted fields may hold `;` and line breaks.
This module reads the file as a whole (encoding, header, field counts, repeated RNSR numbers, the CNRS
filter) and hands each row to `rows.RowReader`; it turns the bytes into `Record`s and `Problem`s without
touching the database.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.translation import gettext as _

from regions.bulk import cyclic_gc_paused

from .columns import KNOWN_COLUMNS, REQUIRED_COLUMNS
from .problems import Level, Problem
from .rows import Record, RowReader, split_values

PROGRESS_EVERY = 500


@dataclass(frozen=True)
class ParsedFile:
    """The structures read from the file, what is wrong with it, and its row counts.

    `fatal` when the file as a whole cannot be imported (encoding, header, malformed CSV).
    """

    records: tuple[Record, ...] = ()
    problems: tuple[Problem, ...] = ()
    rows: int = 0
    ignored_rows: int = 0
    fatal: bool = False

    @property
    def valid_records(self) -> list[Record]:
        return [record for record in self.records if not record.has_errors]

    @property
    def invalid_records(self) -> list[Record]:
        return [record for record in self.records if record.has_errors]


def _involves_cnrs(row: dict[str, str]) -> bool:
    uais = (row.get("uai_des_tutelles") or "").upper()
    sirets = row.get("siret_des_tutelles") or ""
    return settings.CNRS_UAI in split_values(uais) or settings.CNRS_SIRET in split_values(sirets)


def _encoding_problem(data: bytes, error: UnicodeDecodeError) -> Problem:
    line = data[: error.start].count(b"\n") + 1
    return Problem(
        Level.ERROR,
        "bad_encoding",
        line,
        "",
        _("byte 0x%(byte)02x cannot be read as UTF-8: save the file as “CSV UTF-8”.")
        % {"byte": data[error.start]},
    )


def _nul_problem(text: str) -> Problem:
    line = text.count("\n", 0, text.index("\x00")) + 1
    return Problem(
        Level.ERROR,
        "bad_encoding",
        line,
        "",
        _("a NUL byte (0x00) is not text: this is not a CSV file; save the file as “CSV UTF-8”."),
    )


def _header_problems(header: list[str]) -> list[Problem]:
    """Why the header makes the file unreadable; nothing when it is fine."""

    def fatal(kind: str, column: str, message: str) -> Problem:
        return Problem(Level.ERROR, kind, 1, column, message)

    if len(header) == 1 and "," in header[0]:
        return [
            fatal(
                "not_semicolon",
                "",
                _("The header has no “;”: export the file with semicolons as separators."),
            )
        ]
    problems = [
        fatal("unknown_column", column, _("This column is not one of the RNSR export's columns."))
        for column in header
        if column not in KNOWN_COLUMNS
    ]
    problems += [
        fatal("missing_column", column, _("This column is required and absent from the header."))
        for column in REQUIRED_COLUMNS
        if column not in header
    ]
    if len(set(header)) != len(header):
        problems.append(fatal("unknown_column", "", _("A column appears twice in the header.")))
    return problems


class _FileReader:
    """One reading of a decoded file: the records, problems and counts so far."""

    def __init__(self, *, include_all: bool, progress: Callable[[int], None] | None):
        self.include_all = include_all
        self.progress = progress
        self.records: list[Record] = []
        self.problems: list[Problem] = []
        self.rows = 0
        self.ignored_rows = 0
        self.fatal = False
        self.first_lines: dict[str, int] = {}

    def result(self) -> ParsedFile:
        return ParsedFile(
            records=tuple(self.records),
            problems=tuple(self.problems),
            rows=self.rows,
            ignored_rows=self.ignored_rows,
            fatal=self.fatal,
        )

    def refuse(self, problems: list[Problem]) -> None:
        self.problems += problems
        self.fatal = True

    def read(self, text: str) -> None:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
        header: list[str] | None = None
        last_line = 0
        try:
            for fields in reader:
                line, last_line = last_line + 1, reader.line_num
                if not any(part.strip() for part in fields):
                    continue
                if header is None:
                    header = [column.strip() for column in fields]
                    if problems := _header_problems(header):
                        self.refuse(problems)
                        return
                    continue
                self.read_row(header, fields, line)
        except csv.Error as error:
            self.refuse(
                [
                    Problem(
                        Level.ERROR,
                        "bad_csv",
                        last_line + 1,
                        "",
                        _("The CSV cannot be read here: %(error)s") % {"error": error},
                    )
                ]
            )
        if header is None and not self.fatal:
            self.refuse([Problem(Level.ERROR, "empty_file", 1, "", _("The file has no header and no rows."))])

    def read_row(self, header: list[str], fields: list[str], line: int) -> None:
        self.rows += 1
        if self.progress and self.rows % PROGRESS_EVERY == 0:
            self.progress(self.rows)
        if len(fields) != len(header):
            rnsr = fields[0].strip() if fields else ""
            self.problems.append(
                Problem(
                    Level.ERROR,
                    "field_count",
                    line,
                    "",
                    _("%(count)s fields, but the header has %(expected)s columns (a stray “;” or quote?).")
                    % {"count": len(fields), "expected": len(header)},
                    rnsr,
                )
            )
            self.records.append(Record(line=line, rnsr=rnsr, has_errors=True))
            return
        row = dict(zip(header, fields, strict=True))
        if not self.include_all and not _involves_cnrs(row):
            self.ignored_rows += 1
            return
        record = RowReader(row, line, self.problems).read()
        if record.rnsr in self.first_lines:
            self.problems.append(
                Problem(
                    Level.ERROR,
                    "duplicate_rnsr",
                    line,
                    "numero_national_de_structure",
                    _("%(rnsr)s is already on line %(first)s.")
                    % {"rnsr": record.rnsr, "first": self.first_lines[record.rnsr]},
                    record.rnsr,
                )
            )
            record = replace(record, has_errors=True)
        elif record.rnsr:
            self.first_lines[record.rnsr] = line
        self.records.append(record)


@cyclic_gc_paused()
def read_rnsr(
    data: bytes, *, include_all: bool = False, progress: Callable[[int], None] | None = None
) -> ParsedFile:
    """Parse and validate the whole file: CNRS structures only unless `include_all`.

    Rows without the CNRS (when not `include_all`) are counted in `ignored_rows` and not validated:
    they will not be imported, so their defects are not the importer's business.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return ParsedFile(problems=(_encoding_problem(data, error),), fatal=True)
    if "\x00" in text:
        # Python's csv reads it, but no database stores it (PostgreSQL refuses it in any text).
        return ParsedFile(problems=(_nul_problem(text),), fatal=True)
    reading = _FileReader(include_all=include_all, progress=progress)
    reading.read(text)
    return reading.result()
