"""The writes that carry rules on labs and partners, as every path (admin, import, commands) calls them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from labs.models import Partner, Supervision, SupervisionKind, UnitType
from labs.services import SupervisionInput, lab_set_supervisions, partner_update
from regions.audit import ADMIN, COMMAND

from ..factories import LabFactory, PartnerFactory, cnrs, make_uai, office

pytestmark = pytest.mark.django_db


def supervisor(partner, **kwargs) -> SupervisionInput:
    return SupervisionInput(partner=partner, kind=SupervisionKind.SUPERVISOR, **kwargs)


def test_a_umr_gets_the_cnrs_and_a_university_with_one_history_row_each(editor):
    lab = LabFactory(unit_type=UnitType.UMR, unit_number="8502", regional_office=office("DR04"))
    university = PartnerFactory()

    changes = lab_set_supervisions(
        lab=lab,
        supervisions=[supervisor(cnrs()), supervisor(university, unit_code="UMR 8502")],
        user=editor,
        source=ADMIN,
    )

    assert {row.partner for row in changes.created} == {cnrs(), university}
    rows = Supervision.history.filter(lab=lab)
    assert [(row.history_type, row.history_user, row.history_source) for row in rows] == [
        ("+", editor, ADMIN),
        ("+", editor, ADMIN),
    ]


def test_a_umr_without_a_second_supervisor_is_refused_and_nothing_is_written(editor):
    lab = LabFactory(unit_type=UnitType.UMR, regional_office=office("DR04"))

    with pytest.raises(ValidationError, match="besides the CNRS"):
        lab_set_supervisions(lab=lab, supervisions=[supervisor(cnrs())], user=editor, source=ADMIN)

    assert not lab.supervisions.exists()


def test_a_upr_with_a_university_is_refused():
    lab = LabFactory(unit_type=UnitType.UPR)

    with pytest.raises(ValidationError, match="UPR"):
        lab_set_supervisions(
            lab=lab,
            supervisions=[supervisor(cnrs()), supervisor(PartnerFactory())],
            user=None,
            source=COMMAND,
        )


def test_it_updates_and_deletes_to_match_the_new_list():
    lab = LabFactory(unit_type=UnitType.UMR)
    first, second = PartnerFactory(), PartnerFactory()
    lab_set_supervisions(
        lab=lab, supervisions=[supervisor(cnrs()), supervisor(first)], user=None, source=COMMAND
    )

    changes = lab_set_supervisions(
        lab=lab,
        supervisions=[supervisor(cnrs(), unit_code="UMR 1"), supervisor(second)],
        user=None,
        source=COMMAND,
    )

    assert [(row.partner, names) for row, names in changes.changed] == [(cnrs(), ["unit_code"])]
    assert [row.partner for row in changes.created] == [second]
    assert [row.partner for row in changes.deleted] == [first]
    assert set(lab.supervisions.values_list("partner", flat=True)) == {cnrs().pk, second.pk}


def test_the_same_partner_twice_is_refused():
    lab = LabFactory(unit_type=UnitType.UMR)
    university = PartnerFactory()

    with pytest.raises(ValidationError, match="already linked"):
        lab_set_supervisions(
            lab=lab,
            supervisions=[supervisor(cnrs()), supervisor(university), supervisor(university)],
            user=None,
            source=COMMAND,
        )


def test_an_editor_cannot_set_the_institutions_of_another_region_s_lab(editor):
    lab = LabFactory(unit_type=UnitType.UPR, regional_office=office("DR12"))

    with pytest.raises(PermissionDenied):
        lab_set_supervisions(lab=lab, supervisions=[supervisor(cnrs())], user=editor, source=ADMIN)
    assert not lab.supervisions.exists()


def test_an_editor_updates_a_partner_s_contact_data(editor):
    partner = PartnerFactory(phone="")

    changed = partner_update(partner=partner, values={"phone": "01 69 15 00 00"}, user=editor, source=ADMIN)

    assert changed == ["phone"]
    record = partner.history.latest()
    assert (record.phone, record.history_user, record.history_source) == ("01 69 15 00 00", editor, ADMIN)


def test_an_editor_cannot_change_a_partner_s_identifiers(editor):
    partner = PartnerFactory()
    uai = partner.uai

    with pytest.raises(PermissionDenied):
        partner_update(partner=partner, values={"uai": make_uai(999)}, user=editor, source=ADMIN)

    assert Partner.objects.get(pk=partner.pk).uai == uai


def test_a_national_administrator_changes_an_identifier_checked_with_its_checksum(admin_user):
    partner = PartnerFactory()

    with pytest.raises(ValidationError) as refused:
        partner_update(partner=partner, values={"uai": "0751234A"}, user=admin_user, source=ADMIN)
    assert "uai" in refused.value.message_dict

    partner = Partner.objects.get(pk=partner.pk)
    new_uai = make_uai(998)
    assert partner_update(partner=partner, values={"uai": new_uai}, user=admin_user, source=ADMIN) == ["uai"]
    assert Partner.objects.get(pk=partner.pk).uai == new_uai
