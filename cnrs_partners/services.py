"""Cross-app services: staff accounts and their roles."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regions.models import OfficeMembership, RegionalOffice

from . import roles
from .models import OneTimePassword


@transaction.atomic
def staff_create_or_update(
    *,
    username: str,
    role: str,
    office_codes: list[str] | None = None,
    email: str = "",
    password: str | None = None,
    new_one_time_password: bool = False,
):
    """Create or update a staff account with exactly one role and the given offices.

    A given `password` must pass `AUTH_PASSWORD_VALIDATORS`. Without one, a new account — or any account
    when `new_one_time_password` (a forgotten or expired password) — gets a one-time password: it works
    for `ONE_TIME_PASSWORD_DAYS`, only to choose the account's own (`OneTimePassword`).

    Returns `(user, created, password)`; `password` is the new one-time password, else None. Editors need
    at least one office: their scope would otherwise be empty.
    """
    if role not in roles.GROUP_NAMES:
        raise ValidationError(_("Unknown role “%(role)s”.") % {"role": role})
    codes = [code.upper() for code in office_codes or []]
    offices = list(RegionalOffice.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {office.code for office in offices})
    if unknown:
        raise ValidationError(_("Unknown regional office(s): %(codes)s.") % {"codes": ", ".join(unknown)})
    if role == roles.EDITOR and not offices:
        raise ValidationError(_("A regional editor needs at least one office (--office DR04)."))

    user, created = get_user_model().objects.get_or_create(username=username)
    user.is_staff = True
    user.is_active = True
    user.is_superuser = role == roles.ADMIN
    if email:
        user.email = email
    new_password = None
    if password:
        validate_password(password, user)
        user.set_password(password)
    elif created or new_one_time_password:
        new_password = secrets.token_urlsafe(12)
        user.set_password(new_password)
    user.save()  # a new password retires the previous one-time password (OneTimePasswordValidator)
    if new_password:
        OneTimePassword.objects.create(user=user)

    user.groups.set([Group.objects.get(name=roles.GROUP_NAMES[role])])
    OfficeMembership.objects.filter(user=user).exclude(office__in=offices).delete()
    for office in offices:
        OfficeMembership.objects.get_or_create(user=user, office=office)
    return user, created, new_password


def staff_role(user) -> str | None:
    """The role key of a staff account, from its group (superusers are national administrators)."""
    if user.is_superuser:
        return roles.ADMIN
    names = {name: key for key, name in roles.GROUP_NAMES.items()}
    for group in user.groups.all():
        if group.name in names:
            return names[group.name]
    return None
