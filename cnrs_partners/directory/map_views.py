"""The public map of the labs (`/map/`): per département and per regional office, drawn on the server
(`lab_map`); its tables download as CSV at the statistics' addresses (`/stats/<table>.csv`)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .lab_map import lab_map


@require_safe
def lab_map_page(request):
    return render(request, "directory/lab_map.html", {"map": lab_map()})
