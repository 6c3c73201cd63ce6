"""Recent changes across the back-office: one list over the history tables of every tracked model.

Each model keeps its own django-simple-history table; the list is a UNION ALL of them, filtered per table
(office, user, date) before the union, ordered by date and paginated by the database. The changed fields
of a page are then read in one query per model on the page, plus one per many-to-many field of those
models, never one per row.

Each change names who made it: the user, or, for a change no person made, what did (the command, the
RNSR import and its file, the demo data), as `regions.audit` recorded it.

Visibility is the admin's: a regional editor sees the changes of their offices' regional records (by the
office the record had at the time of the change; a supervision's and a succession's by their lab's
office) and of national records (partners, sites…); office memberships are listed for national
administrators only.
"""

import datetime

import django_filters
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_history_model_for_model, get_m2m_reverse_field_name

from agreements.models import (
    AgreementSignatory,
    BoardSeat,
    IndustrialPartnership,
    PiaProject,
    ReviewNote,
    Site,
    SiteAgreement,
)
from labs.models import Institute, Lab, Partner, Succession, Supervision
from regions.audit import source_kind_label, source_label
from regions.models import Department, OfficeMembership, OfficeService, RegionalOffice
from regions.scope import may_view_model, visible_office_ids


def _text(*parts):
    return Concat(
        *[Value(part) if part.startswith(" ") else F(part) for part in parts], output_field=CharField()
    )


# The tracked models, with how a change of each is named on the list (computed by the database).
LABELS = {
    RegionalOffice: lambda: _text("code", " ", "name"),
    OfficeService: lambda: _text("office__code", " · ", "kind", " ", "name"),
    Department: lambda: _text("code", " ", "name"),
    OfficeMembership: lambda: _text("user__username", " · ", "office__code"),
    Institute: lambda: F("acronym"),
    Partner: lambda: F("name"),
    Lab: lambda: _text("unit_type", " ", "unit_number", " ", "acronym", " · ", "rnsr"),
    Supervision: lambda: _text("lab__rnsr", " · ", "partner__name"),
    Succession: lambda: _text("predecessor__rnsr", " → ", "successor__rnsr"),
    Site: lambda: F("name"),
    SiteAgreement: lambda: F("title"),
    AgreementSignatory: lambda: _text("agreement__title", " · ", "partner__name"),
    PiaProject: lambda: _text("action", " ", "acronym"),
    BoardSeat: lambda: _text("partner__name", " · ", "body"),
    IndustrialPartnership: lambda: F("title"),
    ReviewNote: lambda: _text("site__name", " · ", "decision"),
}
MODELS = {model._meta.label_lower: model for model in LABELS}
COLUMNS = [
    "h_id",
    "h_model",
    "h_object",
    "h_label",
    "h_date",
    "h_type",
    "h_source",
    "h_reason",
    "h_user",
    "h_previous",
]


def _history_office_path(model) -> str | None:
    """The model's `office_path`, read from its history table (where the record's own key is `id`)."""
    return "id" if model.office_path == "pk" else model.office_path


def recent_changes(
    *,
    user,
    model: str = "",
    office: RegionalOffice | None = None,
    author=None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
):
    """History rows of every tracked model `user` may see, newest first, as dicts of `COLUMNS`."""
    offices = visible_office_ids(user)
    branches = []
    for candidate in MODELS.values():
        if model and candidate._meta.label_lower != model:
            continue
        if not may_view_model(user, candidate):
            continue
        path = _history_office_path(candidate)
        history = get_history_model_for_model(candidate)
        rows = history.objects.all()
        if path is not None and offices is not None:
            rows = rows.filter(**{f"{path}__in": offices})
        if office is not None:
            if path is None:
                continue
            rows = rows.filter(**{path: office.pk})
        if author is not None:
            rows = rows.filter(history_user=author)
        if since is not None:
            rows = rows.filter(history_date__gte=_start_of(since))
        if until is not None:
            rows = rows.filter(history_date__lt=_start_of(until + datetime.timedelta(days=1)))
        previous = (
            history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
            .order_by("-history_date")
            .values("history_id")[:1]
        )
        columns = {
            "h_id": F("history_id"),
            "h_model": Value(candidate._meta.label_lower, output_field=CharField()),
            "h_object": Cast("id", CharField()),
            "h_label": LABELS[candidate](),
            "h_date": F("history_date"),
            "h_type": F("history_type"),
            "h_source": F("history_source"),
            "h_reason": F("history_change_reason"),
            "h_user": F("history_user"),
            "h_previous": Subquery(previous),
        }
        branches.append(rows.annotate(**columns).values(*COLUMNS).order_by())
    if not branches:
        return Lab.history.none().values(*COLUMNS)
    first, *others = branches
    return (
        first.union(*others, all=True).order_by("-h_date", "-h_id") if others else first.order_by("-h_date")
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def with_details(rows: list[dict]) -> list[dict]:
    """Adds to each row its model's verbose name, who made it and the names of the fields it changed.

    `author` is the user or None; `by` names the user, or what made a change no person made ("command
    agreements_due", "RNSR import (file …)"); `source` is where it was made (back-office, web…).
    One query for the authors, and per model present on the page one for its history rows plus one per
    many-to-many field, whatever the number of rows.
    """
    users = get_user_model().objects.in_bulk({row["h_user"] for row in rows if row["h_user"]})
    by_model: dict[str, list[dict]] = {}
    for row in rows:
        by_model.setdefault(row["h_model"], []).append(row)
    for label, model_rows in by_model.items():
        model = MODELS[label]
        # Signatories are edited on their agreement's page: they have no history page of their own.
        has_page = admin.site.is_registered(model)
        for row in model_rows:
            row["model_name"] = capfirst(model._meta.verbose_name)
            row["history_url"] = (
                reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[row["h_object"]]
                )
                if has_page
                else ""
            )
        _add_changed_fields(model, [row for row in model_rows if row["h_type"] == "~" and row["h_previous"]])
    for row in rows:
        author = users.get(row["h_user"])
        row["author"] = author
        row["by"] = (
            (author.get_full_name() or author.get_username())
            if author
            else source_label(row["h_source"], row["h_reason"] or "")
        )
        row["source"] = source_kind_label(row["h_source"], row["h_reason"] or "")
        row.setdefault("changed", [])
    return rows


