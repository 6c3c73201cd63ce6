"""Export columns of the back-office lists of labs, partners, supervisions and successions
(django-import-export).

Headers, related records, choices and dates are written as staff read them by `ReadableResource`
(`regions.resources`); here, which columns each list has and how a lab or a partner is named in a cell,
for these lists and the agreements' (`LabsResource`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.resources import ReadableResource, readable_field, readable_resource

from .models import Lab, Partner, Succession, Supervision


def lab_code(lab: Lab) -> str:
    """How a lab is named in a cell: its unit code ("UMR 8502"), else its RNSR number."""
    return lab.code or lab.rnsr


def partner_name(partner: Partner) -> str:
    return partner.name


class LabsResource(ReadableResource):
    """A readable export whose columns name labs by their unit code and partners by their name."""

    related_labels = {Lab: lab_code, Partner: partner_name}


def labs_resource(model: type[models.Model]) -> type[ReadableResource]:
    """Every field of `model`, readable, labs and partners named as in `LabsResource`."""
    return readable_resource(model, LabsResource)


class LabResource(LabsResource):
    code = readable_field("code", _("code"))

    class Meta:
        model = Lab
        fields = [
            "code",
            "rnsr",
            "unit_type",
            "acronym",
            "name",
            "regional_office",
            "primary_institute",
            "secondary_institutes",
            "city",
            "postal_code",
            "director",
            "status",
            "closed_on",
            "needs_review",
            "contract_start",
            "contract_end",
            "parent",
        ]
        export_order = fields


class PartnerResource(LabsResource):
    class Meta:
        model = Partner
        fields = [
            "name",
            "acronym",
            "kind",
            "uai",
            "siret",
            "ror",
            "country",
            "city",
            "website",
            "email",
            "phone",
        ]
        export_order = fields


class SupervisionResource(LabsResource):
    lab_rnsr = readable_field("lab__rnsr", _("RNSR number"))
    office = readable_field("lab__regional_office", _("regional office"))
    partner_uai = readable_field("partner__uai", _("UAI"))

    class Meta:
        model = Supervision
        fields = [
            "lab",
            "lab_rnsr",
            "office",
            "partner",
            "partner_uai",
            "kind",
            "unit_code",
            "since",
            "until",
        ]
        export_order = fields


SuccessionResource = labs_resource(Succession)
