"""What every back-office export and import shares (django-import-export): readable columns that read back,
the CSV French spreadsheets open, the export form, and the rules an imported row goes through.

**Exports.** `ReadableResource` is the base of every admin export (`TrackedAdmin` falls back to it when an
admin names no resource):

- headers are the fields' verbose names, translated when the file is written (French on the French
  back-office, English on /en/);
- a related record is written as its name: `__str__`, or the resource's `related_labels` for its model
  (labs by their unit code, partners by their name: `labs.resources`), or what `Meta.widgets` says for
  one field (`{"parent": {"label": …}}`); never a database id; many-to-many values are joined with ", ";
- a field with choices is written as its label ("Signé", not "signed"), a boolean as yes/no, a date as an
  ISO date (XLSX keeps real dates);
- a text a spreadsheet would run as a formula is neutralised (`regions.spreadsheets`);
- the relations the columns read are fetched with the rows (`select_related`, `prefetch_related`), so an
  export runs a bounded number of queries whatever its length.

**Imports.** A resource that names its natural key in `Meta.import_id_fields` (a lab's RNSR number, a
site's slug…) also imports, in the columns of its export (`regions.imports` holds the admin pages):

- headers are recognised in French or English, accents and case aside; an unknown column is reported and
  not read; columns that follow from others (a supervision's office) are read-only;
- cells are read back by the widgets that wrote them (`regions.widgets`), related records through the
  resource's `related_lookups` (a lab by its RNSR number or unit code, an office by its code…);
- a row that changes nothing is left alone; every other row is checked before it is written: its values
  (`full_clean`, each message on its column), the user's scope (`scope.can_edit` on the record as stored
  and as it would be; adding needs the role's add permission) and the model's own rules (`prepare_row`,
  `check_row`, which the resources of each app extend with their services' rules);
- the file is imported in one transaction, each row in a savepoint: a refused row leaves nothing, and the
  whole file is rolled back when a row is refused unless the user chose to skip those rows;
- each record written gets one history row naming the user, the source "import" and the file
  (`regions.audit`), written after its many-to-many values so that their change is in it.
"""

import copy
import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import connections, models, transaction
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm
from import_export.results import Result, RowResult

from .audit import IMPORT, audit_source, record_history, spreadsheet_detail
from .models import OfficeService, RegionalOffice, ServiceKind
from .problems import Level, Problem
from .scope import can_edit, has_model_permission
from .spreadsheets import BOM, neutralise
from .text import fold
from .widgets import (
    LANGUAGES,
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    Lookup,
    ManyRelatedWidget,
    RelatedWidget,
    TextWidget,
    YesNoWidget,
    as_text,
    is_blank,
)

logger = logging.getLogger(__name__)
# An import job hears of its progress every this many rows.
PROGRESS_EVERY = 100

HIDDEN_FIELDS = ("id", "search_text", "version", "created_at", "updated_at")
CHUNK_SIZE = 2000


def office_lookup(model: type[models.Model], text: str) -> list[RegionalOffice]:
    """Offices by their code, alone ("DR04") or followed by the name as exports write it ("DR04 Île-de-France
    Sud"), else by their name."""
    code = text.split(maxsplit=1)[0].upper() if text.strip() else ""
    return list(RegionalOffice.objects.filter(code=code)) or list(
        RegionalOffice.objects.filter(name__iexact=text.strip())
    )


class ImportField(fields.Field):
    """A column that reads back: its widget is given the record's current value (`regions.widgets`)."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        kwargs["current"] = self.get_value(instance)
        super().save(instance, row, is_m2m, **kwargs)


class ImportRowResult(RowResult):
    """A row's result, with its number in the file's data (1 for the row under the headers) and, for the
    preview, its changes as (column, old, new) in `diff`."""

    def __init__(self):
        super().__init__()
        self.number = 0
        self.blank = False


class ChangedColumns(resources.Diff):
    """The changes of a row as (column, old value, new value), read as the export writes them; a new
    record lists its non-empty values. import-export stores what `as_html` returns on the row's result."""

    def __init__(self, resource, instance, new):
        self.columns = [str(field.column_name) for field in resource.get_import_fields()]
        super().__init__(resource, instance, new)

    def as_html(self):
        rows = zip(self.columns, self.left, self.right, strict=True)
        if self.new:
            return [(column, "", new) for column, _, new in rows if new not in ("", None)]
        return [(column, old, new) for column, old, new in rows if old != new]


