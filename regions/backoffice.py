"""Base classes of every back-office (admin) page, so that rules shared by all models live in one place.

`TrackedAdmin` is the one path every admin page of a tracked model goes through:

- **scope** (`regions.scope`): lists, change pages, autocompletes, bulk actions and exports are restricted
  to the rows the user sees; change and delete to the rows of offices they hold; a form cannot move a
  record into an office the user does not hold, and `save_model` refuses a forged POST that got past it;
- **audit**: every write is stamped with the source "admin" and the user; a change writes exactly one
  history row, after its many-to-many fields and inlines are saved, so the M2M diff is in that row; bulk
  deletion deletes object by object so each leaves its row; a national administrator may revert;
- **optimistic locking**: the change form carries the version it was loaded with; a save made from an
  older version is refused with what changed meanwhile (see `VersionedModelForm`);
- **exports**: every list can be exported as CSV or XLSX, as filtered, through django-import-export.

Folded search (case and accents ignored) comes from the models' `search_text` column, like the public
search.
"""

import datetime
import html

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from .audit import ADMIN, audit_source, record_history, source_label
from .models import RegionalOffice, StaleVersionError
from .scope import (
    can_edit_office,
    can_see_office,
    editable_office_ids,
    is_national_admin,
    office_id_of,
    restrict_to_visible,
)
from .text import fold

VERSION_FIELD = "loaded_version"
EMPTY = "—"


# ---------------------------------------------------------------------------------------------------------
# Readable values, for history diffs and the concurrent-edit message


