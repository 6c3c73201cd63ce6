"""Base classes of every back-office (admin) page, so that rules shared by all models live in one place.

`TrackedAdmin` is the one path every admin page of a tracked model goes through:

- **scope** (`regions.scope`, declared on each model by `office_path`): lists, autocompletes, bulk actions
  and exports show `Model.objects.visible_to(user)`; change and delete need `scope.can_edit`; a form
  cannot move a record into an office the user does not hold (`regions.forms.VersionedModelForm`), and
  `save_model` refuses a forged POST that got past it;
- **audit**: every write is stamped with the source "admin" and the user; a change writes exactly one
  history row, after its many-to-many fields and inlines are saved, so the M2M diff is in that row; bulk
  deletion deletes object by object so each leaves its row; a national administrator may revert;
- **optimistic locking**: the change form carries the version it was loaded with; a save made from an
  older version is refused with what changed meanwhile (see `VersionedModelForm`);
- **exports**: every list can be exported as CSV or XLSX, as filtered, through django-import-export, with
  readable columns (`regions.resources`);
- **imports**: the lists whose resource names a natural key import the same columns back, from CSV or XLSX,
  with a preview, the user's scope and the import's audit (`regions.imports`).

Folded search (case and accents ignored) comes from the models' `search_text` column, like the public
search. Readable values and diffs are in `regions.readable`, the form in `regions.forms`.
"""

import copy
import functools
import html

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats import base_formats
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .audit import ADMIN, audit_source, record_history, source_label
from .export_throttle import throttle_export
from .forms import VERSION_FIELD, VersionedModelForm
from .imports import SpreadsheetImportMixin
from .models import StaleVersionError, TrackedModel
from .readable import ReadableHistoryHelper, history_field_changes
from .resources import ExportForm, SpreadsheetCSV, readable_resource
from .scope import can_edit, can_view, is_national_admin
from .text import fold


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


class ReadableChangeList(ChangeList):
    """A change list whose filters Django cannot turn into a query — a date drill-down to the year 9999,
    whose next year does not exist — redirects to the plain list (`?e=1`), as Django does for a lookup it
    cannot read, instead of failing."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class ReadableSelectedMixin:
    """An autocomplete widget that shows only the selected ids the database can read: an add form's
    `?site=abc`, or a posted form sent back with its errors, would otherwise fail on its query."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        readable = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            readable.append(item)
        return super().optgroups(name, readable, attr)


class ReadableAutocompleteSelect(ReadableSelectedMixin, AutocompleteSelect):
    pass


class ReadableAutocompleteSelectMultiple(ReadableSelectedMixin, AutocompleteSelectMultiple):
    pass


