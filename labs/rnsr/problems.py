"""Problems found in an RNSR file, and their grouping for a readable report.

Every problem carries the physical line where its record starts and the column at fault, so that the
person who runs the import can open the file and fix it. Repeated problems (same kind, same column) are
grouped: a national file can have hundreds of rows with the same defect, and a report of 400 identical
lines hides the three different ones that matter.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .rows import Record


class Level(StrEnum):
    """How serious a problem is: an error blocks its row (or the file), the others are reported."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


LEVELS = list(Level)

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


@dataclass(frozen=True)
class Problem:
    """One problem: its severity, kind, line (where the record starts, 1-based), column and message."""

    level: Level
    kind: str
    line: int
    column: str
    message: str
    rnsr: str = ""

    def __str__(self) -> str:
        where = _("line %(line)s") % {"line": self.line}
        if self.column:
            where = _("line %(line)s, column “%(column)s”") % {"line": self.line, "column": self.column}
        return _("%(where)s: %(message)s") % {"where": where, "message": self.message}


@dataclass
class ProblemGroup:
    """The problems of one kind in one column."""

    level: Level
    kind: str
    column: str
    problems: list[Problem] = field(default_factory=list)

    FIRST_LINES = 5

    @property
    def title(self) -> str:
        return str(KIND_TITLES.get(self.kind, self.kind))

    @property
    def count(self) -> int:
        return len(self.problems)

    @property
    def lines(self) -> list[int]:
        return sorted({problem.line for problem in self.problems})

    @property
    def first_lines(self) -> list[int]:
        return self.lines[: self.FIRST_LINES]

    @property
    def more_lines(self) -> int:
        return max(0, len(self.lines) - self.FIRST_LINES)

    def summary(self) -> str:
        """One line: the message itself when alone, else the count, column and first lines."""
        if self.count == 1:
            return str(self.problems[0])
        lines = ", ".join(str(line) for line in self.first_lines)
        if self.more_lines:
            lines += " " + _("and %(count)s more") % {"count": self.more_lines}
        column = _(" in column “%(column)s”") % {"column": self.column} if self.column else ""
        return _("%(title)s: %(count)s times%(column)s, lines %(lines)s (first: %(first)s)") % {
            "title": self.title,
            "count": self.count,
            "column": column,
            "lines": lines,
            "first": self.problems[0].message,
        }


class ProblemLog:
    """The problems found so far, in the order found: the report keeps that order within a line."""

    def __init__(self, problems: Iterable[Problem] = ()):
        self.problems = list(problems)

    def add(self, level: Level, kind: str, record: "Record", column: str, message: str) -> None:
        """A problem of `record` (reported on the line where it starts)."""
        self.problems.append(Problem(level, kind, record.line, column, message, record.rnsr))


def group_problems(problems: Iterable[Problem]) -> list[ProblemGroup]:
    """Problems grouped by (level, kind, column), errors first, then in order of first appearance."""
    groups: dict[tuple[Level, str, str], ProblemGroup] = {}
    for problem in sorted(problems, key=lambda p: (LEVELS.index(p.level), p.line)):
        key = (problem.level, problem.kind, problem.column)
        if key not in groups:
            groups[key] = ProblemGroup(problem.level, problem.kind, problem.column)
        groups[key].problems.append(problem)
    return list(groups.values())


def count_by_level(problems: Iterable[Problem]) -> dict[Level, int]:
    counts: dict[Level, int] = defaultdict(int)
    for problem in problems:
        counts[problem.level] += 1
    return {level: counts[level] for level in LEVELS}
