"""Which regional offices a staff member may edit: the one place every back-office path asks.

National administrators (superusers) and coordinators read everything; the offices a user may *edit*
records of are their `OfficeMembership` rows, or all of them for national administrators.
"""

from .models import OfficeMembership


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


def can_edit_office(user, office_id: int | None) -> bool:
    """True when `user` may edit a record that belongs to office `office_id` (None: no office yet)."""
    offices = editable_office_ids(user)
    if offices is None:
        return True
    return office_id is not None and office_id in offices
