"""Reads of the public pages that cross apps: a lab's and a partner's pages show what the `agreements` app
holds about them (site agreements in force, PIA projects, industrial partnerships, sites), an office's
pages its labs and sites. Each app's selectors give the querysets of its own data; these add the rest.

A lab's, a partner's and a site's page show them as they stood on a day (today by default): the relations
current that day apart from the past and the later ones, each sorted by its model's own `phase_on`
(`regions.periods`), so that a page never decides by itself what "current" means. Links without dates
(a lab's parent and its sites, a site's members) read as recorded today, but a parent or a child structure
that did not exist that day is not shown as one.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from agreements import selectors as agreements_selectors
from agreements.models import IndustrialPartnership, IndustrialStatus, PiaProject, Site, SiteAgreement
from labs.models import Lab, LabStatus, Partner, Supervision, SupervisionKind
from labs.selectors import (
    LabPageExtras,
    PartnerPageExtras,
    lab_page_queryset,
    partner_lab_links,
    partner_page_queryset,
)
from regions.models import RegionalOffice
from regions.periods import CURRENT, PAST, Phases, by_phase, today_or
from regions.selectors import office_page_queryset, office_rows

from .timeline import LabTimeline, lab_timeline

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class LabPageData(LabPageExtras):
    """What the lab page reads beyond the lab's fields."""

    public_agreements: list[SiteAgreement]


@dataclass(frozen=True)
class LabPage:
    """A lab as it stood on `day`: its status then, and each dated relation by phase."""

    lab: "WithAnnotations[Lab, LabPageData]"
    day: datetime.date
    status: str | None  # a LabStatus; None when the lab did not exist yet
    supervisors: Phases[Supervision]
    participants: Phases[Supervision]
    agreements: Phases[SiteAgreement]
    pia_projects: Phases[PiaProject]
    partnerships: Phases[IndustrialPartnership]
    parent: Lab | None  # the parent structure, when it existed that day
    former_parent: Lab | None  # the parent structure, when it had closed by then
    children: Phases[Lab]
    timeline: LabTimeline

    @property
    def status_label(self) -> str:
        return str(LabStatus(self.status).label) if self.status else _("Not created yet")

    @property
    def has_past(self) -> bool:
        return bool(
            self.supervisors.past
            or self.participants.past
            or self.agreements.past
            or self.pia_projects.past
            or self.partnerships.past
            or self.former_parent
            or self.children.past
        )


def _before_creation(phases: Phases, *, keep_current: bool = True) -> Phases:
    """A lab's relations on a day before it existed: none was current then; those that were current,
    undated ones first of all, came with the lab, later (kept there only when `keep_current`)."""
    upcoming = phases.current + phases.upcoming if keep_current else phases.upcoming
    return Phases(current=[], past=phases.past, upcoming=upcoming)


def lab_public_queryset() -> "QuerySet[WithAnnotations[Lab, LabPageData]]":
    """Labs with everything public about them, across apps, in a constant number of queries: what a lab's
    page and the API's lab read (`public_agreements`: never a draft; industrial partnerships but planned
    ones)."""
    return lab_page_queryset().prefetch_related(
        "sites",
        Prefetch(
            "site_agreements",
            queryset=SiteAgreement.objects.public().select_related("site").order_by("-start_date"),
            to_attr="public_agreements",
        ),
        Prefetch("pia_projects", queryset=PiaProject.objects.select_related("site")),
        Prefetch(
            "industrial_partnerships",
            # Planned partnerships may still be confidential: the public sees running and ended ones.
            queryset=IndustrialPartnership.objects.exclude(status=IndustrialStatus.PLANNED)
            .prefetch_related("companies")
            .order_by("-start_date", "title"),
        ),
    )


def lab_page(*, slug: str, on: datetime.date | None = None) -> LabPage:
    """Everything public about one lab as it stood on `on` (today by default), or 404."""
    lab: WithAnnotations[Lab, LabPageData] = get_object_or_404(lab_public_queryset(), slug=slug)
    day = today_or(on)
    links = list(lab.supervisions.all())
    parent_phase = lab.parent.phase_on(day) if lab.parent else None
    status = lab.status_on(day)
    relations = [
        by_phase([link for link in links if link.kind == SupervisionKind.SUPERVISOR], day),
        by_phase([link for link in links if link.kind == SupervisionKind.PARTICIPANT], day),
        by_phase(lab.pia_projects.all(), day),
        by_phase(lab.industrial_partnerships.all(), day),
    ]
    agreements = by_phase(lab.public_agreements, day)
    if status is None:
        relations = [_before_creation(phases) for phases in relations]
        # An agreement running that day did not cover a lab yet to be created, nor does it start later.
        agreements = _before_creation(agreements, keep_current=False)
    supervisors, participants, pia_projects, partnerships = relations
    return LabPage(
        lab=lab,
        day=day,
        status=status,
        supervisors=supervisors,
        participants=participants,
        agreements=agreements,
        pia_projects=pia_projects,
        partnerships=partnerships,
        parent=lab.parent if parent_phase == CURRENT else None,
        former_parent=lab.parent if parent_phase == PAST else None,
        children=by_phase(lab.children.all(), day),
        timeline=lab_timeline(
            lab=lab,
            predecessors=lab.predecessor_links,
            successors=lab.successor_links,
            links=links,
            day=day,
            asked=on is not None,
        ),
    )


