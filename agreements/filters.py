"""The sites' filters: the public site directory's, and the coordinators' review dashboard's."""

import calendar
import datetime
import functools

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labs.filters import institute_choices
from labs.models import Institute
from regions.filters import SearchFilter, YesNoAnyFilter, office_choices
from regions.models import RegionalOffice

from .models import (
    PUBLIC_AGREEMENT_STATUSES,
    AgreementStatus,
    JuryOutcome,
    PiaAction,
    PiaProject,
    Site,
    SiteAgreement,
)


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
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("region"):
            data = data.copy()
            data["region"] = data["region"].strip().upper()
        super().__init__(data, *args, **kwargs)


class PublicAgreementFilter(django_filters.FilterSet):
    """Public site agreements by site, status (of those the public sees) and whether in force today."""

    site = django_filters.CharFilter(label=_("Site"), field_name="site__slug")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(status.value, status.label) for status in PUBLIC_AGREEMENT_STATUSES],
        empty_label=_("Any status"),
    )
    in_force = YesNoAnyFilter(label=_("In force today"), condition=lambda: Q(pk__in=_in_force_today()))

    class Meta:
        model = SiteAgreement
        fields: list[str] = []


def _in_force_today() -> QuerySet:
    return SiteAgreement.objects.in_force().values("pk")


class PiaProjectFilter(django_filters.FilterSet):
    """PIA projects by action, site and jury outcome."""

    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=PiaAction.choices, empty_label=_("Any action")
    )
    site = django_filters.CharFilter(label=_("Site"), field_name="site__slug")
    outcome = django_filters.ChoiceFilter(
        label=_("Jury outcome"), choices=JuryOutcome.choices, empty_label=_("Any outcome")
    )

    class Meta:
        model = PiaProject
        fields: list[str] = []


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by `months` calendar months, on the last day of the month when it is shorter.

    >>> add_months(datetime.date(2025, 1, 31), 1)
    datetime.date(2025, 2, 28)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def ending_within(months: int, *, today: datetime.date | None = None) -> Exists:
    """The site has an agreement in force whose end falls between today and `months` months from today."""
    today = today or timezone.localdate()
    return Exists(
        SiteAgreement.objects.in_force(today).filter(
            site=OuterRef("pk"), end_date__isnull=False, end_date__lte=add_months(today, months)
        )
    )


def office_site_choices(sites: QuerySet[Site]) -> list[tuple[str, str]]:
    """The regional offices as `region` choices, each with how many of `sites` it has ("DR04 … (12)"),
    in one query. Offices without any keep their choice, with 0, so that a link naming them stays valid."""
    offices = RegionalOffice.objects.annotate(
        site_count=Count("sites", filter=Q(sites__in=sites), distinct=True)
    ).values_list("code", "name", "site_count")
    return [(code, f"{code} {name} ({count})") for code, name, count in offices]


def institute_site_choices(sites: QuerySet[Site]) -> list[tuple[str, str]]:
    """The institutes as `institute` choices, each with how many of `sites` have a lab of that primary
    institute, the sites the filter would list ("INSHS – … (12)"), in one query."""
    institutes = Institute.objects.annotate(
        site_count=Count("primary_labs__sites", filter=Q(primary_labs__sites__in=sites), distinct=True)
    )
    return [
        (institute.acronym, f"{institute.acronym} – {institute.name} ({institute.site_count})")
        for institute in institutes
    ]


class MonthsFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ReviewSiteFilter(django_filters.FilterSet):
    """The coordinators' dashboard: sites by regional office, institute of their labs, status of one of
    their agreements, and agreements in force ending within N months."""

    region = django_filters.ChoiceFilter(
        label=_("Regional office"),
        choices=office_choices,
        method="filter_region",
        empty_label=_("All offices"),
    )
    institute = django_filters.ChoiceFilter(
        label=_("Institute"),
        choices=institute_choices,
        method="filter_institute",
        empty_label=_("All institutes"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Agreement status"),
        choices=AgreementStatus.choices,
        method="filter_status",
        empty_label=_("Any status"),
    )
    ends_within = MonthsFilter(
        label=_("Ends within (months)"), method="filter_ends_within", min_value=1, max_value=120
    )

    class Meta:
        model = Site
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("region"):
            data = data.copy()
            data["region"] = data["region"].strip().upper()
        super().__init__(data, *args, **kwargs)
        # The office and institute choices count the sites of this FilterSet's queryset (the sites the user
        # reads): one query each, run once, when the form first needs them (never for an export that
        # filters on neither).
        sites = self.queryset
        self.filters["region"].extra["choices"] = functools.cache(lambda: office_site_choices(sites))
        self.filters["institute"].extra["choices"] = functools.cache(lambda: institute_site_choices(sites))

    # Each filter is an EXISTS: a site matching through several offices, labs or agreements is listed once.
    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        offices = Site.regional_offices.through.objects.filter(
            site=OuterRef("pk"), regionaloffice__code=value
        )
        return queryset.filter(Exists(offices))

    def filter_institute(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        labs = Site.labs.through.objects.filter(site=OuterRef("pk"), lab__primary_institute__acronym=value)
        return queryset.filter(Exists(labs))

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Exists(SiteAgreement.objects.filter(site=OuterRef("pk"), status=value)))

    def filter_ends_within(self, queryset: QuerySet, name: str, value: int | None) -> QuerySet:
        return queryset if value is None else queryset.filter(ending_within(value))
