"""What needs doing about site agreements, by region: run daily (see README, "Expiry alerts").

- signed agreements already past their end date are moved to "expired" (recorded, by "command
  agreements_due");
- signed agreements ending within the window (`--months`, 12 by default) are listed;
- review follow-ups due (the latest review note of a site asks to look again on or before today).

Each item is listed under every regional office of its site (a site without one under "No regional
office"). With `--email`, each office's contact address receives its part, and the coordinators (every
active account whose role reviews agreements) the whole digest.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.core.management.base import CommandError, CommandParser
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.filters import add_months
from agreements.models import AgreementStatus, Site, SiteAgreement
from agreements.selectors import sites_with_follow_up_due
from agreements.services import REVIEW_PERMISSION, agreements_expire_past_end
from regions.audit import COMMAND, AuditedCommand
from regions.models import RegionalOffice


@dataclass
class RegionDue:
    """What is due in one regional office (`office` None: sites without an office)."""

    office: RegionalOffice | None
    expired: list[SiteAgreement] = field(default_factory=list)
    ending: list[SiteAgreement] = field(default_factory=list)
    follow_ups: list[Site] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.expired or self.ending or self.follow_ups)


def agreements_ending(*, today: datetime.date, months: int) -> QuerySet[SiteAgreement]:
    """Signed agreements whose end date falls between `today` and `months` months later, both included."""
    return (
        SiteAgreement.objects.filter(
            status=AgreementStatus.SIGNED, end_date__gte=today, end_date__lte=add_months(today, months)
        )
        .select_related("site")
        .prefetch_related("site__regional_offices")
        .order_by("end_date", "title_fr")
    )


def group_by_region(
    *, expired: list[SiteAgreement], ending: list[SiteAgreement], follow_ups: list[Site]
) -> list[RegionDue]:
    """The items under each regional office of their site, offices in code order, "no office" last."""
    regions: dict[int | None, RegionDue] = {}

    def region_of(site: Site) -> list[RegionDue]:
        offices = list(site.regional_offices.all()) or [None]
        return [
            regions.setdefault(office.pk if office else None, RegionDue(office=office)) for office in offices
        ]

    for agreement in expired:
        for region in region_of(agreement.site):
            region.expired.append(agreement)
    for agreement in ending:
        for region in region_of(agreement.site):
            region.ending.append(agreement)
    for site in follow_ups:
        for region in region_of(site):
            region.follow_ups.append(site)
    return sorted(
        regions.values(), key=lambda region: (region.office is None, region.office and region.office.code)
    )


def coordinator_emails() -> list[str]:
    """The e-mail addresses of the active accounts whose role reviews agreements (coordinators)."""
    app_label, codename = REVIEW_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if permission is None:
        return []
    users = (
        get_user_model()
        .objects.filter(Q(groups__permissions=permission) | Q(user_permissions=permission), is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(users)


def _day(value: datetime.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "…"


def region_lines(region: RegionDue, *, months: int) -> list[str]:
    """One region's part of the digest, as plain-text lines."""
    if region.office is not None:
        title = f"{region.office.code} — {region.office.name}"
    else:
        title = _("No regional office")
    lines = [title, "=" * len(title)]
    if region.expired:
        lines.append(_("Past their end date, now expired:"))
        lines += [
            _("- %(title)s (%(site)s), ended on %(day)s")
            % {"title": agreement.title, "site": agreement.site.name, "day": _day(agreement.end_date)}
            for agreement in region.expired
        ]
    if region.ending:
        lines.append(
            translation.ngettext(
                "Ending within %(months)d month:", "Ending within %(months)d months:", months
            )
            % {"months": months}
        )
        lines += [
            _("- %(title)s (%(site)s), ends on %(day)s")
            % {"title": agreement.title, "site": agreement.site.name, "day": _day(agreement.end_date)}
            for agreement in region.ending
        ]
    if region.follow_ups:
        lines.append(_("Review follow-ups due:"))
        lines += [
            _("- %(site)s, follow-up due on %(day)s")
            % {"site": site.name, "day": _day(getattr(site, "follow_up_on", None))}
            for site in region.follow_ups
        ]
    lines.append("")
    return lines


class Command(AuditedCommand):
    help = (
        "List the site agreements ending within the window, move the signed ones past their end to "
        "expired, list the review follow-ups due, by region; --email sends the digests."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--months", type=int, default=12, help="Window for agreements ending soon (default: 12)."
        )
        parser.add_argument(
            "--email",
            action="store_true",
            help="Send each regional office its part and the coordinators the whole digest.",
        )

    def handle(self, *args, months: int, email: bool, **options) -> None:
        if months < 0:
            raise CommandError("--months must be 0 or more.")
        with translation.override(settings.LANGUAGE_CODE):
            self._run(months=months, email=email)

    def _run(self, *, months: int, email: bool) -> None:
        today = timezone.localdate()
        expired = agreements_expire_past_end(on=today, source=COMMAND)
        prefetch_related_objects(expired, "site__regional_offices")
        regions = group_by_region(
            expired=expired,
            ending=list(agreements_ending(today=today, months=months)),
            follow_ups=list(sites_with_follow_up_due(today=today)),
        )
        if not regions:
            self.stdout.write(_("Nothing due."))
            return
        digest: list[str] = []
        for region in regions:
            digest += region_lines(region, months=months)
        self.stdout.write("\n".join(digest))
        if email:
            sent = self._send(regions, digest, months=months, today=today)
            self.stdout.write(
                translation.ngettext("%(count)d e-mail sent.", "%(count)d e-mails sent.", sent)
                % {"count": sent}
            )

    def _send(self, regions: list[RegionDue], digest: list[str], *, months: int, today: datetime.date) -> int:
        subject = _("Site agreements due, %(day)s") % {"day": _day(today)}
        messages = []
        for region in regions:
            if region.office is not None and region.office.email:
                body = "\n".join(region_lines(region, months=months))
                messages.append(
                    EmailMessage(
                        subject=f"{subject} — {region.office.code}", body=body, to=[region.office.email]
                    )
                )
        coordinators = coordinator_emails()
        if coordinators:
            messages.append(EmailMessage(subject=subject, body="\n".join(digest), to=coordinators))
        for message in messages:
            message.send()
        return len(messages)
