"""The back-office exports of sites and agreements: readable French spreadsheets (see regions.resources)."""

import datetime

import pytest
from django.utils import translation

from agreements.models import AgreementStatus
from tests.admin_exports import CSV, XLSX, csv_rows, export, xlsx_rows
from tests.factories import (
    AgreementSignatoryFactory,
    BoardSeatFactory,
    LabFactory,
    PartnerFactory,
    PiaProjectFactory,
    SiteAgreementFactory,
    office,
    site_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    site = site_in("DR04", "DR05", name="Paris-Saclay")
    agreement = SiteAgreementFactory.create(
        site=site,
        title="Convention Paris-Saclay",
        status=AgreementStatus.SIGNED,
        signed_on=datetime.date(2023, 3, 1),
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2100, 12, 31),
    )
    agreement.covered_labs.set(
        [
            LabFactory.create(unit_type="UPR", unit_number="3251"),
            LabFactory.create(unit_type="UMR", unit_number="8502"),
        ]
    )
    AgreementSignatoryFactory(agreement=agreement, partner=PartnerFactory(name="Université Paris-Saclay"))
    return agreement


def test_agreements_export_names_statuses_dates_and_labs_in_french(client, editor, agreement):
    client.force_login(editor)
    (row,) = csv_rows(export(client, "agreements_siteagreement", CSV))
    assert row["Site"] == "Paris-Saclay"
    assert row["Titre"] == "Convention Paris-Saclay"
    assert row["Statut"] == "Signée"
    assert (row["Date de signature"], row["Début"], row["Fin"]) == ("2023-03-01", "2023-01-01", "2100-12-31")
    assert row["Laboratoires couverts"] == "UMR 8502, UPR 3251"
    assert row["Partenaires signataires"] == "Université Paris-Saclay"
    assert row["Document public"] == "non"


def test_an_agreement_past_its_end_reads_expired_as_in_the_list(client, coordinator, agreement):
    agreement.end_date = datetime.date(2024, 1, 1)
    agreement.save()
    client.force_login(coordinator)
    with translation.override("en"):
        (row,) = csv_rows(export(client, "agreements_siteagreement", CSV))
    assert (row["Site"], row["Status"], row["End"]) == ("Paris-Saclay", "Expired", "2024-01-01")


def test_sites_export_their_offices_partners_and_labs_by_name(client, coordinator, agreement):
    site = agreement.site
    site.members.set([PartnerFactory(name="CNRS Île-de-France"), PartnerFactory(name="Inria")])
    site.labs.set(agreement.covered_labs.all())
    client.force_login(coordinator)
    rows = xlsx_rows(export(client, "agreements_site", XLSX))
    (row,) = [row for row in rows if row["Nom"] == "Paris-Saclay"]
    assert row["Délégations régionales"] == "DR04, DR05"
    assert row["Partenaires membres"] == "CNRS Île-de-France, Inria"
    assert row["Laboratoires du site"] == "UMR 8502, UPR 3251"


def test_pia_projects_and_board_seats_name_their_site_and_partners(client, coordinator, agreement):
    PiaProjectFactory(acronym="UDOPIA", site=agreement.site, lead_partner=PartnerFactory(name="UPSaclay"))
    BoardSeatFactory(partner=PartnerFactory(name="Université de Lille", acronym="ULille"), kind="board_seat")
    client.force_login(coordinator)
    (project,) = csv_rows(export(client, "agreements_piaproject", CSV))
    assert (project["Action"], project["Site"], project["Partenaire porteur"]) == (
        "Idex",
        "Paris-Saclay",
        "UPSaclay",
    )
    (seat,) = csv_rows(export(client, "agreements_boardseat", CSV))
    assert seat["Partenaire"] == "Université de Lille"
    assert seat["Type"] == "Siège au conseil d'administration"
    assert office("DR04").code not in seat.values()
