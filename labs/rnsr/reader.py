"""Reading and validating the RNSR open-data CSV (`fr-esr-structures-recherche-publiques-actives`).

The file is UTF-8 (with or without a BOM), `;`-separated; quoted fields may hold `;` and line breaks.
Multi-valued fields are `;`-joined and positional: the n-th `label_numero` is the unit code given by the
n-th institution of `tutelles`, `uai_des_tutelles`, `siret_des_tutelles`, `code_de_type_de_tutelle`…
This module turns the bytes into `Record`s and `Problem`s without touching the database.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from labs.models import Lab, Partner, SuccessionKind, SupervisionKind, UnitType
from labs.validators import validate_rnsr, validate_siren_or_siret, validate_uai
from regions.text import fold

from .problems import ERROR, INFO, WARNING, Problem
from .text import readable_first_name, readable_place, strip_cedex

KNOWN_COLUMNS = [
    "numero_national_de_structure",
    "libelle",
    "sigle",
    "annee_de_creation",
    "type_de_structure",
    "code_de_type_de_structure",
    "code_de_niveau_de_structure",
    "site_web",
    "adresse",
    "code_postal",
    "commune",
    "nom_du_responsable",
    "prenom_du_responsable",
    "titre_du_responsable",
    "label_numero",
    "tutelles",
    "sigles_des_tutelles",
    "code_de_nature_de_tutelle",
    "nature_de_tutelle",
    "uai_des_tutelles",
    "siret_des_tutelles",
    "code_de_type_de_tutelle",
    "type_de_tutelle",
    "numero_de_structure_enfant",
    "numero_de_structure_parent",
    "numero_de_structure_historique",
    "type_de_succession",
    "code_de_type_de_succession",
    "annee_d_effet_historique",
    "code_domaine_scientifique",
    "domaine_scientifique",
    "code_panel_erc",
    "panel_erc",
    "fiche_rnsr",
]
# Without these the file cannot be imported at all; the other known columns are used when present.
REQUIRED_COLUMNS = [
    "numero_national_de_structure",
    "libelle",
    "code_de_type_de_structure",
    "label_numero",
    "tutelles",
    "uai_des_tutelles",
    "siret_des_tutelles",
    "code_de_type_de_tutelle",
]
# Groups of positional columns: within a row, every non-empty column of a group has as many values.
SUPERVISOR_COLUMNS = [
    "tutelles",
    "label_numero",
    "sigles_des_tutelles",
    "code_de_nature_de_tutelle",
    "nature_de_tutelle",
    "uai_des_tutelles",
    "siret_des_tutelles",
    "code_de_type_de_tutelle",
    "type_de_tutelle",
]
HEAD_COLUMNS = ["nom_du_responsable", "prenom_du_responsable", "titre_du_responsable"]
HISTORY_COLUMNS = [
    "numero_de_structure_historique",
    "type_de_succession",
    "code_de_type_de_succession",
    "annee_d_effet_historique",
]

# Prefixes of unit codes (`label_numero`), legacy ones included (UMS/USR → UAR, UMI → IRL, FED → FR).
LABEL_TYPES = {
    "UMR": UnitType.UMR,
    "UPR": UnitType.UPR,
    "UAR": UnitType.UAR,
    "UMS": UnitType.UAR,
    "USR": UnitType.UAR,
    "IRL": UnitType.IRL,
    "UMI": UnitType.IRL,
    "EMR": UnitType.EMR,
    "FRE": UnitType.FRE,
    "FR": UnitType.FR,
    "FED": UnitType.FR,
    "GDR": UnitType.GDR,
}
# `code_de_type_de_structure` when no unit code says more. UMR and UPR only when the CNRS supervises.
STRUCTURE_TYPES = {
    "21": UnitType.UPR,
    "22": UnitType.UMR,
    "23": UnitType.IRL,
    "3": UnitType.FR,
    "32": UnitType.GDR,
}
CNRS_ONLY_TYPES = {UnitType.UPR, UnitType.UMR}
# RNSR structure type codes start with the structure level: 1 team, 2 unit, 3 federative structure.
STRUCTURE_TYPE_CODE = re.compile(r"^[123]\d?$")
# `code_de_type_de_succession`. A split-merger (EF) is a split from the predecessor's side: part of it
# went into this structure; a spin-off-merger (SF) likewise a spin-off.
SUCCESSION_CODES = {
    "R": SuccessionKind.RENEWAL,
    "F": SuccessionKind.MERGER,
    "E": SuccessionKind.SPLIT,
    "EF": SuccessionKind.SPLIT,
    "I": SuccessionKind.INTEGRATION,
    "S": SuccessionKind.SPIN_OFF,
    "SF": SuccessionKind.SPIN_OFF,
}
SUCCESSION_LABELS = {
    "renouvellement": SuccessionKind.RENEWAL,
    "fusion": SuccessionKind.MERGER,
    "eclatement": SuccessionKind.SPLIT,
    "integration": SuccessionKind.INTEGRATION,
    "essaimage": SuccessionKind.SPIN_OFF,
}
SUPERVISION_KINDS = {"TUTE": SupervisionKind.SUPERVISOR, "PART": SupervisionKind.PARTICIPANT}
LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z_\-.]*?)[\s_\-]*(\d+)\s*$")
YEAR = re.compile(r"^\d{4}$")
PROGRESS_EVERY = 500

_url = URLValidator()


@dataclass
class PartnerRow:
    """One position of the institutions' columns: who, and the unit code it gives the structure."""

    position: int
    name: str
    acronym: str
    nature: str
    uai: str
    siret: str
    kind: str
    unit_code: str


