"""The reference data the migrations load (offices, services, départements, institutes, the CNRS), loaded
again for transactional tests, whose database is flushed after each test, reference data included."""

import importlib

from django.apps import apps

REFERENCE_DATA = ["regions.migrations.0002_reference_data", "labs.migrations.0002_reference_data"]


def load_reference_data() -> None:
    """Run the migrations' own idempotent loaders."""
    for module in REFERENCE_DATA:
        importlib.import_module(module).load(apps, None)
