"""Data-quality warnings of the sites: each rule written once, run over one site or over many.

A rule is a function of a `SiteChecks` (the sites to check, the day, and the reads several rules share,
each made once) that yields its `Hit`s; `site_issues()` runs every rule for a site's file, and
`issues_by_site()` runs the same rules for the dashboard over every site it lists, in the same number of
queries (about one per rule) however many sites, labs or agreements there are.

Each issue names what is wrong and links to the back-office page that fixes it.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from labs.models import Lab, LabStatus, Supervision, SupervisionKind, UnitType
from labs.validators import validate_rnsr, validate_ror, validate_siren_or_siret, validate_uai

from .models import AgreementStatus, Site, SiteAgreement

SiteLab = Site.labs.through
SiteMember = Site.members.through
CoveredLab = SiteAgreement.covered_labs.through


class Severity(models.IntegerChoices):
    """How urgently an issue needs fixing; the higher, the worse."""

    NOTICE = 1, _("Notice")
    WARNING = 2, _("Warning")
    CRITICAL = 3, _("Critical")


@dataclass(frozen=True)
class Hit:
    """What a rule found on one site: the record concerned and the back-office page that fixes it."""

    site_id: int
    subject: str
    fix_url: str
    detail: str = ""


@dataclass(frozen=True)
class Rule:
    """A data-quality rule: its stable code, its severity, what it says, and how it finds its hits."""

    code: str
    severity: Severity
    title: str | Promise
    find: Callable[["SiteChecks"], Iterator[Hit]]


@dataclass(frozen=True)
class Issue:
    """One hit of one rule, as the site file and the dashboard show it."""

    rule: Rule
    hit: Hit

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def site_id(self) -> int:
        return self.hit.site_id


class SiteChecks:
    """The sites being checked, the day, and the reads several rules share (each made once, on demand)."""

    def __init__(self, sites: QuerySet[Site], *, today: datetime.date | None = None):
        self.sites = sites.order_by().values("pk")
        self.today = today or timezone.localdate()

    @cached_property
    def in_force(self) -> QuerySet[SiteAgreement]:
        """The agreements in force today on the sites (a subquery; never evaluated here)."""
        return SiteAgreement.objects.in_force(self.today).filter(site__in=self.sites).values("pk")

    @cached_property
    def agreement_in_force(self) -> dict[int, int]:
        """Site id → id of its agreement in force (the latest started, when several overlap)."""
        rows = (
            SiteAgreement.objects.in_force(self.today)
            .filter(site__in=self.sites)
            .order_by("site_id", F("start_date").asc(nulls_first=True), "pk")
            .values_list("site_id", "pk")
        )
        return dict(rows)


def lab_label(lab) -> str:
    """How a lab (or a row with its unit code, acronym and RNSR number) is named in a warning: its unit code
    (or RNSR number) and acronym."""
    return f"{lab.code or lab.rnsr} {lab.acronym}".strip()


def _row_label(unit_type: str, unit_number: str, acronym: str, rnsr: str) -> str:
    return f"{Lab.unit_code(unit_type, unit_number) or rnsr} {acronym}".strip()


def _admin_url(model: type[models.Model] | models.Model, pk: int | None = None) -> str:
    """The back-office page that fixes a hit, worked out when shown: the dashboard only counts hits."""
    meta = model._meta
    return cast(str, reverse_lazy(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk or model.pk]))


LAB_FIELDS = ("lab__id", "lab__unit_type", "lab__unit_number", "lab__acronym", "lab__rnsr")


# --- the rules ------------------------------------------------------------------------------------------


def closed_labs_covered(checks: SiteChecks) -> Iterator[Hit]:
    """A lab an agreement in force covers has closed: the annex must be updated."""
    links = (
        CoveredLab.objects.filter(siteagreement__in=checks.in_force, lab__status=LabStatus.CLOSED)
        .select_related("lab", "siteagreement")
        .order_by("lab__unit_type", "lab__unit_number", "lab__rnsr")
    )
    for link in links:
        yield Hit(
            site_id=link.siteagreement.site_id,
            subject=lab_label(link.lab),
            fix_url=_admin_url(link.siteagreement),
            detail=link.siteagreement.title,
        )


def signed_past_end(checks: SiteChecks) -> Iterator[Hit]:
    """An agreement still marked signed after its end date: it has expired, or it was renewed unrecorded."""
    agreements = SiteAgreement.objects.filter(
        site__in=checks.sites, status=AgreementStatus.SIGNED, end_date__lt=checks.today
    ).order_by("end_date")
    for agreement in agreements:
        yield Hit(
            site_id=agreement.site_id,
            subject=agreement.title,
            fix_url=_admin_url(agreement),
            detail=agreement.end_date.isoformat() if agreement.end_date else "",
        )


def joint_units_without_member_supervisor(checks: SiteChecks) -> Iterator[Hit]:
    """An active joint unit (UMR) on the site none of whose supervising partners, besides the CNRS, is a
    member of the site: either the unit is on the wrong site or a member is missing."""
    member_supervises = (
        Supervision.objects.filter(lab_id=OuterRef("lab_id"), kind=SupervisionKind.SUPERVISOR)
        .exclude(partner__uai=settings.CNRS_UAI)
        .filter(
            Exists(
                SiteMember.objects.filter(
                    site_id=OuterRef(OuterRef("site_id")), partner_id=OuterRef("partner_id")
                )
            )
        )
    )
    links = (
        SiteLab.objects.filter(
            site__in=checks.sites, lab__status=LabStatus.ACTIVE, lab__unit_type=UnitType.UMR
        )
        .exclude(Exists(member_supervises))
        .select_related("lab")
        .order_by("lab__unit_number", "lab__rnsr")
    )
    for link in links:
        yield Hit(site_id=link.site_id, subject=lab_label(link.lab), fix_url=_admin_url(link.lab))


def member_labs_not_covered(checks: SiteChecks) -> Iterator[Hit]:
    """An active lab supervised by a member of the site (other than the CNRS) that the agreement in force
    does not cover. Only sites with an agreement in force are checked: without one, nothing is covered.

    The database leaves out the covered ones: a site's members supervise thousands of labs, nearly all
    covered, and reading them all took the dashboard a fifth of its time at national scale."""
    in_force = checks.agreement_in_force
    if not in_force:
        return
    covering = CoveredLab.objects.filter(
        siteagreement__in=checks.in_force,
        siteagreement__site_id=OuterRef("site_id"),
        lab_id=OuterRef("partner__supervisions__lab"),
    )
    rows = (
        SiteMember.objects.filter(site_id__in=list(in_force))
        .exclude(partner__uai=settings.CNRS_UAI)
        # One filter() call: the supervision's kind, its lab's status and its coverage are those of one row.
        .filter(
            ~Exists(covering),
            partner__supervisions__kind=SupervisionKind.SUPERVISOR,
            partner__supervisions__lab__status=LabStatus.ACTIVE,
        )
        .values_list(
            "site_id",
            "partner__supervisions__lab__pk",
            "partner__supervisions__lab__unit_type",
            "partner__supervisions__lab__unit_number",
            "partner__supervisions__lab__acronym",
            "partner__supervisions__lab__rnsr",
        )
        .order_by("partner__supervisions__lab__unit_number", "partner__supervisions__lab__rnsr")
    )
    seen = set()
    for site_id, lab_id, unit_type, unit_number, acronym, rnsr in rows:
        if (site_id, lab_id) in seen:
            continue
        seen.add((site_id, lab_id))
        # Fixed in the agreement's covered labs (or, if the lab is not the site's, in its supervisions).
        yield Hit(
            site_id=site_id,
            subject=_row_label(unit_type, unit_number, acronym, rnsr),
            fix_url=_admin_url(SiteAgreement, in_force[site_id]),
        )


@lru_cache(maxsize=65_536)
def _passes(validator, value: str) -> bool:
    """Whether `value` passes `validator`, remembered: the dashboard checks every lab of every site (20,000
    RNSR numbers, the same from one request to the next), and all but a few pass."""
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def _identifier_error(validator, value: str) -> str:
    try:
        validator(value)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def missing_or_invalid_identifiers(checks: SiteChecks) -> Iterator[Hit]:
    """A lab on the site whose RNSR number fails its check; a member partner with neither UAI nor SIRET
    (French institutions have one), or with a UAI, SIREN/SIRET or ROR that fails its check."""
    # Rows, not instances, in no order: every lab of every site is read, and all but a few pass.
    labs = SiteLab.objects.filter(site__in=checks.sites).order_by().values_list("site_id", *LAB_FIELDS)
    failing = sorted(
        (unit_type, unit_number, rnsr, site_id, lab_id, acronym)
        for site_id, lab_id, unit_type, unit_number, acronym, rnsr in labs
        if not _passes(validate_rnsr, rnsr)
    )
    for unit_type, unit_number, rnsr, site_id, lab_id, acronym in failing:
        yield Hit(
            site_id=site_id,
            subject=_row_label(unit_type, unit_number, acronym, rnsr),
            fix_url=_admin_url(Lab, lab_id),
            detail=_identifier_error(validate_rnsr, rnsr),
        )
    members = (
        SiteMember.objects.filter(site__in=checks.sites)
        .select_related("partner")
        .only(
            "site_id",
            "partner__id",
            "partner__name_fr",
            "partner__name_en",
            "partner__country",
            "partner__uai",
            "partner__siret",
            "partner__ror",
        )
        .order_by("partner__name_fr")
    )
    for membership in members:
        partner = membership.partner
        errors = [
            _identifier_error(validator, value)
            for validator, value in (
                (validate_uai, partner.uai),
                (validate_siren_or_siret, partner.siret),
                (validate_ror, partner.ror),
            )
            if value and not _passes(validator, value)
        ]
        if partner.country == "FR" and not partner.uai and not partner.siret:
            errors.append(str(_("Neither UAI nor SIREN/SIRET is recorded.")))
        errors = [error for error in errors if error]
        if errors:
            yield Hit(
                site_id=membership.site_id,
                subject=partner.name,
                fix_url=_admin_url(partner),
                detail=" ".join(errors),
            )


def signed_without_document(checks: SiteChecks) -> Iterator[Hit]:
    """A signed agreement whose signed document has not been attached."""
    agreements = SiteAgreement.objects.filter(
        site__in=checks.sites, status=AgreementStatus.SIGNED, document=""
    ).order_by("-start_date")
    for agreement in agreements:
        yield Hit(site_id=agreement.site_id, subject=agreement.title, fix_url=_admin_url(agreement))


def labs_needing_review(checks: SiteChecks) -> Iterator[Hit]:
    """A lab on the site flagged for review (by the national directory's import, or by a colleague)."""
    links = (
        SiteLab.objects.filter(site__in=checks.sites, lab__needs_review=True)
        .select_related("lab")
        .order_by("lab__unit_type", "lab__unit_number", "lab__rnsr")
    )
    for link in links:
        yield Hit(
            site_id=link.site_id,
            subject=lab_label(link.lab),
            fix_url=_admin_url(link.lab),
            detail=link.lab.review_reason,
        )


# Worst first: the order in which a site's issues are listed.
RULES: list[Rule] = [
    Rule("signed_past_end", Severity.CRITICAL, _("Signed agreement past its end date"), signed_past_end),
    Rule(
        "closed_lab_covered",
        Severity.WARNING,
        _("Closed lab covered by the agreement in force"),
        closed_labs_covered,
    ),
    Rule(
        "joint_unit_without_member",
        Severity.WARNING,
        _("Joint unit with no supervising partner among the site's members"),
        joint_units_without_member_supervisor,
    ),
    Rule(
        "member_lab_not_covered",
        Severity.WARNING,
        _("Lab of a site member not covered by the agreement in force"),
        member_labs_not_covered,
    ),
    Rule(
        "signed_without_document",
        Severity.WARNING,
        _("Signed agreement without its signed document"),
        signed_without_document,
    ),
    Rule("identifier", Severity.NOTICE, _("Missing or invalid identifier"), missing_or_invalid_identifiers),
    Rule("lab_needs_review", Severity.NOTICE, _("Lab needing review"), labs_needing_review),
]
RULES.sort(key=lambda rule: -rule.severity)


def run_rules(checks: SiteChecks, rules: list[Rule] | None = None) -> list[Issue]:
    """Every issue the `rules` (all by default) find on the checked sites, worst first."""
    return [Issue(rule=rule, hit=hit) for rule in rules or RULES for hit in rule.find(checks)]


def site_issues(site: Site, *, today: datetime.date | None = None) -> list[Issue]:
    """The issues of one site, worst first."""
    return run_rules(SiteChecks(Site.objects.filter(pk=site.pk), today=today))


def issues_by_site(
    sites: QuerySet[Site], *, today: datetime.date | None = None, checks: SiteChecks | None = None
) -> dict[int, list[Issue]]:
    """The issues of every site of `sites`, by site id, worst first, in a bounded number of queries."""
    found: dict[int, list[Issue]] = defaultdict(list)
    for issue in run_rules(checks or SiteChecks(sites, today=today)):
        found[issue.site_id].append(issue)
    return dict(found)
