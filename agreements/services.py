"""Writes on site agreements that carry rules: every path (admin, review pages, commands) goes through these.

HackSoft style: keyword-only arguments, `<entity>_<action>` names, one transaction each, `full_clean()`
before `save()`, and the audit trail written here with the user, the source and the comment.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.audit import audited_save
from regions.scope import can_edit

from .models import AgreementStatus, SiteAgreement

S = AgreementStatus

# The life of a site agreement: where each status may go next.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.NEGOTIATING, S.TERMINATED}),
    S.NEGOTIATING: frozenset({S.DRAFT, S.UNDER_REVIEW, S.TERMINATED}),
    S.UNDER_REVIEW: frozenset({S.NEGOTIATING, S.SIGNED, S.TERMINATED}),
    S.SIGNED: frozenset({S.EXPIRED, S.TERMINATED}),
    S.EXPIRED: frozenset(),
    S.TERMINATED: frozenset(),
}


def agreement_status_errors(
    *, agreement: SiteAgreement, status: str, values: dict | None = None
) -> list[str]:
    """Why `agreement` may not move from its stored status to `status`; empty when it may.

    `values` are the other fields as they will be saved with the move (a form's cleaned data), so that
    signing can be checked against the signature date and document given in the same form.
    """
    values = values or {}
    current = agreement.status
    if status == current:
        return []
    if status not in TRANSITIONS.get(current, frozenset()):
        return [
            _("A site agreement cannot go from “%(current)s” to “%(next)s”.")
            % {"current": S(current).label, "next": S(status).label}
        ]
    errors = []
    if status == S.SIGNED:
        if not values.get("signed_on", agreement.signed_on):
            errors.append(_("Signing needs the signature date."))
        if not values.get("document", agreement.document):
            errors.append(_("Signing needs the signed document."))
    if status == S.EXPIRED:
        end = values.get("end_date", agreement.end_date)
        if end is None or end >= timezone.localdate():
            errors.append(_("Only an agreement whose end date has passed expires."))
    return errors


@transaction.atomic
def agreement_change_status(
    *, agreement: SiteAgreement, status: str, user, source: str, comment: str = ""
) -> SiteAgreement:
    """Move `agreement` to `status`, recording who, when (the history row) and why (`comment`).

    Refused with a ValidationError when the move is impossible (see `TRANSITIONS`) or signing lacks its
    date or document, and with PermissionDenied when `user`'s role does not change agreements.
    """
    if user is not None and not can_edit(user, agreement):
        raise PermissionDenied
    errors = agreement_status_errors(agreement=agreement, status=status)
    if errors:
        raise ValidationError(errors)
    agreement.status = status
    agreement.full_clean()
    audited_save(agreement, user=user, source=source, reason=comment)
    return agreement
