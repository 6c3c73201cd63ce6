"""The public statistics page (`/stats/`) and each of its charts as CSV (`/stats/<chart>.csv`).

The counts come from `statistics`; the page draws each as an SVG bar chart with a table of the same numbers
(and the same links). The CSV is written by the project's one CSV writer (`regions.spreadsheets`), its
headers in the page's language, and counts against the per-address export limit as the lists' exports do.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from regions.export_throttle import throttled_export
from regions.spreadsheets import csv_chunks

from . import statistics


@require_safe
def stats(request):
    counts = statistics.all_stats()
    # Each section's id is its address on the page (`/stats/#labs`), as each chart's slug is.
    sections = [
        ("labs", _("Labs"), ["labs-by-institute", "labs-by-type", "labs-by-office"]),
        ("partners", _("Partners"), ["partners-by-kind"]),
        ("site-agreements", _("Site agreements"), ["agreements-by-status", "agreements-by-end-year"]),
        ("pia-projects", _("PIA projects"), ["pia-outcomes"]),
    ]
    context = {
        "sections": [
            {"id": ident, "title": title, "charts": [counts[slug] for slug in slugs]}
            for ident, title, slugs in sections
        ]
    }
    return render(request, "directory/stats.html", context)


@require_safe
@throttled_export
def stats_csv(request, chart: str):
    stat = statistics.stat(slug=chart)
    rows = [[tally.label, tally.count] for tally in stat.tallies]
    response = HttpResponse("".join(csv_chunks(stat.headers, [rows])), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stat.slug}.csv"'
    return response
