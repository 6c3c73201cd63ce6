"""Writes of the coordinators' review notes (the services of `ReviewNote`).

Kept apart from `services.py`, which holds the agreements' workflow; the same style: keyword-only, one
transaction, `full_clean()` before the audited save.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from regions.audit import audited_save
from regions.scope import has_model_permission, may_view_model

from .models import ReviewNote, Site


def may_read_reviews(user) -> bool:
    """Whether `user`'s role opens the review pages (/review/): a role that reads sites (coordinators,
    national administrators, viewers, regional editors). Which sites it then reads is `review_sites`."""
    return may_view_model(user, Site)


def may_record_review(user) -> bool:
    """Whether `user`'s role records review notes (coordinators and national administrators)."""
    return has_model_permission(user, ReviewNote, "add")


@transaction.atomic
def review_note_create(
    *,
    site: Site,
    user,
    decision: str,
    reviewed_on: datetime.date,
    comment: str = "",
    follow_up_on: datetime.date | None = None,
    source: str,
) -> ReviewNote:
    """Record a dated review of `site` by `user`, in the audit trail with `source`.

    Refused with PermissionDenied when `user`'s role does not record reviews, and with a ValidationError
    when the follow-up is before the review or a value is invalid.
    """
    if not may_record_review(user):
        raise PermissionDenied
    note = ReviewNote(
        site=site,
        author=user,
        decision=decision,
        reviewed_on=reviewed_on,
        comment=comment,
        follow_up_on=follow_up_on,
    )
    note.full_clean()
    audited_save(note, user=user, source=source)
    return note
