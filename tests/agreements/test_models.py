import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import AgreementStatus, PiaProject, SiteAgreement
from tests.factories import BoardSeatFactory, PiaProjectFactory, SiteAgreementFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_an_agreement_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteAgreementFactory(start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2024, 1, 1))


def test_validation_names_both_dates_of_an_agreement():
    agreement = SiteAgreementFactory.build(
        start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2024, 6, 30)
    )
    agreement.site.save()
    agreement.site_id = agreement.site.pk
    with pytest.raises(ValidationError) as caught:
        agreement.full_clean()
    text = " ".join(caught.value.message_dict["end_date"])
    assert "30/06/2024" in text and "01/01/2025" in text


def test_a_signed_agreement_needs_its_signature_date():
    agreement = SiteAgreementFactory(status=AgreementStatus.SIGNED, signed_on=None)
    with pytest.raises(ValidationError) as caught:
        agreement.full_clean()
    assert "signed_on" in caught.value.message_dict


def test_only_signed_expired_and_terminated_agreements_are_public():
    for status in AgreementStatus:
        SiteAgreementFactory(status=status, title=f"Convention {status}")
    public = set(SiteAgreement.objects.public().values_list("status", flat=True))
    assert public == {AgreementStatus.SIGNED, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED}


def test_two_agreements_cannot_share_a_reference():
    SiteAgreementFactory(reference="CS-2024-01")
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteAgreementFactory(reference="CS-2024-01")


def test_agreements_without_reference_are_allowed_side_by_side():
    SiteAgreementFactory(reference="")
    SiteAgreementFactory(reference="")
    assert SiteAgreement.objects.filter(reference="").count() == 2


def test_a_pia_project_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        PiaProjectFactory(start_year=2020, end_year=2019)
    project = PiaProject(action="idex", acronym="X", name="X", start_year=2020, end_year=2019)
    with pytest.raises(ValidationError):
        project.full_clean()


def test_a_board_seat_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardSeatFactory(since=datetime.date(2024, 1, 1), until=datetime.date(2023, 1, 1))
