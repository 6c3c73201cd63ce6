"""Reading an RNSR file: each defect reported with its line and column, the CNRS filter, the unit type."""

import pytest
from django.core.management import CommandError

from labs.models import Lab, Partner, Supervision, UnitType
from labs.rnsr import Level, group_problems, import_rnsr, read_rnsr
from labs.rnsr.columns import KNOWN_COLUMNS
from tests.factories import PartnerFactory, make_rnsr
from tests.labs.rnsr_files import (
    CNRS_SIRET,
    CNRS_UAI,
    UNIV_SIREN,
    UNIV_UAI,
    errors_of,
    rnsr_file,
    run,
    structure,
    write_file,
)

pytestmark = pytest.mark.django_db


# Validation -----------------------------------------------------------------------------------------

# The first record's address holds a line break: the second record starts on physical line 4.
FIRST = structure(1, adresse="Bâtiment 510\nrue André Rivière")


@pytest.mark.parametrize(
    ("broken", "kind", "column"),
    [
        (
            {"numero_national_de_structure": make_rnsr(2)[:-1] + "A"},
            "bad_rnsr",
            "numero_national_de_structure",
        ),
        ({"uai_des_tutelles": CNRS_UAI}, "inconsistent_columns", "uai_des_tutelles"),
    ],
)
def test_a_row_whose_identity_is_broken_writes_nothing_and_is_reported_with_its_line_and_column(
    tmp_path, broken, kind, column
):
    path = write_file(tmp_path, [FIRST, structure(2, **broken), structure(3)])

    with pytest.raises(CommandError, match="Nothing was imported"):
        run(path)

    assert Lab.objects.count() == 0 and Partner.objects.count() == 1 and Supervision.objects.count() == 0
    plan = import_rnsr(open(path, "rb").read())
    assert errors_of(plan) == [(kind, 4, column)]
    assert plan.blocked and Lab.objects.count() == 0


def warnings_of(plan) -> list[tuple[str, int, str]]:
    return [(p.kind, p.line, p.column) for p in plan.problems if p.level == Level.WARNING]


@pytest.mark.parametrize(
    ("odd", "kind", "column", "kept"),
    [
        ({"code_de_type_de_structure": "99"}, "unknown_type", "code_de_type_de_structure", {}),
        ({"libelle": "", "sigle": "LPX"}, "missing_name", "libelle", {"name": "LPX"}),
        ({"annee_de_creation": "20l0"}, "bad_year", "annee_de_creation", {"creation_year": None}),
        ({"annee_de_creation": "0999"}, "bad_year", "annee_de_creation", {"creation_year": None}),
        ({"annee_de_creation": "2099"}, "future_year", "annee_de_creation", {"creation_year": 2099}),
        ({"annee_de_creation": "2999"}, "bad_year", "annee_de_creation", {"creation_year": None}),
        ({"code_de_type_de_tutelle": "TUTE;XXXX"}, "unknown_partner_role", "code_de_type_de_tutelle", {}),
        (
            {
                "numero_de_structure_historique": make_rnsr(9),
                "type_de_succession": "transmutation",
            },
            "unknown_succession",
            "type_de_succession",
            {},
        ),
    ],
)
def test_a_descriptive_oddity_imports_the_row_with_a_warning_and_flags_the_lab(
    tmp_path, odd, kind, column, kept
):
    path = write_file(tmp_path, [FIRST, structure(2, **odd), structure(3)])

    plan = import_rnsr(open(path, "rb").read())

    assert errors_of(plan) == [] and not plan.blocked
    assert (kind, 4, column) in warnings_of(plan)
    assert Lab.objects.count() == 3
    lab = Lab.objects.get(rnsr=make_rnsr(2))
    assert lab.needs_review and lab.review_reason
    assert {name: getattr(lab, name) for name in kept} == kept
    assert not Lab.objects.get(rnsr=make_rnsr(3)).needs_review
    again = import_rnsr(open(path, "rb").read())
    assert (len(again.created), len(again.updated)) == (0, 0)


def test_a_structure_older_than_the_twentieth_century_keeps_its_year():
    import_rnsr(rnsr_file([structure(1, annee_de_creation="1635")]))

    lab = Lab.objects.get()
    assert lab.creation_year == 1635 and not lab.needs_review


@pytest.mark.parametrize(
    ("odd", "column", "identifier"),
    [
        ({"uai_des_tutelles": f"{CNRS_UAI};0912408A"}, "uai_des_tutelles", "uai"),
        ({"siret_des_tutelles": f"{CNRS_SIRET};18008901303721"}, "siret_des_tutelles", "siret"),
    ],
)
def test_an_invalid_institution_identifier_is_not_kept_and_the_institution_is_matched_by_name(
    odd, column, identifier
):
    university = PartnerFactory.create(name="Université Paris-Saclay", uai="", siret="")

    plan = import_rnsr(rnsr_file([structure(1, **odd)]))

    assert errors_of(plan) == [] and [kind for kind, _line, col in warnings_of(plan) if col == column]
    supervisors = set(Lab.objects.get().supervisions.values_list("partner", flat=True))
    assert university.pk in supervisors
    university.refresh_from_db()
    assert getattr(university, identifier) == ""


