"""A lab's history as a timeline: its creation and closing, its successions and its supervisions.

Two forms of the same dates: an ordered list of events, oldest first (what the page reads out), and the
review pages' SVG timeline (`agreements.charts.timeline`, reused here), with a line at the page's day.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Model
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.charts import BAR_COLOUR, LAB_COLOUR, MUTED, Band, Chart, Span, timeline
from labs.models import Lab, Succession, Supervision, SupervisionKind

DAY_FORMAT = "j F Y"


@dataclass(frozen=True)
class Event:
    """One dated line of the list: what happened, and the lab or partner it names (linked)."""

    day: datetime.date  # when it sorts: a year's event on its 1 January
    label: str  # "2012" or "12 March 2015"
    iso: str  # the same, for <time datetime>
    text: str
    link: Model | None = None
    link_text: str = ""
    note: str = ""


@dataclass(frozen=True)
class LabTimeline:
    events: list[Event]
    chart: Chart | None


def _on_day(day: datetime.date, text: str, **kwargs) -> Event:
    return Event(day, date_format(day, DAY_FORMAT), day.isoformat(), text, **kwargs)


def _in_year(year: int, text: str, **kwargs) -> Event:
    return Event(datetime.date(year, 1, 1), str(year), str(year), text, **kwargs)


def lab_label(lab: Lab) -> str:
    return f"{lab.code or lab.rnsr} {lab.acronym}".strip()


def _partner_label(link: Supervision) -> str:
    return link.partner.acronym or link.partner.name


def _succession(succession: Succession, text: str, other: Lab) -> Event:
    """A succession, in its year (a caller keeps only those with one), naming the lab on the other side."""
    assert succession.year is not None
    return _in_year(
        succession.year, text, link=other, link_text=lab_label(other), note=succession.get_kind_display()
    )


def _events(
    lab: Lab, predecessors: list[Succession], successors: list[Succession], links: list[Supervision]
) -> list[Event]:
    events = []
    if lab.creation_year:
        events.append(_in_year(lab.creation_year, _("Created")))
    events += [_succession(s, _("Continues"), s.predecessor) for s in predecessors if s.year]
    for link in links:
        supervising = link.kind == SupervisionKind.SUPERVISOR
        if link.since:
            text = _("Start of the supervision by") if supervising else _("Start of the participation of")
            events.append(_on_day(link.since, text, link=link.partner, link_text=link.partner.name))
        if link.until:
            text = _("End of the supervision by") if supervising else _("End of the participation of")
            events.append(_on_day(link.until, text, link=link.partner, link_text=link.partner.name))
    if lab.closed_on:
        events.append(_on_day(lab.closed_on, _("Closed")))
    events += [_succession(s, _("Continued by"), s.successor) for s in successors if s.year]
    return sorted(events, key=lambda event: event.day)  # stable: a year's creation before its successions


def _year_span(label: str, year: int, note: str) -> Span:
    return Span(label, datetime.date(year, 1, 1), datetime.date(year, 12, 31), MUTED, note)


def lab_timeline(
    *,
    lab: Lab,
    predecessors: list[Succession],
    successors: list[Succession],
    links: list[Supervision],
    day: datetime.date,
    asked: bool,
) -> LabTimeline:
    """The dated events of `lab`'s history and their chart, marking `day` (today unless `asked`)."""
    events = _events(lab, predecessors, successors, links)
    if not events:
        return LabTimeline(events=[], chart=None)
    life = []
    if lab.creation_year or lab.closed_on:
        start = datetime.date(lab.creation_year, 1, 1) if lab.creation_year else None
        life.append(Span(lab_label(lab), start, lab.closed_on, LAB_COLOUR))
    lineage = [
        _year_span("← " + lab_label(s.predecessor), s.year, s.get_kind_display())
        for s in predecessors
        if s.year
    ] + [
        _year_span("→ " + lab_label(s.successor), s.year, s.get_kind_display()) for s in successors if s.year
    ]
    supervisors = [
        Span(_partner_label(link), link.since, link.until, BAR_COLOUR)
        for link in links
        if link.kind == SupervisionKind.SUPERVISOR
    ]
    participants = [
        Span(_partner_label(link), link.since, link.until, LAB_COLOUR)
        for link in links
        if link.kind == SupervisionKind.PARTICIPANT
    ]
    marker = date_format(day, "SHORT_DATE_FORMAT") if asked else None
    chart = timeline(
        ident="lab-timeline",
        title=_("Timeline of %(lab)s") % {"lab": lab_label(lab)},
        desc=_(
            "The lab's life, its predecessors and successors and the periods of its supervising and "
            "participating institutions, by year; a vertical line marks the day the page shows. "
            "The list of events gives the same dates."
        ),
        bands=[
            Band(_("This structure"), life),
            Band(_("Predecessors and successors"), lineage),
            Band(_("Supervising institutions"), supervisors),
            Band(_("Participating institutions"), participants),
        ],
        today=day,
        marker_label=marker,
    )
    return LabTimeline(events=events, chart=chart)
