"""Where a structure is — its commune, département and country — from a postal code and a city as files
and forms give them (`resolve_place`), read against the official list of French communes.

The list is INSEE's Code officiel géographique with La Poste's postal codes, shipped in
`regions/data/communes.json.gz` (built by `manage.py build_communes`). Why not the first two digits of
the postal code: Corsica's 20xxx are 2A or 2B, CEDEX codes (91405 Orsay CEDEX) are in no list, and a
laboratory abroad writes its own postal code (02120 Santiago de Chile is not in the Aisne). A city is
recognised through its folded spelling ("VILLENEUVE D ASCQ CEDEX" → Villeneuve-d'Ascq), and then written
with its official name, so that one city is one city in filters and facets.
"""

import functools
import gzip
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from .text import fold

if TYPE_CHECKING:
    from .models import Department

COMMUNES_FILE = Path(__file__).parent / "data" / "communes.tsv.gz"
FRANCE = "FR"

_FRENCH_POSTAL_CODE = re.compile(r"^\d{5}$")
# Mail-sorting words that are not part of the place: "CEDEX 9", "CS 40700", "BP 53", a trailing number.
_SORTING = re.compile(r"\b(?:cedex|cs|bp)(?: ?\d+)?\b|\b\d+(?: ?(?:e|er|eme))?\b|\bfrance$")
# Spellings of the same word: "St" for "Saint", "lez" for "lès" (Saint-Paul-lez-Durance, officially lès).
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "lez": "les"}
# Names files use for countries beside the ones django-countries knows in French and English.
_COUNTRY_ALIASES = {"usa": "US", "etats unis": "US", "uk": "GB", "angleterre": "GB", "russia": "RU"}


class Commune(NamedTuple):
    rank: int  # 0 current commune, then delegated, associated, municipal arrondissement
    name: str
    key: str  # the name folded for matching (`place_key`)
    department: str


@dataclass(frozen=True)
class Place:
    """What a postal code and a city say about where a structure is.

    `country` is an ISO code, "" when it cannot be told; `department` a département or overseas code of the
    reference ("91", "2A", "974", "988"), "" when unknown or abroad; `city` the commune's official name when
    it is recognised, else the spelling given. `note` says what was not recognised; `doubtful` says a person
    should look (no office can be proposed from it).
    """

    country: str
    department: str
    city: str
    note: str = ""
    doubtful: bool = False


@dataclass(frozen=True)
class Reference:
    by_postal_code: dict[str, tuple[Commune, ...]]
    by_name: dict[str, tuple[Commune, ...]]
    by_department: dict[str, tuple[tuple[str, Commune], ...]]  # (folded name, commune), current ones


@functools.cache
def reference() -> Reference:
    """The shipped communes, indexed by postal code and by folded name (loaded once per process).

    One line a commune, tab-separated: rank, official name, folded name, département, postal codes
    (space-separated); a plain format because it loads several times faster than JSON.
    """
    with gzip.open(COMMUNES_FILE, "rt", encoding="utf-8") as data:
        lines = data.read().splitlines()
    by_code: dict[str, list[Commune]] = defaultdict(list)
    by_name: dict[str, list[Commune]] = defaultdict(list)
    by_department: dict[str, list[tuple[str, Commune]]] = defaultdict(list)
    for line in lines:
        rank, name, key, department, postal_codes = line.split("\t")
        commune = Commune(int(rank), name, key, department)
        by_name[key].append(commune)
        if commune.rank == 0:
            by_department[department].append((key, commune))
        for code in postal_codes.split():
            by_code[code].append(commune)
    return Reference(
        by_postal_code={code: tuple(items) for code, items in by_code.items()},
        by_name={name: tuple(items) for name, items in by_name.items()},
        by_department={code: tuple(items) for code, items in by_department.items()},
    )


def place_key(text: str) -> str:
    """A place name folded for matching: accents, case and punctuation aside, "St" read as "Saint"."""
    return " ".join(_ABBREVIATIONS.get(word, word) for word in fold(text).split())


def _name_keys(city: str) -> list[str]:
    """The spellings a city field may hold: "GRENOBLE CEDEX 9 - ST MARTIN D HERES" gives both towns,
    "PARIS 06" gives Paris."""
    keys = []
    for part in [city, *city.split(" - ")]:
        key = " ".join(_SORTING.sub(" ", place_key(part)).split())
        if key and key not in keys:
            keys.append(key)
    return keys


def _departments_of_digits(code: str) -> set[str]:
    """The département(s) a French-looking postal code's digits suggest: only to choose between communes of
    the same name, never on their own."""
    if not _FRENCH_POSTAL_CODE.match(code):
        return set()
    if code.startswith("20"):
        return {"2A", "2B"}
    if code.startswith(("97", "98")):
        return {code[:3]}
    return {code[:2]}


