"""Public reads of labs and partners: what the directory shows, with the queries it needs up front.

The site agreements, PIA projects and industrial partnerships shown on a lab's or partner's page belong to
the `agreements` app, which sits to the right of `labs` and may not be imported here. They are reached
through the reverse relations that app declares (`lab.site_agreements`, `partner.signed_agreements`…), and
their querysets through `related_model`, so the dependency stays one-way.
"""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .filters import LabFilter, PartnerFilter
from .models import Institute, Lab, LabStatus, Partner, Succession, Supervision, SupervisionKind

PARTNER_PAGE_LABS = 100


def _related(name: str):
    """The model of the `agreements` app behind Lab's reverse relation `name`."""
    return Lab._meta.get_field(name).related_model


def public_agreements() -> QuerySet:
    """Site agreements the public may see: signed, expired or terminated (never drafts or negotiations)."""
    return _related("site_agreements").objects.public()


def agreements_in_force(*, on: datetime.date | None = None) -> QuerySet:
    """Public agreements signed and running on `on` (today by default)."""
    on = on or timezone.localdate()
    return (
        public_agreements()
        .filter(status="signed")
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=on))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    )


def _supervisions() -> QuerySet:
    return Supervision.objects.select_related("partner").order_by("kind", "partner__name")


def lab_rows() -> QuerySet:
    """Labs with what a directory row or an export line shows, in a constant number of queries."""
    return Lab.objects.select_related("primary_institute", "regional_office").prefetch_related(
        "secondary_institutes", Prefetch("supervisions", queryset=_supervisions())
    )


def lab_list(*, data: QueryDict | None) -> LabFilter:
    """The lab directory filtered by `data` (the query string); `.qs` is empty when a filter is invalid."""
    return LabFilter(data, queryset=lab_rows())


def lab_detail(*, slug: str) -> Lab:
    """Everything public about one lab, or 404."""
    lab = get_object_or_404(
        Lab.objects.select_related("primary_institute", "regional_office", "parent").prefetch_related(
            "secondary_institutes",
            Prefetch("supervisions", queryset=_supervisions()),
            Prefetch("children", queryset=Lab.objects.order_by("unit_type", "unit_number", "name")),
            Prefetch(
                "successions_as_successor",
                queryset=Succession.objects.select_related("predecessor"),
                to_attr="predecessor_links",
            ),
            Prefetch(
                "successions_as_predecessor",
                queryset=Succession.objects.select_related("successor"),
                to_attr="successor_links",
            ),
            "regional_office__services",
            "sites",
            Prefetch(
                "site_agreements",
                queryset=agreements_in_force().select_related("site").order_by("-start_date"),
                to_attr="agreements_in_force",
            ),
            Prefetch(
                "pia_projects",
                queryset=_related("pia_projects").objects.select_related("site"),
            ),
            Prefetch(
                "industrial_partnerships",
                # Planned partnerships may still be confidential: the public sees running and ended ones.
                queryset=_related("industrial_partnerships")
                .objects.exclude(status="planned")
                .prefetch_related("companies")
                .order_by("-start_date", "title"),
            ),
        ),
        slug=slug,
    )
    return lab


def partner_rows() -> QuerySet:
    """Partners with the number of active labs they supervise."""
    return Partner.objects.annotate(
        lab_count=Count(
            "supervisions",
            filter=Q(
                supervisions__kind=SupervisionKind.SUPERVISOR, supervisions__lab__status=LabStatus.ACTIVE
            ),
        )
    )


def partner_list(*, data: QueryDict | None) -> PartnerFilter:
    """The partner directory filtered by `data`."""
    # search_text starts with the folded name: ordering by it ignores case and accents on every engine
    # ("École polytechnique" among the E's, not after "Z").
    return PartnerFilter(data, queryset=partner_rows().order_by("search_text", "pk"))


def partner_detail(*, slug: str) -> Partner:
    """A partner with its first labs (supervised first), its counts and the public agreements it signed.

    The CNRS supervises about a thousand units: the page shows the first PARTNER_PAGE_LABS links and
    points to the lab directory, filtered on the partner, for the rest.
    """
    active = Q(supervisions__lab__status=LabStatus.ACTIVE)
    lab_links = Supervision.objects.select_related(
        "lab", "lab__primary_institute", "lab__regional_office"
    ).order_by("kind", "lab__status", "lab__unit_type", "lab__unit_number", "lab__name")
    return get_object_or_404(
        Partner.objects.annotate(
            supervised_count=Count(
                "supervisions", filter=active & Q(supervisions__kind=SupervisionKind.SUPERVISOR)
            ),
            link_count=Count("supervisions"),
        ).prefetch_related(
            Prefetch("supervisions", queryset=lab_links[:PARTNER_PAGE_LABS], to_attr="lab_links"),
            Prefetch(
                "signed_agreements",
                queryset=public_agreements().select_related("site").order_by("-start_date"),
                to_attr="public_agreements",
            ),
            Prefetch("sites", queryset=_related("sites").objects.order_by("name")),
        ),
        slug=slug,
    )


def partner_named(*, slug: str) -> Partner | None:
    """The partner a lab-list filter names, to show it by name (no query when no slug is given)."""
    return Partner.objects.filter(slug=slug).first() if slug else None


def site_named(*, slug: str):
    """The site a lab-list filter names, to show it by name (no query when no slug is given)."""
    return _related("sites").objects.filter(slug=slug).first() if slug else None


def institute_counts() -> QuerySet[Institute]:
    """Every institute with its number of active labs (as primary institute)."""
    return Institute.objects.annotate(
        lab_count=Count("primary_labs", filter=Q(primary_labs__status=LabStatus.ACTIVE))
    ).order_by("acronym")


def directory_totals() -> dict[str, int]:
    """How many active labs and partners the directory holds."""
    return {
        "labs": Lab.objects.filter(status=LabStatus.ACTIVE).count(),
        "partners": Partner.objects.count(),
    }
