"""Error reports: where one goes, creating it, and telling the staff who handle it."""

import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from agreements.models import Site
from labs.models import Lab
from regions.audit import WEB, audited_save
from regions.models import OfficeMembership, RegionalOffice

from ..models import ErrorReport

logger = logging.getLogger(__name__)

# Letters and digits nobody confuses (no I, L, O, U, 0, 1): 29^8, about 5 × 10^11 references a year.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
REFERENCE_LENGTH = 8


def new_reference() -> str:
    """A reference such as "ERR-2026-K7QX3M9P": the year, then random characters (not a sequence that would
    let a reporter read the reports made before and after theirs)."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"ERR-{timezone.localdate().year}-{code}"


def office_of(record: Model) -> RegionalOffice | None:
    """The regional office whose staff handle reports about `record`; None: the national administrators.
    The rule is `ErrorReport`'s docstring."""
    if isinstance(record, RegionalOffice):
        return record
    if isinstance(record, Lab):
        return record.regional_office
    if isinstance(record, Site):
        offices = list(record.regional_offices.all()[:2])
        if offices:
            return offices[0] if len(offices) == 1 else None
        lab_offices = list(RegionalOffice.objects.filter(labs__sites=record).distinct().order_by("pk")[:2])
        if len(lab_offices) == 1 and not record.labs.filter(regional_office__isnull=True).exists():
            return lab_offices[0]
        return None
    return None  # partners, and any other record: national


def recipients_of(report: ErrorReport) -> list[str]:
    """Who is told of a new report: the office's contact address, else its staff's addresses; for a national
    report, the national administrators'."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if report.office is None:
        return sorted(set(users.filter(is_superuser=True).values_list("email", flat=True)))
    if report.office.email:
        return [report.office.email]
    members = OfficeMembership.objects.filter(office=report.office).values("user")
    return sorted(set(users.filter(pk__in=members).values_list("email", flat=True)))


@transaction.atomic
def error_report_submit(
    *, record: Model, message: str, email: str, absolute_url: Callable[[str], str]
) -> ErrorReport:
    """Record a visitor's report about `record` in its office's queue and e-mail the staff who handle it
    (once the report is committed). `absolute_url` turns a path into an address the e-mail can link to
    (`request.build_absolute_uri`). The e-mail is in the reporter's language."""
    report = ErrorReport(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        record_label=str(record)[:300],
        office=office_of(record),
        message=message,
        email=email,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    report.reference = new_reference()
    while ErrorReport.objects.filter(reference=report.reference).exists():
        report.reference = new_reference()
    audited_save(report, user=None, source=WEB)
    links = {
        "record_url": absolute_url(record.get_absolute_url()),  # type: ignore[attr-defined]
        "backoffice_url": absolute_url(reverse("admin:cnrs_partners_errorreport_change", args=[report.pk])),
    }
    transaction.on_commit(lambda: notify_staff(report, **links))
    return report


def notify_staff(report: ErrorReport, *, record_url: str, backoffice_url: str) -> bool:
    """E-mail the staff who handle `report` (`recipients_of`); False when nobody could be told. A mail
    server that fails is logged: the report is in the queue all the same."""
    recipients = recipients_of(report)
    if not recipients:
        logger.warning("Error report %s: nobody to notify (no address).", report.reference)
        return False
    context = {"report": report, "record_url": record_url, "backoffice_url": backoffice_url}
    with translation.override(report.language):
        subject = render_to_string("error_reports/notification_subject.txt", context).strip()
        body = render_to_string("error_reports/notification_email.txt", context)
    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        logger.exception("Error report %s: the notification could not be sent.", report.reference)
        return False
    return True
