"""The home page, which sums up every app's data, and the monitoring probe. The directory's own pages are
in `cnrs_partners.directory`."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from agreements.selectors import site_count
from labs.selectors import directory_totals, institute_counts

from .directory.selectors import office_list


@require_safe
def home(request):
    context = {
        "institutes": institute_counts(),
        "offices": [office for office in office_list() if office.is_active],
        "totals": {**directory_totals(), "sites": site_count()},
    }
    return render(request, "home.html", context)


@never_cache
@require_safe
def healthz(request):
    """200 "ok" while the application answers and its database accepts a trivial query; else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "unhealthy", whatever its type
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
