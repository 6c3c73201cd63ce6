"""Where a change comes from, written on every history row (`history_source`), and the audited writes.

Every write path says what it is with `audit_source("import")` (or "admin", "command"…); the receiver
below copies it onto each historical record django-simple-history creates. A write that names no source
is stamped "web" when it happens during a request and "command" otherwise (management commands, shell),
so that no history row is left without an origin. Bulk writes, which bypass the signals, pass
`custom_historical_attrs=source_attrs()` to simple_history's bulk helpers — or use `audited_update()`.
"""

import contextlib
import contextvars

from django.db import transaction
from django.db.models import F
from django.db.models.expressions import CombinedExpression
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record
from simple_history.utils import bulk_update_with_history

ADMIN = "admin"
IMPORT = "import"
COMMAND = "command"
WEB = "web"

SOURCE_LABELS = {ADMIN: _("back-office"), IMPORT: _("import"), COMMAND: _("command"), WEB: _("web")}

_source: contextvars.ContextVar[str] = contextvars.ContextVar("history_source", default="")


@contextlib.contextmanager
def audit_source(source: str):
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)


def current_source() -> str:
    """The source set by the innermost `audit_source`, else "web" in a request, else "command"."""
    source = _source.get()
    if source:
        return source
    return WEB if getattr(HistoricalRecords.context, "request", None) is not None else COMMAND


def source_label(source: str) -> str:
    """How a history source is shown to staff ("back-office", "import"…)."""
    return str(SOURCE_LABELS.get(source, source or "—"))


def source_attrs() -> dict:
    return {"history_source": current_source()}


def current_user():
    """The user of the request being served (simple_history's middleware keeps it), or None."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@receiver(pre_create_historical_record)
def _stamp_source(sender, history_instance, **kwargs):
    if not history_instance.history_source:
        history_instance.history_source = current_source()


def audited_save(instance, *, user, source: str, reason: str = "") -> None:
    """Save `instance` with a history row that names `user`, `source` and, optionally, why (`reason`).

    The one place a service hands simple_history what it knows, instead of letting it guess from the
    request: `_history_user` and `_change_reason` are simple_history's documented per-instance hooks.
    """
    instance._history_user = user if user is not None and user.is_authenticated else None
    if reason:
        instance._change_reason = reason[:100]
    try:
        with audit_source(source):
            instance.save()
    finally:
        del instance._history_user
        if reason:
            del instance._change_reason


def audited_delete(instance, *, user, source: str) -> None:
    """Delete `instance`, its history row naming `user` and `source` (see `audited_save`)."""
    instance._history_user = user if user is not None and user.is_authenticated else None
    with audit_source(source):
        instance.delete()


def record_history(instance, history_type: str = "~") -> None:
    """Write one history row for `instance` now, with its many-to-many values as they are now.

    Used by the admin, which saves a record without history (`skip_history_when_saving`), then its
    many-to-many fields and inlines, then writes a single row: one change, one row, with the M2M diff.
    """
    instance._audited_history.create_historical_record(instance, history_type)


@transaction.atomic
def audited_update(queryset, **values) -> int:
    """`queryset.update(**values)` that keeps the audit trail and the optimistic lock.

    Each row gets its version incremented and one history row (user of the request, current source);
    returns the number of rows changed. Rows already holding the values are left alone.
    """
    model = queryset.model
    # Locked rows of the same selection, without the caller's joins and annotations (FOR UPDATE refuses them).
    objects = list(model._default_manager.filter(pk__in=queryset.values("pk")).select_for_update())
    fields = [*values, "version"]
    stamp = hasattr(model, "updated_at")
    if stamp:
        fields.append("updated_at")
    now = timezone.now()
    changed = []
    for obj in objects:
        if all(getattr(obj, field) == value for field, value in values.items()):
            continue
        for field, value in values.items():
            setattr(obj, field, value)
        obj.version += 1
        if stamp:
            obj.updated_at = now
        changed.append(obj)
    if changed:
        bulk_update_with_history(
            changed,
            model,
            fields,
            default_user=current_user(),
            custom_historical_attrs=source_attrs(),
        )
    return len(changed)


def increment_version() -> CombinedExpression:
    """The expression bulk writers put in `QuerySet.update(version=increment_version())`."""
    return F("version") + 1
