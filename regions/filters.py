"""Filters shared by every public directory.

Regional offices are few (eighteen) and listed whole, so they need no FilterSet of their own; what lives here
is the folded free-text search every other app's FilterSet uses (regions is the app every other app may
import).
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .text import fold

MAX_SEARCH_WORDS = 8


def search_words(query: str) -> list[str]:
    """The folded words of a free-text query, deduplicated, at most MAX_SEARCH_WORDS of them.

    >>> search_words("  Université  Paris-Saclay université ")
    ['universite', 'paris', 'saclay']
    """
    words = []
    for word in fold(query).split():
        if word not in words:
            words.append(word)
    return words[:MAX_SEARCH_WORDS]


def search_text_q(words: list[str], field: str = "search_text") -> Q:
    """Every word must occur in the folded `field` (plain `contains`: identical on SQLite and PostgreSQL)."""
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__contains": word})
    return condition


class SearchFilter(django_filters.CharFilter):
    """The `q` box: each folded word of the query must occur in the model's folded `search_text`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        words = search_words(value or "")
        if not words:
            return qs
        return qs.filter(search_text_q(words))
