"""Shared fixtures: role accounts, and the browser and database requirements of CI.

Browser tests need the Debian `chromium`; without it they skip with a reason. CI sets
`CNRS_REQUIRE_BROWSER=1` (and `CNRS_REQUIRE_POSTGRES=1` for its PostgreSQL run) so that a missing browser
or database fails the run instead of skipping silently.
"""

import os
import shutil

import pytest
from hypothesis import settings as hypothesis_settings

from cnrs_partners.services import staff_create_or_update
from tests.factories import LabFactory, PartnerFactory, SupervisionFactory, cnrs, office

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PASSWORD = "correct-horse-battery"


def _required(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


# Property tests (Hypothesis): a moderate number of examples, no deadline (the first example of a test that
# reads the database pays for its connection). CI's runs are derandomized, so that they are repeatable and
# keep no example database in its clone; a developer's explore new examples each run.
# HYPOTHESIS_PROFILE chooses one (e.g. `HYPOTHESIS_PROFILE=thorough` before a release).
hypothesis_settings.register_profile("dev", max_examples=100, deadline=None)
hypothesis_settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, database=None)
hypothesis_settings.register_profile("thorough", max_examples=2_000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _required("CI") else "dev"))


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if _required("CNRS_REQUIRE_BROWSER"):
        raise pytest.UsageError("CNRS_REQUIRE_BROWSER is set but /usr/bin/chromium is missing.")
    skip = pytest.mark.skip(reason="Debian chromium is not installed (apt-get install -y chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    if _required("CNRS_REQUIRE_POSTGRES") and connection.vendor != "postgresql":
        pytest.exit("CNRS_REQUIRE_POSTGRES is set but the tests do not run on PostgreSQL.", returncode=3)
    yield


def _staff(username: str, role: str, offices: list[str]):
    user, _, _ = staff_create_or_update(username=username, role=role, office_codes=offices, password=PASSWORD)
    return user


@pytest.fixture
def admin_user(db):
    return _staff("nadia", "admin", [])


@pytest.fixture
def coordinator(db):
    return _staff("karim", "coordinator", [])


@pytest.fixture
def editor(db):
    """Claire, regional editor of DR04."""
    return _staff("claire", "editor", ["DR04"])


@pytest.fixture
def other_editor(db):
    """A regional editor of DR12, for out-of-scope checks."""
    return _staff("marius", "editor", ["DR12"])


@pytest.fixture
def viewer(db):
    return _staff("victor", "viewer", [])


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a test's writes never commit, so they never bump the public
    data's version (`regions.freshness`), and the facets or pages an earlier test kept under that version
    would be served to this one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Agreement documents written by a test land in its own temporary directory, never in the checkout."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def unthrottled_exports(settings):
    """Exports are not held per address in tests (the suite downloads hundreds from 127.0.0.1 within a
    minute); the throttle's own tests set the limits they check."""
    settings.EXPORT_CONCURRENT_PER_ADDRESS = 0
    settings.EXPORTS_PER_MINUTE_PER_ADDRESS = 0


@pytest.fixture(autouse=True)
def unthrottled_error_reports(settings):
    """Error reports are not limited per address in tests (the URL walk posts many from 127.0.0.1); the
    limit's own tests set it."""
    settings.ERROR_REPORTS_PER_HOUR_PER_ADDRESS = 0


@pytest.fixture(autouse=True)
def unthrottled_api(settings):
    """The API's anonymous clients are not held to their rate in tests (the URL walks and the schema's
    tests call the API hundreds of times from 127.0.0.1); the throttle's own tests set the rate they check."""
    settings.API_ANONYMOUS_RATE = "1000000/hour"


@pytest.fixture
def artifacts_dir():
    path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artifacts")
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture
def english(settings):
    """Messages and pages in English (the source strings), whatever the French catalogue says.

    Assertions on wording then read the code's own strings; French renderings are tested separately.
    """
    from django.urls import clear_url_caches
    from django.utils import translation

    # The URL resolver caches its reverse map per language: clear it on both sides, or later tests
    # would reverse English URLs without their /en/ prefix.
    settings.LANGUAGE_CODE = "en"
    clear_url_caches()
    with translation.override("en"):
        yield
    clear_url_caches()


@pytest.fixture
def french(settings):
    """The back-office as staff use it: French, the default language (some apps' tests default to English)."""
    from django.urls import clear_url_caches
    from django.utils import translation

    settings.LANGUAGE_CODE = "fr"
    clear_url_caches()
    with translation.override("fr"):
        yield
    clear_url_caches()


@pytest.fixture
def dr04_lab(db):
    """A UMR of DR04 (Claire's), supervised by the CNRS and a university."""
    lab = LabFactory(unit_type="UMR", regional_office=office("DR04"), director="Marie Curie", acronym="LPS")
    SupervisionFactory(lab=lab, partner=cnrs())
    SupervisionFactory(lab=lab, partner=PartnerFactory())
    return lab


@pytest.fixture
def dr12_lab(db):
    """A UPR of DR12 (Marseille): out of Claire's scope."""
    lab = LabFactory(regional_office=office("DR12"), acronym="CINAM", city="Marseille", postal_code="13009")
    SupervisionFactory(lab=lab, partner=cnrs())
    return lab
