"""Each data-quality rule of agreements/warnings.py, with data that triggers it and data that does not;
the same rules run per site and in bulk, in a number of queries that does not grow with the sites."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import AgreementStatus, Site
from agreements.warnings import RULES, Severity, issues_by_site, site_issues
from labs.models import LabStatus, SupervisionKind, UnitType
from tests.factories import (
    LabFactory,
    PartnerFactory,
    SiteAgreementFactory,
    SiteFactory,
    SupervisionFactory,
    cnrs,
    umr,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def hits(site, code: str) -> list[str]:
    return [issue.hit.subject for issue in site_issues(site, today=TODAY) if issue.rule.code == code]


def in_force(site, *labs, **kwargs):
    agreement = SiteAgreementFactory.create(site=site, document="agreements/2024/signed.pdf", **kwargs)
    agreement.covered_labs.add(*labs)
    return agreement


def test_every_rule_has_a_code_a_severity_and_a_title():
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes)) == 7
    assert [rule.severity for rule in RULES] == sorted((rule.severity for rule in RULES), reverse=True)
    assert all(str(rule.title) for rule in RULES)


# --- signed agreement past its end date ------------------------------------------------------------------


def test_it_flags_a_signed_agreement_whose_end_has_passed():
    site = SiteFactory.create()
    agreement = in_force(site, end_date=TODAY - DAY, title="Convention 2019-2024")

    assert hits(site, "signed_past_end") == ["Convention 2019-2024"]
    issue = site_issues(site, today=TODAY)[0]
    assert issue.severity == Severity.CRITICAL
    assert issue.hit.fix_url == f"/admin/agreements/siteagreement/{agreement.pk}/change/"


def test_it_leaves_alone_an_agreement_ending_today_or_already_expired():
    site = SiteFactory.create()
    in_force(site, end_date=TODAY)
    in_force(site, end_date=TODAY - DAY, status=AgreementStatus.EXPIRED, reference="CS-OLD")

    assert hits(site, "signed_past_end") == []


# --- closed lab covered by the agreement in force --------------------------------------------------------


def test_it_flags_a_closed_lab_the_agreement_in_force_covers():
    site = SiteFactory.create()
    closed = LabFactory.create(
        unit_number="8001", acronym="OLD", status=LabStatus.CLOSED, closed_on=TODAY - DAY
    )
    in_force(site, closed, LabFactory.create())

    assert hits(site, "closed_lab_covered") == ["UPR 8001 OLD"]


def test_it_ignores_a_closed_lab_covered_only_by_an_ended_agreement():
    site = SiteFactory.create()
    closed = LabFactory.create(status=LabStatus.CLOSED, closed_on=TODAY - DAY)
    in_force(
        site,
        closed,
        status=AgreementStatus.EXPIRED,
        start_date=TODAY.replace(year=TODAY.year - 8),
        end_date=TODAY.replace(year=TODAY.year - 3),
    )

    assert hits(site, "closed_lab_covered") == []


# --- joint unit with no supervising partner among the site's members -------------------------------------


def test_it_flags_a_joint_unit_supervised_by_no_member_of_the_site():
    member, outsider = PartnerFactory.create(), PartnerFactory.create()
    site = SiteFactory.create()
    site.members.add(member, cnrs())
    ours = umr(unit_number="8100", acronym="OURS", university=member)
    theirs = umr(unit_number="8101", acronym="THEIRS", university=outsider)
    site.labs.add(ours, theirs)

    # The CNRS, a member of every site, does not count: it supervises every joint unit.
    assert hits(site, "joint_unit_without_member") == ["UMR 8101 THEIRS"]


def test_it_leaves_alone_units_that_are_not_active_joint_units():
    site = SiteFactory.create()
    site.members.add(cnrs())
    upr = LabFactory.create(unit_type=UnitType.UPR)
    SupervisionFactory.create(lab=upr, partner=cnrs())
    closed = umr(status=LabStatus.CLOSED, closed_on=TODAY - DAY)
    site.labs.add(upr, closed)

    assert hits(site, "joint_unit_without_member") == []


def test_a_participating_member_is_not_a_supervising_one():
    member = PartnerFactory.create()
    site = SiteFactory.create()
    site.members.add(member)
    lab = umr(unit_number="8102", acronym="PART")
    SupervisionFactory.create(lab=lab, partner=member, kind=SupervisionKind.PARTICIPANT, unit_code="")
    site.labs.add(lab)

    assert hits(site, "joint_unit_without_member") == ["UMR 8102 PART"]


# --- labs of the site's members not covered --------------------------------------------------------------


def test_it_flags_a_lab_a_member_supervises_that_the_agreement_in_force_does_not_cover():
    member = PartnerFactory.create()
    site = SiteFactory.create()
    site.members.add(member, cnrs())
    covered = umr(unit_number="8200", acronym="IN", university=member)
    forgotten = umr(unit_number="8201", acronym="OUT", university=member)
    in_force(site, covered)

    assert hits(site, "member_lab_not_covered") == ["UMR 8201 OUT"]
    assert forgotten.pk not in {lab.pk for lab in site.labs.all()}  # not even on the site: still a hit


def test_it_ignores_participations_closed_labs_the_cnrs_and_sites_without_an_agreement_in_force():
    member = PartnerFactory.create()
    site = SiteFactory.create()
    site.members.add(member, cnrs())
    participating = LabFactory.create()
    SupervisionFactory.create(
        lab=participating, partner=member, kind=SupervisionKind.PARTICIPANT, unit_code=""
    )
    umr(university=member, status=LabStatus.CLOSED, closed_on=TODAY - DAY)
    cnrs_only = LabFactory.create()
    SupervisionFactory.create(lab=cnrs_only, partner=cnrs())
    in_force(site)
    assert hits(site, "member_lab_not_covered") == []

    no_agreement = SiteFactory.create()
    no_agreement.members.add(member)
    umr(university=member)
    assert hits(no_agreement, "member_lab_not_covered") == []


def test_a_lab_supervised_by_two_members_is_listed_once():
    first, second = PartnerFactory.create(), PartnerFactory.create()
    site = SiteFactory.create()
    site.members.add(first, second)
    lab = umr(unit_number="8202", acronym="TWO", university=first)
    SupervisionFactory.create(lab=lab, partner=second)
    in_force(site)

    assert hits(site, "member_lab_not_covered") == ["UMR 8202 TWO"]


# --- missing or invalid identifiers ----------------------------------------------------------------------


def test_it_flags_a_lab_whose_rnsr_number_fails_its_check_and_members_without_valid_identifiers():
    site = SiteFactory.create()
    site.labs.add(
        LabFactory.create(rnsr="202000001Z", unit_number="8300", acronym="BAD"), LabFactory.create()
    )
    site.members.add(
        PartnerFactory.create(name="Université sans identifiant", uai="", siret=""),
        PartnerFactory.create(name="Université au SIRET faux", siret="18008901303721"),
        PartnerFactory.create(name="Université valide"),
        PartnerFactory.create(name="Foreign University", country="DE", uai="", siret=""),
    )

    assert hits(site, "identifier") == [
        "UPR 8300 BAD",
        "Université au SIRET faux",
        "Université sans identifiant",
    ]
    details = {issue.hit.subject: issue.hit.detail for issue in site_issues(site, today=TODAY)}
    assert "Luhn" in details["Université au SIRET faux"]


# --- signed agreement without its signed document --------------------------------------------------------


def test_it_flags_a_signed_agreement_without_its_document():
    site = SiteFactory.create()
    SiteAgreementFactory.create(site=site, title="Sans PDF", document="")
    in_force(site, title="Avec PDF")
    SiteAgreementFactory.create(
        site=site, title="Brouillon", status=AgreementStatus.DRAFT, signed_on=None, document=""
    )

    assert hits(site, "signed_without_document") == ["Sans PDF"]


# --- lab needing review ----------------------------------------------------------------------------------


def test_it_flags_a_lab_of_the_site_that_needs_review():
    site = SiteFactory.create()
    flagged = LabFactory.create(
        unit_number="8400", acronym="REV", needs_review=True, review_reason="Paris: office?"
    )
    site.labs.add(flagged, LabFactory.create())
    LabFactory.create(needs_review=True)  # not on the site

    assert hits(site, "lab_needs_review") == ["UPR 8400 REV"]
    issue = next(i for i in site_issues(site, today=TODAY) if i.rule.code == "lab_needs_review")
    assert (issue.severity, issue.hit.detail) == (Severity.NOTICE, "Paris: office?")
    assert issue.hit.fix_url == f"/admin/labs/lab/{flagged.pk}/change/"


# --- per site and in bulk --------------------------------------------------------------------------------


def _troubled_site(n: int) -> Site:
    member = PartnerFactory.create(uai="", siret="")
    site = SiteFactory.create()
    site.members.add(member)
    lab = umr(needs_review=True)
    site.labs.add(lab)
    in_force(site, LabFactory.create(status=LabStatus.CLOSED, closed_on=TODAY - DAY), end_date=TODAY - DAY)
    SiteAgreementFactory.create(site=site, document="")
    umr(university=member)
    return site


def test_the_issues_are_listed_worst_first_and_grouped_by_site():
    first, second = _troubled_site(1), _troubled_site(2)
    SiteFactory.create()

    found = issues_by_site(Site.objects.all(), today=TODAY)

    assert set(found) == {first.pk, second.pk}
    for site in (first, second):
        assert [issue.hit for issue in found[site.pk]] == [
            issue.hit for issue in site_issues(site, today=TODAY)
        ]
        severities = [issue.severity for issue in found[site.pk]]
        assert severities == sorted(severities, reverse=True)
        assert severities[0] == Severity.CRITICAL


def test_the_bulk_run_takes_as_many_queries_for_many_sites_as_for_one():
    _troubled_site(1)
    with CaptureQueriesContext(connection) as one:
        issues_by_site(Site.objects.all(), today=TODAY)
    for n in range(2, 7):
        _troubled_site(n)
    with CaptureQueriesContext(connection) as many:
        found = issues_by_site(Site.objects.all(), today=TODAY)

    assert len(found) == 6
    assert len(many) == len(one) <= 10
