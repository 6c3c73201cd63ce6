""" "In force" has one definition: the queryset method and the model method agree on every edge."""

import datetime
import itertools

import pytest
from django.utils import timezone

from agreements.models import AgreementStatus, SiteAgreement
from tests.factories import SiteAgreementFactory, SiteFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def every_edge(on: datetime.date) -> list[SiteAgreement]:
    """An agreement of each status for each start and end: none, the day before, the day itself, after."""
    site = SiteFactory()
    dates = [None, on - DAY, on, on + DAY]
    agreements = []
    for status, start, end in itertools.product(AgreementStatus, dates, dates):
        if start and end and end < start:
            continue  # the database refuses an agreement ending before it starts
        agreements.append(
            SiteAgreementFactory.create(
                site=site, status=status, start_date=start, end_date=end, reference=""
            )
        )
    return agreements


def test_the_queryset_and_the_model_agree_on_every_status_and_date_edge():
    on = timezone.localdate() - datetime.timedelta(days=400)
    agreements = every_edge(on)
    in_force = set(SiteAgreement.objects.in_force(on).values_list("pk", flat=True))
    assert {agreement.pk for agreement in agreements if agreement.is_in_force(on)} == in_force
    # Started by `on` (or open-ended) and not ended before it: nine of the start and end pairs when signed,
    # six when expired since (those with an end date, now passed).
    assert len(in_force) == 9 + 6


def test_both_default_to_today_when_only_signed_agreements_count():
    today = timezone.localdate()
    agreements = every_edge(today)
    in_force = set(SiteAgreement.objects.in_force().values_list("pk", flat=True))
    assert {agreement.pk for agreement in agreements if agreement.is_in_force()} == in_force
    assert {agreement.status for agreement in agreements if agreement.pk in in_force} == {
        AgreementStatus.SIGNED
    }
    assert len(in_force) == 9


@pytest.mark.parametrize(
    "status, start, end, expected",
    [
        (AgreementStatus.SIGNED, datetime.date(2025, 6, 15), datetime.date(2025, 6, 15), True),
        (AgreementStatus.SIGNED, None, None, True),
        (AgreementStatus.SIGNED, datetime.date(2020, 1, 1), datetime.date(2025, 6, 14), False),
        (AgreementStatus.SIGNED, datetime.date(2025, 6, 16), None, False),
        # Expired since: it was in force while it ran. Never without an end date, nor before its end has
        # passed (the workflow expires only those: anything else is a data error).
        (AgreementStatus.EXPIRED, datetime.date(2020, 1, 1), datetime.date(2025, 6, 15), True),
        (AgreementStatus.EXPIRED, datetime.date(2020, 1, 1), datetime.date(2025, 6, 14), False),
        (AgreementStatus.EXPIRED, datetime.date(2020, 1, 1), None, False),
        (AgreementStatus.EXPIRED, datetime.date(2020, 1, 1), datetime.date(2999, 1, 1), False),
        (AgreementStatus.TERMINATED, None, None, False),
        (AgreementStatus.DRAFT, None, None, False),
        (AgreementStatus.NEGOTIATING, None, None, False),
        (AgreementStatus.UNDER_REVIEW, None, None, False),
    ],
)
def test_a_signed_agreement_running_that_day_is_in_force_as_was_one_expired_since(
    status, start, end, expected
):
    agreement = SiteAgreementFactory(status=status, start_date=start, end_date=end)
    on = datetime.date(2025, 6, 15)
    assert agreement.is_in_force(on) is expected
    assert SiteAgreement.objects.in_force(on).filter(pk=agreement.pk).exists() is expected
