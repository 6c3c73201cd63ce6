"""What the API shows of each record: the fields the public pages show, never internal notes, review flags,
contacts the pages do not publish (a partner's e-mail and phone), a PIA project's funding, nor any
relation to a record the public does not see. Related records are links to their own address in the API;
`web_url` is the record's public page."""

import functools

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import IndustrialPartnership, PiaProject, Site, SiteAgreement
from labs.models import Institute, Lab, Partner, Succession, Supervision
from regions.models import OfficeService, RegionalOffice

from .selectors import partner_code


def _link(view_name: str, lookup_field: str, **kwargs) -> serializers.HyperlinkedRelatedField:
    return serializers.HyperlinkedRelatedField(
        view_name=view_name,
        lookup_field=lookup_field,
        lookup_url_kwarg=lookup_field,
        read_only=True,
        **kwargs,
    )


# Links to a record of each resource, by the code its address holds.
lab_link = functools.partial(_link, "api:lab_detail", "rnsr")
site_link = functools.partial(_link, "api:site_detail", "slug")
office_link = functools.partial(_link, "api:office_detail", "code")
institute_link = functools.partial(_link, "api:institute_detail", "acronym")
agreement_link = functools.partial(_link, "api:agreement_detail", "pk")
pia_project_link = functools.partial(_link, "api:pia_project_detail", "pk")


class PartnerLink(serializers.HyperlinkedRelatedField):
    # A link to a partner, by its code (UAI, else ROR identifier, else slug).

    def __init__(self, **kwargs):
        super().__init__(view_name="api:partner_detail", read_only=True, **kwargs)

    def use_pk_only_optimization(self) -> bool:
        return False

    def get_url(self, obj, view_name, request, format):
        return self.reverse(view_name, kwargs={"code": partner_code(obj)}, request=request, format=format)


class Text(serializers.CharField):
    """A translated text in one language (`source`: `name_fr`, `name_en`…), "" when it has none.

    The key without suffix keeps the French text whatever the request's language, as before the English
    versions; the `_en` key beside it has the English one.
    """

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return super().get_attribute(instance) or ""


class ListLink(serializers.Field):
    """The address of an API list filtered on this record (`view_name` with `query(record)`)."""

    def __init__(self, view_name: str, query, **kwargs):
        self.view_name = view_name
        self.query = query
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        url = reverse(self.view_name) + "?" + urlencode(self.query(value))
        return self.context["request"].build_absolute_uri(url)


extend_schema_field(OpenApiTypes.URI)(ListLink)


