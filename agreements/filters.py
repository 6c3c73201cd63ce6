"""The public site directory's filters."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from regions.filters import SearchFilter, YesNoAnyFilter, office_choices

from .models import Site, SiteAgreement


def has_agreement_in_force() -> Exists:
    """The site has a signed agreement running today."""
    return Exists(SiteAgreement.objects.in_force().filter(site=OuterRef("pk")))


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
    in_force = YesNoAnyFilter(label=_("Agreement in force"), condition=has_agreement_in_force)

    class Meta:
        model = Site
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("region"):
            data = data.copy()
            data["region"] = data["region"].strip().upper()
        super().__init__(data, *args, **kwargs)