def test_an_unknown_or_missing_column_stops_the_import_at_the_header(tmp_path):
    columns = [column for column in KNOWN_COLUMNS if column != "tutelles"] + ["colonne_inconnue"]

    plan = import_rnsr(rnsr_file([structure(1)], columns=columns))

    assert sorted(errors_of(plan)) == [
        ("missing_column", 1, "tutelles"),
        ("unknown_column", 1, "colonne_inconnue"),
    ]
    assert plan.parsed.fatal and plan.blocked and Lab.objects.count() == 0


def test_a_file_that_is_not_utf8_or_not_semicolon_separated_is_refused():
    latin1 = rnsr_file([structure(1)], bom=False).decode().replace("é", "\u00e9").encode("latin-1")
    assert errors_of(import_rnsr(latin1))[0][0] == "bad_encoding"
    commas = b"numero_national_de_structure,libelle\n199814145N,Lab\n"
    assert errors_of(import_rnsr(commas)) == [("not_semicolon", 1, "")]
    assert Lab.objects.count() == 0


def test_a_row_with_a_stray_separator_is_reported():
    data = rnsr_file([structure(1)]) + b"200012185Z;extra\n"

    assert errors_of(import_rnsr(data)) == [("field_count", 3, "")]


def test_repeated_problems_are_grouped_with_their_count_and_first_lines():
    rows = [structure(n, annee_de_creation="deux mille") for n in range(1, 9)]

    plan = import_rnsr(rnsr_file(rows))

    groups = [group for group in group_problems(plan.problems) if group.kind == "bad_year"]
    assert len(groups) == 1
    group = groups[0]
    assert (group.kind, group.column, group.count, group.first_lines, group.more_lines) == (
        "bad_year",
        "annee_de_creation",
        8,
        [2, 3, 4, 5, 6],
        3,
    )
    assert "8 times" in group.summary() and "2, 3, 4, 5, 6 and 3 more" in group.summary()


def test_skip_invalid_imports_the_good_rows_and_lists_the_bad_ones(tmp_path):
    broken = structure(2, numero_national_de_structure=make_rnsr(2)[:-1] + "A")
    path = write_file(tmp_path, [structure(1), broken, structure(3)])

    out, err = run(path, "--skip-invalid")

    assert set(Lab.objects.values_list("rnsr", flat=True)) == {make_rnsr(1), make_rnsr(3)}
    assert "2 labs created" in out and "1 invalid rows skipped" in out
    assert "[error] line 3, column “numero_national_de_structure”" in err


def test_a_duplicate_rnsr_number_is_an_error_on_its_second_line():
    plan = import_rnsr(rnsr_file([structure(1), structure(2), structure(1)]))

    assert errors_of(plan) == [("duplicate_rnsr", 4, "numero_national_de_structure")]


# Unit type and CNRS filter -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "code", "unit_type", "number"),
    [
        ("UMR 8502", "22", UnitType.UMR, "8502"),
        ("UPR 3346", "21", UnitType.UPR, "3346"),
        ("USR 3129", "22", UnitType.UAR, "3129"),
        ("UMS 3365", "22", UnitType.UAR, "3365"),
        ("UMI 3757", "23", UnitType.IRL, "3757"),
        ("IRL 2958", "23", UnitType.IRL, "2958"),
        ("FED 4127", "3", UnitType.FR, "4127"),
        ("FR 2291", "3", UnitType.FR, "2291"),
        ("GDR 2904", "32", UnitType.GDR, "2904"),
        ("EMR 7000", "1", UnitType.EMR, "7000"),
        ("FRE 2001", "22", UnitType.FRE, "2001"),
        ("GDS 2754", "3", UnitType.OTHER, "2754"),
        ("", "22", UnitType.UMR, None),
        ("", "1", UnitType.OTHER, None),
    ],
)
def test_the_unit_type_comes_from_the_cnrs_unit_code_or_the_structure_type(label, code, unit_type, number):
    parsed = read_rnsr(
        rnsr_file([structure(1, label_numero=f"{label};UMR 1", code_de_type_de_structure=code)])
    )

    values = parsed.records[0].values
    assert (values["unit_type"], values.get("unit_number")) == (unit_type, number)


def test_only_structures_with_the_cnrs_are_imported_unless_all():
    without_cnrs = structure(
        2,
        label_numero="EA 1234",
        tutelles="Université Paris-Saclay",
        sigles_des_tutelles="UPS",
        code_de_nature_de_tutelle="UNIV",
        nature_de_tutelle="Université",
        uai_des_tutelles=UNIV_UAI,
        siret_des_tutelles=UNIV_SIREN,
        code_de_type_de_tutelle="TUTE",
        type_de_tutelle="établissement tutelle",
    )
    data = rnsr_file([structure(1), without_cnrs])

    plan = import_rnsr(data)
    assert plan.counts()["ignored"] == 1 and list(Lab.objects.values_list("rnsr", flat=True)) == [
        make_rnsr(1)
    ]

    import_rnsr(data, include_all=True)
    other = Lab.objects.get(rnsr=make_rnsr(2))
    assert (other.unit_type, other.unit_number, other.code) == (UnitType.OTHER, "1234", "1234")
