"""The version of what the public pages show, for the pages kept in the shared cache.

A cached page's key holds the version (`public_version`); every write that may change a page bumps it
(`public_data_changed`), so that the next visitor gets a fresh page from every server: the version is one
key in the shared cache (Redis), not a value in one process. Saves, deletions and many-to-many changes of
every scoped model (labs, partners, sites, agreements, offices…) bump it through signals; bulk
writers, which send no signals, call `public_data_changed()` themselves (`regions.audit.audited_update`, the
RNSR import's `labs.rnsr.writer`, the demo data).

A write bumps the version when its transaction commits: until then other requests read the data as it
was. A cache that cannot be reached neither stops a write nor serves a page (`cnrs_partners.page_cache`).
"""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .scope import ScopedModel

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
T = TypeVar("T")


def _new_version() -> int:
    # Nanoseconds: never a value an earlier version key (evicted, or lost with the cache) reached by
    # increments, so that no page cached under it can come back.
    return time.time_ns()


def public_version() -> int:
    """The current version of the public data (created when the cache holds none)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def kept_while_unchanged(key: str, build: Callable[[], T], *, seconds: int, what: str) -> T:
    """`build()`, kept in the shared cache under `key` and the current public version: computed once per
    version of the public data (every write bumps it) rather than per request. A cache that cannot be
    reached only costs the computation (logged): `what` names it in the log."""
    try:
        versioned = f"{key}:{public_version()}"
        value = cache.get(versioned)
    except Exception:
        logger.warning("%s could not be read from the cache.", what, exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(versioned, value, seconds)
        except Exception:
            logger.warning("%s could not be kept in the cache.", what, exc_info=True)
    return value


def _bump() -> None:
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet, or evicted
            cache.set(VERSION_KEY, _new_version(), timeout=None)
    except Exception:  # the cache is down: nothing is served from it either
        logger.warning("The public pages' version could not be bumped in the cache.", exc_info=True)


def public_data_changed() -> None:
    """Every cached public page is out of date once the current transaction commits (at once outside one).

    Until then other requests read the data as it was, which is still true: a page cached meanwhile under
    the old version is left behind by the bump.
    """
    transaction.on_commit(_bump)


def _record_written(sender, **kwargs) -> None:
    public_data_changed()


def _relation_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        public_data_changed()


def connect_signals() -> None:
    """Bumps the version on every save and deletion of a scoped model and every change of one's
    many-to-many relations (RegionsConfig.ready, once the models are loaded). Connected per model: a
    receiver of every model's deletions would cost the others their fast bulk deletes."""
    for model in apps.get_models():
        # A model that declares `shown_on_public_pages = False` (the public's error reports) changes no page.
        if not issubclass(model, ScopedModel) or not getattr(model, "shown_on_public_pages", True):
            continue
        post_save.connect(_record_written, sender=model)
        post_delete.connect(_record_written, sender=model)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_relation_changed, sender=field.remote_field.through)