def _add_changed_fields(model, rows: list[dict]) -> None:
    """Sets `changed` on each update row: the verbose names of the fields that differ from the version
    before, many-to-many fields included, in bounded queries (see `with_details`)."""
    if not rows:
        return
    history = get_history_model_for_model(model)
    wanted = {row["h_id"] for row in rows} | {row["h_previous"] for row in rows}
    records = history.objects.in_bulk(wanted)
    labels = {
        field.name: field.verbose_name
        for field in model._meta.fields
        if field.editable and field.name not in {"id", "created_at", "updated_at", "version", "search_text"}
    }
    m2m_values = _m2m_values(model, wanted)
    for row in rows:
        current, previous = records.get(row["h_id"]), records.get(row["h_previous"])
        if current is None or previous is None:
            continue
        delta = current.diff_against(previous, included_fields=list(labels))
        names = [labels[name] for name in delta.changed_fields]
        for field, values in m2m_values.items():
            if values.get(row["h_id"], set()) != values.get(row["h_previous"], set()):
                names.append(field.verbose_name)
        row["changed"] = [capfirst(name) for name in names]


def _m2m_values(model, history_ids: set[int]) -> dict:
    """For each many-to-many field `model`'s history tracks: {history row id: ids of the related records}."""
    result = {}
    for field in get_history_model_for_model(model)._history_m2m_fields:
        through = model._audited_history.m2m_models[field]
        target = f"{get_m2m_reverse_field_name(field)}_id"
        values: dict[int, set] = {}
        for history_id, related_id in through.objects.filter(history_id__in=history_ids).values_list(
            "history_id", target
        ):
            values.setdefault(history_id, set()).add(related_id)
        result[field] = values
    return result


class RecentChangesFilter(django_filters.FilterSet):
    """Filters of the recent changes page; `qs` is the union built by `recent_changes`."""

    model = django_filters.ChoiceFilter(label=_("Record type"), choices=[], empty_label=_("All"))
    office = django_filters.ModelChoiceFilter(
        label=_("Regional office"), queryset=RegionalOffice.objects.all(), empty_label=_("All")
    )
    author = django_filters.ModelChoiceFilter(
        label=_("Changed by"), queryset=get_user_model().objects.filter(is_staff=True).order_by("username")
    )
    since = django_filters.DateFilter(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, *, request):
        super().__init__(data, queryset=Lab.history.none(), request=request)
        user = request.user
        self.filters["model"].extra["choices"] = sorted(
            (
                (label, capfirst(model._meta.verbose_name_plural))
                for label, model in MODELS.items()
                if may_view_model(user, model)
            ),
            key=lambda choice: str(choice[1]),
        )
        offices = visible_office_ids(user)
        if offices is not None:
            self.filters["office"].queryset = RegionalOffice.objects.filter(pk__in=offices)

    @property
    def qs(self):
        cleaned = self.form.cleaned_data if self.form.is_valid() else {}
        return recent_changes(
            user=self.request.user,
            model=cleaned.get("model") or "",
            office=cleaned.get("office"),
            author=cleaned.get("author"),
            since=cleaned.get("since"),
            until=cleaned.get("until"),
        )
