"""The map page's content (`/map/`): the active labs per département and per regional office as areas of
the map of France (`france_map`), with the tables that give the same numbers (`statistics`), the overseas
collectivities the map does not draw, and the labs abroad.

Counts come from `statistics`, one query each, so that the map, its tables, its CSV and the lists its
areas link to agree: a département's count is the labs its filter lists (`labs.departments`), an office's
the labs its filter lists. An office's territory is the départements it is the default office of.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from labs.departments import lab_department
from labs.models import Lab
from regions.models import Department
from regions.outlines import outlines

from . import statistics
from .france_map import Area, department_marker, france_map


@dataclass(frozen=True)
class LabMap:
    by_department: statistics.Stat
    by_office: statistics.Stat
    abroad: statistics.Stat
    department_map: SafeString
    office_map: SafeString
    # Collectivities without an outline, and the labs whose département is unknown.
    not_drawn: list[statistics.Tally]


def _lab_list(**query: str) -> str:
    return f"{reverse('directory:lab_list')}?{urlencode(query)}"


def lab_map() -> LabMap:
    """The map page's counts and drawings, in four queries whatever the number of labs."""
    rows = list(
        Department.objects.values_list("code", "name", "default_office__code", "default_office__name")
    )
    names = {code: name for code, name, _office, _office_name in rows}
    by_department = statistics.labs_by_department(names)
    by_office = statistics.labs_by_office()
    drawn = outlines().departments
    counts = {tally.key: tally for tally in by_department.tallies if tally.key}
    department_areas = [
        Area(
            (code,),
            f"{code} {names.get(code) or outlines().names.get(code, '')}".strip(),
            counts[code].count if code in counts else 0,
            counts[code].href if code in counts else "",
        )
        for code in drawn
    ]
    # Each drawn département in its default office's territory ("" for none, or not in the table).
    office_of = {code: (office or "", office_name) for code, _name, office, office_name in rows}
    territories: dict[str, list[str]] = {}
    for code in drawn:
        territories.setdefault(office_of.get(code, ("", ""))[0], []).append(code)
    office_names = dict(office_of.values())
    offices = {tally.key: tally for tally in by_office.tallies}
    office_areas = [
        Area(
            tuple(codes),
            f"{office} {office_names.get(office) or ''}".strip()
            if office
            else _("No default regional office"),
            (offices[office].count if office in offices else 0) if office else None,
            offices[office].href if office in offices else "",
        )
        for office, codes in sorted(territories.items())
    ]
    return LabMap(
        by_department=by_department,
        by_office=by_office,
        abroad=statistics.labs_abroad(),
        department_map=france_map(ident="map-departments", title=by_department.title, areas=department_areas),
        office_map=france_map(
            ident="map-offices",
            title=by_office.title,
            areas=office_areas,
            grouped=True,
            uncounted=_("no default office"),
        ),
        not_drawn=[tally for tally in by_department.tallies if tally.key not in drawn],
    )


@dataclass(frozen=True)
class DepartmentMark:
    """A lab's département on its page: named, marked on a small map, linked to the labs there."""

    code: str
    name: str
    href: str
    marker: SafeString


def lab_department_mark(lab: Lab) -> DepartmentMark | None:
    """The lab's département marked on the map of France (no query), None when abroad, unknown, or a
    collectivity the map does not draw."""
    code = lab_department(lab)
    shapes = outlines("overview")
    if code not in shapes.departments:
        return None
    name = shapes.names.get(code, "")
    title = _("Département %(department)s on the map of France") % {"department": f"{code} {name}"}
    return DepartmentMark(code, name, _lab_list(department=code), department_marker(code=code, title=title))
