"""Planning an RNSR import against the database: regional offices, partners, parents and successions,
and the changes the report shows."""

import pytest

from labs.models import Lab, Partner, Succession, SuccessionKind, Supervision, UnitType
from labs.rnsr import FieldChange, import_rnsr
from tests.factories import LabFactory, PartnerFactory, make_rnsr, make_siren, make_uai, office
from tests.labs.rnsr_files import (
    CNRS_SIRET,
    CNRS_UAI,
    UNIV_SIREN,
    UNIV_UAI,
    rnsr_file,
    run,
    structure,
    write_file,
)

pytestmark = pytest.mark.django_db


# Regional office ------------------------------------------------------------------------------------


def test_a_paris_lab_is_flagged_for_review_instead_of_silently_assigned(tmp_path):
    run(write_file(tmp_path, [structure(1, code_postal="75005", commune="PARIS CEDEX 05")]))

    lab = Lab.objects.get()
    assert lab.needs_review
    assert "75" in lab.review_reason and "DR02" in lab.review_reason
    assert lab.regional_office.code == "DR02" and lab.city == "Paris"


def test_a_lab_without_a_default_office_is_flagged_with_no_office():
    import_rnsr(rnsr_file([structure(1, code_postal="97400", commune="SAINT DENIS")]))

    lab = Lab.objects.get()
    assert lab.needs_review and lab.regional_office is None and "974" in lab.review_reason


def test_an_office_chosen_by_staff_is_kept_while_the_postal_code_stays_in_its_departement(tmp_path):
    path = write_file(tmp_path, [structure(1, code_postal="75005")])
    run(path)
    Lab.objects.update(regional_office=office("DR16"), needs_review=False, review_reason="")

    assert len(import_rnsr(open(path, "rb").read()).unchanged) == 1
    moved = import_rnsr(rnsr_file([structure(1, code_postal="13013", commune="MARSEILLE")]))

    assert moved.updated[0].changes["regional_office"] == FieldChange("DR16", "DR12")
    assert Lab.objects.get().regional_office.code == "DR12"


def test_a_lab_that_had_no_postal_code_keeps_the_office_staff_chose():
    LabFactory(rnsr=make_rnsr(1), postal_code="", regional_office=office("DR05"))

    plan = import_rnsr(rnsr_file([structure(1)]))

    assert "regional_office" not in plan.updated[0].changes
    lab = Lab.objects.get()
    assert (lab.regional_office.code, lab.postal_code, lab.needs_review) == ("DR05", "91405", False)


# Partners -------------------------------------------------------------------------------------------


def test_partners_are_matched_by_uai_then_siret_then_name():
    by_uai = PartnerFactory(name="Another name", uai=UNIV_UAI, siret="")
    by_siret = PartnerFactory(name="Yet another", uai="", siret=make_siren(801))
    by_name = PartnerFactory(name="École de physique", acronym="EP", uai="", siret="")
    row = structure(
        1,
        label_numero="UMR 8001;;;",
        tutelles="CNRS;Université Paris-Saclay;Institut X;ECOLE DE PHYSIQUE",
        sigles_des_tutelles="CNRS;UPS;IX;EP",
        code_de_nature_de_tutelle="EPST;UNIV;EPIC;AUT_ETAB",
        nature_de_tutelle="a;b;c;d",
        uai_des_tutelles=f"{CNRS_UAI};{UNIV_UAI};{make_uai(802)};",
        siret_des_tutelles=f"{CNRS_SIRET};;{make_siren(801)};",
        code_de_type_de_tutelle="TUTE;TUTE;PART;PART",
        type_de_tutelle="a;b;c;d",
    )

    plan = import_rnsr(rnsr_file([row]))

    assert plan.new_partners == ()
    assert set(Lab.objects.get().supervisions.values_list("partner_id", flat=True)) == {
        Partner.objects.get(uai=CNRS_UAI).pk,
        by_uai.pk,
        by_siret.pk,
        by_name.pk,
    }
    # A matched partner is not rewritten: its name and identifiers stay as staff keep them.
    by_siret.refresh_from_db()
    assert (by_siret.name, by_siret.uai) == ("Yet another", "")


def test_a_partner_unit_code_already_given_to_another_lab_is_reported_not_duplicated():
    other = LabFactory(rnsr=make_rnsr(50))
    university = PartnerFactory(uai=UNIV_UAI, siret=UNIV_SIREN)
    Supervision.objects.create(lab=other, partner=university, unit_code="UMR 8001")

    plan = import_rnsr(rnsr_file([structure(1)]))

    assert [p.kind for p in plan.problems if p.level == "warning"] == ["unit_code_conflict"]
    assert Supervision.objects.get(lab__rnsr=make_rnsr(1), partner=university).unit_code == ""


# Hierarchy and history ------------------------------------------------------------------------------