class ReadableAutocompleteMixin:
    """Admin pages and inlines whose autocompletes are `ReadableAutocompleteSelect(Multiple)`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ReadableAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ReadableAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class HostileInputMixin(ReadableAutocompleteMixin):
    """Admin pages answer a redirect, 400 or 404 to input the admin itself would fail on (issue 10).

    Values no page can use (NUL bytes, invalid UTF-8, absurd numbers) never get here
    (`cnrs_partners.input_guard`); what is left is what only the admin misreads:

    - an empty `_to_field` (Django then looks for a field named "");
    - a change list's drill-down or filter that cannot become a query (`ReadableChangeList`), also when the
      export page reads the list's filters (a filter the list does not know: 400);
    - ids that are not ids in an autocomplete's initial or posted value (`ReadableAutocompleteMixin`).
    """

    def get_object(self, request, object_id, from_field=None):
        return super().get_object(request, object_id, from_field or None)

    def get_changelist(self, request, **kwargs):
        return ReadableChangeList

    def get_export_queryset(self, request):
        try:
            return super().get_export_queryset(request)
        except IncorrectLookupParameters as error:
            raise BadRequest(str(error)) from error


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


class TrackedAdmin(
    HostileInputMixin, AdminSourceMixin, SpreadsheetImportMixin, ExportMixin, SimpleHistoryAdmin
):
    """Admin of a TrackedModel: scope, audit, optimistic locking, exports and imports (see the module
    docstring).

    The model says how a row reaches its office (`office_path`, see `regions.scope`). `reference_lookups`
    lists the autocompletes, as (app_label, model_name, field_name) of the field being filled, that may offer
    records of every office although the user edits only theirs: e.g. a predecessor in another region.
    """

    reference_lookups: frozenset[tuple[str, str, str]] = frozenset()
    list_per_page = 50
    show_full_result_count = False
    form = VersionedModelForm
    object_history_list_template = "admin/history/object_history_list.html"
    history_list_per_page = 25
    export_formats = [SpreadsheetCSV, base_formats.XLSX]
    export_form_class = ExportForm
    # The import and export links are added once, in templates/admin/change_list.html, rather than by
    # import-export's own change-list templates.
    import_export_change_list_template = None

    # --- scope ---------------------------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._is_reference_lookup(request):
            return queryset
        return queryset.visible_to(request.user)

    def _is_reference_lookup(self, request) -> bool:
        match = getattr(request, "resolver_match", None)
        if not self.reference_lookups or match is None or match.url_name != "autocomplete":
            return False
        key = (request.GET.get("app_label"), request.GET.get("model_name"), request.GET.get("field_name"))
        return key in self.reference_lookups

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self.model.office_path is not None:
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
        if obj is None or not allowed:
            return allowed
        return can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return can_edit(request.user, obj)

    # --- forms ---------------------------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        if isinstance(obj, TrackedModel) and obj.pk is not None and self._is_revert(request):
            # Reverting loads an old version: the lock compares with the version in the database now
            # (records without a version, départements and memberships, have no lock).
            current = self.model._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
            if current is not None:
                obj.version = current
        form = super().get_form(request, obj, change=change, **kwargs)

        # Django's admin builds the form class per request (modelform_factory) and offers no hook to pass
        # the form an argument: the user rides on a subclass made here.
        class ScopedForm(form):
            backoffice_user = request.user

        ScopedForm.__name__ = form.__name__
        return ScopedForm

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

    def _guard_office(self, request, obj):
        if not can_edit(request.user, obj):
            # The form refuses this with a message; reaching here means a forged or racing request.
            raise PermissionDenied

    def save_model(self, request, obj, form, change):
        self._guard_office(request, obj)
        # One history row per save, written once the M2M fields and inlines are saved (see _flush_history).
        obj.skip_history_when_saving = True
        obj._pending_history = "~" if change else "+"
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.has_changed():
                self._guard_office(request, inline_form.instance)
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
            self._guard_office(request, obj)
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

    def _check_history_ids(self, object_id, version_id=None):
        """404 when the address's record id, or version id, is not one the database can read ("abc")."""
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            if version_id is not None:
                self.model.history.model._meta.get_field("history_id").to_python(version_id)
        except ValidationError:
            raise Http404 from None

    def _check_history_scope(self, request, object_id):
        """403 when the record, or for a deleted one its last known state, is outside the user's scope."""
        self._check_history_ids(object_id)
        if self.model.office_path is None:
            return
        obj = self.model._default_manager.filter(pk=object_id).first()
        if obj is None:
            record = self.model.history.filter(id=object_id).order_by("-history_date").first()
            obj = record.instance if record is not None else None
        if obj is not None and not can_view(request.user, obj):
            raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        self._check_history_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_view_title(self, request, obj):
        # simple_history's own titles ("View history", "Change history") read oddly in French.
        return gettext("History: %(record)s") % {"record": obj}

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_history_ids(object_id, version_id)
        self._check_history_scope(request, object_id)
        if request.method == "POST" and not is_national_admin(request.user):
            raise PermissionDenied
        # simple_history builds this page with `self.prepopulated_fields`, even when those fields are
        # read-only for the user (a partner's slug, for a regional editor) and so not in the form: a copy of
        # this admin without any, which a page showing an old version has no use for.
        page_admin = copy.copy(self)
        page_admin.prepopulated_fields = {}
        with audit_source(ADMIN):
            return super(TrackedAdmin, page_admin).history_form_view(
                request, object_id, version_id, extra_context
            )

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
            record.source_label = source_label(record.history_source, record.history_change_reason)

    def revert_disabled(self, request, obj=None):
        return not is_national_admin(request.user) or super().revert_disabled(request, obj)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    # --- exports -------------------------------------------------------------------------------------

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_resource_classes(self, request):
        # The columns (readable names, no ids) and the relations they read: regions.resources.
        return self.resource_classes or [readable_resource(self.model)]

    def get_export_filename(self, request, queryset, file_format):
        name = slugify(self.model._meta.verbose_name_plural)
        return f"{name}-{timezone.localdate().isoformat()}.{file_format.get_extension()}"

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        # Every download of the list (the export page, the list's action) is built here: held to the
        # per-address limits of every export (regions.export_throttle).
        build = functools.partial(super()._do_file_export, file_format, request, queryset, export_form)
        return throttle_export(request, build)


class TranslatedAdmin(TrackedAdmin, TranslationAdmin):  # type: ignore[misc]
    """TrackedAdmin of a model with translated fields (its app's `translation.py`): the form has a field
    per language in place of each translated one, the French beside the English (`name_fr`, `name_en`).

    modeltranslation's plain admin, not its tabbed one, which loads jQuery UI from a CDN. (mypy: both
    bases declare `form` and `get_form` with different types; they call each other through super().)
    """


class TrackedInline(ReadableAutocompleteMixin, admin.TabularInline):
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
