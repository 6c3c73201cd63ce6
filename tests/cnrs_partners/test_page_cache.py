"""Anonymous visitors' public pages come from the shared cache, and are fresh after every write: an admin
edit, a many-to-many change, an RNSR import, a bulk admin action. Never for a logged-in user, a request
with a session or message cookie, a download, an error; off when PUBLIC_PAGE_CACHE_SECONDS is 0."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from cnrs_partners import page_cache as pages
from labs.rnsr import import_rnsr
from regions.audit import audited_update
from tests.admin_forms import admin_form_data
from tests.factories import LabFactory, SiteFactory, umr
from tests.labs.rnsr_files import rnsr_file, structure
from tests.reference_data import load_reference_data

pytestmark = pytest.mark.django_db

LAB = "/labs/umr-8502/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reference():
    """The reference data an earlier transactional test's flush may have removed."""
    load_reference_data()


@pytest.fixture
def lps(db):
    return umr(unit_number="8502", acronym="LPS", name="Laboratoire de physique des solides")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs the writes inside as committed: the version is bumped when a transaction commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_second_visitor_gets_the_page_from_the_cache_without_a_query(
    client, lps, django_assert_num_queries
):
    first = client.get(LAB)
    assert first["X-Cache"] == "MISS"

    with django_assert_num_queries(0):
        second = Client().get(LAB)

    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


def test_each_language_and_query_has_its_own_page(client, lps):
    for url in ["/labs/", "/en/labs/", "/labs/?q=solides", "/en/labs/?q=solides"]:
        assert client.get(url)["X-Cache"] == "MISS", url
    assert client.get("/en/labs/")["Content-Language"] == "en"
    assert client.get("/labs/")["Content-Language"] == "fr"


def test_an_admin_edit_shows_on_the_next_visit(client, lps, admin_user, commit):
    assert "Laboratoire de physique des solides" in client.get(LAB).content.decode()
    staff = Client()
    staff.force_login(admin_user)
    with translation.override("fr"):
        url = reverse("admin:labs_lab_change", args=[lps.pk])
    data = admin_form_data(staff.get(url))
    data["name_fr"] = "Laboratoire des solides renommé"  # the French column of the side-by-side form

    with commit():
        assert staff.post(url, data).status_code == 302

    page = client.get(LAB)
    assert page["X-Cache"] == "MISS"
    assert "Laboratoire des solides renommé" in page.content.decode()


def test_a_many_to_many_change_shows_on_the_next_visit(client, lps, commit):
    site = SiteFactory(slug="saclay")
    assert "LPS" not in client.get("/sites/saclay/").content.decode()

    with commit():
        site.labs.add(lps)

    assert "LPS" in client.get("/sites/saclay/").content.decode()


def test_an_rnsr_import_shows_on_the_next_visit(client, lps, commit):
    assert "Laboratoire de physique 1" not in client.get("/labs/").content.decode()

    with commit():
        plan = import_rnsr(rnsr_file([structure(1)]))

    assert plan.applied
    assert "Laboratoire de physique 1" in client.get("/labs/").content.decode()


def test_a_bulk_update_shows_on_the_next_visit(client, lps, commit):
    client.get("/labs/")

    with commit():
        audited_update(type(lps).objects.filter(pk=lps.pk), name="Nom changé en masse")

    assert "Nom changé en masse" in client.get("/labs/").content.decode()


def test_a_write_not_yet_committed_leaves_the_cached_page(client, lps):
    client.get(LAB)
    lps.name = "Pas encore enregistré"
    lps.save()  # the test's transaction never commits: no bump
    assert client.get(LAB)["X-Cache"] == "HIT"


def test_a_logged_in_user_never_gets_or_leaves_a_cached_page(client, lps, admin_user):
    client.get(LAB)
    staff = Client()
    staff.force_login(admin_user)

    response = staff.get(LAB)

    assert response.status_code == 200 and not response.has_header("X-Cache")
    assert Client().get(LAB)["X-Cache"] == "HIT"  # the anonymous page stayed as it was


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "anything"])
def test_a_request_with_a_cookie_that_may_change_the_page_skips_the_cache(client, lps, cookie):
    client.get(LAB)
    visitor = Client()
    visitor.cookies[cookie] = "x"
    assert not visitor.get(LAB).has_header("X-Cache")


def test_the_csrf_and_language_cookies_change_nothing(client, lps):
    client.get(LAB)
    visitor = Client()
    visitor.cookies["csrftoken"] = "x" * 32
    visitor.cookies["django_language"] = "en"
    assert visitor.get(LAB)["X-Cache"] == "HIT"


@pytest.mark.parametrize("url", ["/labs/export.csv", "/labs/no-such-lab/", "/healthz", "/admin/login/"])
def test_downloads_errors_and_other_pages_are_not_cached(client, lps, url):
    client.get(url)
    assert not client.get(url).has_header("X-Cache")


def test_nothing_is_cached_when_the_setting_is_zero(client, lps, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get(LAB)
    assert not client.get(LAB).has_header("X-Cache")


def test_a_cache_that_cannot_be_reached_is_skipped(client, lps, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    response = client.get(LAB)
    assert response.status_code == 200 and not response.has_header("X-Cache")


def test_a_write_outside_a_transaction_bumps_the_version_at_once(client, transactional_db, reference, lps):
    client.get(LAB)
    LabFactory(unit_number="9999", acronym="NEW")
    assert client.get(LAB)["X-Cache"] == "MISS"


def building(key: str) -> None:
    """Another process has just missed the page at `key` and is building it."""
    assert cache.add(f"{key}:building", 1, pages.BUILD_SECONDS)


def test_a_visitor_arriving_while_another_builds_the_page_gets_it_from_the_cache(client, lps, monkeypatch):
    built = client.get(LAB)
    key = pages.page_key(RequestFactory().get(LAB))
    page = cache.get(key)
    cache.delete(key)
    building(key)
    # The other process stores the page while this one waits.
    monkeypatch.setattr(pages.time, "sleep", lambda seconds: cache.set(key, page))

    waited = Client().get(LAB)

    assert waited["X-Cache"] == "HIT"
    assert waited.content == built.content


def test_a_visitor_builds_the_page_itself_when_the_other_takes_too_long(client, lps, monkeypatch):
    client.get(LAB)
    key = pages.page_key(RequestFactory().get(LAB))
    cache.delete(key)
    building(key)
    monkeypatch.setattr(pages, "WAIT_SECONDS", 0.01)

    response = Client().get(LAB)

    assert response.status_code == 200
    assert response["X-Cache"] == "MISS"
    assert cache.get(f"{key}:building") is None


def test_a_visitor_stops_waiting_when_the_other_stored_nothing(client, lps, monkeypatch):
    client.get(LAB)
    key = pages.page_key(RequestFactory().get(LAB))
    cache.delete(key)
    building(key)
    # The other's page was not one to keep (an error): it removes its mark without storing anything.
    monkeypatch.setattr(pages.time, "sleep", lambda seconds: cache.delete(f"{key}:building"))

    response = Client().get(LAB)

    assert response["X-Cache"] == "MISS"


def test_the_mark_of_a_page_being_built_goes_once_it_is_stored(client, lps):
    client.get(LAB)

    key = pages.page_key(RequestFactory().get(LAB))
    assert cache.get(key) is not None
    assert cache.get(f"{key}:building") is None
