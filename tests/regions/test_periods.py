"""Dated relations have one definition of "current on a day": each model's queryset methods and its
`phase_on` agree on every edge (the day before a start, the start, the end, the day after an end)."""

import datetime
import itertools

import pytest

from agreements.models import BoardSeat, IndustrialPartnership, IndustrialStatus, PiaProject
from labs.models import Lab, LabStatus, Supervision
from regions.periods import CURRENT, PAST, UPCOMING, by_phase
from tests.factories import (
    BoardSeatFactory,
    IndustrialPartnershipFactory,
    LabFactory,
    PartnerFactory,
    PiaProjectFactory,
    SupervisionFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
ON = datetime.date(2015, 6, 15)
EDGES = [None, ON - DAY, ON, ON + DAY]


def periods(edges=EDGES):
    """Every start and end among `edges`, but none ending before it starts (the database refuses it)."""
    return [(s, e) for s, e in itertools.product(edges, edges) if not (s and e and e < s)]


def assert_twins(model, rows, on=ON):
    """The queryset methods and `phase_on` sort `rows` the same way on `on`."""
    objects = model.objects.filter(pk__in=[row.pk for row in rows])
    by_query = {
        CURRENT: set(objects.current_on(on).values_list("pk", flat=True)),
        PAST: set(objects.ended_before(on).values_list("pk", flat=True)),
        UPCOMING: set(objects.starting_after(on).values_list("pk", flat=True)),
    }
    by_python = {phase: {row.pk for row in rows if row.phase_on(on) == phase} for phase in by_query}
    assert by_query == by_python
    assert set().union(*by_query.values()) == {row.pk for row in rows}  # each row in exactly one phase
    return by_python


def test_supervisions_are_current_from_since_to_until_both_included():
    lab = LabFactory()
    rows = [
        SupervisionFactory(lab=lab, partner=PartnerFactory(), since=since, until=until, unit_code="")
        for since, until in periods()
    ]
    phases = assert_twins(Supervision, rows)
    current = {(row.since, row.until) for row in rows if row.pk in phases[CURRENT]}
    # Open or started by ON, and open or ending on ON or later.
    assert current == {(s, e) for s, e in periods() if (s is None or s <= ON) and (e is None or e >= ON)}
    assert (ON - DAY, ON) in current and (ON, ON) in current and (None, ON - DAY) not in current
    assert {(row.since, row.until) for row in rows if row.pk in phases[UPCOMING]} == {
        (ON + DAY, None),
        (ON + DAY, ON + DAY),
    }


def test_board_seats_share_the_definition():
    partner = PartnerFactory()
    rows = [BoardSeatFactory(partner=partner, since=since, until=until) for since, until in periods()]
    assert_twins(BoardSeat, rows)


def test_an_industrial_partnership_marked_ended_without_an_end_date_reads_ended_every_day():
    rows = [
        IndustrialPartnershipFactory(start_date=start, end_date=end, status=status)
        for (start, end), status in itertools.product(periods(), IndustrialStatus)
    ]
    phases = assert_twins(IndustrialPartnership, rows)
    undated_ended = [row for row in rows if row.status == IndustrialStatus.ENDED and row.end_date is None]
    assert {row.pk for row in undated_ended} <= phases[PAST]


def test_pia_projects_are_dated_by_years():
    years = [None, 2014, 2015, 2016]
    rows = [
        PiaProjectFactory(start_year=start, end_year=end)
        for start, end in itertools.product(years, years)
        if not (start and end and end < start)
    ]
    phases = assert_twins(PiaProject, rows)
    ended = {(row.start_year, row.end_year) for row in rows if row.pk in phases[PAST]}
    assert ended == {(None, 2014), (2014, 2014)}


def test_the_conditions_reach_a_relation_from_another_model():
    current = SupervisionFactory(since=ON - DAY, until=ON, unit_code="")
    SupervisionFactory(since=ON - 3 * DAY, until=ON - DAY, unit_code="")
    labs = Lab.objects.filter(Supervision.current_condition(ON, through="supervisions"))
    assert list(labs) == [current.lab]


@pytest.mark.parametrize(
    "creation_year, status, closed_on, expected",
    [
        (None, LabStatus.ACTIVE, None, CURRENT),
        (2015, LabStatus.ACTIVE, None, CURRENT),
        (2016, LabStatus.ACTIVE, None, UPCOMING),
        (None, LabStatus.CLOSED, ON, CURRENT),  # its closing day is its last day
        (None, LabStatus.CLOSED, ON - DAY, PAST),
        (None, LabStatus.CLOSED, None, PAST),  # closed on a day nobody recorded
        (None, LabStatus.ACTIVE, ON - DAY, PAST),  # the dates win over the status
        (2016, LabStatus.CLOSED, datetime.date(2020, 1, 1), UPCOMING),
    ],
)
def test_a_lab_exists_from_its_creation_year_to_its_closing_day(creation_year, status, closed_on, expected):
    lab = LabFactory(creation_year=creation_year, status=status, closed_on=closed_on)
    assert lab.phase_on(ON) == expected
    assert Lab.objects.active_on(ON).filter(pk=lab.pk).exists() is (expected == CURRENT)
    assert Lab.objects.filter(Lab.created_condition(ON), pk=lab.pk).exists() is (expected != UPCOMING)
    assert lab.status_on(ON) == {CURRENT: LabStatus.ACTIVE, PAST: LabStatus.CLOSED, UPCOMING: None}[expected]


def test_by_phase_keeps_the_order_of_the_rows():
    lab = LabFactory()
    rows = [
        SupervisionFactory(lab=lab, partner=PartnerFactory(), since=since, until=until, unit_code="")
        for since, until in [(None, ON - DAY), (None, None), (ON + DAY, None), (ON - DAY, ON - DAY)]
    ]
    phases = by_phase(rows, ON)
    assert (phases.current, phases.past, phases.upcoming) == ([rows[1]], [rows[0], rows[3]], [rows[2]])
    assert not by_phase([], ON)