def display_value(model: type[Model], field_name: str, value) -> str:
    """A field value as staff read it: choice labels, yes/no, French dates, names of related records."""
    try:
        field = model._meta.get_field(field_name)
    except Exception:  # a history-only column
        field = None
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, (list, tuple)) or hasattr(value, "model") and hasattr(value, "query"):
        return ", ".join(display_value(model, field_name, item) for item in value) or EMPTY
    if isinstance(value, DeletedObject):
        return gettext("deleted %(model)s #%(pk)s") % {
            "model": value.model._meta.verbose_name,
            "pk": value.pk,
        }
    if field is not None and getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """simple_history's diff, with values as `display_value` writes them (labels, not raw codes)."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        return display_value(self.model, change.field, value)


def history_field_changes(model: type[Model], new_record, old_record) -> list[dict]:
    """[{field, old, new}] between two history rows of a record, with verbose names and readable values."""
    delta = new_record.diff_against(old_record, foreign_keys_are_objs=True)
    helper = ReadableHistoryHelper(model, new_record)
    return helper.context_for_delta_changes(delta)


# ---------------------------------------------------------------------------------------------------------
# Forms


def stale_version_messages(instance, loaded_version: int, yours: dict) -> list[str]:
    """Why a save from `loaded_version` is refused: who saved meanwhile and, per field, theirs vs yours."""
    model = type(instance)
    records = list(
        model.history.filter(id=instance.pk).select_related("history_user").order_by("-history_date")
    )
    current = records[0] if records else None
    base = next((record for record in records if record.version <= loaded_version), None)
    meanwhile = [record for record in records if record.version > loaded_version]
    authors = sorted({str(record.history_user or gettext("an import or a command")) for record in meanwhile})
    when = (
        date_format(timezone.localtime(meanwhile[0].history_date), "SHORT_DATETIME_FORMAT")
        if meanwhile
        else ""
    )
    lines = [
        gettext(
            "This %(model)s was changed by %(users)s (%(when)s) after you opened it: your changes were "
            "not saved, so that theirs are not lost. Open it again to see the current values, then apply "
            "your changes again."
        )
        % {"model": model._meta.verbose_name, "users": ", ".join(authors) or "?", "when": when}
    ]
    if current is None or base is None:
        return lines
    for change in current.diff_against(base, foreign_keys_are_objs=True).changes:
        field = model._meta.get_field(change.field)
        helper = ReadableHistoryHelper(model, current)
        theirs = helper.prepare_delta_change_value(change, change.new)
        if change.field in yours:
            mine = display_value(model, change.field, yours[change.field])
        else:
            mine = display_value(model, change.field, getattr(base, field.attname, None))
        lines.append(
            gettext("%(field)s: now “%(theirs)s”, yours “%(yours)s”.")
            % {"field": capfirst(field.verbose_name), "theirs": theirs, "yours": mine}
        )
    return lines


class VersionedModelForm(forms.ModelForm):
    """Admin form of a tracked model: optimistic lock and regional scope, checked on the server.

    `loaded_version` (hidden) is the version of the record when the form was displayed. `clean()` refuses
    the save when the record has moved on since, listing what changed meanwhile; the model's conditional
    UPDATE (`TrackedModel.save`) closes the window between this check and the write. When the admin sets
    `backoffice_user` and `office_path`, `clean()` also refuses a record that would belong to an office
    the user does not hold (a lab moved to DR12, a supervision attached to a DR12 lab).
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    backoffice_user = None
    office_path: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.versioned = hasattr(self.instance, "version") and self.instance.pk is not None
        if VERSION_FIELD in self.fields and self.versioned:
            self.fields[VERSION_FIELD].initial = self.instance.version

    def has_changed(self):
        # The version alone never makes an empty inline row "changed".
        return any(name != VERSION_FIELD for name in self.changed_data)

    def clean(self):
        cleaned_data = super().clean()
        self._check_version(cleaned_data)
        self._check_office(cleaned_data)
        return cleaned_data

    def _check_version(self, cleaned_data):
        if VERSION_FIELD not in self.fields or not self.versioned:
            return
        loaded = cleaned_data.get(VERSION_FIELD)
        if loaded is None:
            raise ValidationError(
                _("This form does not say which version of the record it was opened on: reload the page."),
                code="no_version",
            )
        if loaded != self.instance.version:
            raise ValidationError(
                stale_version_messages(self.instance, loaded, cleaned_data), code="stale_version"
            )

    def _check_office(self, cleaned_data):
        if self.office_path is None or self.backoffice_user is None:
            return
        first, *rest = self.office_path.split("__")
        if first in cleaned_data:
            office_id = office_id_of(cleaned_data[first], "__".join(rest) or "pk")
            field = first
        else:
            office_id = office_id_of(self.instance, self.office_path)
            field = None
        if can_edit_office(self.backoffice_user, office_id):
            return
        yours = ", ".join(
            RegionalOffice.objects.filter(pk__in=editable_office_ids(self.backoffice_user) or []).values_list(
                "code", flat=True
            )
        )
        if office_id is None:
            message = _("Choose one of your regional offices (%(yours)s).")
        else:
            message = _(
                "You may only edit the records of your own regional offices (%(yours)s): this one would "
                "belong to %(office)s."
            )
        office = RegionalOffice.objects.filter(pk=office_id).values_list("code", flat=True).first()
        error = ValidationError(
            message, code="out_of_scope", params={"yours": yours or EMPTY, "office": office}
        )
        if field is not None and field in self.fields:
            self.add_error(field, error)
        else:
            self.add_error(None, error)


# ---------------------------------------------------------------------------------------------------------
# Admin base classes


