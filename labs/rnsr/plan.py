"""What an RNSR import would do: the plan the planner builds, the preview shows and the writer applies.

The plan and its parts are frozen; the model instances they hold are not: new labs, partners,
supervisions and successions (unsaved), and saved labs, supervisions and successions already carrying
their new values, which the writer saves as they are.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from django.db import models

from labs.models import Lab, Partner, Succession, Supervision

from .problems import Level, Problem
from .reader import ParsedFile
from .rows import Record

M = TypeVar("M", bound=models.Model)


class Action(StrEnum):
    """What the import does to the lab of one structure of the file."""

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    OUTSIDE = "outside"  # outside the importing user's regional offices: not imported


@dataclass(frozen=True)
class FieldChange:
    """A change as the report shows it: office codes, RNSR numbers, or the links added (old is empty)."""

    old: Any
    new: Any


@dataclass(frozen=True, eq=False)
class LabRef:
    """A lab the file points to (a parent, a predecessor): one this import plans, or one only saved."""

    rnsr: str
    lab: Lab | None = None  # planned by this import: a new lab has no id until the writer creates it
    lab_id: int | None = None  # in the database, not in the file

    @property
    def pk(self) -> int | None:
        return self.lab.pk if self.lab is not None else self.lab_id

    def link(self, obj: models.Model, name: str) -> None:
        """Point the foreign key `name` of `obj` to this lab (to the object itself when it is new)."""
        if self.lab is not None:
            setattr(obj, name, self.lab)
        else:
            setattr(obj, f"{name}_id", self.lab_id)


@dataclass(frozen=True)
class FieldUpdate(Generic[M]):
    """A saved object (supervision, succession) the import changes, and the fields it changes."""

    obj: M
    fields: tuple[str, ...]


@dataclass(frozen=True)
class LabPlan:
    """One structure of the file and what the import does to its lab.

    `lab` is a new lab (CREATE), or the saved one with the file's values already set, except its
    parent: the writer sets `new_parent` once the new labs it may point to have ids.
    """

    record: Record
    lab: Lab
    action: Action
    field_changes: dict[str, FieldChange] = field(default_factory=dict)
    new_parent: LabRef | None = None
    supervisions: tuple[str, ...] = ()  # supervisions added or changed, as "Université X (UMR 8502)"
    predecessors: tuple[str, ...] = ()  # successions added or changed, as "200012185Z (merger)"

    @property
    def changes(self) -> dict[str, FieldChange]:
        """Every change the report shows: the lab's fields, then its supervisions and predecessors."""
        changes = dict(self.field_changes)
        if self.supervisions:
            changes["supervisions"] = FieldChange((), self.supervisions)
        if self.predecessors:
            changes["predecessors"] = FieldChange((), self.predecessors)
        return changes


@dataclass(frozen=True)
class ImportPlan:
    """Everything an import would write, and the problems found on the way. `applied` once written."""

    parsed: ParsedFile
    skip_invalid: bool = False
    labs: tuple[LabPlan, ...] = ()
    new_partners: tuple[Partner, ...] = ()
    new_supervisions: tuple[Supervision, ...] = ()
    changed_supervisions: tuple[FieldUpdate[Supervision], ...] = ()
    new_successions: tuple[Succession, ...] = ()
    changed_successions: tuple[FieldUpdate[Succession], ...] = ()
    problems: tuple[Problem, ...] = ()
    applied: bool = False

    @property
    def has_errors(self) -> bool:
        return any(problem.level == Level.ERROR for problem in self.problems)

    @property
    def blocked(self) -> bool:
        """True when nothing may be written: a file-level error, or row errors the user did not skip."""
        return self.parsed.fatal or (self.has_errors and not self.skip_invalid)

    def of(self, action: Action) -> list[LabPlan]:
        return [item for item in self.labs if item.action == action]

    @property
    def created(self) -> list[LabPlan]:
        return self.of(Action.CREATE)

    @property
    def updated(self) -> list[LabPlan]:
        return self.of(Action.UPDATE)

    @property
    def unchanged(self) -> list[LabPlan]:
        return self.of(Action.UNCHANGED)

    @property
    def outside(self) -> list[LabPlan]:
        return self.of(Action.OUTSIDE)

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.parsed.rows,
            "ignored": self.parsed.ignored_rows,
            "invalid": len(self.parsed.invalid_records),
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "outside": len(self.outside),
            "partners_created": len(self.new_partners),
            "supervisions_created": len(self.new_supervisions),
            "supervisions_updated": len(self.changed_supervisions),
            "successions_created": len(self.new_successions),
            "successions_updated": len(self.changed_successions),
        }
