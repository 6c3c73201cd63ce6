"""Reads of sites and their agreements.

The public reads (`site_list`, `site_detail`…) return only what the public may see, never drafts or notes;
the coordinators' review reads (`review_sites`, `review_dashboard`, `review_site_file`) return everything
the user's role and scope let them read.
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, TypedDict

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone

from labs.models import Lab, LabStatus, Partner, UnitType
from regions.models import RegionalOffice
from regions.scope import visible_office_ids

from .filters import PiaProjectFilter, PublicAgreementFilter, ReviewSiteFilter, SiteFilter, add_months
from .models import AgreementStatus, BoardSeat, PiaAction, PiaProject, ReviewNote, Site, SiteAgreement
from .warnings import LAB_FIELDS, Issue, Severity, issues_by_site, site_issues

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


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


class SiteDetailExtras(TypedDict):
    """What `site_detail` prefetches onto the site besides its relations (each agreement is annotated with
    `covered_count`, the number of labs it covers)."""

    public_agreements: list[SiteAgreement]


def site_detail_queryset() -> "QuerySet[WithAnnotations[Site, SiteDetailExtras]]":
    """Sites with their members, offices, public agreements (never a draft) and PIA projects: what a site's
    page and the API's site read."""
    public = (
        SiteAgreement.objects.public()
        .annotate(covered_count=Count("covered_labs"))
        .prefetch_related(Prefetch("signatories", queryset=Partner.objects.order_by("name_fr")))
    )
    # The ignores: django-stubs 5.2.9 loses Prefetch's type variables on a manager made by as_manager()
    # (typeddjango/django-stubs#3263); mypy reports them unused once the fix is released.
    return Site.objects.prefetch_related(
        Prefetch("members", queryset=Partner.objects.order_by("name_fr")),  # type: ignore[arg-type]
        "regional_offices",
        Prefetch("agreements", queryset=public.order_by("-start_date"), to_attr="public_agreements"),  # type: ignore[arg-type]
        Prefetch("pia_projects", queryset=PiaProject.objects.select_related("lead_partner")),  # type: ignore[arg-type]
    )


def site_detail(*, slug: str) -> "WithAnnotations[Site, SiteDetailExtras]":
    """One site with its members, offices, public agreements and PIA projects, or 404. Its labs, hundreds
    on a large site, are read a page at a time (`site_labs`)."""
    return get_object_or_404(site_detail_queryset(), slug=slug)


def public_agreement_rows() -> QuerySet[SiteAgreement]:
    """The agreements the public may see (signed, expired or terminated: never a draft, a negotiation or an
    agreement under review), with their site, signatories and covered labs."""
    return (
        SiteAgreement.objects.public()
        .select_related("site")
        .prefetch_related(
            Prefetch("signatories", queryset=Partner.objects.order_by("name_fr")),
            Prefetch("covered_labs", queryset=Lab.objects.only("pk", "rnsr").order_by("rnsr")),
        )
    )


def public_agreement_list(*, data: QueryDict | None) -> PublicAgreementFilter:
    """The public agreements filtered by `data`."""
    return PublicAgreementFilter(data, queryset=public_agreement_rows())


def pia_project_rows() -> QuerySet[PiaProject]:
    """PIA projects with their site, lead partner and labs (every project is public)."""
    return PiaProject.objects.select_related("site", "lead_partner").prefetch_related(
        Prefetch("labs", queryset=Lab.objects.only("pk", "rnsr").order_by("rnsr"))
    )


def pia_project_list(*, data: QueryDict | None) -> PiaProjectFilter:
    """The PIA projects filtered by `data`."""
    return PiaProjectFilter(data, queryset=pia_project_rows())


class SiteLab(TypedDict):
    on_site: bool
    covered: bool


