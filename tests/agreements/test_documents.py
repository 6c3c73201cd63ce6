"""Signed documents: checked on upload, stored privately, downloaded only by who may see the agreement."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import AgreementStatus, SiteAgreement
from agreements.validators import sanitize_document_name, validate_pdf_document

from ..factories import SiteAgreementFactory, UserFactory, site_in, today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = AgreementStatus
PDF = b"%PDF-1.5\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def with_document(status: str = S.SIGNED, *, public: bool = False, code: str = "DR04", **kwargs):
    agreement = SiteAgreementFactory.create(site=site_in(code), document_is_public=public, **kwargs)
    agreement.document.save("convention.pdf", ContentFile(PDF), save=False)
    agreement.save()
    SiteAgreement.objects.filter(pk=agreement.pk).update(status=status)
    agreement.refresh_from_db()
    return agreement


def document_url(agreement: SiteAgreement) -> str:
    return reverse("review:agreement_document", args=[agreement.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


# --- validation and storage ---------------------------------------------------------------------------


def test_a_pdf_is_accepted_by_its_content():
    validate_pdf_document(SimpleUploadedFile("scan.PDF", PDF))


@pytest.mark.parametrize(
    "content", [b"<html><script>alert(1)</script></html>", b"", b"PK\x03\x04 a zip named .pdf"]
)
def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(content):
    with pytest.raises(ValidationError, match="must be a PDF"):
        validate_pdf_document(SimpleUploadedFile("convention.pdf", content, content_type="application/pdf"))


def test_a_document_larger_than_the_limit_is_refused(settings):
    settings.AGREEMENT_DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="too large"):
        validate_pdf_document(SimpleUploadedFile("big.pdf", PDF + b"0" * 1024))
    validate_pdf_document(SimpleUploadedFile("small.pdf", PDF))


@pytest.mark.parametrize(
    "name, clean",
    [
        ("Convention signée (v2).pdf", "Convention-signee-v2.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\claire\\convention.PDF", "convention.pdf"),
        ("....", "document.pdf"),
        ("<script>.pdf", "script.pdf"),
    ],
)
def test_document_names_are_sanitised(name, clean):
    assert sanitize_document_name(name) == clean


def test_documents_are_stored_in_the_private_directory_never_under_media(settings, private_media, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    agreement = with_document()

    assert (private_media / agreement.document.name).is_file()
    assert not (tmp_path / "media").exists()
    with pytest.raises(ValueError):
        agreement.document.url  # noqa: B018 - no URL: the document view is the only way to it


def test_no_media_route_serves_a_document(client, settings):
    agreement = with_document(S.DRAFT)
    response = client.get(f"/{settings.MEDIA_URL}{agreement.document.name}")
    assert response.status_code == 404


def test_documents_uploaded_under_media_move_to_the_private_directory(settings, private_media, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    old = tmp_path / "media" / "agreements" / "2024" / "old.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(PDF)
    SiteAgreementFactory.create(document="agreements/2024/old.pdf")
    migration = importlib.import_module("agreements.migrations.0004_private_documents")

    migration.forward(apps, None)
    migration.forward(apps, None)

    assert not old.exists()
    assert (private_media / "agreements" / "2024" / "old.pdf").read_bytes() == PDF


# --- the document view ---------------------------------------------------------------------------------


def test_the_public_downloads_the_public_document_of_a_signed_agreement(client):
    agreement = with_document(S.SIGNED, public=True)

    response = client.get(document_url(agreement))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="convention.pdf"' in response["Content-Disposition"]
    assert body(response) == PDF


@pytest.mark.parametrize("status", [S.EXPIRED, S.TERMINATED])
def test_the_public_document_of_an_ended_agreement_stays_public(client, status):
    assert client.get(document_url(with_document(status, public=True))).status_code == 200


def test_a_signed_agreement_s_document_not_marked_public_is_404_for_the_public(client):
    assert client.get(document_url(with_document(S.SIGNED, public=False))).status_code == 404


@pytest.mark.parametrize("status", [S.DRAFT, S.NEGOTIATING, S.UNDER_REVIEW])
def test_a_draft_s_document_is_404_for_the_public_even_marked_public(client, status):
    assert client.get(document_url(with_document(status, public=True))).status_code == 404


def test_an_unknown_agreement_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("review:agreement_document", args=[999999])).status_code == 404


def test_an_agreement_without_document_is_404(client, coordinator):
    agreement = SiteAgreementFactory.create(document="")
    client.force_login(coordinator)
    assert client.get(document_url(agreement)).status_code == 404


def test_a_document_missing_on_disk_is_404(client, coordinator):
    agreement = SiteAgreementFactory.create(document="agreements/2020/lost.pdf")
    client.force_login(coordinator)
    assert client.get(document_url(agreement)).status_code == 404


def test_the_editor_of_the_site_s_office_downloads_a_draft_s_document(client, editor):
    agreement = with_document(S.DRAFT, code="DR04")
    client.force_login(editor)

    response = client.get(document_url(agreement))

    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Cache-Control"] == "private, no-store"


def test_an_editor_of_another_region_gets_403_for_a_draft_s_document(client, other_editor):
    agreement = with_document(S.DRAFT, code="DR04")
    client.force_login(other_editor)
    assert client.get(document_url(agreement)).status_code == 403


def test_an_editor_of_another_region_downloads_a_public_document(client, other_editor):
    agreement = with_document(S.SIGNED, public=True, code="DR04")
    client.force_login(other_editor)
    assert client.get(document_url(agreement)).status_code == 200


@pytest.mark.parametrize("role", ["viewer", "coordinator", "admin_user"])
def test_staff_who_see_every_office_download_any_document(client, request, role):
    agreement = with_document(S.UNDER_REVIEW, code="DR12")
    client.force_login(request.getfixturevalue(role))
    assert client.get(document_url(agreement)).status_code == 200


def test_an_account_without_a_role_gets_403(client):
    agreement = with_document(S.DRAFT)
    client.force_login(UserFactory.create(username="nobody"))
    assert client.get(document_url(agreement)).status_code == 403


def test_the_document_view_answers_405_to_post(client, coordinator):
    agreement = with_document(S.SIGNED, public=True)
    client.force_login(coordinator)
    assert client.post(document_url(agreement)).status_code == 405


# --- the public directory ------------------------------------------------------------------------------


def test_the_site_page_links_a_public_document_and_only_that(client):
    public = with_document(S.SIGNED, public=True, title="Convention publique")
    hidden = SiteAgreementFactory.create(site=public.site, title="Convention discrète", document="x.pdf")

    page = client.get(public.site.get_absolute_url()).content.decode()

    assert document_url(public) in page
    assert document_url(hidden) not in page
    assert "/media/" not in page


def test_the_site_page_shows_a_signed_agreement_past_its_end_as_expired(client):
    yesterday = today() - datetime.timedelta(days=1)
    agreement = SiteAgreementFactory.create(
        start_date=yesterday - datetime.timedelta(days=900), end_date=yesterday
    )

    response = client.get(agreement.site.get_absolute_url())

    status = response.content.decode().split("Status</dt>")[1].split("</dd>")[0]
    assert "Expired" in status