class FoldedSearchMixin:
    """Admin search (and autocomplete) on the folded `search_text` column: `ecole` finds `École`."""

    search_fields = ["search_text"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


class AdminSourceMixin:
    """Stamps every write made through this admin with the audit source "admin"."""

    def changeform_view(self, request, *args, **kwargs):
        with audit_source(ADMIN):
            return super().changeform_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        with audit_source(ADMIN):
            return super().changelist_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with audit_source(ADMIN):
            return super().delete_view(request, *args, **kwargs)


class NationalOnlyMixin:
    """Pages only national administrators may open (staff accounts, office memberships)."""

    def has_module_permission(self, request):
        return is_national_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_national_admin(request.user)

    def has_add_permission(self, request, *args):
        return is_national_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_national_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_national_admin(request.user)


class TrackedAdmin(AdminSourceMixin, ExportMixin, SimpleHistoryAdmin):
    """Admin of a TrackedModel: scope, audit, optimistic locking and exports (see the module docstring).

    `office_path` is the lookup from the model to its RegionalOffice (e.g. "lab__regional_office");
    None for national records, which every staff member sees. `reference_lookups` lists the
    autocompletes, as (app_label, model_name, field_name) of the field being filled, that may offer
    records of every office although the user edits only theirs: e.g. a predecessor in another region.
    """

    office_path: str | None = None
    reference_lookups: frozenset[tuple[str, str, str]] = frozenset()
    list_per_page = 50
    show_full_result_count = False
    form = VersionedModelForm
    object_history_list_template = "admin/history/object_history_list.html"
    history_list_per_page = 25
    export_formats = [base_formats.CSV, base_formats.XLSX]
    export_select_related: tuple[str, ...] = ()
    export_prefetch_related: tuple[str, ...] = ()

    def init_change_list_template(self):
        # Keep Django's per-model change_list lookup (admin/<app>/<model>/change_list.html); the export
        # link is added once, in templates/admin/change_list.html.
        self.ie_base_change_list_template = "admin/change_list.html"

    # --- scope ---------------------------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._is_reference_lookup(request):
            return queryset
        return restrict_to_visible(queryset, request.user, self.office_path)

    def _is_reference_lookup(self, request) -> bool:
        match = getattr(request, "resolver_match", None)
        if not self.reference_lookups or match is None or match.url_name != "autocomplete":
            return False
        key = (request.GET.get("app_label"), request.GET.get("model_name"), request.GET.get("field_name"))
        return key in self.reference_lookups

    def office_id(self, obj) -> int | None:
        return office_id_of(obj, self.office_path)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self.office_path is not None:
            # Out of the user's scope rather than missing: say so (403) instead of "perhaps deleted".
            field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
            try:
                exists = self.model._default_manager.filter(
                    **{field.name: field.to_python(object_id)}
                ).exists()
            except (ValidationError, ValueError):
                exists = False
            if exists:
                raise PermissionDenied
        return obj

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or not allowed or self.office_path is None:
            return allowed
        return can_see_office(request.user, self.office_id(obj)) or self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed or self.office_path is None:
            return allowed
        return can_edit_office(request.user, self.office_id(obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed or self.office_path is None:
            return allowed
        return can_edit_office(request.user, self.office_id(obj))

    # --- forms ---------------------------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and obj.pk is not None and self._is_revert(request):
            # Reverting loads an old version: the lock compares with the version in the database now.
            current = self.model._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
            if current is not None:
                obj.version = current
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(
            form.__name__, (form,), {"backoffice_user": request.user, "office_path": self.office_path}
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = flatten_fieldsets(fieldsets)
        editable = self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        if not editable or obj is None:
            if VERSION_FIELD in names:
                fieldsets = [
                    (name, {**options, "fields": [f for f in options["fields"] if f != VERSION_FIELD]})
                    for name, options in fieldsets
                ]
            return fieldsets
        if VERSION_FIELD not in names:
            name, options = fieldsets[0]
            fieldsets = [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *fieldsets[1:]]
        return fieldsets

    def _is_revert(self, request) -> bool:
        match = getattr(request, "resolver_match", None)
        return match is not None and (match.url_name or "").endswith("_simple_history")

    # --- writes --------------------------------------------------------------------------------------

    def _guard_office(self, request, obj, office_path):
        if office_path is not None and not can_edit_office(request.user, office_id_of(obj, office_path)):
            # The form refuses this with a message; reaching here means a forged or racing request.
            raise PermissionDenied

    def save_model(self, request, obj, form, change):
        self._guard_office(request, obj, self.office_path)
        # One history row per save, written once the M2M fields and inlines are saved (see _flush_history).
        obj.skip_history_when_saving = True
        obj._pending_history = "~" if change else "+"
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        related_admin = self.admin_site._registry.get(formset.model)
        office_path = getattr(related_admin, "office_path", None)
        for inline_form in formset.forms:
            if inline_form.has_changed():
                self._guard_office(request, inline_form.instance, office_path)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._flush_history(form.instance)

    def log_addition(self, request, obj, message):
        self._flush_history(obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._flush_history(obj)
        return super().log_change(request, obj, message)

    def _flush_history(self, obj):
        history_type = getattr(obj, "_pending_history", None)
        if history_type is None:
            return
        del obj._pending_history
        if hasattr(obj, "skip_history_when_saving"):
            del obj.skip_history_when_saving
        record_history(obj, history_type)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersionError:
            # Someone saved between the form's check and the write: the transaction was rolled back.
            self.message_user(
                request,
                _(
                    "Someone saved this record at the same moment: your changes were not saved. Apply them again."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def delete_queryset(self, request, queryset):
        # Object by object, so that each deletion runs the model's delete() and leaves its history row.
        for obj in queryset:
            self._guard_office(request, obj, self.office_path)
            obj.delete()

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            names = ", ".join(str(obj) for obj in objs)
            self.message_user(
                request,
                gettext(
                    "%(names)s cannot be deleted while it is in use, by: %(users)s. Remove or change these first."
                )
                % {
                    "names": names,
                    "users": "; ".join(html.unescape(strip_tags(str(item))) for item in protected),
                },
                messages.ERROR,
            )
        return deleted, model_count, perms_needed, protected

    # --- history -------------------------------------------------------------------------------------

    def _check_history_scope(self, request, object_id):
        """403 when the record, or for a deleted one its last known state, is outside the user's scope."""
        if self.office_path is None:
            return
        obj = self.model._default_manager.filter(pk=object_id).first()
        if obj is None:
            record = self.model.history.filter(id=object_id).order_by("-history_date").first()
            obj = record.instance if record is not None else None
        if obj is not None and not can_see_office(request.user, self.office_id(obj)):
            raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        self._check_history_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_view_title(self, request, obj):
        # simple_history's own titles ("View history", "Change history") read oddly in French.
        return gettext("History: %(record)s") % {"record": obj}

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_history_scope(request, object_id)
        if request.method == "POST" and not is_national_admin(request.user):
            raise PermissionDenied
        with audit_source(ADMIN):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        super().set_history_delta_changes(request, records, foreign_keys_are_objs)
        # simple_history leaves the oldest row of each page without its diff: compare it with the row before.
        oldest = records[-1] if records else None
        if oldest is not None and oldest.history_type != "+":
            previous = (
                type(oldest)
                .objects.filter(id=oldest.id, history_date__lt=oldest.history_date)
                .order_by("-history_date")
                .first()
            )
            if previous is not None:
                oldest.history_delta_changes = history_field_changes(self.model, oldest, previous)
        for record in records:
            record.source_label = source_label(record.history_source)

    def revert_disabled(self, request, obj=None):
        return not is_national_admin(request.user) or super().revert_disabled(request, obj)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    # --- exports -------------------------------------------------------------------------------------

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_queryset(self, request):
        queryset = super().get_export_queryset(request)
        if self.export_select_related:
            queryset = queryset.select_related(*self.export_select_related)
        if self.export_prefetch_related:
            queryset = queryset.prefetch_related(*self.export_prefetch_related)
        return queryset


class TrackedInline(admin.TabularInline):
    """Inline of a tracked model: the same optimistic lock as the page around it."""

    extra = 0
    show_change_link = False
    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not hasattr(self.model, "version") or not self.has_change_permission(request, obj):
            return fieldsets
        if VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        name, options = fieldsets[0]
        return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *fieldsets[1:]]
