"""How many error reports one client address may send: `ERROR_REPORTS_PER_HOUR_PER_ADDRESS` per clock
hour, counted in the shared cache (Redis with `REDIS_URL`, per process otherwise).

The address is the one django-axes counts failed logins against (`AXES_CLIENT_IP_CALLABLE`, with
`TRUSTED_PROXY_COUNT`), as for the exports (`regions.export_throttle`). A cache that is down lets reports
through (logged): the honeypot still holds robots, and a report is worth more than its spam.
"""

import logging
import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)

HOUR = 3600


def _key(request: HttpRequest) -> str:
    address = get_client_ip_address(request) or "unknown"
    return f"error-reports:{address}:{int(time.time()) // HOUR}"


def over_limit(request: HttpRequest) -> bool:
    """Whether the client's address has sent its reports for this hour."""
    limit = settings.ERROR_REPORTS_PER_HOUR_PER_ADDRESS
    if not limit:
        return False
    try:
        return (cache.get(_key(request)) or 0) >= limit
    except Exception:
        logger.warning("The error reports' limit could not be read from the cache.", exc_info=True)
        return False


def count_report(request: HttpRequest) -> None:
    """Counts one report (saved, or caught by the honeypot) against the client's address."""
    if not settings.ERROR_REPORTS_PER_HOUR_PER_ADDRESS:
        return
    key = _key(request)
    try:
        cache.add(key, 0, HOUR)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, HOUR)
    except Exception:
        logger.warning("An error report could not be counted in the cache.", exc_info=True)