@functools.cache
def _country_names() -> dict[str, str]:
    names = dict(_COUNTRY_ALIASES)
    for language in ("fr", "en"):
        with translation.override(language):
            for country in countries:
                names[place_key(str(country.name))] = country.code
    return names


def country_named_in(text: str) -> str:
    """The ISO code of a country `text` names as whole words ("NOVOSIBIRSK-RUSSIE" → "RU"), "" if none."""
    words = f" {place_key(text)} "
    found = [(len(name), code) for name, code in _country_names().items() if name and f" {name} " in words]
    return max(found)[1] if found else ""


def _best(communes: list[Commune]) -> Commune:
    return min(communes, key=lambda commune: commune.rank)


def _in_france(commune: Commune) -> Place:
    return Place(FRANCE, commune.department, commune.name)


@functools.lru_cache(maxsize=20_000)
def resolve_place(postal_code: str, city: str) -> Place:
    """Where `postal_code` and `city` put a structure (see `Place`)."""
    code = re.sub(r"\s", "", postal_code or "")
    city = (city or "").strip()
    keys = _name_keys(city)
    ref = reference()
    at_code = list(ref.by_postal_code.get(code, ()))
    # 1. One of the communes of this postal code, by its name.
    for key in keys:
        if matches := [commune for commune in at_code if commune.key == key]:
            return _in_france(_best(matches))
    # 2. A commune by its name (CEDEX codes are in no list, their communes are), in the département the
    #    digits suggest when several communes share the name or a postal code is given.
    digits = _departments_of_digits(code)
    for key in keys:
        named = list(ref.by_name.get(key, ()))
        if digits:
            named = [commune for commune in named if commune.department in digits]
        elif code:
            named = []  # a postal code that is not French: the name alone does not make it French
        if named and len({commune.department for commune in named}) == 1:
            return _in_france(_best(named))
    # 3. The first words of a commune's name, in that département: "ILLKIRCH" → Illkirch-Graffenstaden.
    for key in keys:
        starting = [
            commune
            for department in digits
            for name, commune in ref.by_department.get(department, ())
            if name.startswith(key + " ")
        ]
        if len(starting) == 1:
            return _in_france(starting[0])
    # 4. A country named in the city ("SANTIAGO DE CHILE", "KAMUELA HAWAI-USA").
    country = country_named_in(city)
    if country and country != FRANCE:
        return Place(
            country,
            "",
            city,
            _("“%(city)s” is abroad (%(country)s): no regional office follows from its postal code.")
            % {"city": city, "country": countries.name(country)},
            doubtful=True,
        )
    # 5. A French postal code whose communes do not include this city: the code still tells the département.
    departments = {commune.department for commune in at_code}
    if len(departments) == 1:
        names = ", ".join(sorted({commune.name for commune in at_code if commune.rank == 0})[:3])
        return Place(
            FRANCE,
            departments.pop(),
            city,
            _("“%(city)s” is not a commune of postal code %(code)s (%(names)s): kept as written.")
            % {"city": city, "code": code, "names": names},
        )
    if not code and not city:
        return Place("", "", "", _("No postal code and no city: choose the regional office."), doubtful=True)
    note = _(
        "“%(place)s” is not a French postal code and commune: abroad, or a place the reference does not "
        "know? Choose the regional office (and the country)."
    ) % {"place": " ".join(filter(None, [code, city]))}
    if len(digits) == 1:
        note += " " + _("In France, its digits would point to département %(department)s.") % {
            "department": next(iter(digits))
        }
    return Place("", "", city, note, doubtful=True)


def office_for(place: Place, departments: Mapping[str, "Department"]) -> tuple[int | None, str]:
    """The regional office a place suggests (its département's default office), and why a person should
    check it ("" when nothing to check). `departments` maps codes to départements with `default_office`
    loaded. The one reading of place → office: the RNSR import and the lab form both ask it."""
    if not place.department:
        return None, place.note or _("No postal code and no city: choose the regional office.")
    department = departments.get(place.department)
    if department is None:
        return None, _("No département %(code)s in the reference table: choose the regional office.") % {
            "code": place.department
        }
    if department.default_office is None:
        return None, _("Département %(department)s has no default regional office: choose one.") % {
            "department": department
        }
    if department.needs_review:
        return department.default_office.pk, _(
            "Département %(department)s is shared between regional offices: %(office)s was proposed, check it."
        ) % {"department": department, "office": department.default_office.code}
    return department.default_office.pk, ""
