"""Downloads are held per client address (regions.export_throttle): so many at once, so many a minute, a
429 page over either in French or English; a slot comes back when the download is sent, or its stream
closed; another address is never held back by this one's downloads."""

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests import admin_exports
from tests.factories import LabFactory, office

pytestmark = pytest.mark.django_db

CSV = "/labs/export.csv"
HOME = "192.0.2.10"
ELSEWHERE = "198.51.100.7"
REDIS = "redis://127.0.0.1:6379/6"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.EXPORT_CONCURRENT_PER_ADDRESS = 2
    settings.EXPORTS_PER_MINUTE_PER_ADDRESS = 5
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def labs(db):
    return LabFactory.create_batch(3, regional_office=office("DR04"))


def download(address: str = HOME, url: str = CSV, **headers):
    """A download started from `address` and not read yet (a client still receiving it)."""
    return Client(REMOTE_ADDR=address, **headers).get(url)


def test_it_refuses_a_download_beyond_those_under_way_from_one_address(labs):
    first, second = download(), download()
    assert (first.status_code, second.status_code) == (200, 200)

    third = download()

    assert third.status_code == 429
    assert third["Retry-After"] == "5"


def test_another_address_downloads_while_one_is_at_its_limit(labs):
    download(), download()
    assert download().status_code == 429

    assert download(ELSEWHERE).status_code == 200


def test_a_download_gives_its_slot_back_once_its_stream_is_read(labs):
    first, _still_sending = download(), download()
    assert download().status_code == 429

    assert b"".join(first.streaming_content).decode("utf-8-sig").startswith("Identifiant d'URL;")

    assert download().status_code == 200


def test_a_download_whose_client_left_gives_its_slot_back_when_the_server_closes_it(labs):
    first, _still_sending = download(), download()

    first.close()  # what the WSGI server does when the client goes away mid-stream

    assert download().status_code == 200


def test_a_download_that_fails_gives_its_slot_back(labs, monkeypatch):
    from cnrs_partners.directory import exports

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(exports, "export_response", broken)
    client = Client(REMOTE_ADDR=HOME, raise_request_exception=False)
    assert [client.get(CSV).status_code for _ in range(3)] == [500, 500, 500]
    monkeypatch.undo()

    assert [b"".join(download().streaming_content)[:3] for _ in range(2)] == [b"\xef\xbb\xbf"] * 2


def test_it_refuses_downloads_beyond_those_allowed_a_minute_and_says_when_to_come_back(labs):
    for _ in range(5):
        response = download()
        assert response.status_code == 200
        b"".join(response.streaming_content)

    refused = download()

    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert download(ELSEWHERE).status_code == 200


def test_behind_a_trusted_proxy_each_client_address_has_its_own_limits(labs, limits):
    limits.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    download(proxy, HTTP_X_FORWARDED_FOR=HOME), download(proxy, HTTP_X_FORWARDED_FOR=HOME)

    assert download(proxy, HTTP_X_FORWARDED_FOR=HOME).status_code == 429
    assert download(proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE).status_code == 200


def test_the_refusal_says_why_and_when_in_french(labs):
    download(), download()

    page = download().content.decode()

    assert "Trop de téléchargements" in page
    assert "Veuillez réessayer dans 5 secondes." in page


def test_the_refusal_says_why_and_when_in_english(labs):
    download(url="/en/labs/export.json"), download(url="/en/labs/export.json")

    refused = download(url="/en/labs/export.json")

    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many downloads" in page
    assert "Please try again in 5 seconds." in page


def test_limits_set_to_zero_hold_nothing_back(labs, limits):
    limits.EXPORT_CONCURRENT_PER_ADDRESS = 0
    limits.EXPORTS_PER_MINUTE_PER_ADDRESS = 0

    assert {download().status_code for _ in range(8)} == {200}


def test_back_office_exports_count_against_the_same_limits(client, editor, labs, limits):
    limits.EXPORT_CONCURRENT_PER_ADDRESS = 1
    client.force_login(editor)
    url = reverse("admin:labs_lab_export")
    data = admin_exports.export_form_data(client, url)
    for _ in range(5):  # built in memory: each gives its slot back at once
        assert len(admin_exports.csv_rows(client.post(url, data))) == 3

    refused = client.post(url, data)

    assert refused.status_code == 429
    assert "Retry-After" in refused


def test_the_review_dashboard_export_counts_against_the_same_limits(client, coordinator, limits):
    limits.EXPORTS_PER_MINUTE_PER_ADDRESS = 1
    client.force_login(coordinator)
    url = reverse("review:dashboard_export", args=["csv"])

    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429


@pytest.fixture
def shared_cache(settings):
    """The cache every process of a deployment shares: Redis (database 6, emptied), when one answers."""
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS}")
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS}}
    cache.clear()
    yield
    cache.clear()


def test_the_limits_hold_in_the_cache_the_processes_share(labs, shared_cache):
    first, _still_sending = download(), download()
    assert download().status_code == 429
    # A worker killed mid-stream never gives its slot back: the count expires on its own.
    assert 0 < cache.ttl("export-throttle:under-way:" + HOME) <= 60

    first.close()

    assert download().status_code == 200
    assert download(ELSEWHERE).status_code == 200
