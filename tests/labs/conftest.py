import pytest


@pytest.fixture(autouse=True)
def _english(english):
    """The labs tests assert the source (English) wording of validation and import messages."""
