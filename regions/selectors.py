"""Public reads of regional offices.

`regions` may not import `labs`: the labs of an office are read through the reverse relation `labs` that
the `labs` app declares on RegionalOffice, and grouped by institute in the database.
"""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import OfficeService, RegionalOffice

ACTIVE_LAB = Q(labs__status="active")


def office_list() -> QuerySet[RegionalOffice]:
    """Every office, active ones first, with its number of active labs."""
    return (
        RegionalOffice.objects.select_related("successor")
        .annotate(lab_count=Count("labs", filter=ACTIVE_LAB))
        .order_by("-is_active", "code")
    )


def office_detail(*, code: str) -> RegionalOffice:
    """One office with its services and sites, or 404."""
    return get_object_or_404(
        RegionalOffice.objects.select_related("successor").prefetch_related(
            Prefetch("services", queryset=OfficeService.objects.order_by("kind", "name")),
            Prefetch("predecessors", queryset=RegionalOffice.objects.order_by("code")),
            "sites",  # the `agreements` app's Site, in its default order (by name)
        ),
        code=code.upper(),
    )


def office_labs_by_institute(*, office: RegionalOffice) -> list[dict]:
    """The office's active labs counted by primary institute: acronym, French and English names, count."""
    return list(
        office.labs.filter(status="active")
        .values("primary_institute__acronym", "primary_institute__name_fr", "primary_institute__name_en")
        .annotate(count=Count("pk"))
        .order_by("primary_institute__acronym")
    )
