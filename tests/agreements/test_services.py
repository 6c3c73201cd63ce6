"""Moving a site agreement between statuses: one service, one rule, on every path."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from agreements.models import AgreementStatus, SiteAgreement
from agreements.services import TRANSITIONS, agreement_change_status
from regions.audit import ADMIN, COMMAND
from tests.admin_forms import admin_form_data

from ..factories import SiteAgreementFactory, today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = AgreementStatus


def draft(**kwargs) -> SiteAgreement:
    return SiteAgreementFactory(status=S.DRAFT, signed_on=None, **kwargs)


def test_every_status_says_where_it_may_go():
    assert set(TRANSITIONS) == set(S.values)
    assert all(targets <= set(S.values) for targets in TRANSITIONS.values())


def test_a_coordinator_moves_a_draft_into_negotiation_with_a_comment(coordinator):
    agreement = draft()

    agreement_change_status(
        agreement=agreement, status=S.NEGOTIATING, user=coordinator, source=ADMIN, comment="Kick-off"
    )

    record = agreement.history.latest()
    assert (record.status, record.history_user, record.history_source, record.history_change_reason) == (
        S.NEGOTIATING,
        coordinator,
        ADMIN,
        "Kick-off",
    )


def test_an_impossible_move_is_refused_and_nothing_is_written(coordinator):
    agreement = draft()

    with pytest.raises(ValidationError, match="cannot go from"):
        agreement_change_status(agreement=agreement, status=S.SIGNED, user=coordinator, source=ADMIN)

    assert SiteAgreement.objects.get(pk=agreement.pk).status == S.DRAFT


def test_signing_needs_the_date_and_the_document(coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = draft()
    agreement.status = S.UNDER_REVIEW
    agreement.save()

    with pytest.raises(ValidationError) as refused:
        agreement_change_status(agreement=agreement, status=S.SIGNED, user=coordinator, source=ADMIN)
    assert len(refused.value.messages) == 2

    agreement = SiteAgreement.objects.get(pk=agreement.pk)
    agreement.signed_on = today()
    agreement.document.save("convention.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    agreement.save()
    agreement_change_status(agreement=agreement, status=S.SIGNED, user=coordinator, source=ADMIN)
    assert SiteAgreement.objects.get(pk=agreement.pk).status == S.SIGNED


def test_only_an_agreement_past_its_end_expires():
    running = SiteAgreementFactory()
    with pytest.raises(ValidationError, match="end date has passed"):
        agreement_change_status(agreement=running, status=S.EXPIRED, user=None, source=COMMAND)

    ended = SiteAgreementFactory(
        start_date=today() - datetime.timedelta(days=800), end_date=today() - datetime.timedelta(days=1)
    )
    agreement_change_status(agreement=ended, status=S.EXPIRED, user=None, source=COMMAND)
    assert SiteAgreement.objects.get(pk=ended.pk).status == S.EXPIRED


def test_a_role_that_does_not_change_agreements_is_refused(viewer, editor):
    agreement = draft()
    for user in (viewer, editor):
        with pytest.raises(PermissionDenied):
            agreement_change_status(agreement=agreement, status=S.NEGOTIATING, user=user, source=ADMIN)


def test_the_admin_refuses_an_impossible_move_with_a_message(client, coordinator, english):
    agreement = draft()
    client.force_login(coordinator)
    url = reverse("admin:agreements_siteagreement_change", args=[agreement.pk])
    data = admin_form_data(client.get(url))

    response = client.post(url, {**data, "status": S.SIGNED})

    assert response.status_code == 200
    assert "cannot go from “Draft” to “Signed”" in str(response.context["adminform"].form.errors["status"])
    assert SiteAgreement.objects.get(pk=agreement.pk).status == S.DRAFT
