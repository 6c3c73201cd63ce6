"""Export columns of the back-office lists of sites, agreements, PIA projects, board seats, industrial
partnerships and review notes (django-import-export).

Every column is readable (`regions.resources.ReadableResource`): labs by their unit code, partners by
their name (`labs.resources.LabsResource`), regional offices by their code in a list, statuses and kinds
by their label.
"""

from django.utils.translation import gettext_lazy as _

from labs.resources import LabsResource, labs_resource
from regions.models import RegionalOffice
from regions.resources import HIDDEN_FIELDS, readable_field

from .models import BoardSeat, IndustrialPartnership, PiaProject, ReviewNote, Site, SiteAgreement


def office_code(office: RegionalOffice) -> str:
    return office.code


class SiteResource(LabsResource):
    class Meta:
        model = Site
        exclude = [*HIDDEN_FIELDS, "slug"]
        widgets = {"regional_offices": {"label": office_code}}


class SiteAgreementResource(LabsResource):
    # As the list shows it: a signed agreement past its end reads "expired".
    status = readable_field("display_status_label", _("status"))

    class Meta:
        model = SiteAgreement
        fields = [
            "site",
            "title",
            "reference",
            "status",
            "signed_on",
            "start_date",
            "end_date",
            "signatories",
            "covered_labs",
            "renews",
            "document_is_public",
            "strategy",
            "joint_unit_framework",
            "internal_notes",
        ]
        export_order = fields


# Every field as it is, readable.
PiaProjectResource = labs_resource(PiaProject)
BoardSeatResource = labs_resource(BoardSeat)
IndustrialPartnershipResource = labs_resource(IndustrialPartnership)
ReviewNoteResource = labs_resource(ReviewNote)
