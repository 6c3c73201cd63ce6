"""The API's views: a list and a detail view per resource, read-only, anonymous, throttled, conditional.

A view reads through the public selectors (`selectors.py` and each app's) and filters with the directory's
FilterSets (django-filter's DRF backend), so that `/api/v1/labs/?institute=INP` lists the labs
`/labs/?institute=INP` shows. An invalid filter value answers 400 with the FilterSet's error.
"""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularRedocView
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from agreements import selectors as agreements_selectors
from agreements.filters import PiaProjectFilter, PublicAgreementFilter, SiteFilter
from labs import selectors as labs_selectors
from labs.filters import PartnerFilter

from . import selectors, serializers
from .conditional import ConditionalMixin
from .filters import LabApiFilter
from .throttling import ExportThrottleMixin

# The errors any operation may answer, documented on each.
ERRORS = {
    400: OpenApiResponse(
        description=_(
            "The request is not valid: a filter's value (the answer names it), or input no page reads."
        )
    ),
    404: OpenApiResponse(
        description=_("No public record has this code, or the format or the page asked for does not exist.")
    ),
    429: OpenApiResponse(description=_("Too many requests from this address: try again after Retry-After.")),
}


class PublicList(ConditionalMixin, ExportThrottleMixin, generics.ListAPIView):
    """A public list, `cursor_ordering` giving its pages' order (a unique, unchanging field)."""

    cursor_ordering = "pk"


class PublicDetail(ConditionalMixin, ExportThrottleMixin, generics.RetrieveAPIView):
    """One public record by its code (`get_object`: a selector that answers 404)."""

    filter_backends: list = []
    pagination_class = None


@extend_schema(
    summary=_("The API's lists"),
    description=_("The address of each list of the API, of its OpenAPI schema and of its documentation."),
    responses={200: OpenApiTypes.OBJECT, **ERRORS},
)
class ApiRoot(ConditionalMixin, APIView):
    def get(self, request, format=None):
        names = ["lab", "partner", "site", "agreement", "pia_project", "office", "institute"]
        links = {f"{name}s": reverse(f"api:{name}_list", request=request) for name in names}
        for name in ("schema", "swagger_ui", "redoc"):
            links[name] = reverse(f"api:{name}", request=request)
        return Response(links)


@extend_schema(
    summary=_("Labs"),
    description=_(
        "The labs of the directory, filtered as on the lab directory's page (active labs unless `status` "
        "says otherwise), in the order of their RNSR numbers."
    ),
    responses={200: serializers.LabRowSerializer(many=True), **ERRORS},
)
class LabList(PublicList):
    serializer_class = serializers.LabRowSerializer
    filterset_class = LabApiFilter
    cursor_ordering = "rnsr"

    def get_queryset(self):
        return labs_selectors.lab_rows()


@extend_schema(
    summary=_("A lab"),
    description=_("Everything public about a lab, by its RNSR number."),
    responses={200: serializers.LabSerializer, **ERRORS},
)
class LabDetail(PublicDetail):
    serializer_class = serializers.LabSerializer

    def get_object(self):
        return selectors.lab_detail(rnsr=self.kwargs["rnsr"])


@extend_schema(
    summary=_("Partners"),
    description=_(
        "The partners of the directory (universities, schools, companies…), in the order of their slugs."
    ),
    responses={200: serializers.PartnerRowSerializer(many=True), **ERRORS},
)
class PartnerList(PublicList):
    serializer_class = serializers.PartnerRowSerializer
    filterset_class = PartnerFilter
    cursor_ordering = "slug"

    def get_queryset(self):
        return labs_selectors.partner_rows()


@extend_schema(
    summary=_("A partner"),
    description=_("A partner by its UAI, else its ROR identifier, else its slug."),
    responses={200: serializers.PartnerSerializer, **ERRORS},
)
class PartnerDetail(PublicDetail):
    serializer_class = serializers.PartnerSerializer

    def get_object(self):
        return selectors.partner_detail(code=self.kwargs["code"])


