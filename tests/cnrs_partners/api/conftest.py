"""The API's tests: an anonymous client, and an empty cache (the throttle's counts live there)."""

import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(db):
    return Client()
