"""Reading one row of the RNSR file: its values checked and cleaned into a `Record`, its defects into
`Problem`s (without touching the database)."""

import datetime
import functools
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.utils.translation import gettext as _

from labs.models import Lab, Partner, Succession, SuccessionKind, SupervisionKind, UnitType
from labs.validators import validate_rnsr, validate_siren_or_siret, validate_uai
from regions.text import fold

from .columns import (
    CNRS_ONLY_TYPES,
    HEAD_COLUMNS,
    HISTORY_COLUMNS,
    LABEL,
    LABEL_TYPES,
    STRUCTURE_TYPE_CODE,
    STRUCTURE_TYPES,
    SUCCESSION_CODES,
    SUCCESSION_LABELS,
    SUPERVISION_KINDS,
    SUPERVISOR_COLUMNS,
    YEAR,
)
from .problems import Level, Problem
from .text import readable_first_name, readable_place, strip_cedex

_url = URLValidator()
# Addresses `URLValidator` is sure to accept (a subset of its pattern: http(s), letters-digits-hyphens
# labels, an alphabetic TLD, no port, no user, short enough): most of the file's websites, checked without
# its IDNA and netloc detours.
_PLAIN_WEB_ADDRESS = re.compile(
    r"https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?(?:[/?#][^\s]*)?\Z", re.IGNORECASE
)
_UNIT_PREFIX_END = re.compile(r"[_\-.]")


def is_web_address(value: str) -> bool:
    """What `URLValidator` says of `value`, quickly for the plain ones."""
    if len(value) <= 200 and _PLAIN_WEB_ADDRESS.match(value):
        return True
    try:
        _url(value)
    except ValidationError:
        return False
    return True


@dataclass(frozen=True)
class PartnerRow:
    """One position of the institutions' columns: who, and the unit code it gives the structure."""

    position: int
    name: str
    acronym: str
    nature: str
    uai: str
    siret: str
    kind: SupervisionKind
    unit_code: str


@dataclass(frozen=True)
class PredecessorRow:
    """One position of the history columns: a structure this one succeeds, how, and since when."""

    rnsr: str
    kind: SuccessionKind
    year: int | None


@dataclass(frozen=True)
class Record:
    """One structure of the file, cleaned; `values` holds the lab fields the file gives (non-empty)."""

    line: int
    rnsr: str
    values: dict = field(default_factory=dict)
    partners: tuple[PartnerRow, ...] = ()
    parents: tuple[str, ...] = ()
    predecessors: tuple[PredecessorRow, ...] = ()
    has_errors: bool = False
    review_reasons: tuple[str, ...] = ()  # why a person should look at the new lab (`Lab.needs_review`)


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


def split_values(value: str) -> list[str]:
    """The values of a multi-valued field: "a; b" → ["a", "b"]."""
    return [part.strip() for part in value.split(";")]


@functools.lru_cache(maxsize=8192)
def _identifier_error(validate, value: str) -> ValidationError | None:
    """What `validate` says of `value`: a university's UAI and SIRET come back on hundreds of rows."""
    try:
        validate(value)
    except ValidationError as error:
        return error
    return None


@functools.cache
def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