@extend_schema(
    summary=_("University sites"),
    description=_(
        "The university sites, filtered as on the site directory's page, in the order of their slugs."
    ),
    responses={200: serializers.SiteRowSerializer(many=True), **ERRORS},
)
class SiteList(PublicList):
    serializer_class = serializers.SiteRowSerializer
    filterset_class = SiteFilter
    cursor_ordering = "slug"

    def get_queryset(self):
        return agreements_selectors.site_rows()


@extend_schema(
    summary=_("A university site"),
    description=_("A site by its slug, with its public agreements and PIA projects."),
    responses={200: serializers.SiteSerializer, **ERRORS},
)
class SiteDetail(PublicDetail):
    serializer_class = serializers.SiteSerializer

    def get_object(self):
        return selectors.site_detail(slug=self.kwargs["slug"])


@extend_schema(
    summary=_("Site agreements"),
    description=_("The public site agreements: signed, expired or terminated, never one in preparation."),
    responses={200: serializers.AgreementSerializer(many=True), **ERRORS},
)
class AgreementList(PublicList):
    serializer_class = serializers.AgreementSerializer
    filterset_class = PublicAgreementFilter

    def get_queryset(self):
        return agreements_selectors.public_agreement_rows()


@extend_schema(
    summary=_("A site agreement"),
    description=_("A public site agreement by its number."),
    responses={200: serializers.AgreementSerializer, **ERRORS},
)
class AgreementDetail(PublicDetail):
    serializer_class = serializers.AgreementSerializer
    lookup_field = "pk"

    def get_queryset(self):
        return agreements_selectors.public_agreement_rows()


@extend_schema(
    summary=_("PIA projects"),
    description=_("The projects of the Investments for the Future Programme (PIA) the CNRS takes part in."),
    responses={200: serializers.PiaProjectSerializer(many=True), **ERRORS},
)
class PiaProjectList(PublicList):
    serializer_class = serializers.PiaProjectSerializer
    filterset_class = PiaProjectFilter

    def get_queryset(self):
        return agreements_selectors.pia_project_rows()


@extend_schema(
    summary=_("A PIA project"),
    description=_("A PIA project by its number."),
    responses={200: serializers.PiaProjectSerializer, **ERRORS},
)
class PiaProjectDetail(PublicDetail):
    serializer_class = serializers.PiaProjectSerializer
    lookup_field = "pk"

    def get_queryset(self):
        return agreements_selectors.pia_project_rows()


@extend_schema(
    summary=_("Regional offices"),
    description=_("The CNRS's regional offices with their services, in the order of their codes."),
    responses={200: serializers.OfficeSerializer(many=True), **ERRORS},
)
class OfficeList(PublicList):
    serializer_class = serializers.OfficeSerializer
    filter_backends: list = []
    cursor_ordering = "code"

    def get_queryset(self):
        return selectors.office_rows()


@extend_schema(
    summary=_("A regional office"),
    description=_("A regional office with its services, by its code (DR04)."),
    responses={200: serializers.OfficeSerializer, **ERRORS},
)
class OfficeDetail(PublicDetail):
    serializer_class = serializers.OfficeSerializer

    def get_object(self):
        return selectors.office_detail(code=self.kwargs["code"])


@extend_schema(
    summary=_("Institutes"),
    description=_("The ten CNRS institutes, with their numbers of active labs."),
    responses={200: serializers.InstituteSerializer(many=True), **ERRORS},
)
class InstituteList(PublicList):
    serializer_class = serializers.InstituteSerializer
    filter_backends: list = []
    cursor_ordering = "acronym"

    def get_queryset(self):
        return labs_selectors.institute_counts()


@extend_schema(
    summary=_("An institute"),
    description=_("An institute by its acronym (INP)."),
    responses={200: serializers.InstituteSerializer, **ERRORS},
)
class InstituteDetail(PublicDetail):
    serializer_class = serializers.InstituteSerializer

    def get_object(self):
        return selectors.institute_detail(acronym=self.kwargs["acronym"])


# Redoc writes its styles into <style> elements, some as soon as its bundle loads, before it can be given a
# nonce: on this page only, the policy allows inline styles. Nothing else changes: scripts, fonts, images and
# connections still come from the site only, and the page shows nothing but the API's own schema.
@method_decorator(csp_update({"style-src": [UNSAFE_INLINE]}), name="get")
class Redoc(SpectacularRedocView):
    template_name = "api/redoc.html"
