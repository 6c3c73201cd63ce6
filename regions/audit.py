"""Where a change comes from, written on every history row, and the audited writes.

Every write path says what it is with `audit_source("import")` (or "admin", "command"…); the receiver
below copies it onto each historical record django-simple-history creates (`history_source`). A write that
names no source is stamped "web" when it happens during a request and "command" otherwise (management
commands, shell), so that no history row is left without an origin.

A change no person made has no `history_user`: its row names what made it instead, in simple_history's
`history_change_reason`. Management commands derive from `AuditedCommand`, which names the command
(`agreements_due`); an import names its file (`audit_source(IMPORT, detail="fr-esr-….csv")`), a back-office
list's spreadsheet import after a mark that tells it from the RNSR import's (`spreadsheet_detail`). A nested
`audit_source` of the same kind without a detail keeps the outer one, so the services a command calls with
`source=COMMAND` still name the command. On command and import rows the change reason is always that name
(a service's comment on such a write stays in its own log, e.g. the agreement's status changes);
`source_label()` reads the two back as staff read them ("command agreements_due", "RNSR import (file …)",
"spreadsheet import (file …)").

Bulk writes, which bypass the signals, pass `**bulk_history_kwargs()` to simple_history's bulk helpers and
tell the public pages' cache (`regions.freshness.public_data_changed`) — or use `audited_update()`.
"""

import contextlib
import contextvars

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F
from django.db.models.expressions import CombinedExpression
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record
from simple_history.utils import bulk_update_with_history

from .freshness import public_data_changed

ADMIN = "admin"
IMPORT = "import"
COMMAND = "command"
WEB = "web"
# Sources whose rows name what made them (the command, the imported file) in the change reason.
NAMED_SOURCES = frozenset({IMPORT, COMMAND})
# The command that writes the demo data: its rows read "demo data".
DEMO_DATA = "seed_demo"
# Before the file's name in the detail of a spreadsheet import (a back-office list's), not the RNSR's.
SPREADSHEET = "spreadsheet:"

SOURCE_LABELS = {ADMIN: _("back-office"), IMPORT: _("import"), COMMAND: _("command"), WEB: _("web")}

# (source, detail): the innermost `audit_source`.
_origin: contextvars.ContextVar[tuple[str, str]] = contextvars.ContextVar("history_origin", default=("", ""))


@contextlib.contextmanager
def audit_source(source: str, detail: str = ""):
    """Writes inside are stamped `source`; `detail` names the command or the file (see the docstring)."""
    outer_source, outer_detail = _origin.get()
    if not detail and source == outer_source:
        detail = outer_detail
    token = _origin.set((source, detail))
    try:
        yield
    finally:
        _origin.reset(token)


def current_source() -> str:
    """The source set by the innermost `audit_source`, else "web" in a request, else "command"."""
    source = _origin.get()[0]
    if source:
        return source
    return WEB if getattr(HistoricalRecords.context, "request", None) is not None else COMMAND


def _change_reason(source: str) -> str:
    """What a row of `source` written now names as its origin: the command or file, for those sources."""
    current, detail = _origin.get()
    return detail[:100] if source in NAMED_SOURCES and source == current else ""


def spreadsheet_detail(file_name: str) -> str:
    """The detail a spreadsheet import of `file_name` records (see `source_label`)."""
    return SPREADSHEET + file_name.replace("\\", "/").rsplit("/", 1)[-1]


def source_label(source: str, detail: str = "") -> str:
    """How a history source is shown to staff: "back-office", "command agreements_due", "demo data"…

    `detail` is the row's change reason, read only for the sources that keep their origin there.
    """
    if source == COMMAND and detail == DEMO_DATA:
        return gettext("demo data")
    if source == COMMAND and detail:
        return gettext("command %(name)s") % {"name": detail}
    if source == IMPORT and detail.startswith(SPREADSHEET):
        return gettext("spreadsheet import (file %(file)s)") % {"file": detail.removeprefix(SPREADSHEET)}
    if source == IMPORT:
        return gettext("RNSR import (file %(file)s)") % {"file": detail} if detail else gettext("RNSR import")
    return str(SOURCE_LABELS.get(source, source or "—"))


def source_kind_label(source: str, detail: str = "") -> str:
    """Where a change was made, without naming the command or the file: "back-office", "import"…"""
    if source == IMPORT and detail.startswith(SPREADSHEET):
        return gettext("spreadsheet import")
    return source_label(source)


def bulk_history_kwargs() -> dict:
    """The arguments simple_history's bulk helpers need to write the rows `save()` would: the source and,
    for a command or an import, what made it."""
    source = current_source()
    return {
        "custom_historical_attrs": {"history_source": source},
        "default_change_reason": _change_reason(source),
    }


class AuditedCommand(BaseCommand):
    """A management command whose writes name it in the history ("command agreements_due")."""

    def execute(self, *args, **options):
        # Django names a command after its module: labs/management/commands/import_rnsr.py → import_rnsr.
        with audit_source(COMMAND, detail=type(self).__module__.rpartition(".")[2]):
            return super().execute(*args, **options)


def current_user():
    """The user of the request being served (simple_history's middleware keeps it), or None."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@receiver(pre_create_historical_record)
def _stamp_source(sender, history_instance, **kwargs):
    if not history_instance.history_source:
        history_instance.history_source = current_source()
    if history_instance.history_source in NAMED_SOURCES:
        history_instance.history_change_reason = _change_reason(history_instance.history_source)


def audited_save(instance, *, user, source: str, reason: str = "") -> None:
    """Save `instance` with a history row that names `user`, `source` and, optionally, why (`reason`; on a
    command's or an import's row, the command or file takes its place: see the module docstring).

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
            **bulk_history_kwargs(),
        )
        public_data_changed()  # a bulk update sends no signals
    return len(changed)


def increment_version() -> CombinedExpression:
    """The expression bulk writers put in `QuerySet.update(version=increment_version())`."""
    return F("version") + 1
