"""Data migrations that tidy what earlier versions saved."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from labs.models import Lab
from tests.factories import LabFactory

pytestmark = pytest.mark.django_db


def test_saved_cities_take_their_communes_official_name_and_unknown_places_stay_as_written():
    migration = importlib.import_module("labs.migrations.0007_official_city_names")
    spellings = [
        ("59655", "Villeneuve d'Ascq"),
        ("59650", "VILLENEUVE D ASCQ"),
        ("59491", "Villeneuve D Ascq"),
    ]
    for postal_code, city in spellings:
        LabFactory.create(postal_code=postal_code, city=city)
    abroad = LabFactory.create(postal_code="02120", city="Santiago de Chile")
    unknown = LabFactory.create(postal_code="06902", city="Sophia Antipolis")

    migration.official_names(apps, None)

    assert set(Lab.objects.filter(postal_code__startswith="59").values_list("city", flat=True)) == {
        "Villeneuve-d'Ascq"
    }
    abroad.refresh_from_db()
    unknown.refresh_from_db()
    assert (abroad.city, unknown.city) == ("Santiago de Chile", "Sophia Antipolis")


def test_the_migration_breaks_the_loops_earlier_imports_left_and_flags_the_lab():
    migration = importlib.import_module("labs.migrations.0004_break_parent_loops")
    first, second, third, outside = LabFactory.create_batch(4)
    Lab.objects.filter(pk=first.pk).update(parent=second)
    Lab.objects.filter(pk=second.pk).update(parent=third)
    Lab.objects.filter(pk=third.pk).update(parent=first)
    Lab.objects.filter(pk=outside.pk).update(parent=first)

    migration.break_loops(apps, None)

    links = dict(Lab.objects.values_list("pk", "parent_id"))
    assert links == {first.pk: second.pk, second.pk: third.pk, third.pk: None, outside.pk: first.pk}
    third.refresh_from_db()
    assert third.needs_review and "boucle" in third.review_reason


def test_the_translated_fields_start_from_the_french_text_and_keep_the_english_names():
    migration = importlib.import_module("labs.migrations.0008_translated_fields")
    lab = LabFactory.create(
        name="Laboratoire des étoiles", name_en="Star Laboratory", description="Des étoiles."
    )
    Lab.objects.rewrite(False).filter(pk=lab.pk).update(name_fr="", description_fr="")

    state = MigrationExecutor(connection).loader.project_state(("labs", "0008_translated_fields"))
    migration.copy_to_french(state.apps, None)

    assert Lab.objects.rewrite(False).values("name_fr", "name_en", "description_fr").get(pk=lab.pk) == {
        "name_fr": "Laboratoire des étoiles",
        "name_en": "Star Laboratory",
        "description_fr": "Des étoiles.",
    }
    assert lab.history.values_list("name_fr", flat=True).first() == "Laboratoire des étoiles"
