"""Spreadsheet imports of the sites and agreements lists (sites, site agreements, PIA projects, board seats,
industrial partnerships): their exports' columns read back, previewed field by field, in the scope and
workflow rules of each role, idempotent, with the import's audit trail."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import (
    AgreementSignatory,
    AgreementStatus,
    BoardSeat,
    IndustrialPartnership,
    PiaProject,
    Site,
    SiteAgreement,
)
from regions.audit import IMPORT
from tests.admin_exports import CSV, XLSX
from tests.admin_imports import changes, counts, csv_dicts, csv_file, exported, import_file, problems, upload
from tests.factories import (
    BoardSeatFactory,
    LabFactory,
    PartnerFactory,
    PiaProjectFactory,
    SiteAgreementFactory,
    agreement_at,
    office,
    site_in,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]

SITES = "agreements_site"
AGREEMENTS = "agreements_siteagreement"
PIA = "agreements_piaproject"
SEATS = "agreements_boardseat"
INDUSTRY = "agreements_industrialpartnership"


@pytest.fixture
def saclay(db):
    """A site of DR04 whose members include a partner with a comma in its name, with two labs."""
    site = site_in("DR04", "DR05", name="Paris-Saclay")
    site.members.set(
        [PartnerFactory(name="Université Paris-Saclay"), PartnerFactory(name="CentraleSupélec, Gif")]
    )
    site.labs.set(
        [LabFactory(unit_type="UMR", unit_number="8502"), LabFactory(unit_type="UPR", unit_number="3251")]
    )
    return site


@pytest.fixture
def agreements(saclay):
    """A signed agreement with a reference and signatories, and a draft without reference, on Paris-Saclay."""
    signed = SiteAgreementFactory(site=saclay, title="Convention Paris-Saclay 2023", reference="CS-2023-01")
    signed.covered_labs.set(saclay.labs.all())
    AgreementSignatory.objects.create(
        agreement=signed, partner=saclay.members.get(name="Université Paris-Saclay")
    )
    draft = SiteAgreementFactory(
        site=saclay, title="Avenant 2026", reference="", status=AgreementStatus.DRAFT, signed_on=None
    )
    return signed, draft


def history_of(obj):
    return list(type(obj).history.filter(id=obj.pk).order_by("history_date"))


# --- sites ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_the_sites_export_imports_back_unchanged(client, coordinator, saclay, file_format):
    client.force_login(coordinator)
    histories = Site.history.count()

    preview, _ = import_file(client, SITES, exported(client, SITES, file_format))

    assert counts(preview) == {"new": 0, "update": 0, "skip": 1, "invalid": 0, "rows": 1}, problems(preview)
    assert Site.history.count() == histories


def test_a_coordinator_creates_a_site_then_adds_a_lab_to_it(client, coordinator, saclay):
    grenoble = PartnerFactory(name="Université Grenoble Alpes")
    liphy = LabFactory(unit_type="UMR", unit_number="5588", regional_office=office("DR11"))
    client.force_login(coordinator)
    row = {
        "Nom": "Grenoble Alpes",
        "Identifiant d'URL": "grenoble-alpes",
        "Ville": "Grenoble",
        "Partenaires membres": "Université Grenoble Alpes, CentraleSupélec, Gif",
        "Délégations régionales": "DR11",
        "Laboratoires du site": "",
    }

    preview, _ = import_file(client, SITES, csv_file([row]), "sites.csv")

    assert counts(preview)["new"] == 1, problems(preview)
    site = Site.objects.get(slug="grenoble-alpes")
    assert sorted(site.members.values_list("name", flat=True)) == ["CentraleSupélec, Gif", grenoble.name]
    assert list(site.regional_offices.values_list("code", flat=True)) == ["DR11"]

    row["Laboratoires du site"] = "UMR 5588"
    preview, _ = import_file(client, SITES, csv_file([row]), "sites.csv")

    assert list(changes(preview).values()) == [[("Laboratoires du site", "", "UMR 5588")]]
    assert list(site.labs.all()) == [liphy]
    first, second = history_of(site)
    assert (second.history_type, second.history_user, second.history_source) == ("~", coordinator, IMPORT)
    assert list(second.labs.values_list("lab", flat=True)) == [liphy.pk]
    assert not first.labs.exists()


def test_regional_editors_do_not_import_sites(client, editor, saclay):
    client.force_login(editor)

    assert client.get(reverse("admin:agreements_site_import")).status_code == 403


# --- site agreements --------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_the_agreements_export_imports_back_unchanged(client, coordinator, agreements, file_format):
    client.force_login(coordinator)

    preview = upload(client, AGREEMENTS, exported(client, AGREEMENTS, file_format))

    assert counts(preview) == {"new": 0, "update": 0, "skip": 2, "invalid": 0, "rows": 2}, problems(preview)


def test_an_editor_changes_a_draft_of_her_site_and_its_signatories_keep_their_history(
    client, editor, agreements
):
    signed, draft = agreements
    client.force_login(editor)
    rows = csv_dicts(exported(client, AGREEMENTS))
    row = next(row for row in rows if row["Titre"] == draft.title)
    row["Début"] = "01/01/2026"
    row["Partenaires signataires"] = "Université Paris-Saclay"
    row["Statut"] = "Signée"  # read-only: the status moves through the workflow

    preview, response = import_file(client, AGREEMENTS, csv_file(rows), "conventions.csv")

    assert response.status_code == 302
    assert list(changes(preview).values()) == [
        [
            ("Début", draft.start_date.isoformat(), "2026-01-01"),
            ("Partenaires signataires", "", "Université Paris-Saclay"),
        ]
    ]
    draft.refresh_from_db()
    assert (draft.start_date, draft.status) == (datetime.date(2026, 1, 1), AgreementStatus.DRAFT)
    link = AgreementSignatory.objects.get(agreement=draft)
    (record,) = link.history.all()
    assert (record.history_type, record.history_user, record.history_source) == ("+", editor, IMPORT)
    assert record.history_change_reason == "spreadsheet:conventions.csv"


def test_an_editor_may_not_change_a_signed_agreement_nor_draft_one_for_another_office(
    client, editor, agreements
):
    signed, _ = agreements
    elsewhere = site_in("DR12", name="Aix-Marseille")
    client.force_login(editor)
    rows = csv_dicts(exported(client, AGREEMENTS))
    row = next(row for row in rows if row["Titre"] == signed.title)
    row["Stratégie scientifique partagée"] = "Une autre stratégie"
    new = {**row, "Site": elsewhere.name, "Titre": "Convention Aix-Marseille", "Référence": "CS-AMU"}

    preview = upload(client, AGREEMENTS, csv_file([row, new]))

    assert problems(preview) == [
        "ligne 2 : « Convention Paris-Saclay 2023 » est signée : seuls les coordinateurs en modifient le contenu.",
        "ligne 3, colonne « Site » : Cette ligne ajouterait un enregistrement hors de vos délégations régionales.",
    ]


def test_a_new_agreement_without_reference_is_found_again_by_its_site_and_title(client, coordinator, saclay):
    client.force_login(coordinator)
    row = {
        "Site": "Paris-Saclay",
        "Titre": "Convention cadre",
        "Référence": "",
        "Laboratoires couverts": "UMR 8502",
    }

    first, _ = import_file(client, AGREEMENTS, csv_file([row]))
    again = upload(client, AGREEMENTS, csv_file([row]))

    assert (counts(first)["new"], counts(again)["skip"]) == (1, 1)
    agreement = SiteAgreement.objects.get(title="Convention cadre")
    assert agreement.status == AgreementStatus.DRAFT
    assert [lab.code for lab in agreement.covered_labs.all()] == ["UMR 8502"]


# --- PIA projects, board seats, industrial partnerships ---------------------------------------------------


def test_a_pia_project_is_created_with_french_numbers_then_reads_back_unchanged(client, coordinator, saclay):
    lead = saclay.members.get(name="Université Paris-Saclay")
    client.force_login(coordinator)
    row = {
        "Action": "Labex",
        "Sigle": "NanoSaclay",
        "Nom": "Laboratoire d'excellence en nanosciences",
        "Site": "Paris-Saclay",
        "Partenaire porteur": lead.name,
        "Laboratoires": "UMR 8502, UPR 3251",
        "Décision du jury": "Sélectionnée",
        "Année de début": "2012",
        "Année de fin": "2024",
        "Financement (€)": "1 250 000,50",
    }

    preview, _ = import_file(client, PIA, csv_file([row]))

    assert counts(preview)["new"] == 1, problems(preview)
    project = PiaProject.objects.get(acronym="NanoSaclay")
    assert (project.action, project.outcome, project.funding) == ("labex", "selected", Decimal("1250000.50"))
    assert (project.site, project.lead_partner, project.labs.count()) == (saclay, lead, 2)
    for file_format in (CSV, XLSX):
        again = upload(client, PIA, exported(client, PIA, file_format))
        assert counts(again) == {"new": 0, "update": 0, "skip": 1, "invalid": 0, "rows": 1}, problems(again)


def test_two_pia_projects_with_the_same_action_and_acronym_are_reported(client, coordinator):
    PiaProjectFactory(acronym="IDEX-X")
    PiaProjectFactory(acronym="IDEX-X")
    client.force_login(coordinator)

    preview = upload(client, PIA, csv_file([{"Action": "Idex", "Sigle": "IDEX-X", "Nom": "Initiative"}]))

    assert problems(preview) == [
        "ligne 2 : Plusieurs projets PIA ont ces valeurs dans « Action », « Sigle » : la ligne ne permet pas de "
        "les distinguer."
    ]


def test_a_board_seats_end_is_updated_from_the_export(client, coordinator):
    seat = BoardSeatFactory(partner=PartnerFactory(name="ComUE Lille Nord de France"), holder="Jean Dupont")
    BoardSeatFactory(partner=seat.partner, holder="Anne Roy")
    client.force_login(coordinator)
    rows = csv_dicts(exported(client, SEATS))
    next(row for row in rows if row["Détenu par"] == "Jean Dupont")["Date de fin"] = "2025-06-30"

    preview, _ = import_file(client, SEATS, csv_file(rows))

    assert (counts(preview)["update"], counts(preview)["skip"]) == (1, 1)
    seat.refresh_from_db()
    assert seat.until == datetime.date(2025, 6, 30)


def test_industrial_partnerships_are_imported_by_national_administrators_only(
    client, admin_user, coordinator
):
    company = PartnerFactory(name="Air Liquide", kind="company")
    client.force_login(admin_user)
    row = {
        "Type": "Laboratoire commun",
        "Titre": "LabCom Hydrogène",
        "Entreprises": "Air Liquide",
        "Statut": "En activité",
    }

    preview, _ = import_file(client, INDUSTRY, csv_file([row]))

    assert counts(preview)["new"] == 1, problems(preview)
    assert list(IndustrialPartnership.objects.get(title="LabCom Hydrogène").companies.all()) == [company]
    assert BoardSeat.objects.count() == 0
    client.force_login(coordinator)
    assert client.get(reverse("admin:agreements_industrialpartnership_import")).status_code == 403
    assert client.get(reverse("admin:agreements_boardseat_import")).status_code == 200


def test_the_agreements_about_to_expire_are_found_by_reference_even_if_renamed(client, coordinator):
    agreement = agreement_at(AgreementStatus.NEGOTIATING, reference="CS-9", title="Ancien titre")
    client.force_login(coordinator)
    rows = csv_dicts(exported(client, AGREEMENTS))
    rows[0]["Titre"] = "Nouveau titre"

    preview, _ = import_file(client, AGREEMENTS, csv_file(rows))

    assert list(changes(preview).values()) == [[("Titre", "Ancien titre", "Nouveau titre")]]
    agreement.refresh_from_db()
    assert agreement.title == "Nouveau titre"
