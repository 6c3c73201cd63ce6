"""The public statistics page's counts: what the public directory lists, counted one way per chart.

Each count reads what the public pages show, through their own querysets: the labs the lab directory lists
by default (active ones, `labs.selectors.lab_list`), every partner (the partner directory has no default
filter), public agreements only (never a draft, a negotiation or an agreement under review) with the status
their pages show, and every PIA project. Each chart is one grouped COUNT, whatever the number of rows.

A bar links to the directory list its value filters, where that list has the filter: the lab directory by
institute (primary or secondary, as its filter reads them, so that a bar's count is the rows its link
lists), type and office; the partner directory by kind. Agreements and PIA projects have no public list to
link to.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_countries import countries

from agreements import selectors as agreements_selectors
from agreements.charts import Chart, bar_chart
from agreements.models import AgreementStatus, JuryOutcome, PiaProject, SiteAgreement
from labs import departments
from labs import selectors as labs_selectors
from labs.models import Institute, Lab, Partner, PartnerKind, UnitType
from regions.models import Department

# Wide enough for "Research unit in evolution (FRE)" and an office's name.
LABEL_WIDTH = 230


@dataclass(frozen=True)
class Tally:
    """One bar: what it counts (`key`, the filter's value), its label, its count and the list it links to."""

    key: str
    label: str
    count: int
    href: str = ""


@dataclass(frozen=True)
class Stat:
    """One chart of the page: its address (`slug`), texts, table headers and bars."""

    slug: str
    title: str
    desc: str
    headers: list[str]
    tallies: list[Tally]

    @cached_property
    def chart(self) -> Chart:
        return bar_chart(
            ident=f"chart-{self.slug}",
            title=self.title,
            desc=self.desc,
            bars=[(tally.label, tally.count) for tally in self.tallies],
            links=[tally.href for tally in self.tallies],
            headers=self.headers,
            label_width=LABEL_WIDTH,
        )

    @property
    def rows(self) -> list[tuple[Tally, str]]:
        """Each bar and its count as the language writes it ("1 061" in French), for the page's table."""
        return [(tally, number_format(tally.count, force_grouping=True)) for tally in self.tallies]


def _filtered(view_name: str, **query: str) -> str:
    return f"{reverse(view_name)}?{urlencode(query)}"


def _by_count(tallies: list[Tally]) -> list[Tally]:
    """The bars with a count, the largest first (then by label)."""
    return sorted((t for t in tallies if t.count), key=lambda t: (-t.count, t.label))


def _count(rows: QuerySet) -> Coalesce:
    """The number of `rows` (a correlated queryset) as an expression of the outer query: `SELECT COUNT(*)`
    without GROUP BY."""
    count = rows.annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField())).values("n")
    return Coalesce(Subquery(count), 0)


def public_labs() -> QuerySet[Lab]:
    """The labs the lab directory lists without a filter (active ones), unordered, for counting."""
    return labs_selectors.lab_list(data=None).qs.prefetch_related(None).select_related(None).order_by()


def labs_by_institute() -> Stat:
    """Active labs per institute, primary or secondary (as the directory's institute filter reads them:
    a lab counts once under each of its institutes), in one query: per institute, its primary labs plus
    the labs naming it as secondary institute but not as primary (each count read through an index; one
    subquery matching either way scanned every lab for every institute: 500 ms at 20,000 labs)."""
    labs = public_labs()
    primary = labs.filter(primary_institute=OuterRef("pk"))
    secondary = (
        Lab.secondary_institutes.through.objects.filter(institute=OuterRef("pk"), lab__in=labs.values("pk"))
        .exclude(lab__primary_institute=OuterRef("pk"))
        .order_by()
    )
    rows = Institute.objects.annotate(lab_count=_count(primary) + _count(secondary)).values_list(
        "acronym", "lab_count"
    )
    return Stat(
        slug="labs-by-institute",
        title=_("Labs by institute"),
        desc=_(
            "Number of active labs of each CNRS institute, a lab counting under its primary and its "
            "secondary institutes; the table gives the same numbers."
        ),
        headers=[_("Institute"), _("Labs")],
        tallies=_by_count(
            [
                Tally(acronym, acronym, n, _filtered("directory:lab_list", institute=acronym))
                for acronym, n in rows
            ]
        ),
    )


