"""Anonymous clients' requests to the API, limited per address (DRF's throttle, in the default cache), and its
CSV downloads, held by the exports' limits."""

import functools
import logging

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from cnrs_partners.login_throttle import client_ip_address
from regions.export_throttle import throttle_export

logger = logging.getLogger(__name__)


class AnonymousRateThrottle(AnonRateThrottle):
    """`API_ANONYMOUS_RATE` requests per client address, read as the logins' throttle reads it
        (`TRUSTED_PROXY_COUNT` reverse proxies counted from the right of X-Forwarded-For); over it, 429 with
        `Retry-After`. The rate is read from the settings on each request (DRF's own reads it once, at import). A
    cache that cannot be reached lets requests through (logged), as the exports' throttle does."""

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache is down: the throttle must not take the API down with it
            logger.warning("The API's request counts cannot be read: request let through.", exc_info=True)
            return True

    def get_rate(self) -> str:
        return settings.API_ANONYMOUS_RATE

    def get_ident(self, request) -> str:
        return client_ip_address(request) or ""


def asks_for_csv(request) -> bool:
    return request.GET.get("format") == "csv" or "text/csv" in request.META.get("HTTP_ACCEPT", "")


class ExportThrottleMixin:
    """A CSV answer is a download like the directory's exports: held by the same per-address export limits
    (`regions.export_throttle`), besides the API's own rate."""

    def dispatch(self, request, *args, **kwargs):
        respond = functools.partial(super().dispatch, request, *args, **kwargs)
        return throttle_export(request, respond) if asks_for_csv(request) else respond()