@dataclass
class PredecessorRow:
    rnsr: str
    kind: str
    year: int | None


@dataclass
class Record:
    """One structure of the file, cleaned; `values` holds the lab fields the file gives (non-empty)."""

    line: int
    rnsr: str
    values: dict = field(default_factory=dict)
    partners: list[PartnerRow] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    predecessors: list[PredecessorRow] = field(default_factory=list)
    has_errors: bool = False


@dataclass
class ParsedFile:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    ignored_rows: int = 0
    fatal: bool = False

    @property
    def valid_records(self) -> list[Record]:
        return [record for record in self.records if not record.has_errors]

    @property
    def invalid_records(self) -> list[Record]:
        return [record for record in self.records if record.has_errors]


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";")]


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class _RowReader:
    """Validates one row and builds its Record; problems are appended to `problems`."""

    def __init__(self, row: dict, line: int, problems: list[Problem]):
        self.row = row
        self.line = line
        self.problems = problems
        self.record = Record(line=line, rnsr=row.get("numero_national_de_structure", "").strip())

    def add(self, level: str, kind: str, column: str, message: str) -> None:
        self.problems.append(Problem(level, kind, self.line, column, message, self.record.rnsr))
        if level == ERROR:
            self.record.has_errors = True

    def get(self, column: str) -> str:
        return (self.row.get(column) or "").strip()

    def fit(self, model, name: str, column: str, value: str) -> str:
        limit = _max_length(model, name)
        if limit and len(value) > limit:
            self.add(
                WARNING,
                "too_long",
                column,
                _("%(length)s characters, at most %(limit)s are kept: “%(value)s…”")
                % {"length": len(value), "limit": limit, "value": value[:40]},
            )
            return value[:limit]
        return value

    def year(self, column: str, text: str) -> int | None:
        if not text:
            return None
        if not YEAR.match(text) or not 1900 <= int(text) <= 2100:
            self.add(
                ERROR,
                "bad_year",
                column,
                _("“%(value)s” is not a year between 1900 and 2100.") % {"value": text},
            )
            return None
        return int(text)

    def group(self, columns: list[str]) -> dict[str, list[str]] | None:
        """The values of a group of positional columns, or None (and an error) when their lengths differ."""
        values = {column: _split(self.get(column)) for column in columns if self.get(column)}
        if not values:
            return {column: [] for column in columns}
        reference, reference_values = next(iter(values.items()))
        for column, parts in values.items():
            if len(parts) != len(reference_values):
                self.add(
                    ERROR,
                    "inconsistent_columns",
                    column,
                    _("%(count)s values separated by “;”, but column “%(reference)s” has %(expected)s.")
                    % {"count": len(parts), "reference": reference, "expected": len(reference_values)},
                )
                return None
        size = len(reference_values)
        return {column: values.get(column, [""] * size) for column in columns}

    def read(self) -> Record:
        self.read_identity()
        self.read_place_and_head()
        self.read_partners()
        self.read_history()
        return self.record

    def read_identity(self) -> None:
        values = self.record.values
        if not self.record.rnsr:
            self.add(ERROR, "missing_rnsr", "numero_national_de_structure", _("The RNSR number is empty."))
        else:
            try:
                validate_rnsr(self.record.rnsr)
            except ValidationError as error:
                self.add(ERROR, "bad_rnsr", "numero_national_de_structure", _message(error))
        name = self.get("libelle")
        if not name:
            self.add(ERROR, "missing_name", "libelle", _("The structure has no name."))
        else:
            values["name"] = self.fit(Lab, "name", "libelle", name)
        if acronym := self.get("sigle"):
            values["acronym"] = self.fit(Lab, "acronym", "sigle", acronym)
        year = self.year("annee_de_creation", self.get("annee_de_creation"))
        if year is not None:
            values["creation_year"] = year
        code = self.get("code_de_type_de_structure")
        if not STRUCTURE_TYPE_CODE.match(code):
            self.add(
                ERROR,
                "unknown_type",
                "code_de_type_de_structure",
                _(
                    "“%(code)s” (%(label)s) is not a structure type code the importer knows (1, 21, 22, 23, 3, 32…)."
                )
                % {"code": code, "label": self.get("type_de_structure") or "—"},
            )
        if website := self.get("site_web"):
            if website.lower().startswith("www."):
                website = "http://" + website
            try:
                _url(website)
            except ValidationError:
                self.add(
                    WARNING,
                    "bad_website",
                    "site_web",
                    _("“%(value)s” is not a web address.") % {"value": website},
                )
            else:
                if len(website) <= _max_length(Lab, "website"):
                    values["website"] = website
                else:
                    self.add(WARNING, "too_long", "site_web", _("The web address is too long to be kept."))
        domains = [part for part in _split(self.get("domaine_scientifique")) if part]
        if domains:
            values["scientific_domain"] = self.fit(
                Lab, "scientific_domain", "domaine_scientifique", ", ".join(domains)
            )

    def read_place_and_head(self) -> None:
        values = self.record.values
        if address := self.get("adresse"):
            values["address"] = address
        if postal_code := self.get("code_postal").replace(" ", ""):
            values["postal_code"] = self.fit(Lab, "postal_code", "code_postal", postal_code)
        if city := readable_place(strip_cedex(self.get("commune"))):
            values["city"] = self.fit(Lab, "city", "commune", city)
        heads = self.group(HEAD_COLUMNS)
        if heads and heads["nom_du_responsable"]:
            first = readable_first_name(heads["prenom_du_responsable"][0])
            director = f"{first} {heads['nom_du_responsable'][0]}".strip()
            if director:
                values["director"] = self.fit(Lab, "director", "nom_du_responsable", director)

    def read_partners(self) -> None:
        group = self.group(SUPERVISOR_COLUMNS)
        if group is None:
            return
        for index, name in enumerate(group["tutelles"]):
            position = index + 1
            uai = group["uai_des_tutelles"][index].upper()
            siret = group["siret_des_tutelles"][index].replace(" ", "")
            acronym = group["sigles_des_tutelles"][index]
            label = group["label_numero"][index]
            if not (name or uai or siret or acronym):
                continue
            who = name or acronym or uai or siret
            if uai:
                try:
                    validate_uai(uai)
                except ValidationError as error:
                    self.add(
                        ERROR,
                        "bad_uai",
                        "uai_des_tutelles",
                        _("position %(position)s (%(who)s): %(error)s")
                        % {"position": position, "who": who, "error": _message(error)},
                    )
            if siret:
                try:
                    validate_siren_or_siret(siret)
                except ValidationError as error:
                    self.add(
                        ERROR,
                        "bad_siret",
                        "siret_des_tutelles",
                        _("position %(position)s (%(who)s): %(error)s")
                        % {"position": position, "who": who, "error": _message(error)},
                    )
            kind_code = group["code_de_type_de_tutelle"][index].upper()
            kind = SUPERVISION_KINDS.get(kind_code or "TUTE")
            if kind is None:
                self.add(
                    ERROR,
                    "unknown_type",
                    "code_de_type_de_tutelle",
                    _(
                        "position %(position)s (%(who)s): “%(code)s” is neither TUTE (supervisor) nor PART (participant)."
                    )
                    % {"position": position, "who": who, "code": kind_code},
                )
                continue
            self.record.partners.append(
                PartnerRow(
                    position=position,
                    name=self.fit(Partner, "name", "tutelles", name or acronym or uai or siret),
                    acronym=self.fit(Partner, "acronym", "sigles_des_tutelles", acronym),
                    nature=group["code_de_nature_de_tutelle"][index].upper(),
                    uai=uai,
                    siret=siret,
                    kind=kind,
                    unit_code=" ".join(label.split()),
                )
            )
        self.read_unit_type()

    def read_unit_type(self) -> None:
        """Type and number from the CNRS's unit code, else the first supervisor's, else the structure type."""
        partners = self.record.partners
        cnrs = [p for p in partners if p.uai == settings.CNRS_UAI or p.siret == settings.CNRS_SIRET]
        cnrs_supervises = any(p.kind == SupervisionKind.SUPERVISOR for p in cnrs)
        if cnrs:
            labels = [p.unit_code for p in cnrs if p.unit_code]
        else:
            labels = [p.unit_code for p in partners if p.unit_code and p.kind == SupervisionKind.SUPERVISOR]
        unit_type = STRUCTURE_TYPES.get(self.get("code_de_type_de_structure"), UnitType.OTHER)
        if unit_type in CNRS_ONLY_TYPES and not cnrs_supervises:
            unit_type = UnitType.OTHER
        number = ""
        if labels and (match := LABEL.match(labels[0])):
            prefix = re.split(r"[_\-.]", match.group(1).upper())[0]
            number = match.group(2)
            unit_type = LABEL_TYPES.get(prefix, UnitType.OTHER)
            if unit_type == UnitType.OTHER:
                self.add(
                    INFO,
                    "unknown_prefix",
                    "label_numero",
                    _("“%(label)s”: “%(prefix)s” is not a current unit type, recorded as “other”.")
                    % {"label": labels[0], "prefix": match.group(1)},
                )
        self.record.values["unit_type"] = unit_type
        if number:
            self.record.values["unit_number"] = self.fit(Lab, "unit_number", "label_numero", number)

    def read_history(self) -> None:
        self.record.parents = [part for part in _split(self.get("numero_de_structure_parent")) if part]
        group = self.group(HISTORY_COLUMNS)
        if group is None:
            return
        for index, rnsr in enumerate(group["numero_de_structure_historique"]):
            if not rnsr:
                continue
            code = group["code_de_type_de_succession"][index].upper()
            label = group["type_de_succession"][index]
            kind = SUCCESSION_CODES.get(code)
            if kind is None and label:
                kind = SUCCESSION_LABELS.get(fold(label).split(" ")[0])
            if kind is None:
                self.add(
                    ERROR,
                    "unknown_succession",
                    "type_de_succession" if label else "code_de_type_de_succession",
                    _("position %(position)s (%(rnsr)s): “%(value)s” is not a known succession type.")
                    % {"position": index + 1, "rnsr": rnsr, "value": label or code or "—"},
                )
                continue
            year = self.year("annee_d_effet_historique", group["annee_d_effet_historique"][index])
            self.record.predecessors.append(PredecessorRow(rnsr=rnsr, kind=kind, year=year))