def _counted(queryset: QuerySet, key: Any) -> dict[Any, int]:
    """`queryset` counted by `key` (a field's name or an expression): one grouped COUNT, {value: count}."""
    grouped = queryset.order_by().annotate(key=F(key) if isinstance(key, str) else key).values("key")
    return dict(grouped.annotate(n=Count("pk")).values_list("key", "n"))


def _by_choice(queryset: QuerySet, field: str, choices: Any, link: str, param: str) -> list[Tally]:
    """`queryset` counted by the choice `field`, each bar linked to the list `link` filtered by `param`,
    named as the choices name it."""
    labels = dict(choices)
    return _by_count(
        [
            Tally(value, str(labels.get(value, value)), n, _filtered(link, **{param: value}))
            for value, n in _counted(queryset, field).items()
            if value
        ]
    )


def _in_order(counts: dict[Any, int], choices: type[TextChoices]) -> list[Tally]:
    """The counted choices in their declared order (a workflow's, say), unlinked."""
    return [Tally(c.value, str(c.label), counts[c.value]) for c in choices if counts.get(c.value)]


def labs_by_type() -> Stat:
    """Active labs per unit type, in one query."""
    return Stat(
        slug="labs-by-type",
        title=_("Labs by type"),
        desc=_("Number of active labs of each unit type; the table gives the same numbers."),
        headers=[_("Unit type"), _("Labs")],
        tallies=_by_choice(public_labs(), "unit_type", UnitType.choices, "directory:lab_list", "type"),
    )


def labs_by_office() -> Stat:
    """Active labs per regional office, in one query (labs without an office are not counted)."""
    rows = (
        public_labs()
        .filter(regional_office__isnull=False)
        .values("regional_office__code", "regional_office__name")
        .annotate(n=Count("pk"))
        .values_list("regional_office__code", "regional_office__name", "n")
    )
    return Stat(
        slug="labs-by-office",
        title=_("Labs by regional office"),
        desc=_("Number of active labs of each regional office; the table gives the same numbers."),
        headers=[_("Regional office"), _("Labs")],
        tallies=_by_count(
            [
                Tally(code, f"{code} {name}", n, _filtered("directory:lab_list", region=code))
                for code, name, n in rows
            ]
        ),
    )


def partners_by_kind() -> Stat:
    """Partners per kind, in one query: every partner, as the partner directory lists them."""
    return Stat(
        slug="partners-by-kind",
        title=_("Partners by kind"),
        desc=_("Number of partners of each kind; the table gives the same numbers."),
        headers=[_("Kind"), _("Partners")],
        tallies=_by_choice(
            Partner.objects.all(), "kind", PartnerKind.choices, "directory:partner_list", "kind"
        ),
    )


def public_agreements() -> QuerySet[SiteAgreement]:
    """The agreements the public pages show (`public_agreement_rows`), unordered, for counting."""
    return agreements_selectors.public_agreement_rows().prefetch_related(None).select_related(None).order_by()


def agreements_by_status() -> Stat:
    """Public agreements per status as their pages show it (a signed agreement past its end reads
    "expired", as `SiteAgreement.display_status` has it), in one query, in the workflow's order."""
    shown = Case(
        When(
            status=AgreementStatus.SIGNED,
            end_date__lt=timezone.localdate(),
            then=Value(AgreementStatus.EXPIRED.value),
        ),
        default=F("status"),
    )
    counts = _counted(public_agreements(), shown)
    return Stat(
        slug="agreements-by-status",
        title=_("Site agreements by status"),
        desc=_(
            "Number of public site agreements (signed, expired or terminated) in each status; "
            "the table gives the same numbers."
        ),
        headers=[_("Status"), _("Agreements")],
        tallies=_in_order(counts, AgreementStatus),
    )


