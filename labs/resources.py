"""Export columns of the back-office lists (django-import-export), where the default columns are not enough.

Related values are read from `select_related` / `prefetch_related` set by the admins
(`export_select_related`, `export_prefetch_related`), so an export runs a fixed number of queries.
"""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from .models import Lab, Partner, Supervision


class LabResource(resources.ModelResource):
    code = fields.Field(attribute="code", column_name=_("code"))
    office = fields.Field(attribute="regional_office__code", column_name=_("regional office"))
    primary_institute = fields.Field(
        attribute="primary_institute__acronym", column_name=_("primary institute")
    )
    secondary_institutes = fields.Field(column_name=_("secondary institutes"))
    unit_type = fields.Field(attribute="get_unit_type_display", column_name=_("unit type"))
    status = fields.Field(attribute="get_status_display", column_name=_("status"))

    class Meta:
        model = Lab
        fields = [
            "code",
            "rnsr",
            "unit_type",
            "acronym",
            "name",
            "office",
            "primary_institute",
            "secondary_institutes",
            "city",
            "postal_code",
            "director",
            "status",
            "needs_review",
            "contract_start",
            "contract_end",
            "version",
            "updated_at",
        ]
        export_order = fields

    def dehydrate_secondary_institutes(self, lab):
        return ", ".join(institute.acronym for institute in lab.secondary_institutes.all())


class PartnerResource(resources.ModelResource):
    kind = fields.Field(attribute="get_kind_display", column_name=_("kind"))

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


class SupervisionResource(resources.ModelResource):
    lab_code = fields.Field(attribute="lab__code", column_name=_("lab"))
    lab_rnsr = fields.Field(attribute="lab__rnsr", column_name=_("RNSR number"))
    office = fields.Field(attribute="lab__regional_office__code", column_name=_("regional office"))
    partner = fields.Field(attribute="partner__name", column_name=_("partner"))
    partner_uai = fields.Field(attribute="partner__uai", column_name=_("UAI"))
    kind = fields.Field(attribute="get_kind_display", column_name=_("kind"))

    class Meta:
        model = Supervision
        fields = [
            "lab_code",
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
