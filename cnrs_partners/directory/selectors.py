"""Reads of the cross-app public pages: a lab's and a partner's pages show what the `agreements` app
holds about them (site agreements in force, PIA projects, industrial partnerships, sites)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from agreements.models import IndustrialPartnership, IndustrialStatus, PiaProject, Site, SiteAgreement
from labs.models import Lab, Partner
from labs.selectors import lab_page_queryset, partner_page_queryset


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


def partner_page(*, slug: str) -> Partner:
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
