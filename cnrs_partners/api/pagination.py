"""Cursor pagination on each list's stable code: a page's address stays right while records are added."""

from rest_framework.pagination import CursorPagination


class CodeCursorPagination(CursorPagination):
    """`page_size` results a page (50 by default, at most 200), in the order of the view's `cursor_ordering`,
    a unique, unchanging field (a lab's RNSR number, a site's slug…). The next and previous pages are in the
    body (JSON) and in a `Link` header, which a CSV download keeps."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_ordering(self, request, queryset, view):
        return (view.cursor_ordering,)

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
