"""The exports' exact bytes, on the French and the English site, against those the object-by-object writer
produced before the exports read only their columns (`export_bytes.json`, captured from it on this data).

The data sets every exported field by hand (factory sequences reset), and its dates do not depend on the
day the tests run. After a deliberate change to an export's columns, write the file again with
`UPDATE_EXPORT_BYTES=1 .venv/bin/pytest tests/cnrs_partners/directory/test_export_bytes.py` and review its
diff.
"""

import datetime
import json
import os
from pathlib import Path

import pytest

from labs.models import LabStatus, SupervisionKind
from tests.cnrs_partners.directory.data import build_directory
from tests.factories import (
    LabFactory,
    PartnerFactory,
    SiteAgreementFactory,
    SiteFactory,
    SupervisionFactory,
    institute,
    office,
)

EXPECTED = Path(__file__).with_name("export_bytes.json")
URLS = [
    f"{prefix}/{model}/export.{fmt}{query}"
    for prefix in ("", "/en")
    for model, query in (("labs", "?status=all"), ("labs", "?region=dr04"), ("partners", ""), ("sites", ""))
    for fmt in ("csv", "json")
]


def build() -> None:
    for factory in (LabFactory, PartnerFactory, SiteFactory, SiteAgreementFactory):
        factory.reset_sequence(0)
    directory = build_directory()
    tricky = LabFactory.create(
        unit_type="other",
        unit_number="",
        slug="tricky",
        acronym="=TRICK",
        name='Laboratoire "guillemets"; point-virgule\net retour',
        name_en="-Leading minus",
        primary_institute=None,
        regional_office=None,
        director="@someone",
        address="1 rue\r\n2e étage",
        creation_year=1999,
        contract_start=datetime.date(2021, 1, 1),
        contract_end=datetime.date(2025, 12, 31),
        website="https://tricky.example.org",
    )
    tricky.secondary_institutes.add(institute("INSB"), institute("INC"), institute("INP"))
    ended = PartnerFactory(name="+Ancienne tutelle", acronym="", slug="ancienne", kind="other", city="")
    SupervisionFactory(
        lab=tricky, partner=ended, since=datetime.date(2001, 1, 1), until=datetime.date(2005, 1, 1)
    )
    SupervisionFactory(lab=tricky, partner=directory["marseille"], unit_code="")
    SupervisionFactory(lab=tricky, partner=directory["paris_saclay"], unit_code="")
    SupervisionFactory(
        lab=tricky,
        partner=directory["company"],
        kind=SupervisionKind.PARTICIPANT,
        since=datetime.date(2099, 1, 1),
    )
    LabFactory(unit_number="8100", status=LabStatus.CLOSED, regional_office=office("DR04"))
    site = SiteFactory.create(name="=Site sans convention", slug="sans-convention", city="")
    site.regional_offices.add(office("DR04"), office("DR12"))
    site.labs.add(tricky)
    SiteAgreementFactory(
        site=directory["site"],
        title="Convention suivante",
        start_date=datetime.date(2023, 1, 1),
        end_date=None,
    )


def exports(client) -> dict[str, str]:
    return {url: b"".join(client.get(url).streaming_content).decode("utf-8") for url in URLS}


def test_every_export_writes_the_bytes_it_wrote_before(client, db):
    build()
    actual = exports(client)
    if os.environ.get("UPDATE_EXPORT_BYTES"):
        EXPECTED.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        pytest.skip("export_bytes.json written: review its diff")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    for url in URLS:
        assert actual[url] == expected[url], url
