"""The lab directory's facets: how many labs each choice of a filter would give, the other filters kept.

Each facet is one grouped COUNT over the labs the other active filters keep (the institute two: primary and
secondary institutes), so a page costs as many queries as there are facets, whatever the number of labs or
choices. The filters are applied as the FilterSet applies them, from its cleaned data (`LabFilter.filters`),
so a count is the number of rows the choice lists. Every grouped column is indexed (foreign keys, `city`,
`status` with the office).

Type, institute, office and status are short lists: their selects show every choice with its count.
Partners, sites and cities run to thousands at national scale: the page lists the first FACET_TOP by count
(partners and sites: one more query each for the names of those kept). The counts of a set of filters are
computed once per version of the public data (`regions.freshness.kept_while_unchanged`).
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from regions.freshness import kept_while_unchanged
from regions.text import fold

from .filters import LabFilter
from .models import Lab, Partner, Supervision

FACET_TOP = 10
# The counts of a set of filters are kept in the shared cache until the public data changes (every write
# bumps its version): at 20,000 labs they cost 80–700 ms, the rest of the page 50–70.
FACETS_SECONDS = 24 * 3600


@dataclass(frozen=True)
class FacetChoice:
    """One choice of a facet: the filter's value, what the page names it, and the labs it would list."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class LabFacets:
    """Counts per value of the select facets, and the first choices of the long ones."""

    type: dict[str, int]
    institute: dict[str, int]
    region: dict[str, int]
    status: dict[str, int]
    partner: list[FacetChoice]
    site: list[FacetChoice]
    city: list[FacetChoice]


def labs_without(filterset: LabFilter, name: str) -> QuerySet:
    """The labs every active filter of a valid `filterset` keeps but `name` (and the sort), unordered."""
    queryset = Lab.objects.all()
    for key, value in filterset.form.cleaned_data.items():
        if key not in (name, "sort"):
            queryset = filterset.filters[key].filter(queryset, value)
    return queryset.order_by()


def _grouped(queryset: QuerySet, field: str) -> dict[str, int]:
    rows = queryset.values(field).annotate(n=Count("pk")).values_list(field, "n")
    return {value: n for value, n in rows if value}


def _institute_counts(filterset: LabFilter) -> dict[str, int]:
    """Labs per institute, primary or secondary, each lab counted once per institute."""
    labs = labs_without(filterset, "institute")
    counts: dict[str, int] = defaultdict(int)
    for acronym, n in _grouped(labs, "primary_institute__acronym").items():
        counts[acronym] += n
    secondary = (
        Lab.secondary_institutes.through.objects.filter(lab__in=labs.values("pk"))
        .filter(~Q(institute=F("lab__primary_institute")))
        .values("institute__acronym")
        .annotate(n=Count("lab_id"))
    )
    for row in secondary:
        counts[row["institute__acronym"]] += row["n"]
    return dict(counts)


def _status_counts(filterset: LabFilter) -> dict[str, int]:
    counts = _grouped(labs_without(filterset, "status"), "status")
    return {**counts, "all": sum(counts.values())}


def _top(links: QuerySet, field: str) -> list[tuple[int, int]]:
    """The FACET_TOP values of `field` (an id) with most of the `links` (rows naming a lab), and their counts.

    Grouped by the id alone, the names joined after for the few kept: joining the names before grouping
    made PostgreSQL loop over them for every link (300 ms → 55 ms for a search at 20,000 labs).
    """
    rows = links.values(field).annotate(n=Count("lab_id")).order_by("-n", field)[:FACET_TOP]
    return [(row[field], row["n"]) for row in rows]


def _partner_choices(filterset: LabFilter) -> list[FacetChoice]:
    """The partners linked to most of the labs (any link, as the partner filter reads them)."""
    labs = labs_without(filterset, "partner")
    # A lab has one link per partner (a unique constraint): counting links counts labs.
    top = _top(Supervision.objects.filter(lab__in=labs.values("pk")), "partner_id")
    partners = Partner.objects.in_bulk([pk for pk, _n in top])
    return [
        FacetChoice(partners[pk].slug, partners[pk].acronym or partners[pk].name, n)
        for pk, n in top
        if pk in partners
    ]


def _site_choices(filterset: LabFilter) -> list[FacetChoice]:
    """The sites with most of the labs (`Site` belongs to the agreements app: reached through `Lab.sites`)."""
    labs = labs_without(filterset, "site")
    top = _top(Lab.sites.through.objects.filter(lab__in=labs.values("pk")), "site_id")
    site_model = Lab.sites.field.model
    sites = {
        pk: (slug, name)
        for pk, slug, name in site_model._default_manager.filter(pk__in=[pk for pk, _n in top]).values_list(
            "pk", "slug", "name"
        )
    }
    return [FacetChoice(*sites[pk], n) for pk, n in top if pk in sites]


def _city_choices(filterset: LabFilter) -> list[FacetChoice]:
    """The cities with most of the labs, each once.

    Cities are written with their official name (`regions.places`), but a city kept as a file wrote it
    ("MEUDON", "Meudon ") would otherwise come twice: spellings that fold alike are one city, named by its
    most frequent spelling.
    """
    spellings: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for city, n in _grouped(labs_without(filterset, "city"), "city").items():
        if key := fold(city):
            spellings[key].append((n, city.strip()))
    choices = [
        FacetChoice(max(found)[1], max(found)[1], sum(n for n, _ in found)) for found in spellings.values()
    ]
    choices.sort(key=lambda choice: (-choice.count, fold(choice.label)))
    return choices[:FACET_TOP]


def lab_facets(*, filterset: LabFilter) -> LabFacets | None:
    """The facets of the lab directory as `filterset` (the page's, from `selectors.lab_list`) filters it;
    None when one of its values is invalid (the page then lists no lab)."""
    if not filterset.is_valid():
        return None
    chosen = sorted((key, str(value)) for key, value in filterset.form.cleaned_data.items() if key != "sort")
    key = "lab-facets:" + hashlib.sha256(repr(chosen).encode()).hexdigest()
    return kept_while_unchanged(
        key, lambda: _counted(filterset), seconds=FACETS_SECONDS, what="The lab directory's facets"
    )


def _counted(filterset: LabFilter) -> LabFacets:
    return LabFacets(
        type=_grouped(labs_without(filterset, "type"), "unit_type"),
        institute=_institute_counts(filterset),
        region=_grouped(labs_without(filterset, "region"), "regional_office__code"),
        status=_status_counts(filterset),
        partner=_partner_choices(filterset),
        site=_site_choices(filterset),
        city=_city_choices(filterset),
    )
