"""Writes on site agreements that carry rules: every path (admin, review pages, commands) goes through these.

HackSoft style: keyword-only arguments, `<entity>_<action>` names, one transaction each, `full_clean()`
before `save()`, and the audit trail written here with the user, the source and the comment.

Who moves an agreement (`agreement_move_errors`): regional editors draft and negotiate the agreements of
their sites' offices (draft ⇄ negotiating); a move to or from "under review", "signed", "terminated" or
"expired" needs `agreements.review_siteagreement` (coordinators, national administrators). The daily
`agreements_due` command (no user) records expiry.
"""

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as AuthUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.audit import COMMAND, audit_source, audited_save, record_history
from regions.scope import can_edit, has_model_permission

from .models import AgreementSignatory, AgreementStatus, AgreementStatusChange, SiteAgreement

S = AgreementStatus
User = AuthUser | AnonymousUser

REVIEW_PERMISSION = "agreements.review_siteagreement"

# The life of a site agreement: where each status may go next.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.NEGOTIATING, S.TERMINATED}),
    S.NEGOTIATING: frozenset({S.DRAFT, S.UNDER_REVIEW, S.TERMINATED}),
    S.UNDER_REVIEW: frozenset({S.NEGOTIATING, S.SIGNED, S.TERMINATED}),
    S.SIGNED: frozenset({S.EXPIRED, S.TERMINATED}),
    S.EXPIRED: frozenset(),
    S.TERMINATED: frozenset(),
}
# A move to or from one of these is the coordinators' (`REVIEW_PERMISSION`); the rest, the editors'.
REVIEW_STATUSES: frozenset[str] = frozenset({S.UNDER_REVIEW, S.SIGNED, S.TERMINATED, S.EXPIRED})
# The statuses in which editors may still change an agreement's content.
EDITABLE_STATUSES: frozenset[str] = frozenset({S.DRAFT, S.NEGOTIATING})
# Agreements a renewal may follow.
RENEWABLE_STATUSES: frozenset[str] = frozenset({S.SIGNED, S.EXPIRED})


def agreement_signing_errors(*, agreement: SiteAgreement, values: dict[str, Any] | None = None) -> list[str]:
    """What signing `agreement` lacks: the signature date and the signed document (`values` override)."""
    values = values or {}
    errors = []
    if not values.get("signed_on", agreement.signed_on):
        errors.append(_("Signing needs the signature date."))
    if not values.get("document", agreement.document):
        errors.append(_("Signing needs the signed document."))
    return errors


