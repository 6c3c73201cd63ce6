"""ETag and Last-Modified of the API's answers, from the version of the public data (`regions.freshness`),
which every write bumps on every server: a conditional GET answers 304 while nothing public has changed.

The ETag holds the version, the day (what is in force changes at midnight), the address with its query, the
language and the formats asked for. The version carries no date: the time it was first seen here stands
for it (kept in the shared cache beside it), never earlier than the write, nor than midnight. When the cache
cannot be reached, answers go without validators rather than fail.
"""

import datetime
import hashlib
import logging

from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from regions.freshness import public_version

logger = logging.getLogger(__name__)

# How long the time a version was first seen is kept: each write makes a new version, so the keys of old ones
# must expire. Past it, an unchanged version is "seen" anew: a later Last-Modified, never a wrong 304.
SEEN_AT_SECONDS = 7 * 24 * 3600


def _seen_at(version: int) -> float:
    key = f"api:version-seen-at:{version}"
    cache.add(key, timezone.now().timestamp(), timeout=SEEN_AT_SECONDS)
    return cache.get(key) or timezone.now().timestamp()


def validators(request) -> tuple[str, int]:
    """The ETag and the Last-Modified time (a timestamp, whole seconds) of the answer to `request`."""
    version = public_version()
    today = timezone.localdate()
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    accept = request.META.get("HTTP_ACCEPT", "")
    text = f"{version}|{today.isoformat()}|{get_language()}|{request.get_full_path()}|{accept}"
    etag = quote_etag(hashlib.sha256(text.encode()).hexdigest()[:32])
    return etag, int(max(_seen_at(version), midnight.timestamp()))


class ConditionalMixin:
    """A view whose GET answers 304 to a client that holds the current answer (If-None-Match, or
    If-Modified-Since without it), and whose 200 answers carry their ETag and Last-Modified."""

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        try:
            etag, last_modified = validators(request)
        except Exception:  # the cache is down: answer without validators
            logger.warning("The public data's version cannot be read: no ETag.", exc_info=True)
            return super().dispatch(request, *args, **kwargs)
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code != 200:
                return response
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_vary_headers(response, ("Accept", "Accept-Language"))
        return response
