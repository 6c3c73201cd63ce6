"""`?format=csv`: any API answer as a CSV file, written by the project's one CSV writer
(`regions.spreadsheets.csv_chunks`: UTF-8 with BOM, `;`-separated, formula-like cells neutralised)."""

from typing import Any

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from regions.spreadsheets import csv_chunks


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """One CSV row of a record: nested objects as `parent.child` columns, lists joined with ` | ` (a list of
    objects gives one column per key), booleans as true/false."""
    if isinstance(value, dict):
        row: dict[str, Any] = {}
        for key, item in value.items():
            row.update(flatten(item, f"{prefix}.{key}" if prefix else key))
        return row
    if isinstance(value, list):
        items = [flatten(item) for item in value]
        keys = list(dict.fromkeys(key for item in items for key in item))
        joined = {key: " | ".join(_cell(item.get(key)) for item in items) for key in keys}
        return {(f"{prefix}.{key}" if key else prefix): cell for key, cell in joined.items()} or {prefix: ""}
    return {prefix: value}


def _boolean(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _cell(value: Any) -> str:
    return "" if value is None else str(_boolean(value))


def columns(field: serializers.Field, prefix: str = "") -> list[str]:
    """The CSV columns of a serializer's records, as `flatten` names them: every page of a list has the
    same columns, whether or not its records have a value in each."""
    record = field.child if isinstance(field, serializers.ListSerializer) else field
    if isinstance(record, serializers.Serializer):
        return [
            column
            for name, child in record.fields.items()
            for column in columns(child, f"{prefix}.{name}" if prefix else name)
        ]
    return [prefix]


def _header(rows: list[dict[str, Any]], renderer_context: dict | None) -> list[str]:
    context = renderer_context or {}
    view, response = context.get("view"), context.get("response")
    if (
        view is not None
        and response is not None
        and response.status_code == 200
        and hasattr(view, "get_serializer")
    ):
        return columns(view.get_serializer())
    return list(dict.fromkeys(key for row in rows for key in row))  # an error's fields


class CSVRenderer(BaseRenderer):
    """A list's page (its `results`) or one record as CSV; the pages' links are in the `Link` header."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if isinstance(data, dict) and "results" in data:
            records = data["results"]
        else:
            records = data if isinstance(data, list) else [data]
        rows = [flatten(record) for record in records]
        header = _header(rows, renderer_context)
        lines = [[_boolean(row.get(key)) for key in header] for row in rows]
        return "".join(csv_chunks(header, [lines])).encode("utf-8")
