"""The RNSR import end to end (labs.rnsr and its `import_rnsr` command) on small files written by each
test (`tests.labs.rnsr_files`): valid files, history, command options and regional scope.
"""

import pytest
from django.core.management import CommandError
from django.db.models import Max

from labs.models import Lab, Partner, Supervision, SupervisionKind, UnitType
from labs.rnsr import FieldChange, import_rnsr
from tests.factories import LabFactory, make_rnsr, make_uai, office
from tests.labs.rnsr_files import (
    CNRS_SIRET,
    CNRS_UAI,
    UNIV_SIREN,
    UNIV_UAI,
    history_rows,
    rnsr_file,
    run,
    structure,
    write_file,
)

pytestmark = pytest.mark.django_db


# Valid files ----------------------------------------------------------------------------------------


def test_it_imports_a_valid_file_with_its_partners_and_unit_codes(tmp_path):
    marseille = structure(2, code_postal="13331", commune="MARSEILLE CEDEX 03", label_numero="UMS 3470;")
    out, err = run(write_file(tmp_path, [structure(1), marseille]))

    assert "2 labs created" in out
    lab = Lab.objects.get(rnsr=make_rnsr(1))
    assert (lab.unit_type, lab.unit_number, lab.code, lab.slug) == (
        UnitType.UMR,
        "8001",
        "UMR 8001",
        "umr-8001",
    )
    assert (lab.name, lab.acronym, lab.creation_year) == ("Laboratoire de physique 1", "LP1", 2010)
    assert (lab.city, lab.postal_code, lab.address) == ("Orsay", "91405", "1 rue de la Physique")
    assert lab.director == "Marie CURIE"
    assert lab.website == "https://lp1.example.fr"
    assert lab.scientific_domain == "Physique, Chimie"
    assert lab.regional_office == office("DR04") and not lab.needs_review
    assert "umr 8001" in lab.search_text and "lp1" in lab.search_text
    supervisions = {
        (s.partner.acronym, s.kind, s.unit_code) for s in lab.supervisions.select_related("partner")
    }
    assert supervisions == {
        ("CNRS", SupervisionKind.SUPERVISOR, "UMR 8001"),
        ("UPSACLAY", "supervisor", "UMR 8001"),
    }
    # The university is created once, with its identifiers; the CNRS is the reference-data partner.
    university = Partner.objects.get(uai=UNIV_UAI)
    assert (university.siret, university.kind, university.name) == (
        UNIV_SIREN,
        "university",
        "Université Paris-Saclay",
    )
    assert Partner.objects.count() == 2
    # Legacy UMS is a support unit (UAR); its city loses the CEDEX.
    marseille_lab = Lab.objects.get(rnsr=make_rnsr(2))
    assert (marseille_lab.code, marseille_lab.city, marseille_lab.regional_office.code) == (
        "UAR 3470",
        "Marseille",
        "DR12",
    )
    assert "… read" not in out and "planning" in err


def test_every_write_leaves_a_history_row_with_the_import_source(tmp_path):
    run(write_file(tmp_path, [structure(1)]))

    lab = Lab.objects.get()
    assert [(row.history_type, row.history_source) for row in lab.history.all()] == [("+", "import")]
    sources = set(Supervision.history.values_list("history_source", flat=True))
    assert sources == {"import"} and Supervision.history.count() == 2
    assert Partner.history.get(uai=UNIV_UAI).history_source == "import"


def test_a_second_run_of_the_same_file_changes_nothing_and_writes_no_history(tmp_path):
    path = write_file(tmp_path, [structure(1), structure(2, code_postal="75005", commune="PARIS CEDEX 05")])
    run(path)
    before, versions = history_rows(), dict(Lab.objects.values_list("rnsr", "version"))

    plan = import_rnsr(open(path, "rb").read())

    counts = plan.counts()
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 0, 2)
    assert counts["partners_created"] == counts["supervisions_created"] == counts["supervisions_updated"] == 0
    assert history_rows() == before
    assert dict(Lab.objects.values_list("rnsr", "version")) == versions


def test_a_newer_file_updates_only_the_changed_lab_and_keeps_staff_fields(tmp_path, admin_user):
    run(write_file(tmp_path, [structure(1), structure(2)]))
    lab = Lab.objects.get(rnsr=make_rnsr(1))
    Lab.objects.filter(pk=lab.pk).update(
        internal_notes="Call before visiting", description="Our description", keywords="optics"
    )
    before = Lab.history.count()

    newer = structure(
        1, nom_du_responsable="NOETHER", prenom_du_responsable="Emmy", titre_du_responsable="", site_web=""
    )
    plan = import_rnsr(rnsr_file([newer, structure(2)]), user=admin_user)

    assert (len(plan.created), len(plan.updated), len(plan.unchanged)) == (0, 1, 1)
    assert plan.updated[0].changes == {"director": FieldChange("Marie CURIE", "Emmy NOETHER")}
    lab.refresh_from_db()
    assert lab.director == "Emmy NOETHER" and lab.version == 2
    # Fields the file does not carry (or leaves empty) keep what staff entered.
    assert (lab.internal_notes, lab.description, lab.keywords) == (
        "Call before visiting",
        "Our description",
        "optics",
    )
    assert lab.website == "https://lp1.example.fr"
    assert Lab.history.count() == before + 1
    row = lab.history.first()
    assert (row.history_type, row.history_source, row.history_user) == ("~", "import", admin_user)