def site_labs(*, site: Site, on: datetime.date | None = None) -> "QuerySet[WithAnnotations[Lab, SiteLab]]":
    """The labs on the site, then those only its public agreements in force on `on` (today by default)
    cover, each annotated with whether it is on the site and whether such an agreement covers it; labs not
    created yet on that day are left out. A queryset, for the page to read one page of it."""
    in_force = SiteAgreement.objects.public().in_force(on).filter(site=site)
    covering = SiteAgreement.covered_labs.through.objects.filter(siteagreement__in=in_force)
    on_site = Site.labs.through.objects.filter(site=site)
    return (
        Lab.objects.filter(Q(pk__in=on_site.values("lab_id")) | Q(pk__in=covering.values("lab_id")))
        .filter(Lab.created_condition(on))
        .annotate(
            on_site=Exists(on_site.filter(lab=OuterRef("pk"))),
            covered=Exists(covering.filter(lab=OuterRef("pk"))),
        )
        .select_related("primary_institute")
        .order_by(F("on_site").desc(), "status", "unit_type", "unit_number", "name_fr", "pk")
    )


def site_named(*, slug: str) -> Site | None:
    """The site a lab-list filter names, to show it by name (no query when no slug is given)."""
    return Site.objects.filter(slug=slug).first() if slug else None


def site_count() -> int:
    """How many university sites the directory lists."""
    return Site.objects.count()


# --- the coordinators' review pages ---------------------------------------------------------------------

IN_PROGRESS_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.NEGOTIATING, AgreementStatus.UNDER_REVIEW)
EXCELLENCE_ACTIONS = (PiaAction.IDEX, PiaAction.ISITE)
DEFAULT_HORIZON_MONTHS = 12
# Labs named per list on a dashboard row; the site's review file lists them all. A site of the Paris region
# has well over a thousand: named in full, they made the dashboard grow with the country's labs.
LABS_SHOWN = 12


def review_sites(*, user) -> QuerySet[Site]:
    """The sites `user` reads on the review pages: every site for staff who see every office, the sites of
    their offices (`Site.regional_offices`) for regional editors, none without a role that reads sites."""
    sites = Site.objects.visible_to(user)
    offices = visible_office_ids(user)
    if offices is None:
        return sites
    return sites.filter(
        Exists(Site.regional_offices.through.objects.filter(site=OuterRef("pk"), regionaloffice__in=offices))
    )


class LatestFollowUp(TypedDict):
    follow_up_on: datetime.date | None


def with_latest_follow_up(sites: QuerySet[Site]) -> "QuerySet[WithAnnotations[Site, LatestFollowUp]]":
    """`sites` annotated with `follow_up_on`, the follow-up date of each site's latest review note: the latest
    note decides (a later review closes an earlier follow-up); due when it is today or before."""
    latest = ReviewNote.objects.filter(site=OuterRef("pk")).order_by("-reviewed_on", "-created_at", "-pk")
    return sites.annotate(follow_up_on=Subquery(latest.values("follow_up_on")[:1]))


def sites_with_follow_up_due(*, today: datetime.date) -> "QuerySet[WithAnnotations[Site, LatestFollowUp]]":
    """Sites whose latest review note asks to look again on or before `today`, soonest first: the
    follow-ups of `agreements_due` and of the dashboard, by the same rule (`with_latest_follow_up`)."""
    return (
        with_latest_follow_up(Site.objects.all())
        .filter(follow_up_on__lte=today)
        .prefetch_related("regional_offices")
        .order_by("follow_up_on", "name_fr")
    )


def current_agreement(agreements: list[SiteAgreement]) -> SiteAgreement | None:
    """The agreement in force among `agreements` (all in force): the latest started when several overlap.

    The same choice as `warnings.SiteChecks.agreement_in_force`."""
    return max(agreements, key=lambda a: (a.start_date or datetime.date.min, a.pk), default=None)


class LabBrief(NamedTuple):
    """A lab as the dashboard names it, read as a row rather than a model instance: the dashboard reads
    every lab of every site (20,000 at national scale)."""

    pk: int
    unit_type: str
    unit_number: str
    acronym: str
    rnsr: str

    @property
    def code(self) -> str:
        return Lab.unit_code(self.unit_type, self.unit_number)


