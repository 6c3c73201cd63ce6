"""`backup` then `restore` gives back the whole database — records, history rows, accounts — on the engine
the suite runs on (SQLite here, PostgreSQL in CI's second run)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from labs.models import Lab, Partner
from tests.factories import LabFactory, PartnerFactory, office
from tests.reference_data import load_reference_data

# Transactional: pg_restore works in its own session. The flush after each transactional test removes the
# reference data, so each test loads it again.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def reference_data():
    load_reference_data()


def snapshot() -> dict:
    return {
        "labs": sorted(Lab.objects.values_list("rnsr", "name", "regional_office__code")),
        "partners": sorted(Partner.objects.values_list("name", flat=True)),
        "lab history": sorted(Lab.history.values_list("rnsr", "name", "history_type", "history_source")),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
    }


def test_a_backup_restores_records_history_and_accounts(tmp_path):
    get_user_model().objects.create_user("nadia")
    kept = LabFactory.create(name="Laboratoire gardé", regional_office=office("DR04"))
    LabFactory.create(name="Laboratoire supprimé ensuite", regional_office=office("DR12"))
    PartnerFactory.create(name="Université d'avant")
    kept.name = "Laboratoire gardé, renommé"
    kept.save()
    before = snapshot()
    path = tmp_path / "backup.db"

    call_command("backup", str(path))
    Lab.objects.filter(regional_office__code="DR12").delete()
    Lab.objects.filter(pk=kept.pk).update(name="Changé après la sauvegarde")
    PartnerFactory.create(name="Université d'après")
    get_user_model().objects.create_user("arrived-later")
    call_command("restore", str(path), "--yes")

    assert snapshot() == before
    assert len(before["lab history"]) >= 3


def test_restoring_a_file_that_is_not_a_backup_changes_nothing(tmp_path):
    LabFactory.create(name="Toujours là")
    path = tmp_path / "not-a-backup.db"
    path.write_bytes(b"hello")

    with pytest.raises(CommandError):
        call_command("restore", str(path), "--yes")

    assert Lab.objects.filter(name="Toujours là").exists()


def test_restoring_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing.db"), "--yes")
