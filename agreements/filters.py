"""The public site directory's filters."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from labs.filters import office_choices
from regions.filters import SearchFilter

from .models import Site, SiteAgreement


class SiteFilter(django_filters.FilterSet):
    """Sites by free text, regional office, city, and whether a signed agreement is in force."""

    q = SearchFilter()
    region = django_filters.ChoiceFilter(
        label=_("Regional office"),
        choices=office_choices,
        field_name="regional_offices__code",
        empty_label=_("All offices"),
    )
    city = django_filters.CharFilter(label=_("City"), lookup_expr="iexact")
    in_force = django_filters.BooleanFilter(
        label=_("Agreement in force"),
        method="filter_in_force",
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = Site
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("region"):
            data = data.copy()
            data["region"] = data["region"].strip().upper()
        super().__init__(data, *args, **kwargs)

    def filter_in_force(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        running = Exists(SiteAgreement.objects.in_force().filter(site=OuterRef("pk")))
        return queryset.filter(running) if value else queryset.exclude(running)
