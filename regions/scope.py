"""Which regional offices a staff member may see and edit: the one place every back-office path asks.

Roles are Django groups with model permissions (what kinds of records one may view, add, change, delete);
the *scope* says which rows. A record of a regional model (lab, supervision, succession, office service)
belongs to one office, reached from the model by its admin's `office_path` ("lab__regional_office").

- Editing: national administrators (superusers) edit every office's records; everyone else only those of
  the offices they are members of (`OfficeMembership`).
- Seeing: staff with the `regions.view_every_office` permission (national administrators, coordinators,
  viewers) see every office's records; the others (regional editors) see those of their offices only.
  National records (partners, institutes, sites, agreements…) are seen by every staff member.
"""

from django.db.models import QuerySet

from .models import OfficeMembership

VIEW_EVERY_OFFICE = "regions.view_every_office"


def is_national_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def editable_office_ids(user) -> set[int] | None:
    """Ids of the offices whose records `user` may edit; None means every office."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    cache = getattr(user, "_editable_office_ids", None)
    if cache is None:
        cache = set(OfficeMembership.objects.filter(user=user).values_list("office_id", flat=True))
        user._editable_office_ids = cache
    return cache


def visible_office_ids(user) -> set[int] | None:
    """Ids of the offices whose regional records `user` sees in the back-office; None means every office."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser or user.has_perm(VIEW_EVERY_OFFICE):
        return None
    return editable_office_ids(user)


def can_edit_office(user, office_id: int | None) -> bool:
    """True when `user` may edit a record that belongs to office `office_id` (None: no office yet)."""
    offices = editable_office_ids(user)
    if offices is None:
        return True
    return office_id is not None and office_id in offices


def can_see_office(user, office_id: int | None) -> bool:
    offices = visible_office_ids(user)
    if offices is None:
        return True
    return office_id is not None and office_id in offices


def restrict_to_visible(queryset: QuerySet, user, office_path: str | None) -> QuerySet:
    """`queryset` restricted to the rows whose office `user` sees (unchanged for national records)."""
    offices = visible_office_ids(user)
    if office_path is None or offices is None:
        return queryset
    return queryset.filter(**{f"{office_path}__in": offices})


def office_id_of(obj, office_path: str | None) -> int | None:
    """The id of the office `obj` belongs to, following `office_path` ("lab__regional_office", "pk")."""
    if office_path is None or obj is None:
        return None
    *through, last = office_path.split("__")
    for name in through:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    if last == "pk":
        return obj.pk
    return getattr(obj, obj._meta.get_field(last).attname)
