"""Spreadsheet imports of the lab data lists (labs, supervisions, successions, partners): the columns of
their exports read back, previewed field by field, in the user's scope, one transaction, idempotent, with
the import's audit trail."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from labs.models import Lab, LabStatus, Partner, Succession, Supervision, SupervisionKind
from regions.audit import IMPORT, source_label
from tests.admin_exports import CSV, XLSX
from tests.admin_imports import (
    changes,
    confirm,
    counts,
    csv_dicts,
    csv_file,
    exported,
    import_file,
    problems,
    upload,
    xlsx_edit,
    xlsx_file,
)
from tests.factories import (
    LabFactory,
    PartnerFactory,
    cnrs,
    make_rnsr,
    make_uai,
    office,
    umr,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]

LABS = "labs_lab"


@pytest.fixture
def labs(db):
    """Three labs of DR04 (Claire's) and one of DR12."""
    return [
        LabFactory(acronym="LPS", director="Marie Curie", regional_office=office("DR04")),
        LabFactory(acronym="ISMO", regional_office=office("DR04")),
        LabFactory(acronym="ICMMO", regional_office=office("DR04")),
        LabFactory(acronym="CINAM", regional_office=office("DR12"), city="Marseille", postal_code="13009"),
    ]


def history_of(obj):
    return list(type(obj).history.filter(id=obj.pk).order_by("history_date"))


def new_lab_row(n: int, **values) -> dict:
    row = {
        "Code": f"UMR {9800 + n}",
        "Numéro RNSR": make_rnsr(900 + n),
        "Type d'unité": "Unité mixte de recherche (UMR)",
        "Sigle": f"NEW{n}",
        "Nom": f"Nouveau laboratoire {n}",
        "Délégation régionale": "DR04",
        "Institut principal": "INC",
        "Ville": "Orsay",
        "Code postal": "91405",
        "Statut": "En activité",
        "À vérifier": "non",
    }
    return {**row, **values}


# --- labs -------------------------------------------------------------------------------------------------


def test_a_new_labs_file_is_previewed_then_creates_the_labs_with_their_history(client, editor):
    client.force_login(editor)
    data = csv_file([new_lab_row(1, **{"Instituts secondaires": "INP, INSIS"}), new_lab_row(2)])

    preview = upload(client, LABS, data, "nouveaux.csv")

    assert counts(preview) == {"new": 2, "update": 0, "skip": 0, "invalid": 0, "rows": 2}
    assert not Lab.objects.exists()
    created = {
        row["object_repr"]: dict((c, n) for c, _, n in row["diff"]) for row in preview.context["created"]
    }
    assert created["UMR 9801 NEW1 – Nouveau laboratoire 1"]["Instituts secondaires"] == "INP, INSIS"

    response = confirm(client, LABS, preview)

    assert response.status_code == 302 and response["Location"] == reverse("admin:labs_lab_changelist")
    lab = Lab.objects.get(acronym="NEW1")
    assert (lab.code, lab.rnsr, lab.regional_office.code, lab.primary_institute.acronym) == (
        "UMR 9801",
        make_rnsr(901),
        "DR04",
        "INC",
    )
    assert sorted(lab.secondary_institutes.values_list("acronym", flat=True)) == ["INP", "INSIS"]
    (record,) = history_of(lab)
    assert (record.history_type, record.history_source, record.history_user) == ("+", IMPORT, editor)
    assert source_label(record.history_source, record.history_change_reason) == (
        "import de tableur (fichier nouveaux.csv)"
    )
    assert sorted(record.secondary_institutes.values_list("institute__acronym", flat=True)) == [
        "INP",
        "INSIS",
    ]


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_importing_the_export_again_changes_nothing(client, editor, labs, file_format):
    labs[0].secondary_institutes.set(labs[0].secondary_institutes.model.objects.filter(acronym="INC"))
    labs[1].parent = labs[0]
    labs[1].contract_start = datetime.date(2021, 1, 1)
    labs[1].save()
    client.force_login(editor)
    data = exported(client, LABS, file_format)
    versions = dict(Lab.objects.values_list("pk", "version"))
    histories = Lab.history.count()

    preview, response = import_file(client, LABS, data, "export." + ("csv" if file_format == CSV else "xlsx"))

    assert counts(preview) == {"new": 0, "update": 0, "skip": 3, "invalid": 0, "rows": 3}, problems(preview)
    assert response.status_code == 302
    assert dict(Lab.objects.values_list("pk", "version")) == versions
    assert Lab.history.count() == histories


def test_a_formula_like_name_neutralised_by_the_export_reads_back_as_it_was(client, editor, labs):
    Lab.objects.filter(pk=labs[0].pk).update(name="=Laboratoire + physique")
    client.force_login(editor)
    rows = csv_dicts(exported(client, LABS))
    assert next(row for row in rows if row["Sigle"] == "LPS")["Nom"] == "'=Laboratoire + physique"

    preview = upload(client, LABS, csv_file(rows))

    assert counts(preview)["skip"] == 3


def test_a_unit_code_two_labs_share_keeps_the_chosen_one_and_an_rnsr_number_picks_the_other(
    client, editor, labs
):
    old = LabFactory(
        unit_type="UMR", unit_number="8502", slug="umr-8502-old", status="closed", closed_on="2019-12-31"
    )
    new = LabFactory(unit_type="UMR", unit_number="8502", regional_office=office("DR04"))
    Lab.objects.filter(pk=labs[0].pk).update(parent=old)
    client.force_login(editor)
    rows = csv_dicts(exported(client, LABS))
    assert next(row for row in rows if row["Sigle"] == "LPS")["Structure parente"] == "UMR 8502"

    assert counts(upload(client, LABS, csv_file(rows)))["skip"] == len(rows)

    ismo = next(row for row in rows if row["Sigle"] == "ISMO")
    ismo["Structure parente"] = "UMR 8502"
    next(row for row in rows if row["Sigle"] == "ICMMO")["Structure parente"] = new.rnsr
    preview = upload(client, LABS, csv_file(rows))
    assert problems(preview) == [
        f"ligne {rows.index(ismo) + 2}, colonne « Structure parente » : « UMR 8502 » désigne plusieurs "
        f"laboratoires ({old}; {new}) : écrivez plutôt ce qui n'appartient qu'à celui que vous visez (numéro "
        "RNSR, UAI, identifiant d'URL, référence)."
    ]
    assert counts(preview)["update"] == 1


def test_an_edited_cell_updates_that_field_only(client, editor, labs):
    client.force_login(editor)
    rows = csv_dicts(exported(client, LABS))
    lps = next(row for row in rows if row["Sigle"] == "LPS")
    lps["Direction"] = "Pierre Curie"

    preview, response = import_file(client, LABS, csv_file(rows))

    assert counts(preview)["update"] == 1 and counts(preview)["skip"] == 2
    assert list(changes(preview).values()) == [[("Direction", "Marie Curie", "Pierre Curie")]]
    labs[0].refresh_from_db()
    assert labs[0].director == "Pierre Curie" and labs[0].version == 2
    assert [record.history_type for record in history_of(labs[0])] == ["+", "~"]
    assert [lab.version for lab in Lab.objects.filter(pk__in=[labs[1].pk, labs[2].pk])] == [1, 1]
    (change,) = client.get(reverse("backoffice_recent_changes"), {"model": "labs.lab"}).context["rows"][:1]
    assert (change["by"], change["source"], [str(name) for name in change["changed"]]) == (
        "claire",
        "import de tableur",
        ["Direction"],
    )


def test_a_broken_row_is_reported_in_french_on_its_row_and_column_and_nothing_is_written(
    client, editor, labs
):
    client.force_login(editor)
    rows = csv_dicts(exported(client, LABS))
    rows[0]["Direction"] = "Quelqu'un d'autre"
    rows[1]["Statut"] = "Dissous"
    rows[2]["Structure parente"] = "UMR 0000"
    rows[2]["Début du contrat"] = "31/02/2021"

    preview = upload(client, LABS, csv_file(rows))

    assert counts(preview) == {"new": 0, "update": 1, "skip": 0, "invalid": 2, "rows": 3}
    assert problems(preview) == [
        "ligne 3, colonne « Statut » : « Dissous » ne fait pas partie des choix : En activité, Fermée.",
        "ligne 4, colonne « Début du contrat » : « 31/02/2021 » n'est pas une date : écrivez-la 2024-12-31 "
        "ou 31/12/2024.",
        "ligne 4, colonne « Structure parente » : « UMR 0000 » est introuvable parmi les laboratoires.",
    ]
    assert "Confirmer l'import" not in preview.content.decode()

    response = client.get(confirm(client, LABS, preview)["Location"])

    assert response.status_code == 200 and response.context["rejected"]
    assert "Le fichier contient des erreurs ; rien n'a été enregistré." in response.content.decode()
    assert Lab.objects.get(acronym="LPS").director == "Marie Curie"


def test_skipping_the_invalid_rows_imports_the_others(client, editor, labs):
    client.force_login(editor)
    rows = csv_dicts(exported(client, LABS))
    rows[0]["Direction"] = "Pierre Curie"
    rows[1]["À vérifier"] = "peut-être"

    preview = upload(client, LABS, csv_file(rows))
    assert "Ignorer 1 ligne invalide et importer les autres" in preview.content.decode()
    response = confirm(client, LABS, preview, skip_invalid="1")

    assert response.status_code == 302
    assert Lab.objects.get(acronym="LPS").director == "Pierre Curie"
    assert Lab.objects.get(acronym="ISMO").version == 1


def test_a_row_the_database_refuses_is_reported_and_the_next_rows_still_import(
    client, editor, labs, monkeypatch
):
    save = Lab.save

    def failing_save(lab, *args, **kwargs):
        if lab.acronym == "ISMO":  # an error of the database itself, which aborts a PostgreSQL transaction
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM no_such_table")
        return save(lab, *args, **kwargs)

    monkeypatch.setattr(Lab, "save", failing_save)
    client.force_login(editor)
    rows = csv_dicts(exported(client, LABS))
    for row in rows:
        row["Direction"] = f"Direction de {row['Sigle']}"

    preview = upload(client, LABS, csv_file(rows))

    assert (counts(preview)["update"], counts(preview)["invalid"]) == (2, 1)
    (problem,) = problems(preview)
    assert problem.startswith("ligne 3 : Cette ligne n'a pas pu être enregistrée : ")
    confirm(client, LABS, preview, skip_invalid="1")
    assert dict(Lab.objects.filter(regional_office__code="DR04").values_list("acronym", "director")) == {
        "LPS": "Direction de LPS",
        "ISMO": "",
        "ICMMO": "Direction de ICMMO",
    }


def test_skipping_chosen_on_upload_previews_a_confirmable_import(client, editor, labs):
    client.force_login(editor)
    rows = csv_dicts(exported(client, LABS))
    rows[0]["Direction"] = "Pierre Curie"
    rows[1]["Statut"] = "???"

    preview = upload(client, LABS, csv_file(rows), skip_invalid=True)

    assert "La ligne invalide sera ignorée" in preview.content.decode()
    assert confirm(client, LABS, preview).status_code == 302
    assert Lab.objects.get(acronym="LPS").director == "Pierre Curie"


def test_an_editor_cannot_change_create_or_move_labs_outside_her_offices(client, editor, labs):
    client.force_login(editor)
    rows = csv_dicts(exported(client, LABS))
    rows[0]["Délégation régionale"] = "DR12"
    cinam = {**rows[1], "Numéro RNSR": labs[3].rnsr, "Code": labs[3].code, "Sigle": "CINAM2"}
    elsewhere = new_lab_row(
        3, **{"Délégation régionale": "DR12", "Ville": "Marseille", "Code postal": "13009"}
    )

    preview = upload(client, LABS, csv_file([rows[0], cinam, new_lab_row(4), elsewhere]))

    assert counts(preview) == {"new": 1, "update": 0, "skip": 0, "invalid": 3, "rows": 4}
    assert sorted(problems(preview)) == [
        "ligne 2, colonne « Délégation régionale » : Cette ligne placerait l'enregistrement hors de vos "
        "délégations régionales.",
        f"ligne 3 : Vous ne pouvez pas modifier « {labs[3]} » : il relève d'une délégation régionale qui n'est "
        "pas la vôtre.",
        "ligne 5, colonne « Délégation régionale » : Cette ligne ajouterait un enregistrement hors de vos "
        "délégations régionales.",
    ]
    confirm(client, LABS, preview, skip_invalid="1")
    assert Lab.objects.get(acronym="LPS").regional_office.code == "DR04"
    assert Lab.objects.get(pk=labs[3].pk).acronym == "CINAM"
    assert Lab.objects.filter(acronym="NEW4").exists() and not Lab.objects.filter(acronym="NEW3").exists()


def test_excel_files_are_read_xlsx_with_real_dates_and_french_csv_with_commas(client, editor, labs):
    client.force_login(editor)

    def edit(sheet):
        header = [cell.value for cell in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            if row[header.index("Sigle")].value == "LPS":
                row[header.index("Fin du contrat")].value = datetime.datetime(2030, 12, 31)
                row[header.index("À vérifier")].value = True

    preview, _ = import_file(client, LABS, xlsx_edit(exported(client, LABS, XLSX), edit), "labs.xlsx")
    assert counts(preview)["update"] == 1
    lps = Lab.objects.get(acronym="LPS")
    assert (lps.contract_end, lps.needs_review) == (datetime.date(2030, 12, 31), True)

    Lab.objects.filter(pk=labs[2].pk).update(postal_code="01000", city="Bourg-en-Bresse")
    rows = csv_dicts(exported(client, LABS))
    for row in rows:
        row["Code postal"] = row["Code postal"].lstrip("0")  # Excel took the codes for numbers
        row["Fin du contrat"] = "31/12/2031" if row["Sigle"] == "ISMO" else row["Fin du contrat"]
        row["Nom"] = row["Nom"] + " – Orsay" if row["Sigle"] == "ICMMO" else row["Nom"]
    preview, _ = import_file(client, LABS, csv_file(rows, delimiter=",", encoding="cp1252"), "excel.csv")
    assert counts(preview)["update"] == 2, problems(preview)
    assert Lab.objects.get(acronym="ISMO").contract_end == datetime.date(2031, 12, 31)
    icmmo = Lab.objects.get(acronym="ICMMO")
    assert icmmo.name.endswith(" – Orsay") and (icmmo.postal_code, icmmo.needs_review) == ("01000", False)


def test_an_unknown_column_is_reported_and_a_missing_key_column_refuses_the_file(client, editor, labs):
    client.force_login(editor)
    rows = csv_dicts(exported(client, LABS))
    rows = [{**row, "Commentaire": "à voir"} for row in rows]

    preview = upload(client, LABS, csv_file(rows))
    assert counts(preview)["skip"] == 3
    assert problems(preview) == [
        "ligne 1, colonne « Commentaire » : Cette colonne n'est pas une de la liste : elle n'est pas lue."
    ]

    keyless = [{key: value for key, value in row.items() if key != "Numéro RNSR"} for row in rows]
    preview = upload(client, LABS, csv_file(keyless))
    assert problems(preview)[0] == (
        "ligne 1 : Le fichier n'a pas de colonne « Numéro RNSR » : chaque ligne est retrouvée par elle."
    )
    assert preview.context["blocked"] and not preview.context["can_skip"]


def test_a_file_that_is_no_spreadsheet_is_refused_on_the_form(client, editor):
    client.force_login(editor)

    response = upload(client, LABS, b"%PDF-1.7\x00\x01binary", "scan.pdf")

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Ce fichier n'est ni un fichier CSV ni un classeur Excel (XLSX)."
    ]


def test_the_english_back_office_reads_french_headers_and_labels(client, editor, labs):
    client.force_login(editor)
    rows = csv_dicts(exported(client, LABS))
    for row in rows:
        row["Statut"] = "Closed" if row["Sigle"] == "ICMMO" else row["Statut"]
        row["Date de fermeture"] = "2024-06-30" if row["Sigle"] == "ICMMO" else row["Date de fermeture"]

    with translation.override("en"):
        preview, _ = import_file(client, LABS, csv_file(rows))

    assert counts(preview)["update"] == 1, problems(preview)
    assert Lab.objects.get(acronym="ICMMO").status == LabStatus.CLOSED


# --- who may import ---------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("admin:labs_lab_import"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["viewer", "coordinator"])
def test_roles_that_do_not_edit_lab_data_get_403(client, role, request, labs):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("admin:labs_lab_import")).status_code == 403
    assert upload(client, LABS, csv_file([new_lab_row(1)])).status_code == 403
    assert client.post(reverse("admin:labs_lab_process_import"), {"token": "x" * 43}).status_code == 403
    assert client.get(reverse("admin:labs_supervision_import")).status_code == 403
    changelist = client.get(reverse("admin:labs_lab_changelist")).content.decode()
    assert reverse("admin:labs_lab_import") not in changelist
    assert not Lab.objects.filter(acronym="NEW1").exists()


