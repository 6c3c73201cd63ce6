"""The one place where every request's input is read before any view: hostile input gets a 400, never a 500.

A query value or form value that no page can use is refused here, once, rather than by each page, list
filter and admin form that would otherwise trip on it:

- a NUL byte (in the path too): PostgreSQL refuses it in any text it is sent, so any filter or form that
  reached the database with one failed there;
- bytes that are not UTF-8: Django would silently read them as "�", a value nobody typed;
- a value longer than any field or search box takes (`MAX_QUERY_VALUE` in the address, `MAX_FORM_VALUE` in a
  posted form);
- a whole number out of the databases' 64-bit range: SQLite cannot even be asked about it.

Numbers in range but out of a field's range (a year 9999 in the admin's date drill-down, a page -1) are each
page's business: the shared bases (`regions.backoffice`) answer them with a corrected page. Uploaded files
are not read here: the RNSR import reads its file itself (`labs.rnsr.reader`).

The refusal is Django's own 400 (`BadRequest`), which renders templates/400.html in the page's language.
"""

import re
from collections.abc import Iterator
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest
from django.http import HttpRequest

MAX_QUERY_VALUE = 2_000
MAX_FORM_VALUE = 100_000
LARGEST_INTEGER = 2**63 - 1
# What int() reads as a whole number (Django's integer fields read their input with it).
_INTEGER = re.compile(r"\s*[+-]?\d+\s*")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class UnreadableInput(BadRequest):
    pass


def check_value(value: str, *, max_length: int) -> None:
    """Raises `UnreadableInput` when no page can use `value` (see the module docstring)."""
    if "\x00" in value:
        raise UnreadableInput("NUL byte in a value")
    if len(value) > max_length:
        raise UnreadableInput(f"value longer than {max_length} characters")
    if len(value) > 18 and _INTEGER.fullmatch(value) and abs(int(value)) > LARGEST_INTEGER:
        raise UnreadableInput("whole number out of range")


def _decoded_pairs(data: bytes) -> Iterator[str]:
    """The names and values of URL-encoded `data`, read as Django reads them but strictly as UTF-8."""
    for field in data.split(b"&"):
        for part in field.split(b"=", 1):
            try:
                yield unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                raise UnreadableInput("value not in UTF-8") from None


def check_encoded(data: bytes, *, max_length: int) -> None:
    """Checks every name and value of URL-encoded `data` (a query string, a form body)."""
    for text in _decoded_pairs(data):
        check_value(text, max_length=max_length)


def _query_bytes(request: HttpRequest) -> bytes:
    query = request.META.get("QUERY_STRING", "")
    try:
        # WSGI hands the query string over as latin-1 text: its bytes, as sent.
        return query.encode("latin-1")
    except UnicodeEncodeError:  # ASGI decodes it as UTF-8
        return query.encode("utf-8")


def check_request(request: HttpRequest) -> None:
    if "\x00" in request.path_info:
        raise UnreadableInput("NUL byte in the path")
    check_encoded(_query_bytes(request), max_length=MAX_QUERY_VALUE)
    if request.method not in ("POST", "PUT", "PATCH") or request.content_type not in FORM_TYPES:
        return
    if request.content_type == "multipart/form-data":
        # Django reads the parts itself (files are left to the views that take them).
        for name, values in request.POST.lists():
            check_value(name, max_length=MAX_FORM_VALUE)
            for value in values:
                check_value(value, max_length=MAX_FORM_VALUE)
    else:
        check_encoded(request.body, max_length=MAX_FORM_VALUE)


class InputGuardMiddleware:
    """Refuses with a 400 any request carrying input no page can use (see the module docstring).

    Placed right after `LocaleMiddleware`, so that the refusal speaks the page's language, and before
    every middleware or view that reads a value.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check_request(request)
        return self.get_response(request)
