"""Fixtures of the review-page tests (`tests.agreements.review_data` builds the sites)."""

import datetime

import pytest

from tests.agreements.review_data import TODAY, site_with_agreement
from tests.factories import UserFactory


@pytest.fixture
def saclay(db):
    return site_with_agreement(
        "Paris-Saclay", "paris-saclay", "DR04", end=TODAY + datetime.timedelta(days=200)
    )


@pytest.fixture
def marseille(db):
    return site_with_agreement(
        "Aix-Marseille", "aix-marseille", "DR12", end=TODAY.replace(year=TODAY.year + 3)
    )


@pytest.fixture
def no_role(db):
    """A staff account without any role: it may not read sites."""
    return UserFactory.create(username="intern", is_staff=True)