class ImportRefused(Exception):
    """The file as a whole cannot be imported (a column missing or repeated); the message says why."""


def add_error(errors: dict, key: str, message: str, code: str) -> None:
    errors.setdefault(key, []).append(ValidationError(message, code=code))


class ReadableResource(resources.ModelResource):
    """An export staff read in a spreadsheet, and its import (see the module docstring)."""

    related_labels: dict[object, Callable[[Any], str]] = {}
    # How a cell names a record of a model; `widgets.by_name` (its `str`) for the others.
    related_lookups: dict[object, Lookup] = {RegionalOffice: office_lookup}
    # Where a model's validation error on a field shows: field name → the resource field holding it.
    error_fields: dict[str, str] = {}
    # Columns whose value, when given, names the record of another column instead: {"lab": "lab_rnsr"}
    # (a lab's RNSR number, unique, rather than its unit code).
    named_by: dict[str, str] = {}

    class Meta:
        exclude = HIDDEN_FIELDS
        chunk_size = CHUNK_SIZE
        # Imports (for resources with an `import_id_fields`): see the module docstring.
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    def __init__(self, user=None, file_name: str = "", **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.file_name = file_name
        # Problems that are not a row's error: the file's unknown columns, a row's warnings.
        self.notes: list[Problem] = []
        self.refused = False
        # Told the number of the row just imported every PROGRESS_EVERY rows (an import job's progress).
        self.progress: Callable[[int], None] | None = None

    # --- columns -------------------------------------------------------------------------------------

    @classmethod
    def field_from_django_field(
        cls, field_name: str, django_field: models.Field, readonly: bool
    ) -> fields.Field:
        kwargs = (cls._meta.widgets or {}).get(field_name, {})
        widget: widgets.Widget
        if django_field.is_relation:
            model = django_field.related_model
            options = {
                "label": cls.related_labels.get(model, str),
                "model": model,
                "lookup": cls.related_lookups.get(model),
                # Records of another model than the imported one do not change during the import.
                "remember": model is not cls._meta.model,
                **kwargs,
            }
            widget = ManyRelatedWidget(**options) if django_field.many_to_many else RelatedWidget(**options)
        elif django_field.choices:
            widget = ChoiceWidget(django_field.flatchoices)
        elif isinstance(django_field, models.BooleanField):
            widget = YesNoWidget()
        elif isinstance(django_field, models.DateField) and not isinstance(
            django_field, models.DateTimeField
        ):
            widget = DateWidget()
        elif isinstance(django_field, models.IntegerField):
            widget = IntegerWidget()
        elif isinstance(django_field, models.DecimalField):
            widget = DecimalWidget()
        elif isinstance(django_field, models.CharField | models.TextField):
            widget = TextWidget()
        else:
            widget = cls.widget_from_django_field(django_field)(
                **cls.widget_kwargs_for_field(field_name, django_field)
            )
        return ImportField(
            attribute=field_name,
            column_name=capfirst(django_field.verbose_name),
            widget=widget,
            readonly=readonly or "__" in field_name or not django_field.editable,
            default=django_field.default,
        )

    @classmethod
    def imports(cls) -> bool:
        """Whether this resource imports: it names the natural key its rows are matched on."""
        return list(cls._meta.import_id_fields) != ["id"]

    def imported_fields(self) -> list[tuple[str, fields.Field]]:
        """The columns a file's cells are written from, in the export's order."""
        return [
            (self.get_field_name(field), field)
            for field in self.get_import_fields()
            if not field.readonly and field.attribute
        ]

    def column_of(self, key: str) -> str:
        """The header of the column a validation error on `key` (a field's name) belongs to."""
        if key == NON_FIELD_ERRORS:
            return ""
        name = self.error_fields.get(key, key)
        field = self.fields.get(name) or next(
            (field for field in self.fields.values() if field.attribute == name), None
        )
        if field is not None:
            return str(field.column_name)
        try:
            return capfirst(self._meta.model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            return key

    # --- export --------------------------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return neutralise(value) if isinstance(value, str) else value

    def filter_export(self, queryset, **kwargs):
        joins, prefetches = self.export_relations(kwargs.get("export_fields"))
        return queryset.select_related(*joins).prefetch_related(*prefetches)

    def export_relations(self, selected_fields=None) -> tuple[list[str], list[str]]:
        """The relations the exported columns read: (`select_related` paths, `prefetch_related` paths)."""
        joins: set[str] = set()
        prefetches: set[str] = set()
        model = self._meta.model
        for field in self.get_export_fields(selected_fields):
            current, path = model, []
            for name in (field.attribute or "").split("__"):
                try:
                    django_field = current._meta.get_field(name)
                except FieldDoesNotExist:
                    break
                if not django_field.is_relation:
                    break
                path.append(name)
                if django_field.many_to_many or django_field.one_to_many:
                    prefetches.add("__".join(path))
                    break
                joins.add("__".join(path))
                current = django_field.related_model
        return sorted(joins), sorted(prefetches)

    # --- import: the file ----------------------------------------------------------------------------

    @classmethod
    def get_row_result_class(cls):
        return ImportRowResult

    @classmethod
    def get_diff_class(cls):
        return ChangedColumns

    def get_queryset(self):
        # Every row, not only the user's: a row for another office's record is refused, not created again;
        # with the relations the columns read, as the export fetches them.
        return self.filter_export(self._meta.model._default_manager.all())

    def import_data(self, dataset, *args, **kwargs) -> Result:
        # The history rows name the file: "spreadsheet import (file labs.csv)".
        with audit_source(IMPORT, detail=spreadsheet_detail(self.file_name)):
            return super().import_data(dataset, *args, **kwargs)

    def before_import(self, dataset, **kwargs):
        """Headers in French or English → this resource's columns; the key columns are required."""
        known: dict[str, str] = {}
        for language in LANGUAGES:
            with translation.override(language):
                known |= {fold(str(field.column_name)): name for name, field in self.fields.items()}
        for field in self.fields.values():
            # This import's copy of the columns, named once in the user's language (a lazy name would be
            # translated again at each of the thousands of lookups of a row's cells).
            field.column_name = str(field.column_name)
        headers, seen = [], set()
        for header in dataset.headers:
            name = known.get(fold(as_text(header)))
            if name is None:
                headers.append(as_text(header))
                if not is_blank(header):
                    self.notes.append(
                        Problem(
                            Level.WARNING,
                            "unknown_column",
                            1,
                            as_text(header),
                            gettext("This column is not one of the list's: it is not read."),
                        )
                    )
                continue
            column = str(self.fields[name].column_name)
            if name in seen:
                self.refused = True
                raise ImportRefused(gettext("The column “%(column)s” appears twice.") % {"column": column})
            seen.add(name)
            headers.append(column)
        missing = [str(self.fields[name].column_name) for name in self.required_columns() if name not in seen]
        if missing:
            self.refused = True
            raise ImportRefused(
                ngettext(
                    "The file has no column “%(columns)s”: each row is matched on it.",
                    "The file lacks the columns “%(columns)s”: each row is matched on them.",
                    len(missing),
                )
                % {"columns": "”, “".join(missing)}
            )
        dataset.headers = headers

    def required_columns(self) -> list[str]:
        return list(self.get_import_id_fields())

    # --- import: a row -------------------------------------------------------------------------------

    def import_row(self, row, instance_loader, **kwargs):
        if self.refused or all(is_blank(value) for value in row.values()):
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            row_result.blank = True
            return row_result
        connection = connections[self.get_db_connection_name()]
        savepoint = transaction.savepoint(using=connection.alias) if connection.in_atomic_block else None
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.number = kwargs.get("row_number", 0)
        if self.progress is not None and row_result.number % PROGRESS_EVERY == 0:
            self.progress(row_result.number)
        if row_result.errors:
            # An error no check foresaw (the database refusing a value): reported on its row like the others.
            error = row_result.errors[0].error
            logger.warning("Import of %s, row %s: %r", self.file_name, row_result.number, error)
            row_result.errors = []
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = ValidationError(
                gettext("This row could not be saved: %(error)s") % {"error": error}, code="database"
            )
        if savepoint is not None:
            if row_result.import_type == RowResult.IMPORT_TYPE_INVALID:
                transaction.savepoint_rollback(savepoint, using=connection.alias)
            else:
                transaction.savepoint_commit(savepoint, using=connection.alias)
        return row_result

    def before_import_row(self, row, **kwargs):
        for name, other in self.named_by.items():
            given = row.get(str(self.fields[other].column_name))
            if not is_blank(given) and str(self.fields[name].column_name) in row:
                row[str(self.fields[name].column_name)] = given

    def get_instance(self, instance_loader, row):
        """The record the row's key names, None for a new one; a key that names nothing is an error."""
        lookup = {}
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.column_name not in row:
                return None
            try:
                lookup[field.attribute] = field.clean(row)
            except ValueError as error:
                code = getattr(error, "code", "invalid")
                raise ValidationError({name: ValidationError(str(error), code=code)}) from None
        model = self._meta.model
        try:
            return self.get_queryset().get(**self.instance_lookup(lookup, row))
        except model.DoesNotExist:
            return None
        except model.MultipleObjectsReturned:
            columns = ", ".join(
                gettext("“%(column)s”") % {"column": self.fields[name].column_name}
                for name in self.get_import_id_fields()
            )
            raise ValidationError(
                gettext("Several %(models)s have these values in %(columns)s: the row cannot tell which.")
                % {"models": model._meta.verbose_name_plural, "columns": columns},
                code="ambiguous",
            ) from None

    def instance_lookup(self, lookup: dict, row) -> dict:
        """The filter that finds a row's record, from its key columns' values (`lookup`); a model whose
        natural key depends on a value (an office's "other" services, by name) completes it here."""
        return lookup

    def after_init_instance(self, instance, new, row, **kwargs):
        # The record as stored, for the rules that compare (`prepare_row`, `check_row`).
        instance._import_stored = None if new else copy.copy(instance)

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list[ValidationError]] = {}
        many: dict[str, list] = {}
        for name, field in self.imported_fields():
            if field.column_name not in row:
                continue
            try:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    current = field.get_value(instance) if instance.pk else None
                    many[name] = field.clean(row, current=current)
                else:
                    field.save(instance, row, **kwargs)
            except ValueError as error:
                add_error(errors, name, str(error), getattr(error, "code", "invalid"))
        instance._import_many = many
        if not errors:
            self.prepare_row(instance, row, errors, kwargs.get("row_number", 0))
        if errors:
            raise ValidationError(errors)

    def prepare_row(self, instance, row, errors: dict, number: int) -> None:
        """Values that follow from the row's (a new record's slug, a lab's place), before it is checked.
        Add to `errors` what makes the row wrong; `self.note` a warning."""

    def note(self, number: int, column: str, message: str) -> None:
        self.notes.append(Problem(Level.WARNING, "row_warning", number + 1, column, message))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        errors = dict(import_validation_errors or {})
        if not errors and not self.changed_columns(instance, original, row):
            return True
        self.check_row(instance, instance._import_stored, errors)
        if errors:
            self.validate_instance(instance, errors)  # raises, with the model's own messages added
        return False

    def changed_columns(self, instance, original, row) -> list[str]:
        changed = []
        for name, field in self.imported_fields():
            if field.column_name not in row:
                continue
            if name in instance._import_many:
                before = {obj.pk for obj in field.get_value(original).all()} if original.pk else set()
                if {obj.pk for obj in instance._import_many[name]} != before:
                    changed.append(name)
            elif field.get_value(instance) != field.get_value(original):
                changed.append(name)
        return changed

    def check_row(self, instance, stored, errors: dict) -> None:
        """Whether the user may write this row: the role's permission to add, and the scope of the record
        as stored and as the row would leave it. Extended with each model's rules."""
        user = self.user
        if user is None:
            return
        model = self._meta.model
        refusal: tuple[str, str, str] | None = None
        if stored is None and not has_model_permission(user, model, "add"):
            message = gettext(
                "This row would add a record: your role changes %(models)s but does not add them."
            )
            refusal = (NON_FIELD_ERRORS, message % {"models": model._meta.verbose_name_plural}, "not_allowed")
        elif stored is None and not self.may_edit(instance):
            message = gettext("This row would add a record outside your regional offices.")
            refusal = (self.office_column(), message, "outside_scope")
        elif stored is not None and not self.may_edit(stored):
            message = gettext(
                "You may not change %(record)s: it belongs to a regional office that is not yours."
            )
            refusal = (NON_FIELD_ERRORS, message % {"record": stored}, "outside_scope")
        elif stored is not None and not self.may_edit(instance):
            message = gettext("This row would move the record outside your regional offices.")
            refusal = (self.office_column(), message, "outside_scope")
        if refusal is not None:
            add_error(errors, *refusal)

    def may_edit(self, obj) -> bool:
        return can_edit(self.user, obj)

    def office_column(self) -> str:
        """The field whose column places a record in an office (a lab's office, a supervision's lab)."""
        model = self._meta.model
        path = getattr(model, "office_path", None) or getattr(model, "edit_office_path", None) or ""
        first = path.split("__")[0]
        return first if first in self.fields and not self.fields[first].readonly else NON_FIELD_ERRORS

    # --- import: writing -----------------------------------------------------------------------------

    def do_instance_save(self, instance, is_create):
        # One history row per record, written by `save_m2m` once the many-to-many values are set.
        instance.skip_history_when_saving = True
        instance._pending_history = "+" if is_create else "~"
        instance.save(force_insert=is_create)

    def save_m2m(self, instance, row, **kwargs):
        for name, values in getattr(instance, "_import_many", {}).items():
            self.save_many(instance, name, values)
        history_type = instance.__dict__.pop("_pending_history", None)
        if history_type is None:
            return
        del instance.skip_history_when_saving
        user = self.user
        instance._history_user = user if user is not None and user.is_authenticated else None
        try:
            record_history(instance, history_type)
        finally:
            del instance._history_user

    def save_many(self, instance, name: str, values: list) -> None:
        getattr(instance, self.fields[name].attribute).set(values)

    # --- import: the report --------------------------------------------------------------------------

    def problems(self, result: Result) -> list[Problem]:
        """Every problem of the import, each with its line in the file (headers are line 1) and column."""
        found = []
        for error in result.base_errors:
            found.append(Problem(Level.ERROR, "file", 1, "", str(error.error)))
        # A conditional unique constraint reports on no field: its message names the column it guards.
        guarded = {
            str(constraint.violation_error_message): self.column_of(constraint.fields[0])
            for constraint in self._meta.model._meta.constraints
            if len(getattr(constraint, "fields", ())) == 1
        }
        for invalid in result.invalid_rows:
            error = invalid.error
            items = (
                error.error_dict.items() if hasattr(error, "error_dict") else [(NON_FIELD_ERRORS, [error])]
            )
            for key, errors in items:
                for item in errors:
                    for message in item.messages:
                        column = guarded.get(message, "") if key == NON_FIELD_ERRORS else self.column_of(key)
                        found.append(
                            Problem(Level.ERROR, item.code or "invalid", invalid.number + 1, column, message)
                        )
        return [*found, *self.notes]


@functools.cache
def readable_resource(
    model: type[models.Model], base: type[ReadableResource] = ReadableResource
) -> type[ReadableResource]:
    """Every field of `model`, readable: the export of an admin that names no resource of its own."""
    return resources.modelresource_factory(model, resource_class=base)


def readable_field(attribute: str, header, **widget_kwargs) -> fields.Field:
    """A read-only column reading `attribute` (a path such as "lab__regional_office"), headed `header`."""
    return fields.Field(
        attribute=attribute,
        column_name=capfirst(header),
        widget=RelatedWidget(**widget_kwargs),
        readonly=True,
    )


class SpreadsheetCSV(base_formats.CSV):
    """CSV as spreadsheets set to French open it: UTF-8 with a BOM, `;`-separated."""

    CONTENT_TYPE = "text/csv; charset=utf-8"

    def export_data(self, dataset, **kwargs):
        return BOM + super().export_data(dataset, delimiter=";", **kwargs)


class ExportForm(SelectableFieldsExportForm):
    """import-export's export form, each column's box labelled with its header only (translated)."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return str(field.column_name) if field is not None else field_name


class OfficeServiceResource(ReadableResource):
    """An office's services, matched on (office, kind), and for the "other" kind on their name too."""

    class Meta:
        model = OfficeService
        fields = ["office", "kind", "name", "head", "email", "phone", "description"]
        export_order = fields
        import_id_fields = ["office", "kind"]

    def instance_lookup(self, lookup, row):
        if lookup.get("kind") == ServiceKind.OTHER and self.fields["name"].column_name in row:
            return {**lookup, "name": self.fields["name"].clean(row)}
        return lookup
