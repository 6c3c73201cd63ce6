import importlib

import pytest
from django.apps import apps

from labs.models import Institute, Partner
from regions.models import Department, OfficeService, RegionalOffice, ServiceKind

pytestmark = pytest.mark.django_db


def test_migrations_load_the_eighteen_regional_offices_with_their_gaps():
    codes = list(RegionalOffice.objects.values_list("code", flat=True))
    assert len(codes) == 18
    assert "DR03" not in codes and "DR09" not in codes
    assert RegionalOffice.objects.get(code="DR04").name == "Île-de-France Gif-sur-Yvette"
    assert RegionalOffice.objects.get(code="DR12").seat_city == "Marseille"


def test_each_office_has_the_five_services_named_by_the_cnrs():
    for office in RegionalOffice.objects.all():
        kinds = set(office.services.values_list("kind", flat=True))
        assert kinds == {kind for kind in ServiceKind if kind != ServiceKind.OTHER}, office.code


def test_migrations_load_the_ten_institutes_in_both_languages():
    assert Institute.objects.count() == 10
    in2p3 = Institute.objects.get(acronym="IN2P3")
    assert in2p3.name_en == "National Institute of Nuclear and Particle Physics"
    assert Institute.objects.get(acronym="INSU").usage_name == "CNRS Terre & Univers"


def test_departements_point_to_their_default_office():
    assert Department.objects.get(code="91").default_office.code == "DR04"
    assert Department.objects.get(code="2A").default_office.code == "DR12"
    assert Department.objects.get(code="06").default_office.code == "DR20"
    assert Department.objects.filter(default_office__isnull=False).count() >= 96


def test_paris_and_the_inner_ring_are_flagged_for_review():
    flagged = set(Department.objects.filter(needs_review=True).values_list("code", flat=True))
    assert {"75", "92", "93", "94"} <= flagged
    assert "91" not in flagged


def test_the_cnrs_is_a_partner_with_its_identifiers():
    cnrs = Partner.objects.get(acronym="CNRS")
    assert (cnrs.uai, cnrs.siret, cnrs.ror) == ("0753639Y", "18008901303720", "02feahw73")
    assert cnrs.is_cnrs
    cnrs.full_clean()


@pytest.mark.parametrize(
    "module", ["regions.migrations.0002_reference_data", "labs.migrations.0002_reference_data"]
)
def test_reference_migrations_are_idempotent_and_keep_edits(module):
    office = RegionalOffice.objects.get(code="DR04")
    office.name = "Île-de-France Gif-sur-Yvette (renamed by an administrator)"
    office.save()
    cnrs = Partner.objects.get(acronym="CNRS")
    cnrs.city = "Paris 16e"
    cnrs.save()
    before = (
        RegionalOffice.objects.count(),
        OfficeService.objects.count(),
        Department.objects.count(),
        Institute.objects.count(),
        Partner.objects.count(),
    )

    importlib.import_module(module).load(apps, None)

    after = (
        RegionalOffice.objects.count(),
        OfficeService.objects.count(),
        Department.objects.count(),
        Institute.objects.count(),
        Partner.objects.count(),
    )
    assert after == before
    assert RegionalOffice.objects.get(code="DR04").name.endswith("(renamed by an administrator)")
    assert Partner.objects.get(acronym="CNRS").city == "Paris 16e"