class SiteLabRow(NamedTuple):
    """An active lab of a site as its review file counts and draws it, read as a row: a large site has
    1,700 labs, and only the few its agreement does not cover are listed (as records)."""

    pk: int
    unit_type: str
    unit_number: str
    acronym: str
    rnsr: str
    institute: str | None  # the primary institute's acronym
    contract_start: datetime.date | None
    contract_end: datetime.date | None

    @property
    def code(self) -> str:
        return Lab.unit_code(self.unit_type, self.unit_number)


def _labs_by(rows) -> dict[int, list[LabBrief]]:
    """`(owner id, *LAB_FIELDS)` rows grouped by owner."""
    grouped: dict[int, list[LabBrief]] = {}
    for owner, *lab in rows:
        grouped.setdefault(owner, []).append(LabBrief(*lab))
    return grouped


def _lab_key(lab: Lab | LabBrief) -> tuple:
    return (lab.unit_type, len(lab.unit_number), lab.unit_number, lab.rnsr)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from `start` to `end` (0 when `end` is within a month of `start`)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


@dataclass
class NamedLabs:
    """Labs as a card or a row names them: the first few, and how many more (Paris-Saclay's agreement
    covers 1,400 labs)."""

    labs: list[LabBrief]

    @property
    def shown(self) -> list[LabBrief]:
        return self.labs[:LABS_SHOWN]

    @property
    def not_shown(self) -> int:
        return max(0, len(self.labs) - LABS_SHOWN)


@dataclass
class DashboardRow:
    """One site of the dashboard, with what a coordinator needs to know about it at a glance."""

    site: Site
    offices: list[RegionalOffice]
    agreement: SiteAgreement | None
    in_progress: SiteAgreement | None
    covered_labs: list[LabBrief]
    uncovered_labs: list[LabBrief]
    excellence: list[PiaProject]
    issues: list[Issue]
    follow_up_on: datetime.date | None
    today: datetime.date

    @property
    def next_end(self) -> datetime.date | None:
        return self.agreement.end_date if self.agreement else None

    @property
    def months_left(self) -> int | None:
        return months_between(self.today, self.next_end) if self.next_end else None

    @property
    def follow_up_due(self) -> bool:
        return self.follow_up_on is not None and self.follow_up_on <= self.today

    @property
    def worst(self) -> Severity | None:
        return max((issue.severity for issue in self.issues), default=None)

    @property
    def covered(self) -> NamedLabs:
        return NamedLabs(self.covered_labs)

    @property
    def uncovered(self) -> NamedLabs:
        return NamedLabs(self.uncovered_labs)

    def severity_count(self, severity: Severity) -> int:
        return sum(1 for issue in self.issues if issue.severity == severity)

    def ends_within(self, months: int) -> bool:
        return self.next_end is not None and self.next_end <= add_months(self.today, months)

    def attention(self) -> tuple:
        """The dashboard's order, what needs attention first: a critical issue; a follow-up due; an agreement
        in force ending within a year; no agreement in force; the rest. Then, within each, the soonest end,
        the most issues (worst first), the most labs not covered, and the name."""
        if self.worst == Severity.CRITICAL:
            tier = 0
        elif self.follow_up_due:
            tier = 1
        elif self.ends_within(DEFAULT_HORIZON_MONTHS):
            tier = 2
        elif self.agreement is None:
            tier = 3
        else:
            tier = 4
        counts = tuple(-self.severity_count(severity) for severity in reversed(Severity))
        return (
            tier,
            self.next_end or datetime.date.max,
            counts,
            -len(self.uncovered_labs),
            self.site.search_text,
        )


@dataclass
class DashboardTotals:
    sites: int = 0
    in_force: int = 0
    ending: int = 0
    covered_labs: int = 0
    uncovered_labs: int = 0
    critical: int = 0
    warnings: int = 0
    notices: int = 0
    follow_ups_due: int = 0


