"""The map of France the public directory draws on the server as SVG, from the shipped outlines
(`regions.outlines`): no tile server, no script, readable without JavaScript and kept in print.

A map is a list of `Area`s, each one or more départements drawn in one colour of a sequential scale of
its count, named in words ("92 Hauts-de-Seine: 12 labs") and linked to the list it counts. Colours never
carry meaning alone: every area has its name and count, and the page gives the same numbers in a table.
An area that groups départements (a regional office's territory) is outlined as one: each département is
drawn twice, a wide border first then its fill, so that the fills hide the borders inside the area.
"""

import math
import re
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.charts import FONT, INK, MUTED
from regions.outlines import IDF, OVERSEAS, Outlines, outlines

# A sequential blue scale, light to dark (the text on the legend stays outside the swatches); `EMPTY` for
# areas without a lab, `NONE` for areas the map does not count (départements without a default office).
SCALE = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
EMPTY = "#f1f3f5"
NONE = "#dee2e6"
BORDER = "#868e96"
OFFICE_BORDER = "#212529"
HIGHLIGHT = "#b02a37"


@dataclass(frozen=True)
class Area:
    """One place of the map: the départements it covers, its name, its count and the list it links to
    (`count` None: not counted, drawn grey; `href` "": not linked)."""

    codes: tuple[str, ...]
    label: str
    count: int | None
    href: str = ""

    @property
    def text(self) -> str:
        """ "92 Hauts-de-Seine: 12 labs", what the area says to a screen reader and on hover."""
        if self.count is None:
            return self.label
        shown = number_format(self.count, force_grouping=True)
        labs = ngettext("%(count)s lab", "%(count)s labs", self.count) % {"count": shown}
        return _("%(place)s: %(labs)s") % {"place": self.label, "labs": labs}


@dataclass(frozen=True)
class Bucket:
    low: int
    high: int
    colour: str

    @property
    def label(self) -> str:
        low, high = (number_format(n, force_grouping=True) for n in (self.low, self.high))
        return low if self.low == self.high else _("%(low)s to %(high)s") % {"low": low, "high": high}


def scale(counts: list[int]) -> list[Bucket]:
    """Up to five classes of the counts above zero, split at their quantiles (so that each colour is used
    by about as many areas), the last ending at the largest count."""
    values = sorted(n for n in counts if n > 0)
    if not values:
        return []
    limits: list[int] = []
    for index in range(1, len(SCALE) + 1):
        limit = values[max(0, math.ceil(index * len(values) / len(SCALE)) - 1)]
        if not limits or limit > limits[-1]:
            limits.append(limit)
    if limits[-1] != values[-1]:
        limits.append(values[-1])
    colours = SCALE[-len(limits) :] if len(limits) < len(SCALE) else SCALE
    buckets, low = [], 1
    for high, colour in zip(limits, colours, strict=False):
        buckets.append(Bucket(low, high, colour))
        low = high + 1
    return buckets


def _colour(count: int | None, buckets: list[Bucket]) -> str:
    if count is None:
        return NONE
    for bucket in buckets:
        if count <= bucket.high:
            return bucket.colour if count else EMPTY
    return EMPTY


def _frames(shapes: Outlines) -> SafeString:
    """The frames of the insets (overseas départements, Île-de-France), each named below or above it."""
    names = {
        "idf": _("Île-de-France (enlarged)"),
        **{code: shapes.names.get(code, code) for code in OVERSEAS},
    }
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{}" stroke-width="1"/>'
        '<text x="{}" y="{}" fill="{}" font-size="{}">{}</text>',
        (
            (x, y, w, h, MUTED, x + 2, y + h + 20 if code != "idf" else y - 8, INK, 19, names[code])
            for code, (x, y, w, h) in shapes.frames.items()
        ),
    )


def _paths(shapes: Outlines, codes: tuple[str, ...], *, enlarged: bool) -> list[str]:
    source = shapes.idf if enlarged else shapes.departments
    return [source[code] for code in codes if code in source]


def _area(area: Area, colour: str, shapes: Outlines, *, enlarged: bool, grouped: bool) -> SafeString:
    paths = _paths(shapes, area.codes, enlarged=enlarged)
    if not paths:
        return mark_safe("")
    drawing = format_html_join("", '<path d="{}"/>', ((d,) for d in paths))
    if grouped:
        border = format_html(
            '<g fill="{}" stroke="{}" stroke-width="3" stroke-linejoin="round">{}</g>',
            OFFICE_BORDER,
            OFFICE_BORDER,
            drawing,
        )
        drawing = format_html('{}<g stroke="none">{}</g>', border, drawing)
    group = format_html('<g class="map-area" fill="{}" data-count="{}">{}</g>', colour, area.count, drawing)
    # The enlarged copy repeats a link of the map: hidden from assistive technologies and the keyboard.
    hidden = mark_safe(' tabindex="-1" aria-hidden="true"') if enlarged else ""
    if area.href:
        return format_html(
            '<a class="map-link" href="{}" aria-label="{}"{}><title>{}</title>{}</a>',
            area.href,
            area.text,
            hidden,
            area.text,
            group,
        )
    return format_html("<g{}><title>{}</title>{}</g>", hidden, area.text, group)


