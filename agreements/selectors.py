"""Public reads of sites and their agreements: only what the public may see, never drafts or notes."""

from django.db.models import Count, Prefetch, QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404

from labs.models import Lab, Partner

from .filters import SiteFilter
from .models import PiaProject, Site, SiteAgreement


def site_rows() -> QuerySet[Site]:
    """Sites with their offices, counts of members and labs, and the agreements in force."""
    return Site.objects.annotate(
        member_count=Count("members", distinct=True), lab_count=Count("labs", distinct=True)
    ).prefetch_related(
        "regional_offices",
        Prefetch(
            "agreements",
            queryset=SiteAgreement.objects.in_force().order_by("-start_date"),
            to_attr="in_force",
        ),
    )


def site_list(*, data: QueryDict | None) -> SiteFilter:
    """The site directory filtered by `data`."""
    # search_text starts with the folded name: an order that ignores case and accents on every engine.
    return SiteFilter(data, queryset=site_rows().order_by("search_text", "pk"))


def site_detail(*, slug: str) -> Site:
    """One site with its members, offices, public agreements, labs and PIA projects, or 404."""
    labs = Lab.objects.select_related("primary_institute").order_by(
        "status", "unit_type", "unit_number", "name"
    )
    public = SiteAgreement.objects.public().prefetch_related(
        Prefetch("signatories", queryset=Partner.objects.order_by("name")),
        Prefetch("covered_labs", queryset=labs),
    )
    return get_object_or_404(
        Site.objects.prefetch_related(
            Prefetch("members", queryset=Partner.objects.order_by("name")),
            "regional_offices",
            Prefetch("agreements", queryset=public.order_by("-start_date"), to_attr="public_agreements"),
            Prefetch("labs", queryset=labs),
            Prefetch("pia_projects", queryset=PiaProject.objects.select_related("lead_partner")),
        ),
        slug=slug,
    )


def site_lab_rows(*, site: Site) -> list[tuple[Lab, bool]]:
    """The labs on the site and those its agreements in force cover, each with whether it is covered."""
    covered: dict[int, Lab] = {}
    for agreement in site.public_agreements:
        if agreement.is_in_force():
            covered.update((lab.pk, lab) for lab in agreement.covered_labs.all())
    rows = [(lab, lab.pk in covered) for lab in site.labs.all()]
    on_site = {lab.pk for lab in site.labs.all()}
    rows += [(lab, True) for pk, lab in covered.items() if pk not in on_site]
    return rows


def site_named(*, slug: str) -> Site | None:
    """The site a lab-list filter names, to show it by name (no query when no slug is given)."""
    return Site.objects.filter(slug=slug).first() if slug else None


def site_count() -> int:
    """How many university sites the directory lists."""
    return Site.objects.count()
