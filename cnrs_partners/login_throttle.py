"""Login throttling with django-axes: two limits, the client's address, and the lockout page.

django-axes compares one count of recent failures with one limit (`AXES_FAILURE_LIMIT`). We count two
things (settings: `AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]`): the failures of
one username from one address, held to `AXES_FAILURE_LIMIT`, and all the failures from one address, held
to the higher `LOGIN_FAILURE_LIMIT_PER_ADDRESS` — one limit for both would lock a whole office behind one
shared address after a few colleagues' typos. A username is never locked from every address: a stranger
could then lock anyone out.
"""

import ipaddress
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler (the same on SQLite and PostgreSQL) with a limit per address of its own."""

    def get_failures(self, request, credentials=None) -> int:
        by_pair, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            # Axes knows one limit: an address over its own reads as a username at its limit.
            return max(by_pair, get_failure_limit(request, credentials))
        return by_pair


def client_ip_address(request: HttpRequest) -> str | None:
    """The address failures are counted against: the connecting one, or behind `TRUSTED_PROXY_COUNT`
    reverse proxies, the one the outermost proxy saw — counted from the right of X-Forwarded-For, since
    whatever stands further left was written by the client itself."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            try:
                return str(ipaddress.ip_address(forwarded[-count]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The back-office login page, saying why logging in is refused and for how long (HTTP 429)."""
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    minutes = max(1, int(cool_off.total_seconds() // 60))
    context = {
        **admin.site.each_context(request),
        "title": _("Logging in is blocked"),
        "wait": ngettext(
            "Try again in %(minutes)d minute: every new attempt until then starts the wait again.",
            "Try again in %(minutes)d minutes: every new attempt until then starts the wait again.",
            minutes,
        )
        % {"minutes": minutes},
    }
    return render(request, "admin/locked_out.html", context, status=429)