class PartnerPageData(PartnerPageExtras):
    """What the partner page reads beyond the partner's fields."""

    public_agreements: list[SiteAgreement]


@dataclass(frozen=True)
class PartnerPage:
    """A partner as it stood on `day`: the labs it supervised and took part in then, the links that had
    ended by then or were to come, and its public agreements by phase."""

    partner: "WithAnnotations[Partner, PartnerPageData]"
    day: datetime.date
    supervised: list[Supervision]
    participating: list[Supervision]
    past: list[Supervision]
    upcoming: list[Supervision]
    agreements: Phases[SiteAgreement]

    @property
    def shown(self) -> int:
        """How many of the partner's lab links the page lists (the rest are in the lab directory)."""
        return len(self.partner.lab_links) + len(self.partner.other_links)


def partner_page(*, slug: str, on: datetime.date | None = None) -> PartnerPage:
    """A partner with its first labs, its counts, the public agreements it signed and its sites as they stood
    on `on` (today by default), or 404."""
    partner: WithAnnotations[Partner, PartnerPageData] = get_object_or_404(
        partner_page_queryset(on=on).prefetch_related(
            Prefetch(
                "signed_agreements",
                queryset=SiteAgreement.objects.public().select_related("site").order_by("-start_date"),
                to_attr="public_agreements",
            ),
            Prefetch("sites", queryset=Site.objects.order_by("name_fr")),
        ),
        slug=slug,
    )
    partner.lab_links, partner.other_links = partner_lab_links(partner, on=on)
    day = today_or(on)
    others = by_phase(partner.other_links, day)  # "current" ones link a lab created after `day`
    return PartnerPage(
        partner=partner,
        day=day,
        supervised=[link for link in partner.lab_links if link.kind == SupervisionKind.SUPERVISOR],
        participating=[link for link in partner.lab_links if link.kind == SupervisionKind.PARTICIPANT],
        past=others.past,
        upcoming=others.current + others.upcoming,
        agreements=by_phase(partner.public_agreements, day),
    )


@dataclass(frozen=True)
class SitePage:
    """A site as it stood on `day`: its public agreements by phase, one page of its labs then (each with
    whether an agreement in force that day covered it: `site_labs`) and its PIA projects by phase."""

    site: Site
    day: datetime.date
    agreements: Phases[SiteAgreement]
    labs: Page
    pia_projects: Phases[PiaProject]

    @property
    def any_in_force(self) -> bool:
        return bool(self.agreements.current)


def site_page(
    *, slug: str, on: datetime.date | None = None, page: str | int | None = None, per_page: int
) -> SitePage:
    """Everything public about one site as it stood on `on` (today by default), its labs `per_page` at a
    time (page `page`: the first when it cannot be read, the last when beyond), or 404."""
    site = agreements_selectors.site_detail(slug=slug)
    day = today_or(on)
    labs = agreements_selectors.site_labs(site=site, on=day)
    return SitePage(
        site=site,
        day=day,
        agreements=by_phase(site.public_agreements, day),
        labs=Paginator(labs, per_page).get_page(page),
        pia_projects=by_phase(site.pia_projects.all(), day),
    )


def office_list() -> QuerySet[RegionalOffice]:
    """Every office, active ones first, with its number of active labs."""
    return office_rows().annotate(lab_count=Count("labs", filter=Q(labs__status=LabStatus.ACTIVE)))


def office_page(*, code: str) -> RegionalOffice:
    """One office with its services, predecessors and university sites, or 404."""
    return get_object_or_404(office_page_queryset().prefetch_related("sites"), code=code.upper())


def office_labs_by_institute(*, office: RegionalOffice) -> list[dict]:
    """The office's active labs counted by primary institute: acronym, French and English names, count."""
    return list(
        Lab.objects.filter(regional_office=office, status=LabStatus.ACTIVE)
        .values("primary_institute__acronym", "primary_institute__name_fr", "primary_institute__name_en")
        .annotate(count=Count("pk"))
        .order_by("primary_institute__acronym")
    )
