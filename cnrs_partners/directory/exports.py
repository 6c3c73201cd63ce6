"""Open-data exports: streamed CSV and JSON of any directory list, and what each list exports.

An `Export` reads only the fields its columns write (`values()`, joins included: no model instances), a
chunk of rows at a time; for each chunk it adds the many-valued columns (a lab's institutes and partners, a
site's offices and agreement in force) with one query per relation. Each chunk is written as one piece of
the response, through `regions.spreadsheets.csv_chunks` for CSV (BOM, `;`, formula-like cells neutralised),
so that all labs download in flat memory. `views.ExportView` serves every list's download with these writers.

Each column has a machine name and a header. JSON keys are the machine names, part of the open-data contract:
keep them stable; a code from a list of choices (a lab's type and status, a partner's kind) comes with its
label in the site's language under `<name>_label`. The CSV is for people with a spreadsheet: its header row
names the columns in the site's language (the model fields' own names where a column is a field), and its
cells give a choice's label rather than its code; dates stay ISO 8601, numbers are written without grouping
(a spreadsheet reads them as numbers). Headers and labels are read once per download, when the view builds
the `Export`, in the request's language (`/en/…` in English): rows only look codes up in a dict.
tests/cnrs_partners/directory/test_export_bytes.py holds the exact bytes.
"""

import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from operator import itemgetter
from typing import Any

from django.db.models import Field, Model, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from agreements.models import Site, SiteAgreement
from labs.models import Lab, LabStatus, Partner, PartnerKind, Supervision, SupervisionKind, UnitType
from regions.spreadsheets import csv_chunks

CHUNK_SIZE = 500

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    """One column of an export: its machine name (the JSON key), its header in the CSV (in the request's
    language), how to read its value from one row, and for a choice's code, each code's label."""

    name: str
    header: str
    value: Callable[[Row], Any]
    labels: dict[str, str] | None = None

    def cell(self, row: Row) -> Any:
        """The value as the CSV writes it: a choice's label rather than its code."""
        value = self.value(row)
        return self.labels.get(value, value) if self.labels else value


# A translated text's column in one language (django-modeltranslation names it "name [en]").
LANGUAGE_COLUMN_HEADERS = {
    "en": gettext_lazy("English %(field)s"),
    "fr": gettext_lazy("French %(field)s"),
}


def header(model: type[Model], name: str) -> str:
    """A model field's name in the active language, as a column header ("Type d'unité", "Nom en anglais")."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field), name  # a field of the model, not a reverse relation
    original, language = getattr(field, "translated_field", None), getattr(field, "language", None)
    if original is not None and language in LANGUAGE_COLUMN_HEADERS:
        return capfirst(str(LANGUAGE_COLUMN_HEADERS[language]) % {"field": original.verbose_name})
    return capfirst(str(field.verbose_name))


def labels(choices: Any) -> dict[str, str]:
    """Each code of a list of choices with its label in the active language."""
    return {code: str(label) for code, label in choices}


def _fields(model: type[Model], *names: str, choices: dict[str, Any] | None = None) -> list[Column]:
    """Columns that write fields of `model` read under their own name, headed with the fields' names; a
    field in `choices` written with its choices' labels."""
    choices = choices or {}
    return [
        Column(
            name,
            header(model, name),
            itemgetter(name),
            labels(choices[name]) if name in choices else None,
        )
        for name in names
    ]


def _no_relations(rows: list[Row]) -> None:
    return None


@dataclass(frozen=True)
class Export:
    """What a list downloads: the `values()` its rows read (joins included), what `complete` adds to each
    chunk of rows (the many-valued columns, a query per relation), and the columns written."""

    fields: tuple[str, ...]
    columns: list[Column]
    complete: Callable[[list[Row]], None] = field(default=_no_relations)