def agreements_by_end_year() -> Stat:
    """Public agreements per year of end (those without an end date last), in one query."""
    rows = _counted(public_agreements(), ExtractYear("end_date")).items()
    years = sorted(((year, n) for year, n in rows), key=lambda row: (row[0] is None, row[0] or 0))
    return Stat(
        slug="agreements-by-end-year",
        title=_("Site agreements by year of end"),
        desc=_(
            "Number of public site agreements ending in each year, then those without an end date; "
            "the table gives the same numbers."
        ),
        headers=[_("Year of end"), _("Agreements")],
        tallies=[
            Tally(str(year or ""), str(year) if year else _("No end date"), n) for year, n in years if n
        ],
    )


def pia_outcomes() -> Stat:
    """PIA projects (all public) per jury outcome, those without one last, in one query."""
    tallies = _in_order(counts := _counted(PiaProject.objects.all(), "outcome"), JuryOutcome)
    if counts.get(""):
        tallies.append(Tally("", _("No outcome yet"), counts[""]))
    return Stat(
        slug="pia-outcomes",
        title=_("PIA projects by jury outcome"),
        desc=_("Number of PIA projects for each jury outcome; the table gives the same numbers."),
        headers=[_("Jury outcome"), _("Projects")],
        tallies=tallies,
    )


def department_names() -> dict[str, str]:
    """Every département's name by code, in one query."""
    return dict(Department.objects.values_list("code", "name"))


def labs_by_department(names: dict[str, str]) -> Stat:
    """Active labs per département (`labs.departments`), by code, those in France whose département
    cannot be told last (unlinked): one query, kept while the data is unchanged. `names` names the codes."""
    counts = departments.labs_by_department(public_labs(), key="active")
    tallies = [
        Tally(
            code, f"{code} {names.get(code, '')}".strip(), n, _filtered("directory:lab_list", department=code)
        )
        for code, n in sorted(counts.items())
        if code and n
    ]
    if counts.get(""):
        tallies.append(Tally("", _("In France, département not recognised"), counts[""]))
    return Stat(
        slug="labs-by-department",
        title=_("Labs by département"),
        desc=_(
            "Number of active labs in each département, read from their postal code and city; "
            "the table gives the same numbers."
        ),
        headers=[_("Département"), _("Labs")],
        tallies=tallies,
    )


def labs_abroad() -> Stat:
    """Active labs outside France per country, the most first, in one query (the lab directory has no
    country filter: unlinked)."""
    counts = departments.labs_abroad(public_labs())
    return Stat(
        slug="labs-abroad",
        title=_("Labs abroad"),
        desc=_("Number of active labs in each country other than France; the table gives the same numbers."),
        headers=[_("Country"), _("Labs")],
        tallies=_by_count([Tally(code, str(countries.name(code) or code), n) for code, n in counts.items()]),
    )


# The charts in the page's order, by their address (`/stats/<slug>.csv`).
STATS: dict[str, Callable[[], Stat]] = {
    "labs-by-institute": labs_by_institute,
    "labs-by-type": labs_by_type,
    "labs-by-office": labs_by_office,
    "partners-by-kind": partners_by_kind,
    "agreements-by-status": agreements_by_status,
    "agreements-by-end-year": agreements_by_end_year,
    "pia-outcomes": pia_outcomes,
}


# The map's tables (`/map/`), downloaded at the same addresses.
MAP_STATS: dict[str, Callable[[], Stat]] = {
    "labs-by-department": lambda: labs_by_department(department_names()),
    "labs-abroad": labs_abroad,
}


def stat(*, slug: str) -> Stat:
    """One chart's or map table's counts by its address, or 404."""
    count = STATS.get(slug) or MAP_STATS.get(slug)
    if count is None:
        raise Http404
    return count()


def all_stats() -> dict[str, Stat]:
    """Every chart's counts, one query each."""
    return {slug: count() for slug, count in STATS.items()}
