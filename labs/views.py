"""Public pages of the lab and partner directories, and their open-data exports."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from regions.views import DirectoryListView, lowercase_redirect

from . import exports, selectors
from .models import LabStatus, SupervisionKind


class LabListView(DirectoryListView):
    template_name = "labs/lab_list.html"
    context_object_name = "labs"
    default_values = {"status": LabStatus.ACTIVE}

    def get_filterset(self):
        return selectors.lab_list(data=self.request.GET)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.filterset.form.data
        # The partner and site filters arrive from their pages as slugs: name them in the active filters.
        context["partner_filter"] = selectors.partner_named(slug=data.get("partner", ""))
        context["site_filter"] = selectors.site_named(slug=data.get("site", ""))
        return context


@require_safe
def lab_detail(request, slug: str):
    if response := lowercase_redirect("labs:lab_detail", slug):
        return response
    lab = selectors.lab_detail(slug=slug)
    links = lab.supervisions.all()
    context = {
        "lab": lab,
        "supervisors": [link for link in links if link.kind == SupervisionKind.SUPERVISOR],
        "participants": [link for link in links if link.kind == SupervisionKind.PARTICIPANT],
    }
    return render(request, "labs/lab_detail.html", context)


@require_safe
def lab_export(request, fmt: str):
    filterset = selectors.lab_list(data=request.GET)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return exports.export_response(queryset, exports.lab_columns(request), fmt=fmt, filename="labs")


class PartnerListView(DirectoryListView):
    template_name = "labs/partner_list.html"
    context_object_name = "partners"

    def get_filterset(self):
        return selectors.partner_list(data=self.request.GET)


@require_safe
def partner_detail(request, slug: str):
    if response := lowercase_redirect("labs:partner_detail", slug):
        return response
    partner = selectors.partner_detail(slug=slug)
    links = partner.lab_links
    context = {
        "partner": partner,
        "supervised": [link for link in links if link.kind == SupervisionKind.SUPERVISOR],
        "participating": [link for link in links if link.kind == SupervisionKind.PARTICIPANT],
    }
    return render(request, "labs/partner_detail.html", context)


@require_safe
def partner_export(request, fmt: str):
    filterset = selectors.partner_list(data=request.GET)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return exports.export_response(queryset, exports.partner_columns(request), fmt=fmt, filename="partners")