def row_chunks(queryset: QuerySet, export: Export) -> Iterator[list[Row]]:
    """The rows of `queryset`, in its order, CHUNK_SIZE at a time, each chunk completed."""
    # The list's prefetches serve model instances: values() reads its own joins instead. Translated texts
    # are read from their original columns, the French ones (`name`; `name_en` is a column of its own),
    # not rewritten to the page's language: the exports' columns keep their values in both languages.
    rows = queryset.prefetch_related(None).rewrite(False).values(*export.fields)  # type: ignore[attr-defined]
    rows = rows.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        export.complete(chunk)
        yield chunk


def _flat(value: Any) -> Any:
    """A value as one spreadsheet cell: booleans as true/false, lists joined with ` | `."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return " | ".join(str(item) for item in value)
    return value


def json_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    return value


def csv_pieces(chunks: Iterable[list[Row]], columns: list[Column]) -> Iterator[str]:
    return csv_chunks(
        [column.header for column in columns],
        (([_flat(column.cell(row)) for column in columns] for row in chunk) for chunk in chunks),
    )


def json_record(row: Row, columns: list[Column]) -> dict[str, Any]:
    """One row as a JSON object under the columns' machine names, a choice's label after its code."""
    record = {}
    for column in columns:
        value = record[column.name] = json_value(column.value(row))
        if column.labels is not None:
            record[f"{column.name}_label"] = column.labels.get(value, value)
    return record


def json_pieces(chunks: Iterable[list[Row]], columns: list[Column]) -> Iterator[str]:
    """A JSON list of objects, one piece of text per chunk of rows, one object a line."""
    opening = "[\n"
    for chunk in chunks:
        records = (json.dumps(json_record(row, columns), ensure_ascii=False) for row in chunk)
        yield opening + ",\n".join(records)
        opening = ",\n"
    yield ("[" if opening == "[\n" else "") + "\n]\n"


def export_response(queryset: QuerySet, export: Export, *, fmt: str, filename: str) -> StreamingHttpResponse:
    """A streamed download of `queryset` as CSV (UTF-8 with BOM, `;`-separated) or JSON (a list of objects)."""
    chunks = row_chunks(queryset, export)
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_pieces(chunks, export.columns), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            json_pieces(chunks, export.columns), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _detail_url(request: HttpRequest, view_name: str) -> Callable[[str], str]:
    """The absolute address of a detail page from its slug, reversed once per download, not once per row
    (slugs are ASCII letters, digits and hyphens: nothing to quote)."""
    marker = "slug-marker"
    before, after = request.build_absolute_uri(reverse(view_name, args=[marker])).split(marker)
    return lambda slug: before + slug + after


# The lab fields exported under their own names, before and after the institutes, office and partners.
LAB_IDENTITY = ("unit_type", "unit_number", "rnsr", "acronym", "name", "name_en", "status", "closed_on")
LAB_DETAILS = (
    "director",
    "address",
    "postal_code",
    "city",
    "website",
    "creation_year",
    "contract_start",
    "contract_end",
)


def _collect(rows: list[Row], name: str, pairs: Iterable[tuple[int, Any]]) -> None:
    """Gives each row, under `name`, the list of the values `pairs` (row pk, value) give it, in their order."""
    by_pk = {row["pk"]: row for row in rows}
    for row in rows:
        row[name] = []
    for pk, value in pairs:
        by_pk[pk][name].append(value)


def _lab_relations(rows: list[Row]) -> None:
    """Each lab's secondary institutes and its partners today (a supervision that has ended, or not
    started, is not listed), in the order of their names."""
    pks = [row["pk"] for row in rows]
    institutes = Lab.secondary_institutes.through.objects.filter(lab_id__in=pks).order_by(
        "institute__acronym"
    )
    _collect(rows, "secondary_institutes", institutes.values_list("lab_id", "institute__acronym"))
    links = (
        Supervision.objects.current_on()
        .filter(lab_id__in=pks)
        .order_by("kind", "partner__name_fr")
        .values_list("lab_id", "kind", "partner__acronym", "partner__name_fr")
    )
    _collect(rows, "partners", ((lab, (kind, acronym or name)) for lab, kind, acronym, name in links))


def _partners(kind: str) -> Callable[[Row], list[str]]:
    return lambda row: [name for link_kind, name in row["partners"] if link_kind == kind]


def lab_export(request: HttpRequest) -> Export:
    """The lab export: machine names are part of the open-data contract, keep them stable."""
    url = _detail_url(request, "directory:lab_detail")
    choices = {"unit_type": UnitType.choices, "status": LabStatus.choices}
    return Export(
        fields=(
            "pk",
            "slug",
            *LAB_IDENTITY,
            "primary_institute__acronym",
            "regional_office__code",
            *LAB_DETAILS,
        ),
        complete=_lab_relations,
        columns=[
            *_fields(Lab, "slug"),
            Column("code", _("Code"), lambda row: Lab.unit_code(row["unit_type"], row["unit_number"])),
            *_fields(Lab, *LAB_IDENTITY, choices=choices),
            Column(
                "primary_institute",
                header(Lab, "primary_institute"),
                lambda row: row["primary_institute__acronym"] or "",
            ),
            *_fields(Lab, "secondary_institutes"),
            Column(
                "regional_office",
                header(Lab, "regional_office"),
                lambda row: row["regional_office__code"] or "",
            ),
            Column("supervisors", _("Supervising institutions"), _partners(SupervisionKind.SUPERVISOR)),
            Column("participants", _("Participating institutions"), _partners(SupervisionKind.PARTICIPANT)),
            *_fields(Lab, *LAB_DETAILS),
            Column("url", _("Page in the directory"), lambda row: url(row["slug"])),
        ],
    )


def partner_export(request: HttpRequest) -> Export:
    """The partner export: machine names are part of the open-data contract, keep them stable."""
    url = _detail_url(request, "directory:partner_detail")
    names = ("slug", "name", "acronym", "kind", "country", "city", "website", "uai", "siret", "ror")
    return Export(
        fields=(*names, "lab_count"),
        columns=[
            *_fields(Partner, *names, choices={"kind": PartnerKind.choices, "country": countries}),
            Column("supervised_labs", _("Supervised labs"), itemgetter("lab_count")),
            Column("url", _("Page in the directory"), lambda row: url(row["slug"])),
        ],
    )


def _site_relations(rows: list[Row]) -> None:
    """Each site's regional offices and its agreements in force today, the latest started first."""
    pks = [row["pk"] for row in rows]
    offices = Site.regional_offices.through.objects.filter(site_id__in=pks).order_by("regionaloffice__code")
    _collect(rows, "regional_offices", offices.values_list("site_id", "regionaloffice__code"))
    in_force = (
        SiteAgreement.objects.in_force()
        .filter(site_id__in=pks)
        .order_by("-start_date")
        .values_list("site_id", "title", "start_date", "end_date")
    )
    _collect(rows, "in_force", ((site, agreement) for site, *agreement in in_force))


def _in_force(index: int, empty: Any) -> Callable[[Row], Any]:
    """A field of the site's agreement in force (the latest started), `empty` when none is."""
    return lambda row: row["in_force"][0][index] if row["in_force"] else empty


def site_export(request: HttpRequest) -> Export:
    """The site export: machine names are part of the open-data contract, keep them stable."""
    url = _detail_url(request, "directory:site_detail")
    return Export(
        fields=("pk", "slug", "name", "city", "member_count", "lab_count"),
        complete=_site_relations,
        columns=[
            *_fields(Site, "slug", "name", "city", "regional_offices"),
            Column("member_count", _("Number of member partners"), itemgetter("member_count")),
            Column("lab_count", _("Number of labs on the site"), itemgetter("lab_count")),
            Column("agreement_in_force", _("Agreement in force"), _in_force(0, "")),
            Column("agreement_start", _("Start of the agreement in force"), _in_force(1, None)),
            Column("agreement_end", _("End of the agreement in force"), _in_force(2, None)),
            Column("url", _("Page in the directory"), lambda row: url(row["slug"])),
        ],
    )
