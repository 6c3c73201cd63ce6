"""Public pages of the partner directory, and the lab and partner open-data exports.

The lab list and the lab and partner pages show data of the `agreements` app: they are cross-app pages,
in `cnrs_partners.views`, and keep their `labs:` URL names.
"""

from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from regions.views import DirectoryListView

from . import exports, selectors


@require_safe
def lab_export(request, fmt: str):
    filterset = selectors.lab_list(data=request.GET)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return exports.export_response(queryset, exports.lab_columns(request), fmt=fmt, filename="labs")


class PartnerListView(DirectoryListView):
    template_name = "labs/partner_list.html"
    title = _("Partner directory")
    crumb = _("Partners")
    list_url = "labs:partner_list"
    export_url = "labs:partner_export"
    filter_label = _("Filter the partners")
    export_label = _("partners")
    caption = _("Partners matching the filters")
    empty_message = _("No partner matches these criteria.")
    context_object_name = "partners"

    def get_filterset(self):
        return selectors.partner_list(data=self.request.GET)


@require_safe
def partner_export(request, fmt: str):
    filterset = selectors.partner_list(data=request.GET)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return exports.export_response(queryset, exports.partner_columns(request), fmt=fmt, filename="partners")
