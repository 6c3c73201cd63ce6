"""Properties of the RNSR reader and import: no file, however broken, makes them fail. `read_rnsr` turns any
bytes into a parsed file whose defects are problems with their line (a file it cannot read at all is
`fatal`, with an error saying why); the import of a real-looking file with mutated rows plans and writes,
or refuses with its problems, and never raises."""

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from labs.rnsr import Level, import_rnsr, read_rnsr
from labs.rnsr.columns import KNOWN_COLUMNS, REQUIRED_COLUMNS
from labs.rnsr.rows import _PLAIN_WEB_ADDRESS, is_web_address
from tests.labs.rnsr_files import rnsr_file, structure

HEADER = ";".join(KNOWN_COLUMNS).encode()

# Values a clerk's spreadsheet, a broken export or an attacker could put in a field.
hostile_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            ";",
            '"',
            '"";',
            "\n",
            "\r\n",
            "\x00",
            "a\x00b",
            "\ufeff",
            "<script>",
            "=1+1",
            "٣",
            "9" * 40,
            "-1",
        ]
    ),
    st.text(alphabet=st.sampled_from(';"\n\r\x00 0123456789ABZ-'), max_size=15),
)


def assert_parsed(parsed) -> None:
    """What any parsed file holds: counts that add up, and a reason whenever the file is refused."""
    assert parsed.rows == parsed.ignored_rows + len(parsed.records)
    assert all(problem.line >= 1 and problem.message for problem in parsed.problems)
    if parsed.fatal:
        assert any(problem.level == Level.ERROR for problem in parsed.problems)
    for record in parsed.records:
        assert record.line >= 1


@given(data=st.binary(max_size=2_000))
@example(data=b"")
@example(data=b"\xef\xbb\xbf")
@example(data=b"\x00")
@example(data=HEADER + b"\n\x00")
@example(data=HEADER + b'\n"unclosed')
@example(data=b"\xff\xfe" + "numero".encode("utf-16-le"))
def test_any_bytes_are_read_into_problems(data):
    for include_all in (False, True):
        assert_parsed(read_rnsr(data, include_all=include_all))


@given(data=st.binary(max_size=300))
def test_any_bytes_after_a_valid_header_are_read_into_problems(data):
    assert_parsed(read_rnsr(HEADER + b"\n" + data, include_all=True))


@st.composite
def mutated_files(draw) -> bytes:
    """A real-looking file (1 to 3 valid structures, as tests.labs.rnsr_files writes them) with some fields
    changed to hostile text, a column dropped or repeated, or its bytes cut or spliced."""
    rows = [structure(n) for n in range(1, draw(st.integers(1, 3)) + 1)]
    for _ in range(draw(st.integers(0, 4))):
        row = draw(st.sampled_from(rows))
        row[draw(st.sampled_from(KNOWN_COLUMNS))] = draw(hostile_text)
    columns = list(KNOWN_COLUMNS)
    shape = draw(st.sampled_from(["as is", "drop", "repeat", "cut", "splice"]))
    if shape == "drop":
        columns.remove(draw(st.sampled_from(columns)))
    elif shape == "repeat":
        columns.append(draw(st.sampled_from(columns)))
    data = rnsr_file(rows, columns=columns, bom=draw(st.booleans()))
    if shape == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif shape == "splice":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return data


@given(data=mutated_files())
def test_mutated_files_are_read_into_problems(data):
    parsed = read_rnsr(data, include_all=True)
    assert_parsed(parsed)


@given(value=hostile_text, column=st.sampled_from(REQUIRED_COLUMNS))
def test_a_hostile_value_in_a_required_column_is_a_problem_of_its_row(value, column):
    parsed = read_rnsr(rnsr_file([structure(1, **{column: value}), structure(2)]), include_all=True)
    assert_parsed(parsed)


def test_a_nul_byte_makes_the_file_unreadable_with_its_line():
    data = rnsr_file([structure(1), structure(2, adresse="1 rue\x00 de la Physique")])

    parsed = read_rnsr(data)

    assert parsed.fatal and not parsed.records
    assert [(problem.kind, problem.line) for problem in parsed.problems] == [("bad_encoding", 3)]
    assert "NUL" in parsed.problems[0].message


# The columns that describe a structure rather than identify it: hostile text there still imports.
DESCRIPTIVE_COLUMNS = [
    "libelle",
    "sigle",
    "annee_de_creation",
    "type_de_structure",
    "site_web",
    "adresse",
    "code_postal",
    "commune",
    "nom_du_responsable",
    "prenom_du_responsable",
    "domaine_scientifique",
    "tutelles",
    "sigles_des_tutelles",
]


@st.composite
def described_files(draw) -> bytes:
    """A valid file of two structures whose descriptive columns hold hostile text (so that most import)."""
    rows = [structure(1), structure(2)]
    for _ in range(draw(st.integers(1, 4))):
        row = draw(st.sampled_from(rows))
        column = draw(st.sampled_from(DESCRIPTIVE_COLUMNS))
        value = draw(hostile_text)
        # Keep the positional columns aligned: one value per institution.
        row[column] = f"{value};{value}" if column in ("tutelles", "sigles_des_tutelles") else value
    return rnsr_file(rows)


@pytest.mark.django_db
@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.one_of(described_files(), mutated_files()), skip_invalid=st.booleans())
@example(data=rnsr_file([structure(1, adresse="rue\x00")]), skip_invalid=True)
def test_importing_a_mutated_file_writes_it_or_refuses_it_never_fails(data, skip_invalid):
    """The whole import (read, plan, write), each example rolled back: the database refuses nothing the
    reader let through (a NUL byte, a value too long for its column…)."""
    with transaction.atomic():
        plan = import_rnsr(data, include_all=True, skip_invalid=skip_invalid)
        transaction.set_rollback(True)
    assert plan.applied == (not plan.blocked)
    if plan.blocked:
        assert any(problem.level == Level.ERROR for problem in plan.problems)
    event("written" if plan.applied else "refused")


@given(
    st.one_of(st.from_regex(_PLAIN_WEB_ADDRESS), st.text(max_size=40), st.from_regex(r"https?://\S{1,30}"))
)
@example("http://www.cnrs.fr/fr/page?x=1#a")
@example("https://-bad.example.org")
@example("http://localhost")
@example("https://xn--caf-dma.fr/")
def test_the_web_address_shortcut_agrees_with_djangos_validator(value):
    try:
        URLValidator()(value)
    except ValidationError:
        accepted = False
    else:
        accepted = True
    assert is_web_address(value) == accepted