@dataclass
class Dashboard:
    filterset: ReviewSiteFilter
    rows: list[DashboardRow]
    totals: DashboardTotals
    horizon: int
    today: datetime.date


def review_dashboard(*, user, data: QueryDict | None, today: datetime.date | None = None) -> Dashboard:
    """Every site `user` reads, filtered by `data`, with its agreement in force, the agreement under way,
    its labs covered or not, its Idex/I-site, its open issues and its follow-up, sorted by what needs
    attention first (`DashboardRow.attention`). The number of queries does not grow with the sites."""
    today = today or timezone.localdate()
    filterset = ReviewSiteFilter(data, queryset=review_sites(user=user))
    sites = filterset.qs if filterset.is_valid() else Site.objects.none()
    loaded = with_latest_follow_up(sites).prefetch_related(
        Prefetch("regional_offices", queryset=RegionalOffice.objects.order_by("code")),
        Prefetch("agreements", queryset=SiteAgreement.objects.in_force(today), to_attr="agreements_in_force"),
        Prefetch(
            "agreements",
            queryset=SiteAgreement.objects.filter(status__in=IN_PROGRESS_STATUSES).order_by(
                "-created_at", "-pk"
            ),
            to_attr="agreements_in_progress",
        ),
        Prefetch(
            "pia_projects",
            queryset=PiaProject.objects.filter(action__in=EXCELLENCE_ACTIONS).order_by("action", "acronym"),
            to_attr="excellence",
        ),
    )
    issues = issues_by_site(sites, today=today)
    site_ids = sites.order_by().values("pk")
    active = _labs_by(
        Site.labs.through.objects.filter(site__in=site_ids, lab__status=LabStatus.ACTIVE).values_list(
            "site_id", *LAB_FIELDS
        )
    )
    covering = _labs_by(
        SiteAgreement.covered_labs.through.objects.filter(
            siteagreement__in=SiteAgreement.objects.in_force(today).filter(site__in=site_ids).values("pk")
        ).values_list("siteagreement_id", *LAB_FIELDS)
    )
    rows = []
    for site in loaded:
        agreement = current_agreement(site.agreements_in_force)
        covered = {lab.pk: lab for a in site.agreements_in_force for lab in covering.get(a.pk, [])}
        rows.append(
            DashboardRow(
                site=site,
                offices=list(site.regional_offices.all()),
                agreement=agreement,
                in_progress=next(iter(site.agreements_in_progress), None),
                covered_labs=sorted(covered.values(), key=_lab_key),
                uncovered_labs=sorted(
                    (lab for lab in active.get(site.pk, []) if lab.pk not in covered), key=_lab_key
                ),
                excellence=site.excellence,
                issues=issues.get(site.pk, []),
                follow_up_on=site.follow_up_on,
                today=today,
            )
        )
    rows.sort(key=DashboardRow.attention)
    horizon = filterset.form.cleaned_data.get("ends_within") if filterset.is_valid() else None
    horizon = horizon or DEFAULT_HORIZON_MONTHS
    return Dashboard(
        filterset=filterset, rows=rows, totals=_totals(rows, horizon), horizon=horizon, today=today
    )


def _totals(rows: list[DashboardRow], horizon: int) -> DashboardTotals:
    totals = DashboardTotals(sites=len(rows))
    for row in rows:
        totals.in_force += row.agreement is not None
        totals.ending += row.ends_within(horizon)
        totals.covered_labs += len(row.covered_labs)
        totals.uncovered_labs += len(row.uncovered_labs)
        totals.critical += row.severity_count(Severity.CRITICAL)
        totals.warnings += row.severity_count(Severity.WARNING)
        totals.notices += row.severity_count(Severity.NOTICE)
        totals.follow_ups_due += row.follow_up_due
    return totals


