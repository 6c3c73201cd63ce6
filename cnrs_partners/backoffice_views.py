"""Back-office pages outside the model admins: the home page per role, the recent changes across every
record."""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from .admin_home import admin_home
from .changes import RecentChangesFilter, with_details

PER_PAGE = 50


@require_safe
def index(request):
    """Django's admin index, with what the user's role finds first (`admin_home`) above the models.

    Mounted at /admin/ before the admin's own URLs and wrapped by `admin.site.admin_view` like the index
    it replaces (login, staff only, never cached); the admin's `index` takes the data as extra context.
    """
    return admin.site.index(request, extra_context={"home": admin_home(user=request.user)})


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
