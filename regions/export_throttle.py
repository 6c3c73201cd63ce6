"""Downloads held per client address, so that a few clients cannot starve the site (issue 10).

Every export — the directory's CSV and JSON, the review dashboard's CSV and XLSX, the back-office lists'
CSV and XLSX — goes through `throttled_export` (a view decorator) or `throttle_export` (for the admin's
export method). Per client address, at most `EXPORT_CONCURRENT_PER_ADDRESS` downloads at once and
`EXPORTS_PER_MINUTE_PER_ADDRESS` started per minute; over either, a 429 page with `Retry-After`.

The address is the one django-axes counts failed logins against (`AXES_CLIENT_IP_CALLABLE`:
`TRUSTED_PROXY_COUNT` reverse proxies read from the right of X-Forwarded-For), read through axes so that
this module stays below the project package. The counts live in the default cache, shared by every process
with Redis (`REDIS_URL`), per process otherwise.

A download's slot is taken before the view runs and given back when its response is sent: at once for a
response built in memory, at the end of the stream (or when the server closes it, the client gone) for a
streamed one. The count of downloads under way expires `SLOT_SECONDS` after it was last touched, and a
stream touches it as it goes: a worker killed mid-stream cannot hold its slot for longer. If the cache is
down, downloads are let through (logged): the throttle must not take exports down with it.
"""

import functools
import logging
import time
from collections.abc import Callable, Iterable, Iterator

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

logger = logging.getLogger(__name__)

# How long a count of downloads under way outlives its last touch; a stream touches it a few times as long.
SLOT_SECONDS = 60
# When to try again after the limit of downloads at once: about the time one full export takes.
BUSY_RETRY_SECONDS = 5


def _under_way_key(address: str) -> str:
    return f"export-throttle:under-way:{address}"


def _started_key(address: str, minute: int) -> str:
    return f"export-throttle:started:{address}:{minute}"


def _count(key: str, timeout: int) -> int:
    """Adds one to the count at `key` (created with `timeout`) and returns it."""
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def _uncount(key: str) -> None:
    try:
        cache.decr(key)
    except ValueError:  # expired meanwhile: nothing left to give back
        pass


def take_slot(address: str) -> int:
    """Counts one download by `address`; 0 when it may start, else the seconds to wait (nothing counted)."""
    at_once = settings.EXPORT_CONCURRENT_PER_ADDRESS
    per_minute = settings.EXPORTS_PER_MINUTE_PER_ADDRESS
    if at_once:
        if _count(_under_way_key(address), SLOT_SECONDS) > at_once:
            _uncount(_under_way_key(address))
            return BUSY_RETRY_SECONDS
        cache.touch(_under_way_key(address), SLOT_SECONDS)
    now = time.time()
    minute = int(now // 60)
    if per_minute and _count(_started_key(address, minute), 120) > per_minute:
        _uncount(_started_key(address, minute))
        give_back_slot(address)
        return max(1, int(60 * (minute + 1) - now) + 1)
    return 0


def give_back_slot(address: str) -> None:
    if settings.EXPORT_CONCURRENT_PER_ADDRESS:
        try:
            _uncount(_under_way_key(address))
        except Exception:
            logger.warning("An export's slot could not be given back to the cache.", exc_info=True)


class _HeldWhileSent:
    """A streamed response's pieces, holding the address's slot until they are sent or the server closes
    the response (Django registers `close` with the response, which WSGI servers always close)."""

    def __init__(self, pieces: Iterable, address: str) -> None:
        self.pieces = pieces
        self.address = address
        self.held = True

    def __iter__(self) -> Iterator:
        touched = time.monotonic()
        try:
            for piece in self.pieces:
                if time.monotonic() - touched > SLOT_SECONDS / 3:
                    touched = time.monotonic()
                    cache.touch(_under_way_key(self.address), SLOT_SECONDS)
                yield piece
        finally:
            self.close()

    def close(self) -> None:
        if self.held:
            self.held = False
            give_back_slot(self.address)


def too_many_exports(request: HttpRequest, wait: int) -> HttpResponseBase:
    """The page saying that this address downloads too much at the moment, and when to try again."""
    response = render(request, "429.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


def throttle_export(request: HttpRequest, respond: Callable[[], HttpResponseBase]) -> HttpResponseBase:
    """`respond()` within the export limits of the request's client address, or a 429 page."""
    address = get_client_ip_address(request) or "unknown"
    try:
        wait = take_slot(address)
    except Exception:
        logger.warning(
            "The export limits could not be read from the cache: download let through.", exc_info=True
        )
        return respond()
    if wait:
        return too_many_exports(request, wait)
    try:
        response = respond()
    except BaseException:
        give_back_slot(address)
        raise
    if response.streaming:
        response.streaming_content = _HeldWhileSent(response.streaming_content, address)  # type: ignore[attr-defined]
    else:
        give_back_slot(address)
    return response


def throttled_export(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Decorator of an export view: `throttle_export` around it."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        return throttle_export(request, functools.partial(view, request, *args, **kwargs))

    return wrapped
