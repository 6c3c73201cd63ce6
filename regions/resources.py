"""What every back-office export shares (django-import-export): readable columns, the CSV French
spreadsheets open, and the export form.

`ReadableResource` is the base of every admin export (`TrackedAdmin` falls back to it when an admin names
no resource):

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

These resources only export: the back-office offers no import through them (the RNSR import has its own
page), so their columns need not read back.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm

from .spreadsheets import BOM, neutralise

HIDDEN_FIELDS = ("id", "search_text", "version", "created_at", "updated_at")
CHUNK_SIZE = 2000


class RelatedWidget(widgets.Widget):
    """A related record (or the records of a many-to-many field) as text: `label(record)`, else `str`."""

    def __init__(self, label: Callable[[Any], str] = str, separator: str = ", ", **kwargs):
        super().__init__(**kwargs)
        self.label = label
        self.separator = separator

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, models.Manager):
            # Prefetched by ReadableResource.filter_export: all() reads the cache, sorted here.
            return self.separator.join(sorted(self.label(item) for item in value.all()))
        return self.label(value)


class YesNoWidget(widgets.BooleanWidget):
    """A boolean as a translated "yes" / "no" in CSV; XLSX keeps the boolean."""

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        if value is None:
            return ""
        return gettext("yes") if value else gettext("no")


class ReadableResource(resources.ModelResource):
    """An export staff read in a spreadsheet (see the module docstring)."""

    related_labels: dict[object, Callable[[Any], str]] = {}

    class Meta:
        exclude = HIDDEN_FIELDS
        chunk_size = CHUNK_SIZE

    @classmethod
    def field_from_django_field(
        cls, field_name: str, django_field: models.Field, readonly: bool
    ) -> fields.Field:
        prefix, _, name = field_name.rpartition("__")
        path = f"{prefix}__" if prefix else ""
        kwargs = (cls._meta.widgets or {}).get(field_name, {})
        attribute = field_name
        widget: widgets.Widget
        if django_field.is_relation:
            label = cls.related_labels.get(django_field.related_model, str)
            widget = RelatedWidget(**{"label": label, **kwargs})
        elif django_field.choices:
            attribute = f"{path}get_{name}_display"
            widget = widgets.Widget()
        elif isinstance(django_field, models.BooleanField):
            widget = YesNoWidget()
        else:
            widget = cls.widget_from_django_field(django_field)(
                **cls.widget_kwargs_for_field(field_name, django_field)
            )
        return cls.DEFAULT_RESOURCE_FIELD(
            attribute=attribute,
            column_name=capfirst(django_field.verbose_name),
            widget=widget,
            readonly=True,
        )

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


@functools.cache
def readable_resource(
    model: type[models.Model], base: type[ReadableResource] = ReadableResource
) -> type[ReadableResource]:
    """Every field of `model`, readable: the export of an admin that names no resource of its own."""
    return resources.modelresource_factory(model, resource_class=base)


def readable_field(attribute: str, header, **widget_kwargs) -> fields.Field:
    """A declared column reading `attribute` (a path such as "lab__regional_office"), headed `header`."""
    return fields.Field(
        attribute=attribute, column_name=capfirst(header), widget=RelatedWidget(**widget_kwargs)
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