@functools.cache
def year_bounds(model, name: str) -> tuple[int, int]:
    """The years a model's field accepts, from its validators: the importer keeps what it can store."""
    validators = model._meta.get_field(name).validators
    low = next(v.limit_value for v in validators if isinstance(v, MinValueValidator))
    high = next(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
    return low, high


class RowReader:
    """Validates one row and builds its Record; problems are appended to `problems`."""

    def __init__(self, row: dict[str, str], line: int, problems: list[Problem]):
        self.row = row
        self.line = line
        self.problems = problems
        self.rnsr = row.get("numero_national_de_structure", "").strip()
        self.values: dict = {}
        self.partners: list[PartnerRow] = []
        self.parents: list[str] = []
        self.predecessors: list[PredecessorRow] = []
        self.has_errors = False
        self.review_reasons: list[str] = []

    def add(self, level: Level, kind: str, column: str, message: str) -> None:
        self.problems.append(Problem(level, kind, self.line, column, message, self.rnsr))
        if level == Level.ERROR:
            self.has_errors = True

    def flag(self, kind: str, column: str, message: str) -> None:
        """A descriptive oddity: a warning in the report, and a reason to review the lab it creates."""
        self.add(Level.WARNING, kind, column, message)
        self.review_reasons.append(message)

    def get(self, column: str) -> str:
        return (self.row.get(column) or "").strip()

    def fit(self, model, name: str, column: str, value: str) -> str:
        limit = _max_length(model, name)
        if limit and len(value) > limit:
            self.add(
                Level.WARNING,
                "too_long",
                column,
                _("%(length)s characters, at most %(limit)s are kept: “%(value)s…”")
                % {"length": len(value), "limit": limit, "value": value[:40]},
            )
            return value[:limit]
        return value

    def year(self, column: str, text: str, bounds: tuple[int, int]) -> int | None:
        """The year in `text`; an odd one is flagged and left empty, a future one flagged and kept.

        History is real: a structure may be centuries old, so only what the field cannot store is dropped.
        """
        if not text:
            return None
        low, high = bounds
        if not YEAR.match(text) or not low <= int(text) <= high:
            self.flag(
                "bad_year",
                column,
                _("“%(value)s” is not a year between %(low)s and %(high)s: left empty.")
                % {"value": text, "low": low, "high": high},
            )
            return None
        if int(text) > datetime.date.today().year + 1:
            self.flag(
                "future_year", column, _("%(value)s is in the future: kept, check it.") % {"value": text}
            )
        return int(text)

    def group(self, columns: list[str]) -> dict[str, list[str]] | None:
        """The values of a group of positional columns, or None (and an error) when their lengths differ."""
        values = {column: split_values(text) for column in columns if (text := self.get(column))}
        if not values:
            return {column: [] for column in columns}
        reference, reference_values = next(iter(values.items()))
        for column, parts in values.items():
            if len(parts) != len(reference_values):
                self.add(
                    Level.ERROR,
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
        return Record(
            line=self.line,
            rnsr=self.rnsr,
            values=self.values,
            partners=tuple(self.partners),
            parents=tuple(self.parents),
            predecessors=tuple(self.predecessors),
            has_errors=self.has_errors,
            review_reasons=tuple(self.review_reasons),
        )

    def read_identity(self) -> None:
        values = self.values
        if not self.rnsr:
            self.add(
                Level.ERROR, "missing_rnsr", "numero_national_de_structure", _("The RNSR number is empty.")
            )
        else:
            try:
                validate_rnsr(self.rnsr)
            except ValidationError as error:
                self.add(Level.ERROR, "bad_rnsr", "numero_national_de_structure", _message(error))
        name = self.get("libelle")
        acronym = self.get("sigle")
        if acronym:
            values["acronym"] = self.fit(Lab, "acronym", "sigle", acronym)
        if not name:
            name = acronym or self.rnsr
            self.flag(
                "missing_name",
                "libelle",
                _("The structure has no name: “%(name)s” is used until one is given.") % {"name": name},
            )
        values["name"] = self.fit(Lab, "name", "libelle", name)
        year = self.year(
            "annee_de_creation", self.get("annee_de_creation"), year_bounds(Lab, "creation_year")
        )
        if year is not None:
            values["creation_year"] = year
        code = self.get("code_de_type_de_structure")
        if not STRUCTURE_TYPE_CODE.match(code):
            self.flag(
                "unknown_type",
                "code_de_type_de_structure",
                _(
                    "“%(code)s” (%(label)s) is not a structure type code the importer knows (1, 21, 22, 23, 3, 32…): type from the unit code, else “other”."
                )
                % {"code": code, "label": self.get("type_de_structure") or "—"},
            )
        if website := self.get("site_web"):
            if website.lower().startswith("www."):
                website = "http://" + website
            if not is_web_address(website):
                self.add(
                    Level.WARNING,
                    "bad_website",
                    "site_web",
                    _("“%(value)s” is not a web address.") % {"value": website},
                )
            else:
                if len(website) <= _max_length(Lab, "website"):
                    values["website"] = website
                else:
                    self.add(
                        Level.WARNING, "too_long", "site_web", _("The web address is too long to be kept.")
                    )
        domains = [part for part in split_values(self.get("domaine_scientifique")) if part]
        if domains:
            values["scientific_domain"] = self.fit(
                Lab, "scientific_domain", "domaine_scientifique", ", ".join(domains)
            )

    def read_place_and_head(self) -> None:
        values = self.values
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
            uai = self.identifier(uai, validate_uai, "bad_uai", "uai_des_tutelles", position, who)
            siret = self.identifier(
                siret, validate_siren_or_siret, "bad_siret", "siret_des_tutelles", position, who
            )
            if not (name or acronym or uai or siret):
                continue  # nothing left to know the institution by: reported above
            kind_code = group["code_de_type_de_tutelle"][index].upper()
            kind = SUPERVISION_KINDS.get(kind_code or "TUTE")
            if kind is None:
                kind = SupervisionKind.PARTICIPANT
                self.flag(
                    "unknown_partner_role",
                    "code_de_type_de_tutelle",
                    _(
                        "position %(position)s (%(who)s): “%(code)s” is neither TUTE (supervisor) nor PART (participant): recorded as participant."
                    )
                    % {"position": position, "who": who, "code": kind_code},
                )
            self.partners.append(
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

    def identifier(self, value: str, validate, kind: str, column: str, position: int, who: str) -> str:
        """`value` if it passes `validate`; else "" and a warning: the institution is then matched by name."""
        if not value:
            return ""
        if (error := _identifier_error(validate, value)) is not None:
            self.add(
                Level.WARNING,
                kind,
                column,
                _(
                    "position %(position)s (%(who)s): %(error)s Not kept: the institution is matched by its name."
                )
                % {"position": position, "who": who, "error": _message(error)},
            )
            return ""
        return value

    def read_unit_type(self) -> None:
        """Type and number from the CNRS's unit code, else the first supervisor's, else the structure type."""
        partners = self.partners
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
            prefix = _UNIT_PREFIX_END.split(match.group(1).upper(), maxsplit=1)[0]
            number = match.group(2)
            unit_type = LABEL_TYPES.get(prefix, UnitType.OTHER)
            if unit_type == UnitType.OTHER:
                self.add(
                    Level.INFO,
                    "unknown_prefix",
                    "label_numero",
                    _("“%(label)s”: “%(prefix)s” is not a current unit type, recorded as “other”.")
                    % {"label": labels[0], "prefix": match.group(1)},
                )
        self.values["unit_type"] = unit_type
        if number:
            self.values["unit_number"] = self.fit(Lab, "unit_number", "label_numero", number)

    def read_history(self) -> None:
        self.parents = [part for part in split_values(self.get("numero_de_structure_parent")) if part]
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
                self.flag(
                    "unknown_succession",
                    "type_de_succession" if label else "code_de_type_de_succession",
                    _(
                        "position %(position)s (%(rnsr)s): “%(value)s” is not a known succession type: not recorded."
                    )
                    % {"position": index + 1, "rnsr": rnsr, "value": label or code or "—"},
                )
                continue
            year = self.year(
                "annee_d_effet_historique",
                group["annee_d_effet_historique"][index],
                year_bounds(Succession, "year"),
            )
            self.predecessors.append(PredecessorRow(rnsr=rnsr, kind=kind, year=year))
