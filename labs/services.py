"""Writes on labs and partners that carry rules: every path (admin, import, commands) goes through these.

HackSoft style: keyword-only arguments, `<entity>_<action>` names, one transaction each, `full_clean()`
before `save()`, and the audit trail written here with the user and source the caller passes.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from regions.audit import audited_delete, audited_save
from regions.models import Department
from regions.places import office_for, resolve_place
from regions.scope import can_edit, editable_office_ids, is_national_admin

from .models import Lab, Partner, Supervision, SupervisionKind

# Who a partner is: only national administrators change these (regional editors keep contact data).
PARTNER_IDENTITY_FIELDS = ("name", "name_fr", "name_en", "acronym", "slug", "kind", "uai", "siret", "ror")


@dataclass(frozen=True)
class SupervisionInput:
    """One supervising or participating institution of a lab, as a form or a file gives it."""

    partner: Partner
    kind: str = SupervisionKind.SUPERVISOR
    unit_code: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


@dataclass
class SupervisionChanges:
    """What `lab_set_supervisions` wrote: the rows created, changed (with their fields) and deleted."""

    created: list[Supervision] = field(default_factory=list)
    changed: list[tuple[Supervision, list[str]]] = field(default_factory=list)
    deleted: list[Supervision] = field(default_factory=list)


def lab_supervision_errors(*, lab: Lab, supervisions: Sequence[SupervisionInput]) -> list[str | Promise]:
    """Why these institutions break the rules of the lab's unit type (UMR: the CNRS and another one;
    UPR: the CNRS alone); empty when they do not. Forms call it to show the message next to the fields."""
    supervisors = [item.partner for item in supervisions if item.kind == SupervisionKind.SUPERVISOR]
    return lab.supervisor_errors(supervisors)


@transaction.atomic
def lab_set_supervisions(
    *, lab: Lab, supervisions: Sequence[SupervisionInput], user, source: str
) -> SupervisionChanges:
    """Make `supervisions` the lab's institutions: create, update and delete rows so that they match.

    Refused (ValidationError) when the set breaks the unit-type rule or a row is invalid, and
    (PermissionDenied) when `user` may not edit the lab; nothing is written then. Rows are matched by
    partner; each write leaves a history row with `user` and `source`.
    """
    if user is not None and not can_edit(user, lab):
        raise PermissionDenied
    partners = [item.partner.pk for item in supervisions]
    if len(set(partners)) != len(partners):
        raise ValidationError(_("This partner is already linked to this lab."))
    errors = lab_supervision_errors(lab=lab, supervisions=supervisions)
    if errors:
        raise ValidationError(errors)
    existing = {row.partner_id: row for row in lab.supervisions.select_for_update()}
    changes = SupervisionChanges()
    for item in supervisions:
        row = existing.pop(item.partner.pk, None)
        values = {"kind": item.kind, "unit_code": item.unit_code, "since": item.since, "until": item.until}
        if row is None:
            row = Supervision(lab=lab, partner=item.partner, **values)
            row.full_clean()
            audited_save(row, user=user, source=source)
            changes.created.append(row)
            continue
        names = [name for name, value in values.items() if getattr(row, name) != value]
        if not names:
            continue
        for name in names:
            setattr(row, name, values[name])
        row.full_clean()
        audited_save(row, user=user, source=source)
        changes.changed.append((row, names))
    for row in existing.values():
        audited_delete(row, user=user, source=source)
        changes.deleted.append(row)
    return changes


@transaction.atomic
def partner_update(*, partner: Partner, values: dict, user, source: str) -> list[str]:
    """Save `partner` with `values` and return the names of the fields that changed in the database.

    Who a partner is (name, acronym, slug, kind, UAI, SIREN/SIRET, ROR) is changed by national
    administrators only (PermissionDenied otherwise); regional editors keep its contact data up to date.
    The identifiers are validated with their checksums and uniqueness (`full_clean`) before anything is
    written. `partner` may already hold the new values (a bound form's instance): the comparison is made
    with the stored row, and the save keeps the version `partner` was loaded at (optimistic lock).
    """
    if user is not None and not can_edit(user, partner):
        raise PermissionDenied
    stored = Partner.objects.filter(pk=partner.pk).first() if partner.pk is not None else None
    for name, value in values.items():
        setattr(partner, name, value)
    if stored is None:
        changed = list(values)
    else:
        changed = [name for name in values if getattr(stored, name) != getattr(partner, name)]
        identity = [name for name in changed if name in PARTNER_IDENTITY_FIELDS]
        if identity and (user is None or not is_national_admin(user)):
            raise PermissionDenied(_("Only national administrators change a partner's name or identifiers."))
    partner.full_clean()
    audited_save(partner, user=user, source=source)
    return changed


def lab_apply_place(*, lab: Lab, user, office_chosen: bool) -> str:
    """Read the lab's postal code and city as the RNSR import does (`regions.places`): the city takes the
    commune's official name, the country is set when known, and — unless staff chose the office in the same
    edit (`office_chosen`) — the office follows the département. Flags the lab when a person should check,
    and returns why ("" when nothing to check). Changes `lab` in memory; the caller saves it.

    An office outside `user`'s own is never set: the lab stays where it is, flagged, so that the office the
    postal code points to takes it over.
    """
    place = resolve_place(lab.postal_code, lab.city)
    if place.city:
        lab.city = place.city[: Lab._meta.get_field("city").max_length]
    if place.country:
        lab.country = place.country
    if office_chosen:
        return ""
    departments = Department.objects.select_related("default_office").filter(code=place.department)
    office_id, reason = office_for(place, {department.code: department for department in departments})
    if office_id is not None and office_id != lab.regional_office_id:
        allowed = editable_office_ids(user) if user is not None else None
        if allowed is None or office_id in allowed:
            lab.regional_office_id = office_id
        else:
            reason = _(
                "The postal code points to another regional office's territory (%(department)s): the lab stays "
                "in its office until that office takes it over."
            ) % {"department": place.department}
    if reason:
        lab.needs_review = True
        lab.review_reason = str(reason)[: Lab._meta.get_field("review_reason").max_length]
    return str(reason)
