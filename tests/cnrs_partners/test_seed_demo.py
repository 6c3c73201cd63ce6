import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from agreements.models import (
    AgreementStatus,
    IndustrialPartnership,
    IndustrialStatus,
    PiaAction,
    PiaProject,
    Site,
    SiteAgreement,
)
from cnrs_partners.demo import DemoBuilder
from labs.models import Lab, LabStatus, Partner, PartnerKind, Supervision, SupervisionKind, UnitType
from regions.models import OfficeService, RegionalOffice

pytestmark = pytest.mark.django_db

# The area code of each office's seat: 01 Île-de-France, 02 north-west, 03 north-east, 04 south-east,
# 05 south-west.
AREA_CODES = {
    "DR01": "1",
    "DR02": "1",
    "DR04": "1",
    "DR05": "1",
    "DR06": "3",
    "DR07": "4",
    "DR08": "2",
    "DR10": "3",
    "DR11": "4",
    "DR12": "4",
    "DR13": "4",
    "DR14": "5",
    "DR15": "5",
    "DR16": "1",
    "DR17": "2",
    "DR18": "3",
    "DR19": "2",
    "DR20": "4",
}

# Where a few partners really are (their seat), whatever the city of their labs.
REAL_CITIES = {
    "Université Grenoble Alpes": "Saint-Martin-d'Hères",
    "Université Claude Bernard Lyon 1": "Villeurbanne",
    "Université de Lorraine": "Nancy",
    "Université de Bordeaux": "Bordeaux",
    "Aix-Marseille Université": "Marseille",
    "Université de Strasbourg": "Strasbourg",
    "Observatoire de Paris": "Paris",
    "Hospices civils de Lyon": "Lyon",
    "École polytechnique": "Palaiseau",
    "Institut de recherche pour le développement": "Marseille",
    "Communauté Université Grenoble Alpes": "Saint-Martin-d'Hères",
    "Max-Planck-Gesellschaft": "Munich",
}


def seed(labs=200, seed=7, replace=False):
    call_command("seed_demo", labs=labs, seed=seed, replace=replace, stdout=io.StringIO())


def snapshot():
    return (
        list(
            Lab.objects.order_by("rnsr").values_list(
                "rnsr", "slug", "name", "city", "regional_office__code", "director", "contract_start"
            )
        ),
        list(Partner.objects.order_by("slug").values_list("slug", "city", "uai", "siret", "ror")),
        list(
            Supervision.objects.order_by("lab__rnsr", "partner__slug").values_list(
                "lab__rnsr", "partner__slug", "kind"
            )
        ),
        list(
            SiteAgreement.objects.order_by("reference").values_list(
                "reference", "status", "start_date", "end_date"
            )
        ),
        list(
            PiaProject.objects.order_by("site__slug", "acronym").values_list("acronym", "lead_partner__slug")
        ),
    )


def test_it_creates_the_requested_number_of_labs_mostly_joint_units():
    seed(labs=200)
    assert Lab.objects.count() == 200
    share = Lab.objects.filter(unit_type=UnitType.UMR).count() / 200
    assert 0.8 <= share <= 0.97


def test_the_same_seed_gives_the_same_data():
    seed(seed=7)
    first = snapshot()
    seed(seed=7, replace=True)
    assert snapshot() == first


def test_another_seed_gives_other_data():
    seed(seed=7)
    first = snapshot()
    seed(seed=8, replace=True)
    assert snapshot()[0] != first[0]


def test_it_refuses_to_seed_over_existing_labs_without_replace():
    seed(labs=20)
    with pytest.raises(CommandError, match="--replace"):
        seed(labs=20)


@pytest.mark.parametrize("labs", [1, 50])
def test_the_readme_lab_umr_8502_is_there_at_any_size(client, labs):
    seed(labs=labs)
    lab = Lab.objects.select_related("regional_office", "primary_institute").get(slug="umr-8502")
    lab.full_clean()
    assert (lab.code, lab.rnsr, lab.acronym) == ("UMR 8502", "199812919F", "LPS")
    assert (lab.name, lab.city, lab.postal_code) == ("Laboratoire de physique des solides", "Orsay", "91405")
    assert (lab.regional_office.code, lab.primary_institute.acronym, lab.status) == ("DR04", "INP", "active")
    supervisors = set(lab.supervisions.values_list("partner__name", flat=True))
    assert supervisors == {"Centre national de la recherche scientifique", "Université Paris-Saclay"}

    response = client.get("/labs/umr-8502/")
    assert response.status_code == 200
    assert "Laboratoire de physique des solides" in response.content.decode()


@pytest.mark.parametrize("labs", [18, 100])
def test_every_regional_office_has_labs(labs):
    seed(labs=labs)
    empty = RegionalOffice.objects.exclude(code__in=Lab.objects.values("regional_office__code"))
    assert list(empty.values_list("code", flat=True)) == []
    assert RegionalOffice.objects.count() == 18


def test_each_office_and_service_phone_has_the_area_code_of_the_office_seat():
    seed(labs=20)
    offices = dict(RegionalOffice.objects.values_list("code", "phone"))
    assert offices.keys() == AREA_CODES.keys()
    for code, phone in offices.items():
        assert phone.startswith(f"+33 {AREA_CODES[code]} "), (code, phone)
    for code, phone in OfficeService.objects.values_list("office__code", "phone"):
        assert phone.startswith(f"+33 {AREA_CODES[code]} "), (code, phone)


