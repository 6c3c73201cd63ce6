"""Problems found in an RNSR file: their kinds, and the log the planner keeps.

A problem carries the physical line where its record starts and the column at fault; `Problem`, its
levels and the grouping of repeated problems for a readable report are shared with the back-office's
spreadsheet imports (`regions.problems`).
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from regions import problems as regions_problems
from regions.problems import LEVELS, Level, Problem, ProblemGroup, count_by_level

__all__ = [
    "KIND_TITLES",
    "LEVELS",
    "Level",
    "Problem",
    "ProblemGroup",
    "ProblemLog",
    "count_by_level",
    "group_problems",
]

if TYPE_CHECKING:
    from .rows import Record


# Titles of the kinds of problem, shown as the heading of a group.
KIND_TITLES = {
    "bad_encoding": _("The file is not UTF-8 text"),
    "bad_csv": _("Malformed CSV"),
    "empty_file": _("Empty file"),
    "not_semicolon": _("The file is not separated by semicolons"),
    "missing_column": _("Missing column"),
    "unknown_column": _("Unknown column"),
    "field_count": _("Wrong number of fields"),
    "missing_rnsr": _("Missing RNSR number"),
    "bad_rnsr": _("Invalid RNSR number"),
    "duplicate_rnsr": _("RNSR number repeated in the file"),
    "missing_name": _("Missing name (acronym or RNSR number used)"),
    "unknown_type": _("Unknown structure type (flagged for review)"),
    "unknown_partner_role": _("Unknown institution role (recorded as participant)"),
    "inconsistent_columns": _("Multi-valued columns of different lengths"),
    "bad_uai": _("Invalid UAI (not kept)"),
    "bad_siret": _("Invalid SIRET (not kept)"),
    "bad_year": _("Invalid year (left empty)"),
    "future_year": _("Year in the future (kept)"),
    "unknown_succession": _("Unknown succession type (not recorded)"),
    "bad_website": _("Invalid website (not imported)"),
    "too_long": _("Value too long (cut)"),
    "unknown_prefix": _("Unit code prefix that is not a current type"),
    "duplicate_partner": _("Institution listed twice for the same structure"),
    "unit_code_conflict": _("Unit code already given to another structure"),
    "outside_scope": _("Outside your regional offices (not imported)"),
    "needs_review": _("Regional office to check"),
    "place_unknown": _("City not found among the communes of its postal code (kept as written)"),
    "parent_missing": _("Parent structure not found"),
    "several_parents": _("Several parent structures"),
    "parent_cycle": _("Parent structures form a cycle"),
    "predecessor_missing": _("Predecessor not in the database"),
    "self_succession": _("Structure listed as its own predecessor"),
    "supervision_dropped": _("Institution no longer listed (kept)"),
    "supervision_rule": _("Supervising institutions that do not fit the unit type"),
    "skipped_row": _("Row skipped because of its errors"),
}


class ProblemLog:
    """The problems found so far, in the order found: the report keeps that order within a line."""

    def __init__(self, problems: Iterable[Problem] = ()):
        self.problems = list(problems)

    def add(self, level: Level, kind: str, record: "Record", column: str, message: str) -> None:
        """A problem of `record` (reported on the line where it starts)."""
        self.problems.append(Problem(level, kind, record.line, column, message, record.rnsr))


def group_problems(problems: Iterable[Problem]) -> list[ProblemGroup]:
    """Problems grouped by (level, kind, column), errors first, each group titled with `KIND_TITLES`."""
    return regions_problems.group_problems(problems, KIND_TITLES)
