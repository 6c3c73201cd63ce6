"""Which rows a staff member may see and edit: declared once per model, asked by every path.

Roles are Django groups with model permissions (what kinds of records one may view, add, change, delete);
the *scope* says which rows. Each model declares how one of its rows reaches its regional office, in
`office_path` ("lab__regional_office" for a supervision, "pk" for an office itself, None for national
records such as partners, sites and agreements), and `national_admin_only` for the records only national
administrators handle (office memberships). A record seen by all staff but edited by region (a site
agreement: national in the directory, drafted by the editors of its site's offices) keeps `office_path =
None` and declares `edit_office_path` ("site__regional_offices"; many-to-many paths are fine), read for
editing only. Everything else reads those attributes:

- `Model.objects.visible_to(user)` and `.editable_by(user)`: the rows a user may see, and change or
  delete, as a queryset (NetBox's `restrict(user, action)`), used by the admin, the recent-changes feed,
  the history pages, the exports and the imports;
- `can_view(user, obj)` and `can_edit(user, obj)`: the same answer for a record already loaded, without
  a query, for the admin's per-object permission hooks.

The rules:
- Editing: national administrators (superusers) edit every office's records; everyone else only those of
  the offices they are members of (`OfficeMembership`), and only the kinds of records their role changes.
- Seeing: staff with the `regions.view_every_office` permission (national administrators, coordinators,
  viewers) see every office's records; the others (regional editors) see those of their offices only.
  National records are seen by every staff member whose role views them.
- Records with an `edit_office_path` are seen like national records; they are edited by the staff who see
  every office (coordinators: these records are national to them, as before) and by the others for the
  rows that reach one of their offices, when their role changes that kind of record.
"""

from typing import Any, ClassVar, Self

from django.apps import apps
from django.contrib.auth import get_permission_codename
from django.db import models
from django.db.models.fields.related_descriptors import ManyToManyDescriptor, ReverseManyToOneDescriptor

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
        membership = apps.get_model("regions", "OfficeMembership")
        cache = set(membership.objects.filter(user=user).values_list("office_id", flat=True))
        user._editable_office_ids = cache
    return cache


def visible_office_ids(user) -> set[int] | None:
    """Ids of the offices whose regional records `user` sees in the back-office; None means every office."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser or user.has_perm(VIEW_EVERY_OFFICE):
        return None
    return editable_office_ids(user)


def has_model_permission(user, model: type[models.Model], action: str) -> bool:
    """Whether `user`'s role may `action` ("view", "change", "delete", "add") records of `model`."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(model, "national_admin_only", False) and not user.is_superuser:
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")


def may_view_model(user, model: type[models.Model]) -> bool:
    """Whether `user` may read records of `model`: Django's admin lets a role that changes them view them."""
    return has_model_permission(user, model, "view") or has_model_permission(user, model, "change")


def office_id_of(obj: Any, office_path: str | None) -> int | None:
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


def office_ids_of(obj: Any, path: str) -> set[int]:
    """The ids of every office `obj` reaches through `path`, which may cross many-to-many fields
    ("site__regional_offices"): one query per many-to-many step, none when it was prefetched."""
    objs = [obj]
    *through, last = path.split("__")
    for name in through:
        step = []
        for item in objs:
            if isinstance(getattr(type(item), name, None), ManyToManyDescriptor | ReverseManyToOneDescriptor):
                step.extend(getattr(item, name).all())
            elif (value := getattr(item, name, None)) is not None:
                step.append(value)
        objs = step
    ids = set()
    for item in objs:
        if last == "pk":
            ids.add(item.pk)
        elif isinstance(getattr(type(item), last, None), ManyToManyDescriptor | ReverseManyToOneDescriptor):
            if item.pk is not None:
                ids.update(related.pk for related in getattr(item, last).all())
        elif (value := getattr(item, item._meta.get_field(last).attname)) is not None:
            ids.add(value)
    return ids


def edit_office_ids(user, model: type[models.Model]) -> set[int] | None:
    """Ids of the offices whose rows of `model` `user` may edit; None means every office.

    For a model edited by region but seen nationally (`edit_office_path`), staff who see every office edit
    every row, as they would a national record; everyone else, the rows of their own offices.
    """
    if (
        getattr(model, "edit_office_path", None) is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm(VIEW_EVERY_OFFICE)
    ):
        return None
    return editable_office_ids(user)


def _in(office_id: int | None, offices: set[int] | None) -> bool:
    return offices is None or (office_id is not None and office_id in offices)


def can_edit_office(user, office_id: int | None) -> bool:
    """True when `user` may edit a record that belongs to office `office_id` (None: no office yet)."""
    return _in(office_id, editable_office_ids(user))


def can_see_office(user, office_id: int | None) -> bool:
    return _in(office_id, visible_office_ids(user))


def can_view(user, obj: models.Model) -> bool:
    """`obj in type(obj).objects.visible_to(user)`, answered without a query."""
    model = type(obj)
    if not may_view_model(user, model):
        return False
    path = getattr(model, "office_path", None)
    return path is None or can_see_office(user, office_id_of(obj, path))


def can_edit(user, obj: models.Model) -> bool:
    """`obj in type(obj).objects.editable_by(user)`, answered without a query."""
    model = type(obj)
    if not has_model_permission(user, model, "change"):
        return False
    edit_path = getattr(model, "edit_office_path", None)
    if edit_path is not None:
        offices = edit_office_ids(user, model)
        return offices is None or bool(offices & office_ids_of(obj, edit_path))
    path = getattr(model, "office_path", None)
    return path is None or can_edit_office(user, office_id_of(obj, path))


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows which of its rows a user may see and edit (see the module docstring)."""

    def visible_to(self, user) -> Self:
        """The rows `user` may see in the back-office: none without a role that views this model."""
        if not may_view_model(user, self.model):
            return self.none()
        return self.in_offices(visible_office_ids(user))

    def editable_by(self, user) -> Self:
        """The rows `user` may change or delete: none without a role that changes this model."""
        if not has_model_permission(user, self.model, "change"):
            return self.none()
        edit_path = getattr(self.model, "edit_office_path", None)
        if edit_path is not None:
            offices = edit_office_ids(user, self.model)
            if offices is None:
                return self
            # A subquery rather than a join: a many-to-many path would repeat a row once per office.
            matching = self.model._default_manager.filter(**{f"{edit_path}__in": offices}).values("pk")
            return self.filter(pk__in=matching)
        return self.in_offices(editable_office_ids(user))

    def in_offices(self, offices: set[int] | None) -> Self:
        """The rows that belong to one of `offices` (every row when None, or for a national model)."""
        path = getattr(self.model, "office_path", None)
        if path is None or offices is None:
            return self
        return self.filter(**{f"{path}__in": offices})


class ScopedModel(models.Model):
    """Base of every model staff handle in the back-office: declares how a row reaches its office."""

    office_path: ClassVar[str | None] = None
    # Editing only: the path to the offices whose staff edit a row otherwise seen nationally.
    edit_office_path: ClassVar[str | None] = None
    national_admin_only: ClassVar[bool] = False

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
