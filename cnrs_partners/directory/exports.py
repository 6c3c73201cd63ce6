"""Open-data exports: streamed CSV and JSON of any directory list, and the columns of each list.

An export is a list of `Column`s (a stable snake_case English name and a function of one object) applied
to a queryset read in chunks, so that all labs download without building the whole file in memory.
`views.ExportView` serves every list's download with these writers and the list's columns.
"""

import csv
import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from labs.models import Lab, SupervisionKind
from regions.spreadsheets import BOM, neutralise

CHUNK_SIZE = 500


@dataclass(frozen=True)
class Column:
    """One column of an export: its header and how to read its value from one object."""

    name: str
    value: Callable[[Any], Any]


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        value = " | ".join(str(item) for item in value)
    elif isinstance(value, datetime.date):
        value = value.isoformat()
    return neutralise(str(value))


def json_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    return value


class _Echo:
    """A file-like object whose `write` returns the line, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def _rows(queryset: QuerySet) -> Iterator:
    # iterator() with a chunk size keeps the queryset's prefetch_related: one batch of queries per chunk.
    return queryset.iterator(chunk_size=CHUNK_SIZE)


def csv_lines(objects: Iterable, columns: list[Column]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield BOM + writer.writerow([column.name for column in columns])
    for obj in objects:
        yield writer.writerow([csv_cell(column.value(obj)) for column in columns])


def json_chunks(objects: Iterable, columns: list[Column]) -> Iterator[str]:
    yield "["
    separator = "\n"
    for obj in objects:
        record = {column.name: json_value(column.value(obj)) for column in columns}
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


def export_response(
    queryset: QuerySet, columns: list[Column], *, fmt: str, filename: str
) -> StreamingHttpResponse:
    """A streamed download of `queryset` as CSV (UTF-8 with BOM, `;`-separated) or JSON (a list of objects)."""
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines(_rows(queryset), columns), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            json_chunks(_rows(queryset), columns), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _partners(lab: Lab, kind: str) -> list[str]:
    """The lab's partners of `kind` today: a supervision that has ended (or not started) is not listed."""
    return [
        link.partner.acronym or link.partner.name
        for link in lab.supervisions.all()
        if link.kind == kind and link.is_current_on()
    ]


def _absolute(request, obj) -> str:
    return request.build_absolute_uri(obj.get_absolute_url())


def lab_columns(request) -> list[Column]:
    """The columns of the lab export: names are part of the open-data contract, keep them stable."""
    return [
        Column("slug", lambda lab: lab.slug),
        Column("code", lambda lab: lab.code),
        Column("unit_type", lambda lab: lab.unit_type),
        Column("unit_number", lambda lab: lab.unit_number),
        Column("rnsr", lambda lab: lab.rnsr),
        Column("acronym", lambda lab: lab.acronym),
        Column("name", lambda lab: lab.name),
        Column("name_en", lambda lab: lab.name_en),
        Column("status", lambda lab: lab.status),
        Column("closed_on", lambda lab: lab.closed_on),
        Column(
            "primary_institute", lambda lab: lab.primary_institute.acronym if lab.primary_institute else ""
        ),
        Column("secondary_institutes", lambda lab: [i.acronym for i in lab.secondary_institutes.all()]),
        Column("regional_office", lambda lab: lab.regional_office.code if lab.regional_office else ""),
        Column("supervisors", lambda lab: _partners(lab, SupervisionKind.SUPERVISOR)),
        Column("participants", lambda lab: _partners(lab, SupervisionKind.PARTICIPANT)),
        Column("director", lambda lab: lab.director),
        Column("address", lambda lab: lab.address),
        Column("postal_code", lambda lab: lab.postal_code),
        Column("city", lambda lab: lab.city),
        Column("website", lambda lab: lab.website),
        Column("creation_year", lambda lab: lab.creation_year),
        Column("contract_start", lambda lab: lab.contract_start),
        Column("contract_end", lambda lab: lab.contract_end),
        Column("url", lambda lab: _absolute(request, lab)),
    ]


def partner_columns(request) -> list[Column]:
    """The columns of the partner export: names are part of the open-data contract, keep them stable."""
    return [
        Column("slug", lambda partner: partner.slug),
        Column("name", lambda partner: partner.name),
        Column("acronym", lambda partner: partner.acronym),
        Column("kind", lambda partner: partner.kind),
        Column("country", lambda partner: partner.country),
        Column("city", lambda partner: partner.city),
        Column("website", lambda partner: partner.website),
        Column("uai", lambda partner: partner.uai),
        Column("siret", lambda partner: partner.siret),
        Column("ror", lambda partner: partner.ror),
        Column("supervised_labs", lambda partner: partner.lab_count),
        Column("url", lambda partner: _absolute(request, partner)),
    ]


def site_columns(request) -> list[Column]:
    """The columns of the site export: names are part of the open-data contract, keep them stable."""

    def current(site):
        return site.in_force[0] if site.in_force else None

    return [
        Column("slug", lambda site: site.slug),
        Column("name", lambda site: site.name),
        Column("city", lambda site: site.city),
        Column("regional_offices", lambda site: [office.code for office in site.regional_offices.all()]),
        Column("member_count", lambda site: site.member_count),
        Column("lab_count", lambda site: site.lab_count),
        Column("agreement_in_force", lambda site: current(site).title if current(site) else ""),
        Column("agreement_start", lambda site: current(site).start_date if current(site) else None),
        Column("agreement_end", lambda site: current(site).end_date if current(site) else None),
        Column("url", lambda site: _absolute(request, site)),
    ]