@dataclass
class SiteFile:
    """A site's review file: its agreements, labs, partners, seats, PIA, issues and review notes."""

    site: Site
    offices: list[RegionalOffice]
    members: list[Partner]
    agreements: list[SiteAgreement]
    agreement: SiteAgreement | None
    in_progress: list[SiteAgreement]
    labs: list[SiteLabRow]
    covered: dict[int, NamedLabs]  # by agreement, for the ones the file shows (in force, in progress)
    covered_count: int
    uncovered_labs: list[Lab]
    seats: list[BoardSeat]
    projects: list[PiaProject]
    issues: list[Issue]
    notes: list[ReviewNote]
    today: datetime.date

    @property
    def agreement_covered(self) -> NamedLabs | None:
        return self.covered.get(self.agreement.pk) if self.agreement else None

    def labs_by(self, key: Callable[[SiteLabRow], str]) -> list[tuple[str, int]]:
        """How many of the site's active labs fall under each value of `key`, most first."""
        counts = Counter(key(lab) for lab in self.labs)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    @property
    def labs_by_institute(self) -> list[tuple[str, int]]:
        return self.labs_by(lambda lab: lab.institute or "—")

    @property
    def labs_by_type(self) -> list[tuple[str, int]]:
        return self.labs_by(
            lambda lab: str(lab.unit_type) if lab.unit_type != UnitType.OTHER else str(UnitType.OTHER.label)
        )


def review_site_file(*, site: Site, today: datetime.date | None = None) -> SiteFile:
    """Everything a site's review file shows, in a number of queries that does not grow with the site."""
    today = today or timezone.localdate()
    labs = Lab.objects.select_related("primary_institute").order_by("unit_type", "unit_number", "rnsr")
    partners = Partner.objects.order_by("name_fr")
    agreements = list(
        SiteAgreement.objects.filter(site=site)
        .select_related("renews")
        .prefetch_related(
            Prefetch("signatories", queryset=partners),
            Prefetch("renewals", queryset=SiteAgreement.objects.order_by("-start_date")),
        )
        .order_by(F("start_date").desc(nulls_first=True), "-pk")
    )
    on_site = labs.filter(sites=site, status=LabStatus.ACTIVE)
    active_labs = [
        SiteLabRow(*row)
        for row in on_site.values_list(
            *SiteLabRow._fields[:5], "primary_institute__acronym", "contract_start", "contract_end"
        )
    ]
    members = list(site.members.order_by("name_fr"))
    agreement = current_agreement([a for a in agreements if a.is_in_force(today)])
    # Only how many labs the agreement in force covers, and which: every agreement's labs, a large site's
    # 1,700 each, were read as full records for that.
    covered = agreement.covered_labs.values("pk") if agreement else Lab.objects.none()
    seats = BoardSeat.objects.filter(partner__in=members).select_related("partner")
    in_progress = [a for a in agreements if a.status in IN_PROGRESS_STATUSES]
    shown = [a.pk for a in [agreement, *in_progress] if a is not None]
    covering = _labs_by(
        SiteAgreement.covered_labs.through.objects.filter(siteagreement__in=shown).values_list(
            "siteagreement_id", *LAB_FIELDS
        )
    )
    return SiteFile(
        site=site,
        offices=list(site.regional_offices.order_by("code")),
        members=members,
        agreements=agreements,
        agreement=agreement,
        in_progress=in_progress,
        covered={pk: NamedLabs(sorted(covering.get(pk, []), key=_lab_key)) for pk in shown},
        labs=active_labs,
        covered_count=covered.count(),
        uncovered_labs=list(on_site.exclude(pk__in=covered)),
        seats=list(seats.order_by("partner__name_fr", "kind", "body")),
        projects=list(
            PiaProject.objects.filter(site=site).select_related("lead_partner").order_by("action", "acronym")
        ),
        issues=site_issues(site, today=today),
        notes=list(
            ReviewNote.objects.filter(site=site)
            .select_related("author")
            .order_by("-reviewed_on", "-created_at", "-pk")
        ),
        today=today,
    )
