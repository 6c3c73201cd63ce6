import pytest

from tests.factories import IndustrialPartnershipFactory, LabFactory, PiaProjectFactory, SiteAgreementFactory

pytestmark = pytest.mark.django_db


def test_deleting_a_lab_leaves_a_history_row_on_every_list_it_leaves():
    lab, other = LabFactory(), LabFactory()
    agreement = SiteAgreementFactory()
    agreement.covered_labs.add(lab, other)
    agreement.site.labs.add(lab)
    project = PiaProjectFactory()
    project.labs.add(lab)
    partnership = IndustrialPartnershipFactory()
    partnership.labs.add(other)
    owners = [agreement, agreement.site, project, partnership]
    before = {owner: owner.history.count() for owner in owners}

    lab.delete()

    for owner in [agreement, agreement.site, project]:
        assert owner.history.count() == before[owner] + 1, owner
        latest = owner.history.order_by("history_id").last()
        field = "covered_labs" if owner is agreement else "labs"
        assert [link.lab_id for link in getattr(latest, field).all()] == (
            [other.pk] if owner is agreement else []
        )
    assert partnership.history.count() == before[partnership]
