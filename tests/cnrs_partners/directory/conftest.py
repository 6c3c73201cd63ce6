"""Data of the public directory tests: a small, realistic directory built from the shared factories."""

import pytest
from django.core.cache import cache
from django.urls import clear_url_caches

from tests.cnrs_partners.directory.data import build_directory, build_lps, build_paris_saclay


@pytest.fixture(autouse=True)
def _empty_cache():
    """The sitemap is cached: start every test from an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_url_resolver():
    """Start from a fresh URL resolver: it caches its reverse map per language, prefixes included, and a
    test that switched LANGUAGE_CODE to "en" would otherwise leave English URLs without their /en/."""
    clear_url_caches()
    yield
    clear_url_caches()


@pytest.fixture
def paris_saclay(db):
    return build_paris_saclay()


@pytest.fixture
def lps(paris_saclay):
    return build_lps(paris_saclay)


@pytest.fixture
def directory(lps, paris_saclay):
    """LPS plus a chemistry lab in Marseille, a closed lab, a site with public and draft agreements."""
    return build_directory(lps, paris_saclay)
