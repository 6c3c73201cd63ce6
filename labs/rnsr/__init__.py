"""Import of the national directory of research structures (RNSR): read → plan → apply.

The management command `import_rnsr` and the admin page share every step:

- `read_rnsr(data)` parses and validates the whole file (no database access): `reader` for the file,
  `rows` for each row, `columns` for the export's columns and codes;
- `plan_import(parsed, user=…)` reads the database and works out what would be created, updated or left
  unchanged, and which rows are outside the user's regional offices: `planner` for the labs, `supervisions`
  for their partners, `lineage` for parents and successions; the result is an `ImportPlan` (`plan`);
- `apply_plan(plan, user=…)` writes it, in bulk, in one transaction, with history rows (`writer`).

`import_rnsr(data, …)` chains them, inside one transaction, under the audit source "import".
"""

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from regions.audit import IMPORT, audit_source

from .plan import Action, FieldChange, FieldUpdate, ImportPlan, LabPlan, LabRef
from .planner import plan_import
from .problems import Level, Problem, ProblemGroup, count_by_level, group_problems
from .reader import ParsedFile, read_rnsr
from .rows import Record
from .writer import apply_plan

__all__ = [
    "Action",
    "FieldChange",
    "FieldUpdate",
    "ImportPlan",
    "LabPlan",
    "LabRef",
    "Level",
    "ParsedFile",
    "Problem",
    "ProblemGroup",
    "Record",
    "apply_plan",
    "count_by_level",
    "group_problems",
    "import_rnsr",
    "plan_import",
    "read_rnsr",
]


def import_rnsr(
    data: bytes,
    *,
    user=None,
    include_all: bool = False,
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
    rows_read: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Read, validate, plan and (unless `dry_run` or blocked by errors) write an RNSR file.

    `user` is the staff member importing (their regional offices limit what is written, and they are
    the author of the history rows); None runs as the system, over every office. `progress` hears of each
    step, `rows_read` of the number of rows read so far (both every few hundred rows).
    """
    say = progress or (lambda message: None)

    def read(rows: int) -> None:
        say(_("read %(rows)s rows") % {"rows": rows})
        if rows_read is not None:
            rows_read(rows)

    parsed = read_rnsr(data, include_all=include_all, progress=read)
    say(
        _("read %(rows)s rows (%(selected)s selected); planning")
        % {"rows": parsed.rows, "selected": len(parsed.records)}
    )
    with transaction.atomic(), audit_source(IMPORT):
        plan = plan_import(parsed, user=user, skip_invalid=skip_invalid, lock=not dry_run, progress=say)
        if not plan.blocked and not dry_run:
            plan = apply_plan(plan, user=user, progress=say)
    return plan
