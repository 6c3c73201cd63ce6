"""Cursor pagination on each list's stable code: a page's address stays right while records are added."""

from django.core.exceptions import ValidationError
from django.db import models
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

BIGGEST_ID = 2**63 - 1


class CodeCursorPagination(CursorPagination):
    """`page_size` results a page (50 by default, at most 200), in the order of the view's `cursor_ordering`,
    a unique, unchanging field (a lab's RNSR number, a site's slug…). The next and previous pages are in the
    body (JSON) and in a `Link` header, which a CSV download keeps."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_ordering(self, request, queryset, view):
        meta = queryset.model._meta
        self.cursor_field = meta.pk if view.cursor_ordering == "pk" else meta.get_field(view.cursor_ordering)
        return (view.cursor_ordering,)

    def decode_cursor(self, request):
        """The cursor, refused (404, as DRF refuses one it cannot read) when its position is not a value of
        the ordering field: a forged cursor must not reach the database (PostgreSQL refuses a NUL byte)."""
        cursor = super().decode_cursor(request)
        position = cursor.position if cursor else None
        if position is None:
            return cursor
        try:
            value = self.cursor_field.to_python(position)
        except ValidationError:
            raise NotFound(self.invalid_cursor_message) from None
        too_big = isinstance(self.cursor_field, models.IntegerField) and abs(value) > BIGGEST_ID
        if "\x00" in position or too_big:
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (("next", self.get_next_link()), ("prev", self.get_previous_link()))
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response
