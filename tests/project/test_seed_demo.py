import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from agreements.models import AgreementStatus, PiaProject, Site, SiteAgreement
from labs.models import Lab, Partner, Supervision, SupervisionKind, UnitType

pytestmark = pytest.mark.django_db


def seed(labs=200, seed=7, replace=False):
    call_command("seed_demo", labs=labs, seed=seed, replace=replace, stdout=io.StringIO())


def snapshot():
    return (
        list(
            Lab.objects.order_by("rnsr").values_list("rnsr", "slug", "name", "city", "regional_office__code")
        ),
        list(Partner.objects.order_by("slug").values_list("slug", "uai", "siret", "ror")),
        list(
            Supervision.objects.order_by("lab__rnsr", "partner__slug").values_list(
                "lab__rnsr", "partner__slug"
            )
        ),
        list(SiteAgreement.objects.order_by("reference").values_list("reference", "status", "end_date")),
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
    assert Lab.objects.filter(name__contains="é").exists()
