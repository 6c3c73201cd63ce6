"""Validators of the national identifiers a lab or a partner carries.

Each message says what is wrong: which character is not allowed, or that the check character does not
match the rest (and what it should be), so that a clerk can fix a typo without looking up the algorithm.
"""

import functools
import re

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


@functools.cache
def _whole(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("".join(patterns))


def _check_shape(value: str, patterns: list[str], label: str | Promise, example: str) -> None:
    if _whole(tuple(patterns)).fullmatch(value):
        return  # the common case; otherwise find the first wrong character to name it
    for position, char in enumerate(value[: len(patterns)], start=1):
        if not re.fullmatch(patterns[position - 1], char):
            raise ValidationError(
                _(
                    "%(label)s: the character “%(char)s” at position %(position)s is not allowed (expected: %(example)s)."
                ),
                code="invalid_character",
                params={"label": label, "char": char, "position": position, "example": example},
            )
    if len(value) != len(patterns):
        raise ValidationError(
            _("%(label)s: %(length)s characters expected, %(actual)s given (e.g. %(example)s)."),
            code="invalid_length",
            params={"label": label, "length": len(patterns), "actual": len(value), "example": example},
        )


def rnsr_check_letter(digits: str) -> str:
    return CHECK_LETTERS[int(digits) % 23]


def validate_rnsr(value: str) -> None:
    """RNSR number: 4-digit year + 5 digits + a check letter (`199814145N`)."""
    value = value or ""
    _check_shape(value, [r"\d"] * 9 + [r"[A-Z]"], _("RNSR number"), "199814145N")
    expected = rnsr_check_letter(value[:9])
    if value[9] != expected:
        raise ValidationError(
            _(
                "RNSR number: the check letter “%(given)s” does not match the digits (expected “%(expected)s”)."
            ),
            code="bad_checksum",
            params={"given": value[9], "expected": expected},
        )


def validate_uai(value: str) -> None:
    """UAI (école/établissement identifier): 7 digits + a check letter (`0753639Y`)."""
    value = value or ""
    _check_shape(value, [r"\d"] * 7 + [r"[A-Z]"], _("UAI"), "0753639Y")
    expected = CHECK_LETTERS[int(value[:7]) % 23]
    if value[7] != expected:
        raise ValidationError(
            _("UAI: the check letter “%(given)s” does not match the digits (expected “%(expected)s”)."),
            code="bad_checksum",
            params={"given": value[7], "expected": expected},
        )


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


LA_POSTE_SIREN = "356000000"


def validate_siren_or_siret(value: str) -> None:
    """SIREN (9 digits) or SIRET (14 digits), Luhn-checked; La Poste's SIRETs use a digit sum multiple of 5."""
    value = value or ""
    length = 14 if len(value) > 9 else 9
    label = _("SIRET") if length == 14 else _("SIREN")
    _check_shape(value, [r"\d"] * length, label, "18008901303720" if length == 14 else "180089013")
    if value[:9] == LA_POSTE_SIREN and length == 14:
        valid = sum(int(char) for char in value) % 5 == 0
    else:
        valid = luhn_ok(value)
    if not valid:
        raise ValidationError(
            _("%(label)s: the check digit does not match the other digits (Luhn check failed)."),
            code="bad_checksum",
            params={"label": label},
        )
    if length == 14 and value[:9] != LA_POSTE_SIREN and not luhn_ok(value[:9]):
        raise ValidationError(
            _("SIRET: its first nine digits are not a valid SIREN (Luhn check failed)."), code="bad_checksum"
        )


def ror_checksum(body: str) -> str:
    """The two check digits of a ROR id from its first seven characters (ISO 7064 mod 97-10)."""
    number = 0
    for char in body:
        number = number * 32 + CROCKFORD.index(char)
    return f"{98 - (number * 100) % 97:02d}"


def validate_ror(value: str) -> None:
    """ROR id: `0` + 6 Crockford base32 characters + 2 check digits (`02feahw73`)."""
    value = (value or "").lower()
    body = "[0-9a-hjkmnp-tv-z]"
    _check_shape(value, ["0"] + [body] * 6 + [r"\d", r"\d"], _("ROR identifier"), "02feahw73")
    expected = ror_checksum(value[:7])
    if value[7:] != expected:
        raise ValidationError(
            _("ROR identifier: the check digits “%(given)s” do not match (expected “%(expected)s”)."),
            code="bad_checksum",
            params={"given": value[7:], "expected": expected},
        )


def orcid_check_character(digits: str) -> str:
    total = 0
    for char in digits:
        total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def validate_orcid(value: str) -> None:
    """ORCID: four groups of four characters (`0000-0002-1825-0097`), ISO 7064 mod 11-2 check character."""
    value = value or ""
    digit, dash = r"\d", "-"
    patterns = [digit] * 4 + [dash] + [digit] * 4 + [dash] + [digit] * 4 + [dash] + [digit] * 3 + [r"[\dX]"]
    _check_shape(value, patterns, _("ORCID"), "0000-0002-1825-0097")
    digits = value.replace("-", "")
    expected = orcid_check_character(digits[:15])
    if digits[15] != expected:
        raise ValidationError(
            _("ORCID: the check character “%(given)s” does not match (expected “%(expected)s”)."),
            code="bad_checksum",
            params={"given": digits[15], "expected": expected},
        )
