"""Reads of the public pages that cross apps: a lab's and a partner's pages show what the `agreements` app
holds about them (site agreements in force, PIA projects, industrial partnerships, sites), an office's
pages its labs and sites. Each app's selectors give the querysets of its own data; these add the rest."""

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from agreements.models import IndustrialPartnership, IndustrialStatus, PiaProject, Site, SiteAgreement
from labs.models import Lab, LabStatus, Partner
from labs.selectors import PartnerPageExtras, lab_page_queryset, partner_page_queryset
from regions.models import RegionalOffice
from regions.selectors import office_page_queryset, office_rows

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def lab_page(*, slug: str) -> Lab:
    """Everything public about one lab, or 404."""
    return get_object_or_404(
        lab_page_queryset().prefetch_related(
            "sites",
            Prefetch(
                "site_agreements",
                queryset=SiteAgreement.objects.in_force().select_related("site").order_by("-start_date"),
                to_attr="agreements_in_force",
            ),
            Prefetch("pia_projects", queryset=PiaProject.objects.select_related("site")),
            Prefetch(
                "industrial_partnerships",
                # Planned partnerships may still be confidential: the public sees running and ended ones.
                queryset=IndustrialPartnership.objects.exclude(status=IndustrialStatus.PLANNED)
                .prefetch_related("companies")
                .order_by("-start_date", "title"),
            ),
        ),
        slug=slug,
    )


class PartnerPage(PartnerPageExtras):
    """What the partner page reads beyond the partner's fields."""

    public_agreements: list[SiteAgreement]


def partner_page(*, slug: str) -> "WithAnnotations[Partner, PartnerPage]":
    """A partner with its first labs, its counts, the public agreements it signed and its sites, or 404."""
    return get_object_or_404(
        partner_page_queryset().prefetch_related(
            Prefetch(
                "signed_agreements",
                queryset=SiteAgreement.objects.public().select_related("site").order_by("-start_date"),
                to_attr="public_agreements",
            ),
            Prefetch("sites", queryset=Site.objects.order_by("name")),
        ),
        slug=slug,
    )


def office_list() -> QuerySet[RegionalOffice]:
    """Every office, active ones first, with its number of active labs."""
    return office_rows().annotate(lab_count=Count("labs", filter=Q(labs__status=LabStatus.ACTIVE)))


def office_page(*, code: str) -> RegionalOffice:
    """One office with its services, predecessors and university sites, or 404."""
    return get_object_or_404(office_page_queryset().prefetch_related("sites"), code=code.upper())


def office_labs_by_institute(*, office: RegionalOffice) -> list[dict]:
    """The office's active labs counted by primary institute: acronym, French and English names, count."""
    return list(
        Lab.objects.filter(regional_office=office, status=LabStatus.ACTIVE)
        .values("primary_institute__acronym", "primary_institute__name_fr", "primary_institute__name_en")
        .annotate(count=Count("pk"))
        .order_by("primary_institute__acronym")
    )
