"""The RNSR importer on the real 644-row slice in <repo>/../shared/data.

Skipped when the file is absent, failed instead when CNRS_REQUIRE_SAMPLE=1 (`rnsr_sample`, conftest.py).
"""

import csv
import io

import pytest
from django.conf import settings

from labs.models import Lab, Partner, Supervision, UnitType
from labs.rnsr import Level, import_rnsr, read_rnsr
from labs.validators import validate_siren_or_siret, validate_uai


def cnrs_rows(data: bytes) -> list[dict]:
    """The rows naming the CNRS (UAI or SIRET) among their institutions, counted independently of the importer."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    return [
        row
        for row in rows
        if settings.CNRS_UAI in row["uai_des_tutelles"].split(";")
        or settings.CNRS_SIRET in row["siret_des_tutelles"].split(";")
    ]


def test_the_sample_validates_without_errors(rnsr_sample):
    parsed = read_rnsr(rnsr_sample, include_all=True)

    assert [problem for problem in parsed.problems if problem.level == Level.ERROR] == []
    assert parsed.rows == len(parsed.records) == 644


def test_the_cnrs_filter_keeps_the_rows_with_the_cnrs(rnsr_sample):
    parsed = read_rnsr(rnsr_sample)

    expected = cnrs_rows(rnsr_sample)
    assert len(expected) == 245
    assert [record.rnsr for record in parsed.records] == [
        row["numero_national_de_structure"] for row in expected
    ]
    assert parsed.ignored_rows == 644 - 245


@pytest.mark.django_db
def test_the_sample_imports_and_a_second_run_changes_nothing(rnsr_sample):
    plan = import_rnsr(rnsr_sample)

    assert not plan.blocked and len(plan.created) == Lab.objects.count() == 245
    paris = Lab.objects.filter(postal_code__startswith="75")
    assert paris.exists() and all(lab.needs_review and "75" in lab.review_reason for lab in paris)
    assert not Lab.objects.filter(postal_code__startswith="91", needs_review=True).exists()
    assert not Lab.objects.filter(city__icontains="cedex").exists()
    cnrs = Partner.objects.get(uai=settings.CNRS_UAI)
    assert Supervision.objects.filter(partner=cnrs).count() == 245
    history = Lab.history.count() + Partner.history.count() + Supervision.history.count()

    again = import_rnsr(rnsr_sample)

    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 245)
    assert Lab.history.count() + Partner.history.count() + Supervision.history.count() == history


@pytest.mark.django_db
def test_the_whole_sample_imports_with_all(rnsr_sample):
    plan = import_rnsr(rnsr_sample, include_all=True)

    assert not plan.blocked and Lab.objects.count() == 644
    # Partners are created with valid identifiers only, one per UAI.
    for uai, siret in Partner.objects.values_list("uai", "siret"):
        if uai:
            validate_uai(uai)
        if siret:
            validate_siren_or_siret(siret)
    assert (
        Lab.objects.filter(unit_type=UnitType.OTHER).exists()
        and Lab.objects.filter(parent__isnull=False).exists()
    )
