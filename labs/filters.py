"""The public directories' filters: one FilterSet per model (labs, partners)."""

import re

import django_filters
from django import forms
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from regions.filters import SearchFilter, YesNoAnyFilter, office_choices, search_text_q, search_words

from .departments import department_codes, in_department
from .models import (
    DIRECTORY_ORDERS,
    Institute,
    Lab,
    LabStatus,
    Partner,
    PartnerKind,
    Supervision,
    SupervisionKind,
    UnitType,
)

# "UMR 8502", "umr8502", "UMR-8502": a unit type followed by its number.
_UNIT_CODE = re.compile(r"^([a-z]+)\s*(\d+)$")


def _with_defaults(data, **defaults) -> QueryDict:
    """A mutable copy of the query `data` with `defaults` filled in where a value is missing or empty."""
    data = data.copy() if data is not None else QueryDict(mutable=True)
    for name, value in defaults.items():
        if not data.get(name):
            data[name] = value
    return data


def _upper(data: QueryDict, *names: str) -> None:
    for name in names:
        if value := data.get(name):
            data[name] = value.strip().upper()


def institute_choices():
    return [
        (institute.acronym, f"{institute.acronym} – {institute.name}")
        for institute in Institute.objects.all()
    ]


def lab_search(qs: QuerySet, query: str) -> QuerySet:
    """Labs whose text, or one of whose partners' text, holds every folded word; exact codes first.

    Each word may match the lab itself (codes, RNSR, acronym, names, city, keywords) or any partner linked
    to it. The partner side is an uncorrelated `IN` per word (labs linked to the few partners holding the
    word), which the database runs once rather than once per lab, and which multiplies no rows.
    """
    words = search_words(query)
    if not words:
        return qs
    for word in words:
        partners = Partner.objects.filter(search_text__contains=word).values("pk")
        labs_of_partners = Supervision.objects.filter(partner__in=partners).values("lab_id")
        qs = qs.filter(search_text_q([word]) | Q(pk__in=labs_of_partners))
    return qs.annotate(search_rank=Case(When(exact_match_q(words), then=Value(0)), default=Value(1)))


def exact_match_q(words: list[str]) -> Q:
    """The labs the query names exactly: its unit code, number, acronym or RNSR number."""
    joined = " ".join(words)
    exact = Q(acronym__iexact=joined) | Q(rnsr__iexact=joined.replace(" ", ""))
    code = _UNIT_CODE.match(joined.replace(" ", ""))
    if code:
        unit_type = code.group(1).upper()
        exact |= Q(
            unit_number=code.group(2), unit_type=unit_type if unit_type in UnitType.values else "other"
        )
    if joined.isdigit():
        exact |= Q(unit_number=joined)
    return exact


class LabFilter(django_filters.FilterSet):
    """The lab directory: free text, type, institute, office, partner, site, city, département, status and
    sorting."""

    SORTS = DIRECTORY_ORDERS

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    type = django_filters.ChoiceFilter(
        label=_("Unit type"), field_name="unit_type", choices=UnitType.choices, empty_label=_("All types")
    )
    institute = django_filters.ChoiceFilter(
        label=_("Institute"),
        choices=institute_choices,
        method="filter_institute",
        empty_label=_("All institutes"),
    )
    region = django_filters.ChoiceFilter(
        label=_("Regional office"),
        choices=office_choices,
        field_name="regional_office__code",
        empty_label=_("All offices"),
    )
    partner = django_filters.CharFilter(label=_("Partner"), method="filter_partner", widget=forms.HiddenInput)
    site = django_filters.CharFilter(label=_("Site"), field_name="sites__slug", widget=forms.HiddenInput)
    city = django_filters.CharFilter(label=_("City"), field_name="city", lookup_expr="iexact")
    # From the map: the labs whose postal code and city are in the département (`labs.departments`).
    department = django_filters.ChoiceFilter(
        label=_("Département"),
        choices=lambda: [(code, code) for code in department_codes()],
        method="filter_department",
        widget=forms.HiddenInput,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(LabStatus.ACTIVE, _("Active")), (LabStatus.CLOSED, _("Closed")), ("all", _("All"))],
        method="filter_status",
        empty_label=None,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[("code", _("Code")), ("name", _("Name")), ("city", _("City"))],
        method="filter_sort",
        empty_label=_("Best match, then code"),
    )

    class Meta:
        model = Lab
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        data = _with_defaults(data, status=LabStatus.ACTIVE)
        _upper(data, "type", "institute", "region", "department")
        super().__init__(data, *args, **kwargs)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = self._sorted(queryset, "code")
        return queryset

    def _sorted(self, queryset: QuerySet, key: str) -> QuerySet:
        """Exact matches of the search first (when there is one), then the chosen order."""
        ranked = ("search_rank",) if "search_rank" in queryset.query.annotations else ()
        return queryset.order_by(*ranked, *self.SORTS[key])

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return lab_search(queryset, value)

    def filter_institute(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        secondary = Lab.secondary_institutes.through.objects.filter(
            lab=OuterRef("pk"), institute__acronym=value
        )
        return queryset.filter(Q(primary_institute__acronym=value) | Exists(secondary))

    def filter_partner(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        linked = Supervision.objects.filter(lab=OuterRef("pk"), partner__slug=value.strip().lower())
        return queryset.filter(Exists(linked))

    def filter_department(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(in_department(value))

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset if value == "all" else queryset.filter(status=value)

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return self._sorted(queryset, value)


def supervises_active_labs() -> Exists:
    """The partner supervises at least one active lab today (a supervision that has ended does not count)."""
    return Exists(
        Supervision.objects.current_on()
        .filter(Lab.active_condition(through="lab"))
        .filter(partner=OuterRef("pk"), kind=SupervisionKind.SUPERVISOR)
    )


class PartnerFilter(django_filters.FilterSet):
    """The partner directory: free text, kind, city, and whether the partner supervises active labs."""

    q = SearchFilter()
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=PartnerKind.choices, empty_label=_("All kinds")
    )
    city = django_filters.CharFilter(label=_("City"), lookup_expr="iexact")
    supervising = YesNoAnyFilter(label=_("Supervises labs"), condition=supervises_active_labs)

    class Meta:
        model = Partner
        fields: list[str] = []