class PublicPageField(serializers.Field):
    """The record's page on the public site (`get_absolute_url`), in the language of the request."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, label=_("public page"), **kwargs)

    def to_representation(self, value) -> str:
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


extend_schema_field(OpenApiTypes.URI)(PublicPageField)


class InstituteSerializer(serializers.ModelSerializer):
    url = institute_link(source="*")
    lab_count = serializers.IntegerField(
        read_only=True, help_text=_("Active labs whose primary institute it is.")
    )
    labs = ListLink("api:lab_list", lambda institute: {"institute": institute.acronym})

    class Meta:
        model = Institute
        fields = ["url", "acronym", "name_fr", "name_en", "usage_name", "lab_count", "labs"]


class OfficeServiceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    description = Text(source="description_fr")
    description_en = Text()

    class Meta:
        model = OfficeService
        fields = ["kind", "name", "head", "email", "phone", "description", "description_en"]


class OfficeSerializer(serializers.ModelSerializer):
    url = office_link(source="*")
    successor = office_link(allow_null=True)
    lab_count = serializers.IntegerField(read_only=True, help_text=_("Active labs of the office."))
    services = OfficeServiceSerializer(many=True, read_only=True)
    labs = ListLink("api:lab_list", lambda office: {"region": office.code})
    web_url = PublicPageField()

    class Meta:
        model = RegionalOffice
        fields = [
            "url",
            "code",
            "name",
            "seat_city",
            "address",
            "phone",
            "email",
            "website",
            "representative",
            "is_active",
            "successor",
            "lab_count",
            "services",
            "labs",
            "web_url",
        ]


class SupervisionSerializer(serializers.ModelSerializer):
    partner = PartnerLink()
    partner_name = Text(source="partner.name_fr")

    class Meta:
        model = Supervision
        fields = ["partner", "partner_name", "kind", "unit_code", "since", "until"]


class LabRowSerializer(serializers.ModelSerializer):
    # A lab as the directory lists it (a docstring would be the schema's description, in English only).
    url = lab_link(source="*")
    code = serializers.CharField(read_only=True, help_text=_("The CNRS unit code, e.g. “UMR 8502”."))
    primary_institute = institute_link(allow_null=True)
    secondary_institutes = institute_link(many=True)
    regional_office = office_link(allow_null=True)
    supervisions = SupervisionSerializer(many=True, read_only=True)
    web_url = PublicPageField()
    name = Text(source="name_fr")
    name_en = Text()

    class Meta:
        model = Lab
        fields = [
            "url",
            "rnsr",
            "code",
            "unit_type",
            "unit_number",
            "acronym",
            "name",
            "name_en",
            "status",
            "closed_on",
            "city",
            "primary_institute",
            "secondary_institutes",
            "regional_office",
            "supervisions",
            "web_url",
        ]


class PredecessorSerializer(serializers.ModelSerializer):
    lab = lab_link(source="predecessor")

    class Meta:
        model = Succession
        fields = ["lab", "kind", "year"]


class SuccessorSerializer(serializers.ModelSerializer):
    lab = lab_link(source="successor")

    class Meta:
        model = Succession
        fields = ["lab", "kind", "year"]


class IndustrialPartnershipSerializer(serializers.ModelSerializer):
    companies = PartnerLink(many=True)

    class Meta:
        model = IndustrialPartnership
        fields = ["kind", "title", "status", "start_date", "end_date", "companies"]


class LabSerializer(LabRowSerializer):
    # Everything public about a lab, as its page shows it.
    # A serializer field named like DRF's Field.parent (the serializer it is bound to): DRF's metaclass
    # moves declared fields off the class, so the name is free at run time.
    parent = lab_link(allow_null=True)  # type: ignore[assignment]
    children = lab_link(many=True)
    predecessors = PredecessorSerializer(source="predecessor_links", many=True, read_only=True)
    successors = SuccessorSerializer(source="successor_links", many=True, read_only=True)
    sites = site_link(many=True)
    agreements = agreement_link(
        source="public_agreements", many=True, help_text=_("The public site agreements covering the lab.")
    )
    pia_projects = pia_project_link(many=True)
    industrial_partnerships = IndustrialPartnershipSerializer(many=True, read_only=True)
    description = Text(source="description_fr")
    description_en = Text()

    class Meta(LabRowSerializer.Meta):
        fields = [
            *LabRowSerializer.Meta.fields[:-1],
            "address",
            "postal_code",
            "director",
            "website",
            "creation_year",
            "contract_start",
            "contract_end",
            "scientific_domain",
            "description",
            "description_en",
            "keywords",
            "parent",
            "children",
            "predecessors",
            "successors",
            "sites",
            "agreements",
            "pia_projects",
            "industrial_partnerships",
            "web_url",
        ]


class PartnerRowSerializer(serializers.ModelSerializer):
    url = PartnerLink(source="*")
    supervised_labs = serializers.IntegerField(
        source="lab_count", read_only=True, help_text=_("Active labs it supervises today.")
    )
    labs = ListLink("api:lab_list", lambda partner: {"partner": partner.slug, "status": "all"})
    web_url = PublicPageField()
    name = Text(source="name_fr")
    name_en = Text()

    class Meta:
        model = Partner
        fields = [
            "url",
            "slug",
            "name",
            "name_en",
            "acronym",
            "kind",
            "country",
            "city",
            "website",
            "uai",
            "siret",
            "ror",
            "supervised_labs",
            "labs",
            "web_url",
        ]


class PartnerSerializer(PartnerRowSerializer):
    sites = site_link(many=True, help_text=_("The university sites it is a member of."))
    agreements = agreement_link(
        source="public_agreements", many=True, help_text=_("The public site agreements it signed.")
    )

    class Meta(PartnerRowSerializer.Meta):
        fields = [*PartnerRowSerializer.Meta.fields[:-1], "address", "sites", "agreements", "web_url"]


class SiteRowSerializer(serializers.ModelSerializer):
    url = site_link(source="*")
    regional_offices = office_link(many=True)
    member_count = serializers.IntegerField(read_only=True)
    lab_count = serializers.IntegerField(read_only=True)
    agreements_in_force = agreement_link(source="in_force", many=True)
    labs = ListLink("api:lab_list", lambda site: {"site": site.slug, "status": "all"})
    agreements = ListLink("api:agreement_list", lambda site: {"site": site.slug})
    web_url = PublicPageField()
    name = Text(source="name_fr")
    name_en = Text()

    class Meta:
        model = Site
        fields = [
            "url",
            "slug",
            "name",
            "name_en",
            "city",
            "regional_offices",
            "member_count",
            "lab_count",
            "agreements_in_force",
            "labs",
            "agreements",
            "web_url",
        ]


class SiteSerializer(serializers.ModelSerializer):
    url = site_link(source="*")
    regional_offices = office_link(many=True)
    members = PartnerLink(many=True)
    lab_count = serializers.IntegerField(read_only=True)
    public_agreements = agreement_link(many=True)
    pia_projects = pia_project_link(many=True)
    labs = ListLink("api:lab_list", lambda site: {"site": site.slug, "status": "all"})
    web_url = PublicPageField()
    name = Text(source="name_fr")
    name_en = Text()
    description = Text(source="description_fr")
    description_en = Text()

    class Meta:
        model = Site
        fields = [
            "url",
            "slug",
            "name",
            "name_en",
            "city",
            "description",
            "description_en",
            "regional_offices",
            "members",
            "lab_count",
            "public_agreements",
            "pia_projects",
            "labs",
            "web_url",
        ]


class AgreementSerializer(serializers.ModelSerializer):
    url = agreement_link(source="*")
    site = site_link()
    status = serializers.CharField(
        source="display_status", read_only=True, help_text=_("signed, expired or terminated.")
    )
    in_force = serializers.SerializerMethodField(help_text=_("Whether it is in force today."))
    signatories = PartnerLink(many=True)
    covered_labs = lab_link(many=True)
    document = serializers.SerializerMethodField(
        allow_null=True, help_text=_("The signed document, when it is public.")
    )
    title = Text(source="title_fr")
    title_en = Text()
    strategy = Text(source="strategy_fr")
    strategy_en = Text()

    class Meta:
        model = SiteAgreement
        fields = [
            "url",
            "title",
            "title_en",
            "reference",
            "site",
            "status",
            "in_force",
            "signed_on",
            "start_date",
            "end_date",
            "strategy",
            "strategy_en",
            "signatories",
            "covered_labs",
            "document",
        ]

    def get_in_force(self, agreement: SiteAgreement) -> bool:
        return agreement.is_in_force()

    @extend_schema_field(OpenApiTypes.URI)
    def get_document(self, agreement: SiteAgreement) -> str | None:
        if not (agreement.document and agreement.document_is_public):
            return None
        url = reverse("review:agreement_document", args=[agreement.pk])
        return self.context["request"].build_absolute_uri(url)


class PiaProjectSerializer(serializers.ModelSerializer):
    url = pia_project_link(source="*")
    site = site_link(allow_null=True)
    lead_partner = PartnerLink(allow_null=True)
    labs = lab_link(many=True)
    name = Text(source="name_fr")
    name_en = Text()

    class Meta:
        model = PiaProject
        fields = [
            "url",
            "action",
            "acronym",
            "name",
            "name_en",
            "outcome",
            "start_year",
            "end_year",
            "site",
            "lead_partner",
            "labs",
        ]
