"""Pages that tie the apps together: the home page, the lab list and the lab and partner pages (they show
sites and agreements), and the monitoring probe."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from agreements.selectors import site_count, site_named
from labs.models import LabStatus, SupervisionKind
from labs.selectors import directory_totals, institute_counts, lab_list, partner_named
from regions.selectors import office_list
from regions.views import DirectoryListView, lowercase_redirect

from . import selectors


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


class LabListView(DirectoryListView):
    template_name = "labs/lab_list.html"
    title = _("Lab directory")
    crumb = _("Labs")
    list_url = "labs:lab_list"
    export_url = "labs:lab_export"
    filter_label = _("Filter the labs")
    export_label = _("labs")
    caption = _("Labs matching the filters")
    empty_message = _("No lab matches these criteria.")
    context_object_name = "labs"
    default_values = {"status": LabStatus.ACTIVE}

    def get_filterset(self):
        return lab_list(data=self.request.GET)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.filterset.form.data
        # The partner and site filters arrive from their pages as slugs: name them in the active filters.
        context["partner_filter"] = partner_named(slug=data.get("partner", ""))
        context["site_filter"] = site_named(slug=data.get("site", ""))
        return context


@require_safe
def lab_detail(request, slug: str):
    if response := lowercase_redirect("labs:lab_detail", slug):
        return response
    lab = selectors.lab_page(slug=slug)
    links = lab.supervisions.all()
    context = {
        "lab": lab,
        "supervisors": [link for link in links if link.kind == SupervisionKind.SUPERVISOR],
        "participants": [link for link in links if link.kind == SupervisionKind.PARTICIPANT],
    }
    return render(request, "labs/lab_detail.html", context)


@require_safe
def partner_detail(request, slug: str):
    if response := lowercase_redirect("labs:partner_detail", slug):
        return response
    partner = selectors.partner_page(slug=slug)
    links = partner.lab_links
    context = {
        "partner": partner,
        "supervised": [link for link in links if link.kind == SupervisionKind.SUPERVISOR],
        "participating": [link for link in links if link.kind == SupervisionKind.PARTICIPANT],
    }
    return render(request, "labs/partner_detail.html", context)
