"""Properties of the identifier validators (RNSR, UAI, SIREN/SIRET, ROR, ORCID), on any text Hypothesis makes:
each either accepts the value or raises a `ValidationError` naming what is wrong, never anything else (a
`ValueError` from `int()`, an `IndexError` on a short value…); and each accepts the valid identifiers the
factories make, and refuses them once their check character is changed."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from labs.validators import (
    CHECK_LETTERS,
    CROCKFORD,
    ror_checksum,
    validate_orcid,
    validate_rnsr,
    validate_ror,
    validate_siren_or_siret,
    validate_uai,
)
from tests.factories import make_rnsr, make_siren, make_uai

VALIDATORS = [validate_rnsr, validate_uai, validate_siren_or_siret, validate_ror, validate_orcid]

# Text as it reaches a validator: anything, and near misses of the real shapes (digits, check letters,
# Crockford characters, dashes, Unicode digits such as "٣" or "３" that str.isdigit() and \d accept).
near_miss = st.text(
    alphabet=st.sampled_from("0123456789" + CHECK_LETTERS + CROCKFORD + "-X ٣３²"), max_size=20
)
any_text = st.one_of(st.text(max_size=40), near_miss)


@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda validator: validator.__name__)
@given(value=any_text)
@example(value="")
@example(value="١٩٩٨١٤١٤٥N")  # Arabic-Indic digits
@example(value="１９９８１４１４５N")  # full-width digits
@example(value="0753639")  # a UAI without its letter
@example(value="0000-0002-1825-009")
@example(value="02feahw7")
def test_a_validator_raises_only_validation_errors(validator, value):
    try:
        validator(value)
    except ValidationError as error:
        assert error.messages and all(message.strip() for message in error.messages)


@given(n=st.integers(min_value=0, max_value=99_999))
def test_generated_identifiers_pass_and_a_changed_check_character_fails(n):
    rnsr, uai, siren = make_rnsr(n), make_uai(n), make_siren(n)
    validate_rnsr(rnsr)
    validate_uai(uai)
    validate_siren_or_siret(siren)
    for validator, value in ((validate_rnsr, rnsr), (validate_uai, uai)):
        wrong = value[:-1] + next(letter for letter in CHECK_LETTERS if letter != value[-1])
        with pytest.raises(ValidationError):
            validator(wrong)


@given(body=st.text(alphabet=CROCKFORD, min_size=6, max_size=6))
def test_a_ror_id_with_its_check_digits_passes(body):
    validate_ror("0" + body + ror_checksum("0" + body))
