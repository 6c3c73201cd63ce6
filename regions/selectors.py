"""Reads of regional offices and départements, of this app's own data.

An office's public pages also show its labs and university sites, which other apps hold (`regions` may not
import them): `cnrs_partners.directory.selectors` adds them to the querysets below.
"""

from django.db.models import Prefetch, QuerySet

from .models import Department, OfficeService, RegionalOffice


def office_rows() -> QuerySet[RegionalOffice]:
    """Every office with its successor, active ones first."""
    return RegionalOffice.objects.select_related("successor").order_by("-is_active", "code")


def office_page_queryset() -> QuerySet[RegionalOffice]:
    """Offices with their services and predecessors, for an office's public page."""
    return RegionalOffice.objects.select_related("successor").prefetch_related(
        Prefetch("services", queryset=OfficeService.objects.order_by("kind", "name")),
        Prefetch("predecessors", queryset=RegionalOffice.objects.order_by("code")),
    )


def department_named(*, code: str) -> Department | None:
    """The département the lab directory's filter names ("92", "2a"), None for no code or an unknown one."""
    code = code.strip().upper()
    return Department.objects.filter(code=code).first() if code and len(code) <= 3 else None
