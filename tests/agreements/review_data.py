"""Sites for the review-page tests: a signed agreement in force, covered and uncovered labs, in one office."""

import datetime

from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementStatus, JuryOutcome, Site
from labs.models import LabStatus
from tests.factories import (
    LabFactory,
    PartnerFactory,
    PiaProjectFactory,
    ReviewNoteFactory,
    SiteAgreementFactory,
    SiteFactory,
    cnrs,
    office,
    umr,
)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
DASHBOARD = reverse("review:dashboard")


def site_with_agreement(
    name: str, slug: str, office_code: str, *, end: datetime.date | None, labs: int = 2, uncovered: int = 1
) -> Site:
    """A site of `office_code` with a member university, `labs` covered labs and `uncovered` others, and a
    signed agreement (with its document) in force until `end`."""
    university = PartnerFactory.create(name=f"Université {name}")
    site = SiteFactory.create(name=name, slug=slug)
    site.regional_offices.add(office(office_code))
    site.members.add(university, cnrs())
    covered = [umr(university=university, regional_office=office(office_code)) for _ in range(labs)]
    others = [umr(university=university, regional_office=office(office_code)) for _ in range(uncovered)]
    site.labs.add(*covered, *others)
    agreement = SiteAgreementFactory.create(
        site=site, title=f"Convention {name}", end_date=end, document="agreements/2024/signed.pdf"
    )
    agreement.covered_labs.add(*covered)
    return site


def grow(start: int, stop: int) -> None:
    for index in range(start, stop):
        site = site_with_agreement(
            f"Site {index}", f"site-{index}", "DR04", end=TODAY + 90 * DAY, labs=3, uncovered=2
        )
        SiteAgreementFactory.create(site=site, status=AgreementStatus.DRAFT, signed_on=None)
        PiaProjectFactory.create(site=site, outcome=JuryOutcome.SELECTED)
        ReviewNoteFactory.create(site=site, reviewed_on=TODAY, follow_up_on=TODAY)
        site.labs.add(LabFactory.create(needs_review=True, status=LabStatus.ACTIVE))


def export_url(fmt: str) -> str:
    return reverse("review:dashboard_export", args=[fmt])


def site_url(site) -> str:
    return reverse("review:site_detail", args=[site.slug])
