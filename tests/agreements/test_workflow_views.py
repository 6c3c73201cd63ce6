"""The workflow's POST actions: move an agreement (`agreement_status`) and renew it (`agreement_renew`)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import AgreementStatus, AgreementStatusChange, SiteAgreement
from regions.audit import WEB

from ..factories import agreement_at, today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = AgreementStatus
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def status_url(agreement: SiteAgreement) -> str:
    return reverse("review:agreement_status", args=[agreement.pk])


def renew_url(agreement: SiteAgreement) -> str:
    return reverse("review:agreement_renew", args=[agreement.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def status_of(agreement: SiteAgreement) -> str:
    return SiteAgreement.objects.values_list("status", flat=True).get(pk=agreement.pk)


# --- agreement_status ------------------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    agreement = agreement_at(S.DRAFT)

    response = client.post(status_url(agreement), {"status": S.NEGOTIATING})

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert status_of(agreement) == S.DRAFT


def test_it_refuses_a_role_that_does_not_change_agreements(client, viewer):
    agreement = agreement_at(S.DRAFT)
    client.force_login(viewer)

    assert client.post(status_url(agreement), {"status": S.NEGOTIATING}).status_code == 403
    assert status_of(agreement) == S.DRAFT


def test_it_refuses_an_editor_another_region_s_agreement(client, other_editor):
    agreement = agreement_at(S.DRAFT, "DR04")
    client.force_login(other_editor)

    assert client.post(status_url(agreement), {"status": S.NEGOTIATING}).status_code == 403
    assert status_of(agreement) == S.DRAFT


def test_it_refuses_an_editor_the_coordinators_moves(client, editor):
    agreement = agreement_at(S.NEGOTIATING)
    client.force_login(editor)

    assert client.post(status_url(agreement), {"status": S.UNDER_REVIEW}).status_code == 403
    assert status_of(agreement) == S.NEGOTIATING


def test_it_answers_404_for_an_unknown_agreement(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("review:agreement_status", args=[999999]), {"status": S.NEGOTIATING})
    assert response.status_code == 404


def test_an_editor_moves_their_region_s_draft_into_negotiation(client, editor):
    agreement = agreement_at(S.DRAFT)
    client.force_login(editor)
    back = reverse("admin:agreements_siteagreement_change", args=[agreement.pk])

    response = client.post(
        status_url(agreement), {"status": S.NEGOTIATING, "comment": "Premier échange", "next": back}
    )

    assert response.status_code == 302
    assert response["Location"] == back
    assert status_of(agreement) == S.NEGOTIATING
    change = AgreementStatusChange.objects.get(agreement=agreement)
    assert (change.user, change.comment, change.from_status) == (editor, "Premier échange", S.DRAFT)
    assert agreement.history.latest().history_source == WEB
    assert messages_of(response) == [f"“{agreement.title}” is now “Negotiating”."]


def test_an_impossible_move_comes_back_with_a_message_and_nothing_written(client, coordinator):
    agreement = agreement_at(S.DRAFT)
    client.force_login(coordinator)

    response = client.post(status_url(agreement), {"status": S.SIGNED})

    assert response.status_code == 302
    assert status_of(agreement) == S.DRAFT
    assert not AgreementStatusChange.objects.exists()
    assert messages_of(response) == ["A site agreement cannot go from “Draft” to “Signed”."]


def test_an_unknown_status_comes_back_with_a_message(client, coordinator):
    agreement = agreement_at(S.DRAFT)
    client.force_login(coordinator)

    response = client.post(status_url(agreement), {"status": "approved"})

    assert response.status_code == 302
    assert status_of(agreement) == S.DRAFT
    assert len(messages_of(response)) == 1


def test_it_goes_back_to_the_site_s_review_file_rather_than_to_another_host(client, coordinator):
    agreement = agreement_at(S.DRAFT)
    client.force_login(coordinator)

    response = client.post(
        status_url(agreement), {"status": S.NEGOTIATING, "next": "https://evil.example/phish"}
    )

    assert response["Location"] == (
        reverse("review:site_detail", args=[agreement.site.slug]) + f"#agreement-{agreement.pk}"
    )


def test_a_coordinator_signs_with_the_date_and_the_pdf_in_the_same_post(client, coordinator, private_media):
    agreement = agreement_at(S.UNDER_REVIEW)
    client.force_login(coordinator)

    response = client.post(
        status_url(agreement),
        {
            "status": S.SIGNED,
            "signed_on": today().isoformat(),
            "document": SimpleUploadedFile("../../Convention 2026.pdf", PDF, content_type="application/pdf"),
        },
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.status, agreement.signed_on) == (S.SIGNED, today())
    assert agreement.document.name == f"agreements/{today().year}/Convention-2026.pdf"
    assert (private_media / agreement.document.name).read_bytes() == PDF


def test_signing_without_the_pdf_is_refused_with_a_message(client, coordinator):
    agreement = agreement_at(S.UNDER_REVIEW)
    client.force_login(coordinator)

    response = client.post(status_url(agreement), {"status": S.SIGNED, "signed_on": today().isoformat()})

    assert status_of(agreement) == S.UNDER_REVIEW
    assert messages_of(response) == ["Signing needs the signed document."]
    assert SiteAgreement.objects.get(pk=agreement.pk).signed_on is None


def test_signing_with_a_file_that_is_not_a_pdf_is_refused_with_a_message(client, coordinator, private_media):
    agreement = agreement_at(S.UNDER_REVIEW)
    client.force_login(coordinator)
    fake = SimpleUploadedFile("convention.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = client.post(
        status_url(agreement), {"status": S.SIGNED, "signed_on": today().isoformat(), "document": fake}
    )

    assert status_of(agreement) == S.UNDER_REVIEW
    assert messages_of(response) == ["The document must be a PDF file."]
    assert not list(private_media.rglob("*.pdf"))


def test_the_status_action_answers_405_to_get(client, coordinator):
    agreement = agreement_at(S.DRAFT)
    client.force_login(coordinator)
    assert client.get(status_url(agreement)).status_code == 405


# --- agreement_renew -------------------------------------------------------------------------------------


def test_renewing_sends_anonymous_visitors_to_the_login_page(client):
    agreement = agreement_at(S.SIGNED)
    response = client.post(renew_url(agreement))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert not agreement.renewals.exists()


def test_renewing_is_refused_to_a_viewer(client, viewer):
    agreement = agreement_at(S.SIGNED)
    client.force_login(viewer)
    assert client.post(renew_url(agreement)).status_code == 403
    assert not agreement.renewals.exists()


def test_renewing_is_refused_to_an_editor_of_another_region(client, other_editor):
    agreement = agreement_at(S.SIGNED, "DR04")
    client.force_login(other_editor)
    assert client.post(renew_url(agreement)).status_code == 403
    assert not agreement.renewals.exists()


def test_an_editor_drafts_the_renewal_of_their_region_s_agreement(client, editor):
    agreement = agreement_at(S.EXPIRED, end_date=today() - datetime.timedelta(days=3))
    client.force_login(editor)

    response = client.post(renew_url(agreement))

    renewal = agreement.renewals.get()
    assert renewal.status == S.DRAFT
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:agreements_siteagreement_change", args=[renewal.pk])
    assert client.get(response["Location"]).status_code == 200


def test_renewing_a_draft_comes_back_with_a_message(client, coordinator):
    agreement = agreement_at(S.DRAFT)
    client.force_login(coordinator)

    response = client.post(renew_url(agreement))

    assert response.status_code == 302
    assert messages_of(response) == ["Only a signed or expired agreement can be renewed."]
    assert not agreement.renewals.exists()


def test_the_renew_action_answers_405_to_get(client, coordinator):
    agreement = agreement_at(S.SIGNED)
    client.force_login(coordinator)
    assert client.get(renew_url(agreement)).status_code == 405
