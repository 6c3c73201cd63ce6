"""Dated relations: one definition of "current on a day", asked by every page, export and chart.

A dated relation (a supervision, a board seat, a site agreement, an industrial partnership, a PIA project)
runs from its start to its end, **both included**, either of them open: on a day it is

- *current* when its start is empty or on or before the day, and its end is empty or on or after it;
- *past* (ended) when its end is before the day;
- *upcoming* when its start is after the day.

The end is the last day the relation held, as a site agreement's `end_date` is the last day it is in force
(`SiteAgreement.objects.in_force`, which builds on `running_on`). A model declares its two fields in
`period` (`("since", "until")`; `period_in_years` when they are years, as PIA projects' are) and gets:

- `DatedQuerySet.current_on(day)`, `.ended_before(day)`, `.starting_after(day)`: the rows, as a queryset;
- `Dated.phase_on(day)` / `.is_current_on(day)`: the same answer for a row already loaded, without a query;
- `Dated.current_condition(day, through=…)`, `ended_condition`, `upcoming_condition`: the conditions,
  also from a model that reaches this one (a partner's supervisions).

`by_phase(rows, day)` sorts loaded rows into current, past and upcoming ones, for the pages that show the
three apart. Every `day` defaults to today.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar

from django.db.models import Q
from django.utils import timezone

from .scope import ScopedQuerySet

CURRENT = "current"
PAST = "past"
UPCOMING = "upcoming"


def _bound(day: datetime.date, in_years: bool) -> datetime.date | int:
    return day.year if in_years else day


def running_on(start: str, end: str, day: datetime.date, *, in_years: bool = False) -> Q:
    """Rows whose period `start`–`end` (both included, either empty) contains `day`."""
    bound = _bound(day, in_years)
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": bound})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": bound})
    )


def phase_of(
    start: datetime.date | int | None,
    end: datetime.date | int | None,
    day: datetime.date,
    *,
    in_years: bool = False,
) -> str:
    """The Python twin of `running_on`: CURRENT, PAST or UPCOMING for a period already loaded."""
    bound = _bound(day, in_years)
    if end is not None and end < bound:  # type: ignore[operator]
        return PAST
    if start is not None and start > bound:  # type: ignore[operator]
        return UPCOMING
    return CURRENT


def today_or(day: datetime.date | None) -> datetime.date:
    return day or timezone.localdate()


class Dated:
    """Mixin of a model with a period: `period` names its start and end fields (see the module docstring).

    A model whose rows may have ended without an end date (an industrial partnership marked ended) says
    which in `ended_undated_condition` and its twin `has_ended_undated`: those rows read PAST on every day.
    """

    period: ClassVar[tuple[str, str]] = ("since", "until")
    period_in_years: ClassVar[bool] = False

    @classmethod
    def ended_undated_condition(cls, prefix: str) -> Q | None:
        return None

    def has_ended_undated(self) -> bool:
        return False

    @classmethod
    def _fields(cls, through: str) -> tuple[str, str, str]:
        prefix = f"{through}__" if through else ""
        start, end = cls.period
        return prefix, prefix + start, prefix + end

    @classmethod
    def current_condition(cls, day: datetime.date | None = None, *, through: str = "") -> Q:
        """The rows current on `day`, seen from a model that reaches this one through `through`."""
        prefix, start, end = cls._fields(through)
        condition = running_on(start, end, today_or(day), in_years=cls.period_in_years)
        undated = cls.ended_undated_condition(prefix)
        return condition if undated is None else condition & ~undated

    @classmethod
    def ended_condition(cls, day: datetime.date | None = None, *, through: str = "") -> Q:
        prefix, _start, end = cls._fields(through)
        condition = Q(**{f"{end}__lt": _bound(today_or(day), cls.period_in_years)})
        undated = cls.ended_undated_condition(prefix)
        return condition if undated is None else condition | undated

    @classmethod
    def upcoming_condition(cls, day: datetime.date | None = None, *, through: str = "") -> Q:
        prefix, start, _end = cls._fields(through)
        condition = Q(**{f"{start}__gt": _bound(today_or(day), cls.period_in_years)})
        undated = cls.ended_undated_condition(prefix)
        return condition if undated is None else condition & ~undated

    def phase_on(self, day: datetime.date | None = None) -> str:
        """CURRENT, PAST or UPCOMING on `day`: the twin of the three conditions above."""
        if self.has_ended_undated():
            return PAST
        start, end = self.period
        return phase_of(
            getattr(self, start), getattr(self, end), today_or(day), in_years=self.period_in_years
        )

    def is_current_on(self, day: datetime.date | None = None) -> bool:
        return self.phase_on(day) == CURRENT


class DatedQuerySet(ScopedQuerySet):
    """The rows of a `Dated` model current, ended or not yet started on a day (today by default)."""

    def current_on(self, day: datetime.date | None = None) -> Self:
        return self.filter(self.model.current_condition(day))

    def ended_before(self, day: datetime.date | None = None) -> Self:
        return self.filter(self.model.ended_condition(day))

    def starting_after(self, day: datetime.date | None = None) -> Self:
        return self.filter(self.model.upcoming_condition(day))


class HasPhase(Protocol):
    def phase_on(self, day: datetime.date | None = None) -> str: ...


T = TypeVar("T", bound=HasPhase)


@dataclass
class Phases(Generic[T]):
    """Rows sorted by their phase on a day, each list in the order the rows came."""

    current: list[T] = field(default_factory=list)
    past: list[T] = field(default_factory=list)
    upcoming: list[T] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.current or self.past or self.upcoming)


def by_phase(rows: Iterable[T], day: datetime.date | None = None) -> Phases[T]:
    """`rows` sorted into current, past and upcoming ones on `day` by their own `phase_on`."""
    day = today_or(day)
    phases: Phases[T] = Phases()
    lists: dict[str, Any] = {CURRENT: phases.current, PAST: phases.past, UPCOMING: phases.upcoming}
    for row in rows:
        lists[row.phase_on(day)].append(row)
    return phases
