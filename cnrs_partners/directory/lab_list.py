"""What the lab directory shows beside its rows: its filters' choices with their counts (`labs.facets`),
as select labels or links, and the column headers that sort the list."""

from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labs.facets import FacetChoice, LabFacets

# The filters whose select lists every choice, and where their counts are in LabFacets.
SELECT_FACETS = ("type", "institute", "region", "status")
# The long facets the filter column lists as links, with their titles.
LINK_FACETS = {
    "partner": gettext_lazy("Partners"),
    "site": gettext_lazy("Sites"),
    "city": gettext_lazy("Cities"),
}
# The sortable columns and the `sort` value each offers (LabFilter.SORTS).
SORTABLE_COLUMNS = {"code": gettext_lazy("Code"), "name": gettext_lazy("Name"), "city": gettext_lazy("City")}


def counted(label: object, count: int) -> str:
    """ "UMR (12)": a choice and the number of labs it would list."""
    return _("%(label)s (%(count)s)") % {"label": label, "count": number_format(count, force_grouping=True)}


def label_choices_with_counts(form: forms.Form, facets: LabFacets) -> None:
    """Name each choice of the type, institute, office and status selects with its count (0 included: a
    choice is never hidden, it would list no lab with the other filters). The empty choice ("All types")
    stays as is: django-filter's field adds it back to the choices it is given."""
    for name in SELECT_FACETS:
        field = form.fields[name]
        counts: dict[str, int] = getattr(facets, name)
        field.choices = [  # type: ignore[attr-defined]
            (value, counted(label, counts.get(value, 0)))
            for value, label in field.choices  # type: ignore[attr-defined]
            if value != ""
        ]


@dataclass(frozen=True)
class SortHeader:
    """A column header linking to the list sorted by it; `aria_sort` is set on the column sorting it."""

    label: str | Promise
    url: str
    aria_sort: str


def sort_headers(data: QueryDict) -> dict[str, SortHeader]:
    """The sortable headers for the list as `data` (the query string) shows it. Without a `sort`, a search
    lists exact matches first (no column sorts it); the list without a search is sorted by code."""
    active = data.get("sort") or ("" if data.get("q", "").strip() else "code")
    headers = {}
    for key, label in SORTABLE_COLUMNS.items():
        aria_sort = "ascending" if key == active else ""
        headers[key] = SortHeader(label=label, url=_with(data, "sort", key), aria_sort=aria_sort)
    return headers


@dataclass(frozen=True)
class FacetLink:
    """A choice of a long facet: the list with that filter (the others kept), and the labs it lists."""

    label: str
    count: int
    url: str


@dataclass(frozen=True)
class FacetLinks:
    title: str | Promise
    links: list[FacetLink]


def _with(data: QueryDict, name: str, value: str) -> str:
    query = data.copy()
    query[name] = value
    query.pop("page", None)
    return f"?{query.urlencode()}"


def facet_links(data: QueryDict, facets: LabFacets) -> list[FacetLinks]:
    """The partners, sites and cities facets as links from the list as `data` (the query string) shows it;
    a facet without any choice is left out."""
    lists = []
    for name, title in LINK_FACETS.items():
        choices: list[FacetChoice] = getattr(facets, name)
        if choices:
            links = [FacetLink(c.label, c.count, _with(data, name, c.value)) for c in choices]
            lists.append(FacetLinks(title, links))
    return lists
