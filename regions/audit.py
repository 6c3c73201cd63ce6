"""Where a change comes from, written on every history row (`history_source`).

Every write path says what it is with `audit_source("import")` (or "admin", "command"…); the receiver
below copies it onto each historical record django-simple-history creates. Bulk writes, which bypass the
signal, pass `custom_historical_attrs=source_attrs()` to simple_history's bulk helpers.
"""

import contextlib
import contextvars

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

ADMIN = "admin"
IMPORT = "import"
COMMAND = "command"
WEB = "web"

_source: contextvars.ContextVar[str] = contextvars.ContextVar("history_source", default="")


@contextlib.contextmanager
def audit_source(source: str):
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)


def current_source() -> str:
    return _source.get()


def source_attrs() -> dict:
    return {"history_source": current_source()}


@receiver(pre_create_historical_record)
def _stamp_source(sender, history_instance, **kwargs):
    if not history_instance.history_source:
        history_instance.history_source = current_source()