def test_parents_and_successions_are_linked_after_all_rows_are_in(tmp_path):
    predecessor = LabFactory(rnsr=make_rnsr(40))
    team = structure(
        1,
        code_de_type_de_structure="1",
        label_numero=";",
        numero_de_structure_parent=make_rnsr(2),
    )
    unit = structure(
        2,
        numero_de_structure_historique=f"{make_rnsr(40)};{make_rnsr(41)}",
        type_de_succession="fusion;fusion",
        code_de_type_de_succession="F;F",
        annee_d_effet_historique="2020;2020",
    )

    plan = import_rnsr(rnsr_file([team, unit]))

    team_lab, unit_lab = Lab.objects.get(rnsr=make_rnsr(1)), Lab.objects.get(rnsr=make_rnsr(2))
    assert team_lab.parent == unit_lab and team_lab.unit_type == UnitType.OTHER
    succession = Succession.objects.get()
    assert (succession.predecessor, succession.successor, succession.kind, succession.year) == (
        predecessor,
        unit_lab,
        SuccessionKind.MERGER,
        2020,
    )
    missing = [p for p in plan.problems if p.kind == "predecessor_missing"]
    assert [(p.level, p.line, p.column) for p in missing] == [("info", 3, "numero_de_structure_historique")]
    assert Succession.history.get().history_source == "import"
    # Second run: nothing to do.
    again = import_rnsr(rnsr_file([team, unit]))
    assert again.counts()["successions_created"] == 0 and len(again.unchanged) == 2


def test_a_predecessor_listed_twice_gives_one_succession():
    LabFactory(rnsr=make_rnsr(40))
    row = structure(
        1,
        numero_de_structure_historique=f"{make_rnsr(40)};{make_rnsr(40)}",
        type_de_succession="essaimage;essaimage-fusion",
        code_de_type_de_succession="S;SF",
        annee_d_effet_historique="2019;2020",
    )

    import_rnsr(rnsr_file([row]))

    succession = Succession.objects.get()
    assert (succession.kind, succession.year) == (SuccessionKind.SPIN_OFF, 2019)


def test_a_parent_already_in_the_database_is_linked():
    federation = LabFactory(rnsr=make_rnsr(60), unit_type=UnitType.FR)

    import_rnsr(rnsr_file([structure(1, numero_de_structure_parent=make_rnsr(60))]))

    assert Lab.objects.get(rnsr=make_rnsr(1)).parent == federation


def test_an_existing_lab_moved_into_a_unit_new_in_the_file_is_linked_once_the_unit_exists():
    import_rnsr(rnsr_file([structure(1)]))
    moved = structure(1, numero_de_structure_parent=make_rnsr(2))

    plan = import_rnsr(rnsr_file([moved, structure(2)]))

    assert (len(plan.created), len(plan.updated)) == (1, 1)
    assert plan.updated[0].changes == {"parent": FieldChange("—", make_rnsr(2))}
    assert Lab.objects.get(rnsr=make_rnsr(1)).parent == Lab.objects.get(rnsr=make_rnsr(2))
    again = import_rnsr(rnsr_file([moved, structure(2)]))
    assert len(again.unchanged) == 2


def test_new_structures_whose_parents_form_a_cycle_are_imported_with_the_closing_link_left_out():
    first = structure(1, numero_de_structure_parent=make_rnsr(2))
    second = structure(2, numero_de_structure_parent=make_rnsr(1))

    plan = import_rnsr(rnsr_file([first, second]))

    cycles = [(p.level, p.line, p.rnsr) for p in plan.problems if p.kind == "parent_cycle"]
    assert cycles == [("warning", 3, make_rnsr(2))]
    first_lab, second_lab = Lab.objects.get(rnsr=make_rnsr(1)), Lab.objects.get(rnsr=make_rnsr(2))
    assert first_lab.parent == second_lab and second_lab.parent is None


def test_the_report_shows_the_lab_fields_then_the_supervisions_then_the_predecessors():
    LabFactory(rnsr=make_rnsr(40))
    import_rnsr(rnsr_file([structure(1)]))
    renewed = structure(
        1,
        nom_du_responsable="NOETHER",
        prenom_du_responsable="Emmy",
        titre_du_responsable="",
        label_numero="UMR 8001;UMR 8001;",
        tutelles="Centre national de la recherche scientifique;Université Paris-Saclay;Inria",
        sigles_des_tutelles="CNRS;UPSACLAY;INRIA",
        code_de_nature_de_tutelle="EPST;UNIV;EPST",
        nature_de_tutelle="a;b;c",
        uai_des_tutelles=f"{CNRS_UAI};{UNIV_UAI};{make_uai(778)}",
        siret_des_tutelles=f"{CNRS_SIRET};{UNIV_SIREN};",
        code_de_type_de_tutelle="TUTE;TUTE;PART",
        type_de_tutelle="a;b;c",
        numero_de_structure_historique=make_rnsr(40),
        type_de_succession="fusion",
        code_de_type_de_succession="F",
        annee_d_effet_historique="2020",
    )

    plan = import_rnsr(rnsr_file([renewed]))

    changes = plan.updated[0].changes
    assert list(changes) == ["director", "supervisions", "predecessors"]
    assert changes["director"] == FieldChange("Marie CURIE", "Emmy NOETHER")
    assert changes["supervisions"] == FieldChange((), ("Inria (participant)",))
    assert changes["predecessors"] == FieldChange((), (f"{make_rnsr(40)} (merger)",))