def _legend(buckets: list[Bucket], *, uncounted: str) -> SafeString:
    """The colour scale below the map, in the page's text (readable on a phone, and by a screen reader),
    each swatch with its range of counts in words."""
    items = [(EMPTY, _("no lab"))] + [(bucket.colour, bucket.label) for bucket in buckets]
    if uncounted:
        items.append((NONE, uncounted))
    return format_html(
        '<ul class="list-inline map-legend small" aria-label="{}">{}</ul>',
        _("Legend"),
        format_html_join(
            "",
            '<li class="list-inline-item"><svg width="18" height="14" aria-hidden="true">'
            '<rect x="0.5" y="0.5" width="17" height="13" fill="{}" stroke="{}"/></svg> {}</li>',
            ((colour, MUTED, label) for colour, label in items),
        ),
    )


def france_map(
    *, ident: str, title: str, areas: list[Area], grouped: bool = False, uncounted: str = ""
) -> SafeString:
    """The map of `areas` with its legend: an SVG whose links (the areas with an `href`) the pointer and the
    keyboard reach, named by its `<title>`. `grouped` outlines each area as one (offices); `uncounted`
    names the grey areas in the legend."""
    shapes = outlines("detail")
    buckets = scale([area.count for area in areas if area.count is not None])
    drawn = [(area, _colour(area.count, buckets)) for area in areas]
    body = format_html_join(
        "", "{}", ((_area(area, colour, shapes, enlarged=False, grouped=grouped),) for area, colour in drawn)
    )
    enlarged = format_html_join(
        "",
        "{}",
        (
            (_area(area, colour, shapes, enlarged=True, grouped=grouped),)
            for area, colour in drawn
            if set(area.codes) & set(IDF)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="france-map" viewBox="0 0 {w} {h}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" aria-labelledby="{id}-title" font-family="{font}">'
        '<title id="{id}-title">{title}</title>'
        '<g stroke="{border}" stroke-width="0.6" stroke-linejoin="round">{body}{enlarged}</g>{frames}'
        "</svg>{legend}",
        w=shapes.width,
        h=shapes.height,
        id=ident,
        font=FONT,
        title=title,
        border=BORDER,
        body=body,
        enlarged=enlarged,
        frames=_frames(shapes),
        legend=_legend(buckets, uncounted=uncounted),
    )


def _centre(d: str) -> tuple[float, float, float]:
    """The centre of the box around path data `d` (an absolute move then relative lines per ring, as
    `build_map_outlines` writes them) and the half of its larger side."""
    xs, ys = [], []
    for ring in re.findall(r"M([^l]+)l([^z]*)z", d):
        numbers = [int(n) for n in re.findall(r"-?\d+", " ".join(ring))]
        x, y = numbers[0], numbers[1]
        xs.append(x)
        ys.append(y)
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=False):
            x, y = x + dx, y + dy
            xs.append(x)
            ys.append(y)
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, max(max(xs) - min(xs), max(ys) - min(ys)) / 2


def department_marker(*, code: str, title: str) -> SafeString:
    """A small map of France with département `code` filled and circled (a small one is a few units wide),
    an image named `title` (a lab's page). Île-de-France's are circled on its enlarged copy too."""
    shapes = outlines("overview")

    def drawn(source: dict[str, str]) -> SafeString:
        return format_html_join(
            "",
            '<path d="{}" fill="{}"/>',
            ((d, HIGHLIGHT if key == code else NONE) for key, d in source.items()),
        )

    circles = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="{}" fill="none" stroke="{}" stroke-width="8"/>',
        (
            (round(x), round(y), round(max(half + 14, 40)), HIGHLIGHT)
            for x, y, half in (
                _centre(source[code]) for source in (shapes.departments, shapes.idf) if code in source
            )
        ),
    )

    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="department-marker" role="img" viewBox="0 0 {w} {h}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="marker-title">'
        '<title id="marker-title">{title}</title>'
        '<g stroke="{border}" stroke-width="1.5" stroke-linejoin="round">{body}{idf}</g>{frames}'
        "{circles}</svg>",
        circles=circles,
        w=shapes.width,
        h=shapes.height,
        title=title,
        border="#ffffff",
        body=drawn(shapes.departments),
        idf=drawn(shapes.idf),
        frames=format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{}" stroke-width="2"/>',
            ((x, y, w, h, MUTED) for x, y, w, h in shapes.frames.values()),
        ),
    )
