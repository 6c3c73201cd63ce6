"""Counts written as the page's language writes them: "1 061" in French, "1,061" in English.

Django groups digits only with USE_THOUSAND_SEPARATOR, which would also group the years, unit numbers and
postal codes the pages print as numbers ("2 015"): the setting stays off, and a count is grouped where it is
shown, through this filter (as `number_format(..., force_grouping=True)` does in Python code).
"""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def grouped(value):
    """`value` (a count) with its digits grouped in the active language; anything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return number_format(value, force_grouping=True)