def test_a_staff_fix_of_a_name_in_capitals_survives_the_next_import(tmp_path):
    path = write_file(tmp_path, [structure(1, libelle="LABORATOIRE DE PLANETOLOGIE")])
    run(path)
    Lab.objects.update(name="Laboratoire de planétologie")

    plan = import_rnsr(open(path, "rb").read())

    assert len(plan.unchanged) == 1
    assert Lab.objects.get().name == "Laboratoire de planétologie"


def test_a_new_supervisor_at_renewal_is_added_to_the_existing_lab(tmp_path):
    run(write_file(tmp_path, [structure(1)]))
    other_uai = make_uai(778)
    renewed = structure(
        1,
        label_numero="UMR 8001;UMR 8001;",
        tutelles="Centre national de la recherche scientifique;Université Paris-Saclay;Inria",
        sigles_des_tutelles="CNRS;UPSACLAY;INRIA",
        code_de_nature_de_tutelle="EPST;UNIV;EPST",
        nature_de_tutelle="a;b;c",
        uai_des_tutelles=f"{CNRS_UAI};{UNIV_UAI};{other_uai}",
        siret_des_tutelles=f"{CNRS_SIRET};{UNIV_SIREN};",
        code_de_type_de_tutelle="TUTE;TUTE;PART",
        type_de_tutelle="a;b;c",
    )

    plan = import_rnsr(rnsr_file([renewed]))

    assert len(plan.updated) == 1 and plan.counts()["supervisions_created"] == 1
    inria = Lab.objects.get().supervisions.get(partner__uai=other_uai)
    assert (inria.kind, inria.unit_code, inria.partner.kind) == ("participant", "", "research_organisation")


# Command options and scope --------------------------------------------------------------------------


def test_dry_run_prints_the_changes_and_writes_nothing(tmp_path):
    path = write_file(tmp_path, [structure(1)])
    run(path)
    Lab.objects.update(director="Someone Else")
    write_file(tmp_path, [structure(1), structure(2)])
    before = history_rows()

    out, _err = run(path, "--dry-run")

    assert f"+ {make_rnsr(2)} UMR 8002 LP2" in out
    assert f"~ {make_rnsr(1)} UMR 8001 LP1" in out and "director: Someone Else → Marie CURIE" in out
    assert "Would import" in out and "1 labs created, 1 updated" in out
    assert Lab.objects.count() == 1 and Lab.objects.get().director == "Someone Else"
    assert history_rows() == before


def test_a_regional_editor_imports_only_the_labs_of_their_offices(tmp_path, editor):
    existing = LabFactory(
        rnsr=make_rnsr(3), regional_office=office("DR12"), postal_code="13013", director="Kept"
    )
    rows = [structure(1), structure(2, code_postal="13013", commune="MARSEILLE"), structure(3)]

    out, err = run(write_file(tmp_path, rows), "--user", "claire")

    assert list(Lab.objects.filter(regional_office__code="DR04").values_list("rnsr", flat=True)) == [
        make_rnsr(1)
    ]
    assert not Lab.objects.filter(rnsr=make_rnsr(2)).exists()
    existing.refresh_from_db()
    assert existing.director == "Kept" and existing.regional_office.code == "DR12"
    assert "2 outside your regional offices" in out
    assert "outside your regional offices" in err and "DR12" in err
    assert Lab.history.get(rnsr=make_rnsr(1)).history_user == editor


def test_an_unknown_user_is_refused(tmp_path):
    with pytest.raises(CommandError, match="nobody"):
        run(write_file(tmp_path, [structure(1)]), "--user", "nobody")


def test_a_huge_file_imports_in_bulk_with_a_bounded_number_of_queries(
    tmp_path, django_assert_max_num_queries
):
    """Speed itself is measured by bench/import_rnsr.py; here, that writes come in batches, not per row."""
    rows = [structure(n, label_numero=f"UMR {n};UMR {n}") for n in range(1, 3001)]
    path = write_file(tmp_path, rows)

    # Bulk writes: queries come by batches (SQLite's are small: 999 parameters), far fewer than rows.
    with django_assert_max_num_queries(500):
        out, err = run(path)

    assert Lab.objects.count() == 3000 and Supervision.objects.count() == 6000
    assert Lab.history.aggregate(Max("history_id"))["history_id__max"] is not None
    assert Lab.history.count() == 3000
    assert "read 500 rows" in err and "read 3000 rows" in err


def test_it_imports_a_joint_unit_without_a_second_supervisor_but_warns(tmp_path):
    lonely = structure(
        1,
        label_numero="UMR 8001",
        tutelles="Centre national de la recherche scientifique",
        sigles_des_tutelles="CNRS",
        code_de_nature_de_tutelle="EPST",
        nature_de_tutelle="Organismes de type EPST",
        uai_des_tutelles=CNRS_UAI,
        siret_des_tutelles=CNRS_SIRET,
        code_de_type_de_tutelle="TUTE",
        type_de_tutelle="établissement tutelle",
    )
    out, err = run(write_file(tmp_path, [lonely, structure(2)]))

    assert Lab.objects.count() == 2
    assert "besides the CNRS" in out + err
    assert "UMR 8002" not in "".join(line for line in (out + err).splitlines() if "besides" in line)