def agreement_status_errors(
    *,
    agreement: SiteAgreement,
    status: str,
    values: dict[str, Any] | None = None,
    on: datetime.date | None = None,
) -> list[str]:
    """Why `agreement` may not move from its stored status to `status`; empty when it may.

    `values` are the other fields as they will be saved with the move (a form's cleaned data), so that
    signing can be checked against the signature date and document given in the same form. `on` is the
    day of the move (today by default): an agreement expires only once its end date is before it.
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
        errors.extend(agreement_signing_errors(agreement=agreement, values=values))
    if status == S.EXPIRED:
        end = values.get("end_date", agreement.end_date)
        if end is None or end >= (on or timezone.localdate()):
            errors.append(_("Only an agreement whose end date has passed expires."))
    return errors


def agreement_may_move(*, agreement: SiteAgreement, status: str, user: User | None) -> bool:
    """Whether `user`'s role and scope allow moving `agreement` to `status` (None: the system itself).

    Says nothing of whether the move itself is possible: see `agreement_status_errors`.
    """
    if user is None:
        return True
    if not can_edit(user, agreement):
        return False
    if status in REVIEW_STATUSES or agreement.status in REVIEW_STATUSES:
        return user.has_perm(REVIEW_PERMISSION)
    return True


def agreement_allowed_statuses(*, agreement: SiteAgreement, user: User | None) -> list[str]:
    """The statuses `user` may move `agreement` to now, in the order of the workflow (the UI's buttons).

    Signing is offered even when the date or the document is missing: the form that signs provides them.
    """
    return [
        status
        for status in S.values
        if status in TRANSITIONS.get(agreement.status, frozenset())
        and agreement_may_move(agreement=agreement, status=status, user=user)
        and (status != S.EXPIRED or not agreement_status_errors(agreement=agreement, status=status))
    ]


def agreement_content_editable(*, agreement: SiteAgreement, user: User) -> bool:
    """Whether `user` may change the content (title, dates, labs, signatories…) of `agreement`.

    Within their scope, editors change an agreement while it is drafted or negotiated; once under review,
    signed or ended, only the coordinators (`REVIEW_PERMISSION`) do.
    """
    if not can_edit(user, agreement):
        return False
    return agreement.status in EDITABLE_STATUSES or user.has_perm(REVIEW_PERMISSION)


@transaction.atomic
def agreement_change_status(
    *,
    agreement: SiteAgreement,
    status: str,
    user: User | None,
    source: str,
    comment: str = "",
    signed_on: datetime.date | None = None,
    document: File | None = None,
    on: datetime.date | None = None,
) -> SiteAgreement:
    """Move `agreement` to `status`, recording who, when and why in its `status_changes` log and its
    history row (with `comment` as the change reason).

    Signing may bring its signature date (`signed_on`) and signed document (`document`, validated as a PDF)
    in the same call. Refused with PermissionDenied when `user`'s role or scope does not allow the move
    (see the module docstring), and with a ValidationError, nothing written, when the move is impossible
    (see `TRANSITIONS`) or signing lacks its date or document.
    """
    if not agreement_may_move(agreement=agreement, status=status, user=user):
        raise PermissionDenied
    if status == agreement.status:
        raise ValidationError(_("This agreement is already “%(status)s”.") % {"status": S(status).label})
    values: dict[str, Any] = {}
    if status == S.SIGNED:
        if signed_on is not None:
            values["signed_on"] = signed_on
        if document is not None:
            values["document"] = document
    errors = agreement_status_errors(agreement=agreement, status=status, values=values, on=on)
    if errors:
        raise ValidationError(errors)
    previous = agreement.status
    original = {"status": previous, "signed_on": agreement.signed_on, "document": agreement.document.name}
    agreement.status = status
    if "signed_on" in values:
        agreement.signed_on = values["signed_on"]
    try:
        if "document" in values:
            # Validated (PDF, size) by full_clean() below, stored under a clean name by save().
            agreement.document = values["document"]
        agreement.full_clean()
    except ValidationError:
        agreement.status = original["status"]
        agreement.signed_on = original["signed_on"]
        agreement.document = original["document"]
        raise
    audited_save(agreement, user=user, source=source, reason=comment)
    AgreementStatusChange.objects.create(
        agreement=agreement,
        from_status=previous,
        to_status=status,
        user=user if user is not None and user.is_authenticated else None,
        comment=comment,
    )
    return agreement


@transaction.atomic
def agreement_renew(*, agreement: SiteAgreement, user: User | None, source: str) -> SiteAgreement:
    """A new draft that renews `agreement` (`renews`), for the same site, with its title, strategy, joint
    unit framework, signatories and covered labs; dates, reference and document start empty.

    Refused with PermissionDenied when `user` may not add agreements for that site, and with a
    ValidationError when `agreement` is not signed or expired, or already has a renewal under way.
    """
    renewal = SiteAgreement(
        site=agreement.site,
        title=agreement.title,
        status=S.DRAFT,
        strategy=agreement.strategy,
        joint_unit_framework=agreement.joint_unit_framework,
        renews=agreement,
    )
    if user is not None and not (
        has_model_permission(user, SiteAgreement, "add") and can_edit(user, renewal)
    ):
        raise PermissionDenied
    if agreement.status not in RENEWABLE_STATUSES:
        raise ValidationError(_("Only a signed or expired agreement can be renewed."))
    under_way = agreement.renewals.exclude(status=S.TERMINATED).first()
    if under_way is not None:
        raise ValidationError(
            _("This agreement is already renewed by “%(renewal)s”.") % {"renewal": under_way}
        )
    renewal.full_clean()
    # One history row for the new draft, written once its labs are set (as the admin does).
    author = user if user is not None and user.is_authenticated else None
    renewal._history_user = author  # type: ignore[attr-defined]
    renewal.skip_history_when_saving = True  # type: ignore[attr-defined]
    with audit_source(source):
        renewal.save()
        renewal.covered_labs.set(agreement.covered_labs.all())
        del renewal.skip_history_when_saving  # type: ignore[attr-defined]
        record_history(renewal, "+")
        for link in agreement.signatory_links.all():
            signatory = AgreementSignatory(agreement=renewal, partner_id=link.partner_id)
            audited_save(signatory, user=user, source=source)
    del renewal._history_user  # type: ignore[attr-defined]
    return renewal


def agreements_expire_past_end(
    *, on: datetime.date | None = None, user: User | None = None, source: str = COMMAND
) -> list[SiteAgreement]:
    """Move every signed agreement whose end date is before `on` (today by default) to "expired", one
    recorded move each; returns them."""
    on = on or timezone.localdate()
    expired = []
    for agreement in SiteAgreement.objects.filter(status=S.SIGNED, end_date__lt=on).select_related("site"):
        agreement_change_status(
            agreement=agreement,
            status=S.EXPIRED,
            user=user,
            source=source,
            comment=_("End date passed."),
            on=on,
        )
        expired.append(agreement)
    return expired
