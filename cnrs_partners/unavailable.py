"""A database that cannot be reached, or that refuses writes (a read-only replica, a disk full), answers a
503 page in the site's style and the user's language instead of a 500.

Nothing to reset here: at the end of the request Django closes a connection that errors made unusable
(`close_old_connections` on `request_finished`) and opens a new one at the next request, so the site
recovers by itself once the database is back. A write that failed was inside a transaction (the admin's change form,
every service, every import), so nothing of it is kept; the page says so.
"""

from django.db import InterfaceError, InternalError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import translation

# SQLSTATE of PostgreSQL's "cannot execute … in a read-only transaction".
READ_ONLY_SQLSTATE = "25006"
RETRY_AFTER_SECONDS = 30


def is_database_unavailable(error: BaseException) -> bool:
    """True for a database that is down, unreachable or read-only (not for a bug in a query)."""
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    return isinstance(error, InternalError) and getattr(error.__cause__, "sqlstate", "") == READ_ONLY_SQLSTATE


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        # Rendered without the request: its context processors would ask the database again. In the request's
        # language: the view may have been interrupted inside another language's override.
        with translation.override(getattr(request, "LANGUAGE_CODE", None)):
            content = loader.render_to_string(
                "503.html", {"write": request.method not in ("GET", "HEAD", "OPTIONS")}
            )
        response = HttpResponse(content, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
