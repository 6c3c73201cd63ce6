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


def test_a_lab_abroad_is_not_given_a_french_office_by_its_postal_code_but_flagged_with_its_country():
    plan = import_rnsr(rnsr_file([structure(1, code_postal="02120", commune="SANTIAGO DE CHILE")]))

    lab = Lab.objects.get()
    assert (lab.regional_office, lab.country, lab.needs_review) == (None, "CL", True)
    assert "SANTIAGO DE CHILE" in lab.review_reason or "Santiago de Chile" in lab.review_reason
    assert (
        import_rnsr(rnsr_file([structure(1, code_postal="02120", commune="SANTIAGO DE CHILE")])).updated == []
    )
    assert plan.blocked is False


def test_a_lab_an_earlier_import_placed_in_france_by_its_digits_is_flagged_abroad_on_the_next_import():
    LabFactory(
        rnsr=make_rnsr(1), postal_code="02120", city="Santiago de Chile", regional_office=office("DR18")
    )

    plan = import_rnsr(rnsr_file([structure(1, code_postal="02120", commune="SANTIAGO DE CHILE")]))

    lab = Lab.objects.get()
    assert (lab.country, lab.needs_review, lab.regional_office.code) == ("CL", True, "DR18")
    assert len(plan.updated) == 1
    lab.needs_review = False
    lab.save()
    assert (
        import_rnsr(rnsr_file([structure(1, code_postal="02120", commune="SANTIAGO DE CHILE")])).updated == []
    )


def test_an_unrecognised_place_gets_no_office_and_the_reason():
    import_rnsr(rnsr_file([structure(1, code_postal="10010", commune="RABAT")]))

    lab = Lab.objects.get()
    assert (lab.regional_office, lab.country, lab.needs_review) == (None, "", True)
    assert "10010 Rabat" in lab.review_reason


def test_an_overseas_collectivity_resolves_to_its_code_and_is_flagged_for_want_of_a_default_office():
    import_rnsr(rnsr_file([structure(1, code_postal="98800", commune="NOUMEA")]))

    lab = Lab.objects.get()
    assert (lab.regional_office, lab.city, lab.needs_review) == (None, "Nouméa", True)
    assert "988" in lab.review_reason


def test_cities_are_written_with_their_official_name_so_that_one_city_is_one_city():
    rows = [
        structure(1, code_postal="59655", commune="Villeneuve d'Ascq"),
        structure(2, code_postal="59655", commune="VILLENEUVE D ASCQ CEDEX"),
        structure(3, code_postal="59650", commune="Villeneuve D Ascq"),
    ]

    import_rnsr(rnsr_file(rows))
    again = import_rnsr(rnsr_file(rows))

    assert set(Lab.objects.values_list("city", flat=True)) == {"Villeneuve-d'Ascq"}
    assert {lab.regional_office.code for lab in Lab.objects.all()} == {"DR18"}
    assert again.updated == []


def test_a_cedex_code_resolves_through_its_commune_and_a_corsican_one_to_2a_or_2b():
    import_rnsr(
        rnsr_file(
            [
                structure(1, code_postal="91405", commune="ORSAY CEDEX"),
                structure(2, code_postal="20250", commune="CORTE"),
            ]
        )
    )

    offices = dict(Lab.objects.values_list("rnsr", "regional_office__code"))
    assert offices == {make_rnsr(1): "DR04", make_rnsr(2): "DR12"}


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
