"""Fixtures of the labs tests: English messages, and the real RNSR sample in `<repo>/../shared/data`.

The sample is not in the repository. Without it the tests that read it skip with a reason, unless
`CNRS_REQUIRE_SAMPLE=1` (CI, which has shared/ beside its clone): then they fail.
"""

from pathlib import Path

import pytest

from tests.conftest import _required

RNSR_SAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "rnsr-sample.csv"


@pytest.fixture(autouse=True)
def _english(english):
    """The labs tests assert the source (English) wording of validation and import messages."""


@pytest.fixture(scope="session")
def rnsr_sample() -> bytes:
    """The bytes of the real 644-row RNSR slice."""
    if not RNSR_SAMPLE.exists():
        if _required("CNRS_REQUIRE_SAMPLE"):
            pytest.fail(
                f"CNRS_REQUIRE_SAMPLE is set but the RNSR sample is not at {RNSR_SAMPLE}.", pytrace=False
            )
        pytest.skip(f"the RNSR sample is not at {RNSR_SAMPLE}")
    return RNSR_SAMPLE.read_bytes()
