import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from labs.models import Lab, LabStatus, UnitType
from tests.factories import (
    AgreementSignatoryFactory,
    LabFactory,
    PartnerFactory,
    SupervisionFactory,
    cnrs,
    umr,
)

pytestmark = pytest.mark.django_db


def test_it_refuses_two_labs_with_the_same_rnsr_number():
    LabFactory(rnsr="199814145N")
    with pytest.raises(IntegrityError), transaction.atomic():
        LabFactory(rnsr="199814145N")


def test_it_refuses_the_same_unit_code_twice_from_one_partner():
    university = PartnerFactory()
    SupervisionFactory(partner=university, unit_code="UMR 8502")
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionFactory(partner=university, unit_code="UMR 8502")


def test_it_lets_two_partners_give_the_same_unit_code():
    SupervisionFactory(unit_code="UMR 8502")
    SupervisionFactory(unit_code="UMR 8502")


def test_the_database_refuses_a_contract_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        LabFactory(contract_start=datetime.date(2025, 1, 1), contract_end=datetime.date(2024, 12, 31))


def test_validation_names_both_dates_when_a_contract_ends_before_it_starts():
    lab = LabFactory.build(contract_start=datetime.date(2025, 1, 1), contract_end=datetime.date(2024, 12, 31))
    with pytest.raises(ValidationError) as caught:
        lab.full_clean()
    text = " ".join(caught.value.message_dict["contract_end"])
    assert "31/12/2024" in text and "01/01/2025" in text


def test_a_umr_needs_the_cnrs_and_another_supervisor():
    lab = LabFactory(unit_type=UnitType.UMR)
    university = PartnerFactory()
    assert lab.supervisor_errors([cnrs(), university]) == []
    assert len(lab.supervisor_errors([cnrs()])) == 1
    assert len(lab.supervisor_errors([university])) == 1
    assert len(lab.supervisor_errors([])) == 2


def test_a_upr_has_no_supervisor_but_the_cnrs():
    lab = LabFactory(unit_type=UnitType.UPR)
    assert lab.supervisor_errors([cnrs()]) == []
    errors = lab.supervisor_errors([cnrs(), PartnerFactory(name="Université de Lille", acronym="")])
    assert "Université de Lille" in errors[0]


def test_a_closed_lab_keeps_whatever_supervisors_it_had():
    lab = LabFactory(unit_type=UnitType.UMR, status=LabStatus.CLOSED, closed_on=datetime.date(2020, 12, 31))
    assert lab.supervisor_errors([]) == []


def test_a_closed_lab_needs_its_closing_date():
    lab = LabFactory.build(status=LabStatus.CLOSED)
    with pytest.raises(ValidationError) as caught:
        lab.full_clean()
    assert "closed_on" in caught.value.message_dict


def test_closing_a_lab_keeps_its_supervisions_and_history():
    lab = umr()
    lab.status, lab.closed_on = LabStatus.CLOSED, datetime.date(2024, 12, 31)
    lab.save()
    lab.refresh_from_db()
    assert lab.supervisions.count() == 2
    assert [record.status for record in lab.history.order_by("history_id")] == ["active", "closed"]


def test_it_refuses_to_delete_a_partner_that_supervises_a_lab():
    university = PartnerFactory()
    umr(university=university)
    with pytest.raises(ProtectedError):
        university.delete()


def test_it_refuses_to_delete_a_partner_that_signs_an_agreement():
    signatory = AgreementSignatoryFactory()
    with pytest.raises(ProtectedError):
        signatory.partner.delete()


def test_a_lab_is_addressed_by_its_unit_code_or_its_rnsr_number():
    assert LabFactory(unit_type=UnitType.UMR, unit_number="8502").slug == "umr-8502"
    assert LabFactory(rnsr="199814145N", unit_type=UnitType.OTHER, unit_number="").slug == "199814145n"


def test_a_lab_is_searchable_without_accents_and_by_compact_code():
    lab = LabFactory(unit_type=UnitType.UMR, unit_number="8502", name="Laboratoire de Physique des Solides")
    assert "umr 8502" in lab.search_text and "umr8502" in lab.search_text
    lab.name = "Institut de Chimie Moléculaire d'Orsay"
    lab.save()
    assert "moleculaire d orsay" in Lab.objects.get(pk=lab.pk).search_text
