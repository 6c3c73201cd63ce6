"""Filters shared by every public directory.

Regional offices are few (eighteen) and listed whole, so they need no FilterSet of their own; what lives here
is what every other app's FilterSet uses (regions is the app every other app may import): the folded
free-text search, the yes/no/any select, and the choice of a regional office.
"""

from collections.abc import Callable

import django_filters
from django import forms
from django.db.models import Exists, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import RegionalOffice
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


class YesNoAnyFilter(django_filters.BooleanFilter):
    """A Yes / No / Any select: the rows where `condition()` holds, those where it does not, or every row.

    `condition` builds the boolean expression (typically an `Exists` of a correlated subquery) each time
    the filter runs. An empty or unknown value means "any".
    """

    def __init__(self, *args, condition: Callable[[], Exists | Q], **kwargs):
        kwargs.setdefault(
            "widget", forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])
        )
        super().__init__(*args, **kwargs)
        self.condition = condition

    def filter(self, qs: QuerySet, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(self.condition()) if value else qs.exclude(self.condition())


def office_choices() -> list[tuple[str, str]]:
    """The regional offices as (code, "code name") choices, for a `region` filter."""
    return [(code, f"{code} {name}") for code, name in RegionalOffice.objects.values_list("code", "name")]