@pytest.mark.parametrize("url_name", ["regions_regionaloffice", "labs_institute", "agreements_reviewnote"])
def test_lists_without_a_natural_key_do_not_import(client, admin_user, url_name):
    client.force_login(admin_user)

    assert client.get(reverse(f"admin:{url_name}_import")).status_code == 403
    assert (
        reverse(f"admin:{url_name}_import")
        not in client.get(reverse(f"admin:{url_name}_changelist")).content.decode()
    )


def test_the_list_links_to_its_import_for_editors(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:labs_lab_changelist")).content.decode()
    assert reverse("admin:labs_lab_import") in page

    form = client.get(reverse("admin:labs_lab_import"))
    assert form.status_code == 200 and "Numéro RNSR" in form.content.decode()


def test_the_confirmation_is_post_only_and_refuses_another_sessions_or_lists_token(client, editor, labs):
    client.force_login(editor)
    assert client.get(reverse("admin:labs_lab_process_import")).status_code == 405
    preview = upload(client, LABS, exported(client, LABS))

    other = confirm(client, "labs_supervision", preview)
    assert other.status_code == 302 and other["Location"] == reverse("admin:labs_supervision_import")

    cancelled = client.post(
        reverse("admin:labs_lab_process_import"), {"token": preview.context["token"], "cancel": "1"}
    )
    assert cancelled.status_code == 302
    assert confirm(client, LABS, preview)["Location"] == reverse("admin:labs_lab_import")


# --- supervisions -----------------------------------------------------------------------------------------

SUPERVISIONS = "labs_supervision"


def supervision_row(lab, partner, kind="Tutelle", **values) -> dict:
    row = {
        "Laboratoire": lab.code,
        "Numéro RNSR": lab.rnsr,
        "Partenaire": partner.name,
        "UAI": partner.uai,
        "Type": kind,
        "Code d'unité attribué par ce partenaire": lab.code,
        "Date de début": "",
        "Date de fin": "",
    }
    return {**row, **values}


def test_a_supervision_is_created_on_the_lab_its_rnsr_number_names(client, editor):
    namesake = LabFactory(unit_type="UMR", unit_number="8502", regional_office=office("DR04"))
    lab = umr(unit_number="8502", slug="umr-8502-2", regional_office=office("DR04"))
    university = PartnerFactory(name="Université Paris-Saclay")
    client.force_login(editor)

    preview, response = import_file(
        client, SUPERVISIONS, xlsx_file([supervision_row(lab, university, **{"Date de début": "01/01/2020"})])
    )

    assert counts(preview)["new"] == 1, problems(preview)
    supervision = Supervision.objects.get(lab=lab, partner=university)
    assert (supervision.kind, supervision.since) == (SupervisionKind.SUPERVISOR, datetime.date(2020, 1, 1))
    assert not namesake.supervisions.exists()
    (record,) = history_of(supervision)
    assert (record.history_source, record.history_user) == (IMPORT, editor)


def test_the_supervisions_export_imports_back_unchanged_and_an_edited_date_updates(client, editor, dr04_lab):
    client.force_login(editor)
    rows = csv_dicts(exported(client, SUPERVISIONS))
    assert counts(upload(client, SUPERVISIONS, csv_file(rows)))["skip"] == 2

    rows[1]["Date de fin"] = "2030-12-31"
    preview, _ = import_file(client, SUPERVISIONS, csv_file(rows))

    assert counts(preview)["update"] == 1
    assert list(changes(preview).values()) == [[("Date de fin", "", "2030-12-31")]]
    assert sorted(str(until) for until in dr04_lab.supervisions.values_list("until", flat=True)) == [
        "2030-12-31",
        "None",
    ]


def test_supervisions_that_would_break_the_unit_type_rule_are_refused(client, editor, dr04_lab):
    client.force_login(editor)
    rows = csv_dicts(exported(client, SUPERVISIONS))
    cnrs_row = next(row for row in rows if row["Partenaire"] == cnrs().name)
    cnrs_row["Type"] = "Établissement partenaire"

    preview = upload(client, SUPERVISIONS, csv_file(rows))

    assert counts(preview)["invalid"] == 1
    assert problems(preview) == [
        f"ligne {rows.index(cnrs_row) + 2}, colonne « Type » : Une fois le fichier importé, {dr04_lab.code} : "
        "Une unité mixte de recherche (UMR) doit compter le CNRS parmi ses tutelles."
    ]
    confirm(client, SUPERVISIONS, preview)
    assert dr04_lab.supervisions.get(partner=cnrs()).kind == SupervisionKind.SUPERVISOR


def test_supervisions_of_another_offices_lab_or_unknown_partners_are_refused(
    client, editor, dr04_lab, dr12_lab
):
    client.force_login(editor)
    rows = [
        supervision_row(
            dr12_lab, PartnerFactory(name="Aix-Marseille Université"), kind="Établissement partenaire"
        ),
        supervision_row(dr04_lab, Partner(name="Université inconnue", uai="")),
    ]

    preview = upload(client, SUPERVISIONS, csv_file(rows))

    assert problems(preview) == [
        "ligne 2, colonne « Laboratoire » : Cette ligne ajouterait un enregistrement hors de vos délégations "
        "régionales.",
        "ligne 3, colonne « Partenaire » : « Université inconnue » est introuvable parmi les partenaires.",
    ]


# --- successions ------------------------------------------------------------------------------------------


def test_successions_are_created_then_read_back_unchanged(client, editor, labs):
    client.force_login(editor)
    row = {
        "Prédécesseur": labs[1].code,
        "Numéro RNSR du prédécesseur": labs[1].rnsr,
        "Successeur": labs[0].code,
        "Numéro RNSR du successeur": "",
        "Type": "Fusion",
        "Année": "2022",
    }

    preview, _ = import_file(client, "labs_succession", csv_file([row]))

    assert counts(preview)["new"] == 1, problems(preview)
    succession = Succession.objects.get()
    assert (succession.predecessor, succession.successor, succession.kind, succession.year) == (
        labs[1],
        labs[0],
        "merger",
        2022,
    )
    again = upload(client, "labs_succession", exported(client, "labs_succession"))
    assert counts(again) == {"new": 0, "update": 0, "skip": 1, "invalid": 0, "rows": 1}


def test_a_succession_into_another_offices_lab_is_refused(client, editor, labs):
    client.force_login(editor)
    row = {"Prédécesseur": labs[0].rnsr, "Successeur": labs[3].rnsr, "Type": "Scission", "Année": "2024"}

    preview = upload(client, "labs_succession", csv_file([row]))

    assert problems(preview) == [
        "ligne 2, colonne « Successeur » : Cette ligne ajouterait un enregistrement hors de vos délégations "
        "régionales."
    ]


# --- partners ---------------------------------------------------------------------------------------------

PARTNERS = "labs_partner"


@pytest.fixture
def partners(db):
    return [
        PartnerFactory(
            name="Université Paris-Saclay", acronym="UPSaclay", slug="upsaclay", phone="01 69 15 67 50"
        ),
        PartnerFactory(name="Sorbonne Université", acronym="SU", slug="sorbonne-universite"),
    ]


def test_an_editor_updates_partners_contact_data(client, editor, partners):
    client.force_login(editor)
    rows = csv_dicts(exported(client, PARTNERS))
    saclay = next(row for row in rows if row["Identifiant d'URL"] == "upsaclay")
    saclay["Téléphone de contact"] = "01 69 15 00 00"
    saclay["Courriel de contact"] = "contact@universite-paris-saclay.fr"

    preview, response = import_file(client, PARTNERS, csv_file(rows), "partenaires.csv")

    assert counts(preview)["update"] == 1 and response.status_code == 302
    partners[0].refresh_from_db()
    assert (partners[0].phone, partners[0].email) == ("01 69 15 00 00", "contact@universite-paris-saclay.fr")
    record = history_of(partners[0])[-1]
    assert (record.history_source, record.history_user, record.history_change_reason) == (
        IMPORT,
        editor,
        "spreadsheet:partenaires.csv",
    )


def test_only_national_administrators_change_who_a_partner_is(client, editor, admin_user, partners):
    client.force_login(editor)
    rows = csv_dicts(exported(client, PARTNERS))
    saclay = next(row for row in rows if row["Identifiant d'URL"] == "upsaclay")
    saclay["Nom"] = "Université Paris-Saclay (UPS)"
    rows.append(
        {
            **saclay,
            "Nom": "Nouvelle université",
            "Identifiant d'URL": "nouvelle",
            "UAI": make_uai(777),
            "SIREN ou SIRET": "",
        }
    )

    preview = upload(client, PARTNERS, csv_file(rows))

    line = rows.index(saclay) + 2
    assert sorted(problems(preview)) == [
        f"ligne {line}, colonne « Nom » : Seuls les administrateurs nationaux peuvent modifier le nom ou les "
        "identifiants d'un partenaire.",
        f"ligne {len(rows) + 1} : Cette ligne ajouterait un enregistrement : votre rôle modifie les partenaires "
        "mais n'en ajoute pas.",
    ]

    client.force_login(admin_user)
    preview, _ = import_file(client, PARTNERS, csv_file(rows))
    assert (counts(preview)["update"], counts(preview)["new"]) == (1, 1)
    assert Partner.objects.get(slug="upsaclay").name == "Université Paris-Saclay (UPS)"
    assert Partner.objects.get(slug="nouvelle").uai == make_uai(777)


def test_a_partners_invalid_or_taken_identifier_is_reported_on_its_column(client, admin_user, partners):
    client.force_login(admin_user)
    rows = csv_dicts(exported(client, PARTNERS))
    rows[0]["UAI"] = "0751234A"
    rows[1]["SIREN ou SIRET"] = rows[2]["SIREN ou SIRET"]

    preview = upload(client, PARTNERS, csv_file(rows))

    assert counts(preview)["invalid"] == 2
    uai, siret = problems(preview)
    assert uai.startswith("ligne 2, colonne « UAI » : UAI")
    assert siret == "ligne 3, colonne « SIREN ou SIRET » : Un autre partenaire a déjà ce SIREN/SIRET."


def test_the_partners_xlsx_export_imports_back_unchanged(client, editor, partners):
    client.force_login(editor)

    preview, _ = import_file(client, PARTNERS, exported(client, PARTNERS, XLSX), "partenaires.xlsx")

    assert counts(preview)["skip"] == Partner.objects.count() and counts(preview)["update"] == 0
