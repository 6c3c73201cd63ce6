"""Back-office pages outside the model admins: the recent changes across every record."""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .changes import RecentChangesFilter, with_details

PER_PAGE = 50


@require_GET
@staff_member_required
def recent_changes(request):
    """Every create, change and delete the user may see, newest first, filterable (see `changes.py`)."""
    filterset = RecentChangesFilter(request.GET or None, request=request)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    rows = with_details(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **admin.site.each_context(request),
        "title": _("Recent changes"),
        "filterset": filterset,
        "page_obj": page,
        "rows": rows,
        "query": query.urlencode(),
    }
    return render(request, "backoffice/recent_changes.html", context)