def _involves_cnrs(row: dict) -> bool:
    uais = (row.get("uai_des_tutelles") or "").upper()
    sirets = row.get("siret_des_tutelles") or ""
    return settings.CNRS_UAI in _split(uais) or settings.CNRS_SIRET in _split(sirets)


def _decode(data: bytes, parsed: ParsedFile) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        parsed.problems.append(
            Problem(
                ERROR,
                "bad_encoding",
                line,
                "",
                _("byte 0x%(byte)02x cannot be read as UTF-8: save the file as “CSV UTF-8”.")
                % {"byte": data[error.start]},
            )
        )
        parsed.fatal = True
        return None


def _check_header(header: list[str], parsed: ParsedFile) -> bool:
    def fatal(kind: str, column: str, message: str) -> None:
        parsed.problems.append(Problem(ERROR, kind, 1, column, message))
        parsed.fatal = True

    if len(header) == 1 and "," in header[0]:
        fatal("not_semicolon", "", _("The header has no “;”: export the file with semicolons as separators."))
        return False
    for column in header:
        if column not in KNOWN_COLUMNS:
            fatal("unknown_column", column, _("This column is not one of the RNSR export's columns."))
    for column in REQUIRED_COLUMNS:
        if column not in header:
            fatal("missing_column", column, _("This column is required and absent from the header."))
    if len(set(header)) != len(header):
        fatal("unknown_column", "", _("A column appears twice in the header."))
    return not parsed.fatal


