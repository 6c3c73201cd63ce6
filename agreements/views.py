"""Public pages of the site directory and its open-data export."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from labs.exports import Column, export_response
from regions.views import DirectoryListView, lowercase_redirect

from . import selectors


class SiteListView(DirectoryListView):
    template_name = "agreements/site_list.html"
    title = _("University sites")
    crumb = _("Sites")
    list_url = "agreements:site_list"
    export_url = "agreements:site_export"
    filter_label = _("Filter the sites")
    export_label = _("sites")
    caption = _("Sites matching the filters")
    empty_message = _("No site matches these criteria.")
    context_object_name = "sites"

    def get_filterset(self):
        return selectors.site_list(data=self.request.GET)


@require_safe
def site_detail(request, slug: str):
    if response := lowercase_redirect("agreements:site_detail", slug):
        return response
    site = selectors.site_detail(slug=slug)
    agreements = [(agreement, agreement.is_in_force()) for agreement in site.public_agreements]
    context = {
        "site": site,
        "agreements": agreements,
        "any_in_force": any(in_force for _, in_force in agreements),
        "lab_rows": selectors.site_lab_rows(site=site),
    }
    return render(request, "agreements/site_detail.html", context)


def site_columns(request) -> list[Column]:
    """The columns of the site export: names are part of the open-data contract, keep them stable."""

    def current(site):
        return site.in_force[0] if site.in_force else None

    return [
        Column("slug", lambda site: site.slug),
        Column("name", lambda site: site.name),
        Column("city", lambda site: site.city),
        Column("regional_offices", lambda site: [office.code for office in site.regional_offices.all()]),
        Column("member_count", lambda site: site.member_count),
        Column("lab_count", lambda site: site.lab_count),
        Column("agreement_in_force", lambda site: current(site).title if current(site) else ""),
        Column("agreement_start", lambda site: current(site).start_date if current(site) else None),
        Column("agreement_end", lambda site: current(site).end_date if current(site) else None),
        Column("url", lambda site: request.build_absolute_uri(site.get_absolute_url())),
    ]


@require_safe
def site_export(request, fmt: str):
    filterset = selectors.site_list(data=request.GET)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return export_response(queryset, site_columns(request), fmt=fmt, filename="sites")