def test_it_replaces_phones_an_older_demo_generated_but_keeps_the_administrators_ones():
    seed(labs=20)
    RegionalOffice.objects.filter(code="DR12").update(phone="+33 1 47 12 00 00")  # the old demo's shape
    RegionalOffice.objects.filter(code="DR13").update(phone="04 67 14 20 00")  # typed by an administrator
    OfficeService.objects.filter(office__code="DR14").update(phone="+33 2 31 16 00 01")
    seed(labs=20, replace=True)
    phones = dict(RegionalOffice.objects.filter(code__in=["DR12", "DR13"]).values_list("code", "phone"))
    assert phones["DR12"].startswith("+33 4 ")
    assert phones["DR13"] == "04 67 14 20 00"
    services = OfficeService.objects.filter(office__code="DR14").values_list("phone", flat=True)
    assert all(phone.startswith("+33 5 ") for phone in services)


def test_partners_are_in_their_real_cities_and_local_ones_supervise_labs_of_their_city():
    seed(labs=300)
    cities = dict(Partner.objects.filter(name__in=REAL_CITIES).values_list("name", "city"))
    assert cities == REAL_CITIES
    assert Partner.objects.get(name="Max-Planck-Gesellschaft").country == "DE"
    local = Supervision.objects.filter(partner__kind__in=[PartnerKind.HOSPITAL, PartnerKind.LOCAL_AUTHORITY])
    assert local.exists()
    for lab_city, partner_city in local.values_list("lab__city", "partner__city"):
        assert lab_city == partner_city
    grenoble = Lab.objects.filter(city="Grenoble", unit_type=UnitType.UMR, status=LabStatus.ACTIVE)
    assert grenoble.exists()
    for lab in grenoble:
        assert lab.supervisions.filter(partner__name="Université Grenoble Alpes").exists()


def test_demo_identifiers_are_valid_and_labs_are_in_their_office():
    seed(labs=150)
    for partner in Partner.objects.all():
        partner.full_clean()
    for lab in Lab.objects.select_related("regional_office")[:150]:
        lab.full_clean()
        assert lab.regional_office is not None


def test_demo_joint_units_follow_the_supervision_rule():
    seed(labs=150)
    labs = Lab.objects.filter(status="active").prefetch_related("supervisions__partner")
    for lab in labs:
        supervisors = [s.partner for s in lab.supervisions.all() if s.kind == SupervisionKind.SUPERVISOR]
        assert lab.supervisor_errors(supervisors) == [], lab


def test_demo_sites_have_agreements_in_every_status_and_some_ending_within_a_year():
    seed(labs=300)
    assert 15 <= Site.objects.count() <= 35
    assert set(SiteAgreement.objects.values_list("status", flat=True)) == set(AgreementStatus)
    today = datetime.date.today()
    ending = SiteAgreement.objects.filter(
        status=AgreementStatus.SIGNED, end_date__gte=today, end_date__lte=today + datetime.timedelta(days=365)
    )
    assert ending.exists()
    assert PiaProject.objects.filter(acronym="A*MIDEX", outcome="confirmed").exists()
    assert PiaProject.objects.filter(acronym="NanoSaclay", action=PiaAction.LABEX, site__slug="paris-saclay")
    assert Lab.objects.filter(name__contains="é").exists()


def test_demo_dates_are_relative_to_the_day_it_is_built():
    day = datetime.date(2041, 1, 3)
    DemoBuilder(labs=60, seed=5, today=day).build()

    agreements = SiteAgreement.objects.all()
    assert set(agreements.values_list("status", flat=True)) == set(AgreementStatus)
    signed = agreements.filter(status=AgreementStatus.SIGNED)
    assert signed.filter(end_date__gte=day, end_date__lte=day + datetime.timedelta(days=365)).exists()
    assert signed.filter(start_date__lte=day, end_date__gt=day + datetime.timedelta(days=365)).exists()
    assert signed.filter(end_date__lt=day).count() == 1  # still marked signed after its end
    for agreement in agreements:
        agreement.full_clean()
    active = Lab.objects.filter(status=LabStatus.ACTIVE)
    assert not active.exclude(contract_start__lte=day, contract_end__gte=day).exists()
    assert not Lab.objects.filter(status=LabStatus.CLOSED, closed_on__gte=day).exists()
    for partnership in IndustrialPartnership.objects.all():
        running = partnership.start_date <= day <= partnership.end_date
        assert (partnership.status == IndustrialStatus.ACTIVE) == running, partnership


def test_most_signed_demo_agreements_have_their_signed_pdf_and_a_coordinator_downloads_it(
    client, coordinator
):
    seed(labs=60)
    signed = SiteAgreement.objects.filter(status=AgreementStatus.SIGNED)
    without = signed.filter(document="")
    # A couple stay without one, for the "signed agreement without its signed document" warning.
    assert 1 <= without.count() <= 3
    assert without.count() * 4 < signed.count()
    agreement = signed.exclude(document="").order_by("reference").first()
    assert agreement is not None

    client.force_login(coordinator)
    response = client.get(reverse("review:agreement_document", args=[agreement.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    assert agreement.reference.encode() in content


def test_re_seeding_overwrites_the_demo_documents_instead_of_adding_copies(private_media):
    seed(labs=20)
    files = sorted(path.name for path in private_media.rglob("*.pdf"))
    seed(labs=20, replace=True)
    assert sorted(path.name for path in private_media.rglob("*.pdf")) == files
    assert all(name.startswith("demo-CS-") for name in files)
