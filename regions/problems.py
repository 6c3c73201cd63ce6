"""Problems found in an imported file, and their grouping for a readable report.

Every problem carries the line of the file where its record starts and the column at fault, so that the
person who runs the import can open the file and fix it. Repeated problems (same kind, same column) are
grouped: a file can have hundreds of rows with the same defect, and a report of 400 identical lines hides
the three different ones that matter. Shared by the RNSR import (`labs.rnsr`) and the back-office lists'
spreadsheet imports (`regions.imports`); each names its kinds of problem (`group_problems(…, titles)`).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Level(StrEnum):
    """How serious a problem is: an error blocks its row (or the file), the others are reported."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


LEVELS = list(Level)


@dataclass(frozen=True)
class Problem:
    """One problem: its severity, kind, line (where the record starts, 1-based), column and message, and
    the key of the record when the file gives one (an RNSR number…)."""

    level: Level
    kind: str
    line: int
    column: str
    message: str
    key: str = ""

    @property
    def rnsr(self) -> str:
        """The record's RNSR number, as the RNSR import calls its key."""
        return self.key

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
    title: str = ""
    problems: list[Problem] = field(default_factory=list)

    FIRST_LINES = 5

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
            "title": self.title or self.kind,
            "count": self.count,
            "column": column,
            "lines": lines,
            "first": self.problems[0].message,
        }


def group_problems(
    problems: Iterable[Problem], titles: Mapping[str, object] | None = None
) -> list[ProblemGroup]:
    """Problems grouped by (level, kind, column), errors first, then in order of first appearance; each
    group is headed by its kind's title in `titles`."""
    titles = titles or {}
    groups: dict[tuple[Level, str, str], ProblemGroup] = {}
    for problem in sorted(problems, key=lambda p: (LEVELS.index(p.level), p.line)):
        key = (problem.level, problem.kind, problem.column)
        if key not in groups:
            title = str(titles.get(problem.kind, problem.kind))
            groups[key] = ProblemGroup(problem.level, problem.kind, problem.column, title)
        groups[key].problems.append(problem)
    return list(groups.values())


def count_by_level(problems: Iterable[Problem]) -> dict[Level, int]:
    counts: dict[Level, int] = defaultdict(int)
    for problem in problems:
        counts[problem.level] += 1
    return {level: counts[level] for level in LEVELS}


def groups_as_data(groups: Iterable[ProblemGroup], shown: int = 500) -> list[dict]:
    """The groups as the import pages show them (`admin/includes/import_problems.html`), in plain data an
    import job keeps as JSON: each group's level, count and summary, and its first `shown` problems."""
    return [
        {
            "level": str(group.level),
            "kind": group.kind,
            "column": group.column,
            "count": group.count,
            "summary": group.summary(),
            "problems": [str(problem) for problem in group.problems[:shown]],
        }
        for group in groups
    ]
