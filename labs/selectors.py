"""Public reads of labs and partners: what the directory shows, with the queries it needs up front.

A lab's and a partner's pages also show site agreements, PIA projects and industrial partnerships, which
belong to the `agreements` app (to the right of `labs`): those pages are cross-app pages, assembled in
`cnrs_partners.directory.selectors` from the querysets below.
"""

import datetime
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import QueryDict

from .filters import LabFilter, PartnerFilter
from .models import Institute, Lab, LabStatus, Partner, Succession, Supervision, SupervisionKind

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

PARTNER_PAGE_LABS = 100


def _supervisions() -> QuerySet:
    return Supervision.objects.select_related("partner").order_by("kind", "partner__name_fr")


def lab_rows() -> QuerySet:
    """Labs with what a directory row or an export line shows, in a constant number of queries."""
    return Lab.objects.select_related("primary_institute", "regional_office").prefetch_related(
        "secondary_institutes", Prefetch("supervisions", queryset=_supervisions())
    )


def lab_list(*, data: QueryDict | None) -> LabFilter:
    """The lab directory filtered by `data` (the query string); `.qs` is empty when a filter is invalid."""
    return LabFilter(data, queryset=lab_rows())


class LabPageExtras(TypedDict):
    """What `lab_page_queryset` prefetches onto each lab besides its relations."""

    predecessor_links: list[Succession]
    successor_links: list[Succession]


def lab_page_queryset() -> "QuerySet[WithAnnotations[Lab, LabPageExtras]]":
    """Labs with everything of the `labs` app their public page shows, in a constant number of queries."""
    return Lab.objects.select_related("primary_institute", "regional_office", "parent").prefetch_related(
        "secondary_institutes",
        Prefetch("supervisions", queryset=_supervisions()),
        Prefetch("children", queryset=Lab.objects.order_by("unit_type", "unit_number", "name_fr")),
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
    )


def partner_rows() -> QuerySet:
    """Partners with the number of active labs they supervise today (as their page counts them)."""
    return Partner.objects.annotate(
        lab_count=Count(
            "supervisions",
            filter=Q(supervisions__kind=SupervisionKind.SUPERVISOR)
            & Supervision.current_condition(through="supervisions")
            & Lab.active_condition(through="supervisions__lab"),
        )
    )


def partner_list(*, data: QueryDict | None) -> PartnerFilter:
    """The partner directory filtered by `data`."""
    # search_text starts with the folded name: ordering by it ignores case and accents on every engine
    # ("École polytechnique" among the E's, not after "Z").
    return PartnerFilter(data, queryset=partner_rows().order_by("search_text", "pk"))


class PartnerPageExtras(TypedDict):
    """What `partner_page_queryset` annotates onto each partner, and the links `partner_page` sets on it."""

    supervised_count: int
    link_count: int
    lab_links: list[Supervision]
    other_links: list[Supervision]


def partner_page_queryset(
    *, on: datetime.date | None = None
) -> "QuerySet[WithAnnotations[Partner, PartnerPageExtras]]":
    """Partners as they stood on `on` (today by default), with the number of labs each supervised that were
    active and the number of its links; `partner_lab_links` gives one partner's first links."""
    current = Supervision.current_condition(on, through="supervisions")
    active = Lab.active_condition(on, through="supervisions__lab")
    return Partner.objects.annotate(
        supervised_count=Count(
            "supervisions", filter=current & active & Q(supervisions__kind=SupervisionKind.SUPERVISOR)
        ),
        link_count=Count("supervisions"),
    )


def partner_lab_links(
    partner: Partner, *, on: datetime.date | None = None
) -> tuple[list[Supervision], list[Supervision]]:
    """The first PARTNER_PAGE_LABS links of `partner` current on `on` (supervised first), and the first of
    the others (ended by then, latest first, or not started yet, a link to a lab created later among them).

    The CNRS supervises about a thousand units (20,000 links in the benchmark): the page shows the first links
    and points to the lab directory, filtered on the partner, for the rest. One partner's links are read with
    ORDER BY … LIMIT, which PostgreSQL answers with a top-N sort in memory; a sliced prefetch numbered every
    link with a window function and sorted all of them, wide joined rows spilling to disk (200 ms for the
    CNRS at 20,000 labs).
    """
    # A link is current only once its lab exists: before, it comes later, with the lab.
    created = Lab.created_condition(on, through="lab")
    links = Supervision.objects.filter(partner=partner)
    lab_order = ("lab__status", "lab__unit_type", "lab__unit_number", "lab__name")
    current = links.current_on(on).filter(created).order_by("kind", *lab_order)
    others = links.filter(
        Supervision.ended_condition(on) | Supervision.upcoming_condition(on) | ~created
    ).order_by(F("until").desc(nulls_last=True), "since", "kind", *lab_order)
    return _first_links(current), _first_links(others)


def _first_links(links: QuerySet[Supervision]) -> list[Supervision]:
    """The first PARTNER_PAGE_LABS of `links` (an ordered queryset), with their labs, in one query: their
    keys chosen by a narrow sort in a subquery, the few rows then read whole and sorted again. Sorting the
    joined rows whole (every column of the link, its lab, institute and office) took the CNRS's page 200 ms
    at 20,000 labs."""
    first = links.values("pk")[:PARTNER_PAGE_LABS]
    return list(
        Supervision.objects.filter(pk__in=first)
        .select_related("lab", "lab__primary_institute", "lab__regional_office")
        .order_by(*links.query.order_by)
    )


def partner_named(*, slug: str) -> Partner | None:
    """The partner a lab-list filter names, to show it by name (no query when no slug is given)."""
    return Partner.objects.filter(slug=slug).first() if slug else None


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
