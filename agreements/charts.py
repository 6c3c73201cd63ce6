"""Charts of the review pages, drawn on the server as SVG: readable without JavaScript, kept in print.

Each chart is a `Chart`: the SVG markup (with `<title>` and `<desc>`, `role="img"`) and the rows its
text alternative, a table, shows. Colours never carry meaning alone: every bar is labelled in words.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import AgreementStatus, PiaProject, SiteAgreement

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK = "#212529"
MUTED = "#5c636a"
GRID = "#dee2e6"
TODAY = "#b02a37"

STATUS_COLOURS: dict[str, str] = {
    AgreementStatus.DRAFT: "#adb5bd",
    AgreementStatus.NEGOTIATING: "#e0a800",
    AgreementStatus.UNDER_REVIEW: "#fd7e14",
    AgreementStatus.SIGNED: "#198754",
    AgreementStatus.EXPIRED: "#6c757d",
    AgreementStatus.TERMINATED: "#495057",
}
PIA_COLOUR = "#6f42c1"
LAB_COLOUR = "#0b5ed7"
BAR_COLOUR = "#0b3d91"


@dataclass(frozen=True)
class Chart:
    """An SVG chart and the rows of its text alternative (the same data, as table cells)."""

    svg: SafeString
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Span:
    """One bar of a timeline: a period, either end of which may be open (None)."""

    label: str
    start: datetime.date | None
    end: datetime.date | None
    colour: str
    note: str = ""


@dataclass
class Band:
    """A group of timeline bars under one heading (agreements, PIA projects, labs' contracts)."""

    title: str
    spans: list[Span] = field(default_factory=list)


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _period(start: datetime.date | None, end: datetime.date | None) -> str:
    first = date_format(start, "SHORT_DATE_FORMAT") if start else "…"
    last = date_format(end, "SHORT_DATE_FORMAT") if end else "…"
    return f"{first} – {last}"


def _svg(
    width: int, height: int, ident: str, title: str, desc: str, body: SafeString, kind: str
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="review-chart {kind}" role="img" viewBox="0 0 {w} {h}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{id}-title {id}-desc" '
        'font-family="{font}" font-size="12">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        kind=kind,
        w=width,
        h=height,
        id=ident,
        font=FONT,
        title=title,
        desc=desc,
        body=body,
    )


# --- timeline --------------------------------------------------------------------------------------------

LABEL_WIDTH = 250
PLOT_WIDTH = 580
ROW = 20
BAR = 12
HEADING = 24
AXIS = 28


def timeline(
    *,
    ident: str,
    title: str,
    desc: str,
    bands: list[Band],
    today: datetime.date,
    marker_label: str | None = None,
) -> Chart:
    """Bars of periods on a shared axis of years, grouped in bands, with a line at `today` (labelled
    `marker_label`, "today" by default: a page as of another day marks that day).

    An open start or end runs to the edge of the axis, drawn dashed there; the axis spans the known dates
    and today, whole years.
    """
    bands = [band for band in bands if band.spans]
    dates = [today] + [d for band in bands for span in band.spans for d in (span.start, span.end) if d]
    first_year, last_year = min(d.year for d in dates), max(d.year for d in dates) + 1
    axis_start, axis_end = datetime.date(first_year, 1, 1), datetime.date(last_year, 1, 1)
    total_days = (axis_end - axis_start).days
    step = 1 if last_year - first_year <= 12 else 2 if last_year - first_year <= 24 else 5

    def x(day: datetime.date) -> float:
        return round(LABEL_WIDTH + PLOT_WIDTH * (day - axis_start).days / total_days, 1)

    parts: list[SafeString] = []
    y = AXIS
    for band in bands:
        parts.append(
            format_html('<text x="0" y="{}" font-weight="bold" fill="{}">{}</text>', y + 16, INK, band.title)
        )
        y += HEADING
        for span in band.spans:
            start, end = span.start or axis_start, span.end or axis_end
            left, right = x(max(start, axis_start)), x(min(end, axis_end))
            width = max(right - left, 2)
            dashes = " ".join(
                filter(
                    None, ["open-start" if span.start is None else "", "open-end" if span.end is None else ""]
                )
            )
            parts.append(
                format_html(
                    '<g class="span {cls}"><title>{label}: {period}{note}</title>'
                    '<text x="0" y="{ty}" fill="{ink}">{short}</text>'
                    '<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="2" fill="{fill}"'
                    "{dash}/></g>",
                    cls=dashes,
                    label=span.label,
                    period=_period(span.start, span.end),
                    note=f" ({span.note})" if span.note else "",
                    ty=y + 13,
                    ink=INK,
                    short=_short(span.label, 38),
                    x=left,
                    y=y + 3,
                    w=round(width, 1),
                    h=BAR,
                    fill=span.colour,
                    dash=mark_safe(' stroke="#212529" stroke-dasharray="3 2"') if dashes else "",
                )
            )
            y += ROW
    height = y + 8
    ticks = format_html_join(
        "",
        '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}"/>'
        '<text x="{0}" y="14" text-anchor="middle" fill="{4}" font-size="11">{5}</text>',
        (
            (x(datetime.date(year, 1, 1)), AXIS - 8, height, GRID, MUTED, year)
            for year in range(first_year, last_year + 1, step)
        ),
    )
    # Near the end of the axis (a day late in the last year), the label ends at the line rather than
    # being cut by the edge of the drawing.
    anchor = "end" if x(today) > LABEL_WIDTH + PLOT_WIDTH - 30 else "middle"
    marker = format_html(
        '<line class="today" x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="2"/>'
        '<text x="{0}" y="{4}" text-anchor="{6}" fill="{3}" font-size="10">{5}</text>',
        x(today),
        AXIS - 6,
        height,
        TODAY,
        AXIS - 1,
        marker_label or _("today"),
        anchor,
    )
    body = ticks + mark_safe("".join(parts)) + marker
    svg = _svg(LABEL_WIDTH + PLOT_WIDTH + 20, height, ident, title, desc, body, "timeline-chart")
    rows = [
        [span.label, band.title, _period(span.start, span.end), span.note]
        for band in bands
        for span in band.spans
    ]
    return Chart(svg=svg, headers=[_("Name"), _("Kind"), _("Period"), _("Note")], rows=rows)


def _year_start(year: int | None) -> datetime.date | None:
    return datetime.date(year, 1, 1) if year else None


def _year_end(year: int | None) -> datetime.date | None:
    return datetime.date(year, 12, 31) if year else None


# Labs named in the note of a contract period that several share.
LABS_NAMED = 3


class Contracted(Protocol):
    """A lab as the timeline draws its contract: a record or a row (`selectors.SiteLabRow`)."""

    @property
    def code(self) -> str: ...
    @property
    def rnsr(self) -> str: ...
    @property
    def acronym(self) -> str: ...
    @property
    def contract_start(self) -> datetime.date | None: ...
    @property
    def contract_end(self) -> datetime.date | None: ...


def contract_periods(labs: Iterable[Contracted]) -> list[Span]:
    """One bar per contract period of `labs`, in date order: a lab's own label when it is alone on it, else how
    many share it, a few of them named in the note.

    A site's labs follow the CNRS's five-year contract waves: Paris-Saclay's 1,700 labs hold a handful of
    periods, and a bar each drew a chart 35,000 pixels tall (and a table as long) that took the review
    file most of its second.
    """
    periods: dict[tuple[datetime.date | None, datetime.date | None], list[str]] = {}
    for lab in labs:
        if lab.contract_start or lab.contract_end:
            label = f"{lab.code or lab.rnsr} {lab.acronym}".strip()
            periods.setdefault((lab.contract_start, lab.contract_end), []).append(label)
    spans = []
    for (start, end), names in sorted(
        periods.items(), key=lambda item: (item[0][0] or datetime.date.min, item[0][1] or datetime.date.max)
    ):
        if len(names) == 1:
            spans.append(Span(names[0], start, end, LAB_COLOUR))
            continue
        named = ", ".join(sorted(names)[:LABS_NAMED]) + (", …" if len(names) > LABS_NAMED else "")
        label = ngettext("%(count)s lab", "%(count)s labs", len(names)) % {
            "count": number_format(len(names), force_grouping=True)
        }
        spans.append(Span(label, start, end, LAB_COLOUR, named))
    return spans


def site_timeline(
    *,
    agreements: Iterable[SiteAgreement],
    projects: Iterable[PiaProject],
    labs: Iterable[Contracted],
    today: datetime.date,
    site_name: str,
) -> Chart:
    """The timeline of a site's file: its agreements, its PIA projects and its labs' contract periods."""
    bands = [
        Band(
            _("Site agreements"),
            [
                Span(
                    a.title,
                    a.start_date,
                    a.end_date,
                    STATUS_COLOURS.get(a.display_status, MUTED),
                    a.display_status_label,
                )
                for a in sorted(agreements, key=lambda a: (a.start_date or datetime.date.min, a.pk))
            ],
        ),
        Band(
            _("PIA projects"),
            [
                Span(
                    str(p),
                    _year_start(p.start_year),
                    _year_end(p.end_year),
                    PIA_COLOUR,
                    p.get_outcome_display() if p.outcome else "",
                )
                for p in projects
                if p.start_year or p.end_year
            ],
        ),
        Band(_("Labs' contracts"), contract_periods(labs)),
    ]
    return timeline(
        ident="timeline",
        title=_("Timeline of %(site)s") % {"site": site_name},
        desc=_(
            "The periods of the site's agreements, PIA projects and labs' contracts, by year; "
            "a vertical line marks today. The table below gives the same dates."
        ),
        bands=bands,
        today=today,
    )


# --- bar chart -------------------------------------------------------------------------------------------

BAR_LABEL_WIDTH = 110
BAR_PLOT_WIDTH = 300
BAR_ROW = 24
# About how many characters of 12px text a pixel of label column holds.
CHARS_PER_PIXEL = 1 / 6.8


def bar_chart(
    *,
    ident: str,
    title: str,
    desc: str,
    bars: list[tuple[str, int]],
    headers: list[str],
    links: list[str] | None = None,
    label_width: int = BAR_LABEL_WIDTH,
) -> Chart:
    """Horizontal bars whose lengths are proportional to their values, each labelled with its value
    (grouped as the language writes numbers: "1 061" in French).

    `links`, when given, holds one address per bar ("" for none): each bar's row (label, bar and value)
    links there. An image's content is one element to assistive technologies (`role="img"`: no link may
    sit inside it), so the drawing is an image nested in an outer SVG that holds the links, drawn over the
    rows and named like them ("INP: 3").
    """
    top = max((value for _label, value in bars), default=0) or 1
    length = max(int(label_width * CHARS_PER_PIXEL), 8)
    parts = []
    for index, (label, value) in enumerate(bars):
        y = index * BAR_ROW
        width = round(BAR_PLOT_WIDTH * value / top, 1)
        shown = number_format(value, force_grouping=True)
        parts.append(
            format_html(
                '<g class="bar"><title>{label}: {shown}</title>'
                '<text x="{lx}" y="{ty}" text-anchor="end" fill="{ink}">{short}</text>'
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" data-value="{v}"/>'
                '<text x="{vx}" y="{ty}" fill="{ink}">{shown}</text></g>',
                lx=label_width - 8,
                ty=y + 16,
                ink=INK,
                label=label,
                short=_short(label, length),
                x=label_width,
                y=y + 4,
                w=width,
                h=BAR_ROW - 8,
                fill=BAR_COLOUR,
                v=value,
                shown=shown,
                vx=label_width + width + 6,
            )
        )
    height = max(len(bars) * BAR_ROW, BAR_ROW) + 4
    full_width = label_width + BAR_PLOT_WIDTH + 60
    body = mark_safe("".join(parts))
    svg = _svg(full_width, height, ident, title, desc, body, "bar-chart")
    if links and any(links):
        svg = _linked(svg, full_width, height, bars, links)
    rows = [[label, number_format(value, force_grouping=True)] for label, value in bars]
    return Chart(svg=svg, headers=headers, rows=rows)


def _linked(
    image: SafeString, width: int, height: int, bars: list[tuple[str, int]], links: list[str]
) -> SafeString:
    """The bar chart `image` inside an SVG that links each row to its address: a transparent rectangle over
    the row, which the pointer and the keyboard reach (the focused one outlined by the stylesheet)."""
    overlays = format_html_join(
        "",
        '<a class="bar-link" href="{}" aria-label="{}: {}"><rect x="0" y="{}" width="{}" height="{}" '
        'fill="#ffffff" fill-opacity="0"/></a>',
        (
            (href, label, number_format(value, force_grouping=True), index * BAR_ROW, width, BAR_ROW)
            for index, ((label, value), href) in enumerate(zip(bars, links, strict=True))
            if href
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="review-chart bar-chart linked-chart" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet">{image}{overlays}</svg>',
        w=width,
        h=height,
        image=image,
        overlays=overlays,
    )
