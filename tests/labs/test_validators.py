import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from labs.validators import validate_orcid, validate_rnsr, validate_ror, validate_siren_or_siret, validate_uai


def message(validator, value) -> str:
    with pytest.raises(ValidationError) as caught:
        validator(value)
    return " ".join(caught.value.messages)


@pytest.mark.parametrize("value", ["199814145N", "200410654T", "200012185Z", "199512085M", "199911764W"])
def test_it_accepts_real_rnsr_numbers(value):
    validate_rnsr(value)


def test_it_names_the_expected_rnsr_check_letter():
    assert "expected “N”" in message(validate_rnsr, "199814145A")


def test_it_names_the_bad_character_and_its_position_in_an_rnsr_number():
    text = message(validate_rnsr, "19981414xN")
    assert "“x”" in text and "position 9" in text


def test_it_rejects_an_rnsr_number_of_the_wrong_length():
    assert "10 characters expected, 9 given" in message(validate_rnsr, "199814145")


@pytest.mark.parametrize("value", ["0753639Y", "0830766G", "0840685N", "0134009M", "0383546Y"])
def test_it_accepts_real_uai(value):
    validate_uai(value)


def test_it_says_the_uai_check_letter_does_not_match():
    assert "does not match" in message(validate_uai, "0753639Z")


def test_it_names_the_bad_uai_character():
    text = message(validate_uai, "07536A9Y")
    assert "“A”" in text and "position 6" in text


@pytest.mark.parametrize(
    "value", ["18008901303720", "180089013", "19830766200017", "13002608100013", "77568501900587"]
)
def test_it_accepts_real_siren_and_siret(value):
    validate_siren_or_siret(value)


def test_it_accepts_la_poste_sirets_whose_digit_sum_is_a_multiple_of_five():
    validate_siren_or_siret("35600000049837")


@pytest.mark.parametrize("value", ["18008901303721", "180089014", "35600000049838"])
def test_it_rejects_a_siret_whose_check_digit_is_wrong(value):
    assert "check" in message(validate_siren_or_siret, value)


def test_it_rejects_letters_in_a_siret():
    assert "“O”" in message(validate_siren_or_siret, "18008901303O20")


@pytest.mark.parametrize("value", ["02feahw73", "03xjwb503", "02vjkv261", "03vek6s52"])
def test_it_accepts_real_ror_identifiers(value):
    validate_ror(value)


def test_it_gives_the_expected_ror_check_digits():
    assert "expected “73”" in message(validate_ror, "02feahw74")


def test_it_rejects_a_ror_identifier_not_starting_with_zero():
    assert "position 1" in message(validate_ror, "12feahw73")


@pytest.mark.parametrize("value", ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"])
def test_it_accepts_real_orcids(value):
    validate_orcid(value)


def test_it_rejects_an_orcid_with_a_wrong_check_character():
    assert "expected “7”" in message(validate_orcid, "0000-0002-1825-0098")


def test_messages_are_in_french_by_default():
    with translation.override("fr"):
        text = message(validate_uai, "0753639Z")
    assert "« Y »" in text
    assert "UAI" in text and "expected" not in text