def read_rnsr(
    data: bytes, *, include_all: bool = False, progress: Callable[[int], None] | None = None
) -> ParsedFile:
    """Parse and validate the whole file: CNRS structures only unless `include_all`.

    Rows without the CNRS (when not `include_all`) are counted in `ignored_rows` and not validated:
    they will not be imported, so their defects are not the importer's business.
    """
    parsed = ParsedFile()
    text = _decode(data, parsed)
    if text is None:
        return parsed
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    seen: dict[str, int] = {}
    header: list[str] | None = None
    last_line = 0
    try:
        for fields in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(part.strip() for part in fields):
                continue
            if header is None:
                header = [column.strip() for column in fields]
                if not _check_header(header, parsed):
                    return parsed
                continue
            parsed.rows += 1
            if progress and parsed.rows % PROGRESS_EVERY == 0:
                progress(parsed.rows)
            if len(fields) != len(header):
                parsed.problems.append(
                    Problem(
                        ERROR,
                        "field_count",
                        line,
                        "",
                        _(
                            "%(count)s fields, but the header has %(expected)s columns (a stray “;” or quote?)."
                        )
                        % {"count": len(fields), "expected": len(header)},
                        fields[0].strip() if fields else "",
                    )
                )
                parsed.records.append(
                    Record(line=line, rnsr=fields[0].strip() if fields else "", has_errors=True)
                )
                continue
            row = dict(zip(header, fields, strict=True))
            if not include_all and not _involves_cnrs(row):
                parsed.ignored_rows += 1
                continue
            record = _RowReader(row, line, parsed.problems).read()
            if record.rnsr in seen:
                parsed.problems.append(
                    Problem(
                        ERROR,
                        "duplicate_rnsr",
                        line,
                        "numero_national_de_structure",
                        _("%(rnsr)s is already on line %(first)s.")
                        % {"rnsr": record.rnsr, "first": seen[record.rnsr]},
                        record.rnsr,
                    )
                )
                record.has_errors = True
            elif record.rnsr:
                seen[record.rnsr] = line
            parsed.records.append(record)
    except csv.Error as error:
        parsed.problems.append(
            Problem(
                ERROR,
                "bad_csv",
                last_line + 1,
                "",
                _("The CSV cannot be read here: %(error)s") % {"error": error},
            )
        )
        parsed.fatal = True
    if header is None and not parsed.fatal:
        parsed.problems.append(Problem(ERROR, "empty_file", 1, "", _("The file has no header and no rows.")))
        parsed.fatal = True
    return parsed
