"""Field values and history diffs as staff read them: choice labels, yes/no, French dates, names.

Shared by the history pages, the concurrent-edit message and the recent-changes feed.
"""

import datetime

from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"


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
    if field is not None and (choices := getattr(field, "flatchoices", None)):
        return str(dict(choices).get(value, value))
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
