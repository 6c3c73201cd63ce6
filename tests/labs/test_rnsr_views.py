"""The back-office RNSR import: upload → preview (nothing written) → confirm, each phase a job run in the
request (no REDIS_URL in tests)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.urls import reverse

from labs.models import Lab, Supervision
from regions.models import ImportJob
from tests.conftest import PASSWORD
from tests.factories import LabFactory, make_rnsr, office
from tests.labs.rnsr_files import rnsr_file, structure

UPLOAD = reverse("admin:labs_lab_import_rnsr")
CONFIRM = reverse("admin:labs_lab_import_rnsr_confirm")

pytestmark = pytest.mark.django_db


def login(client, user):
    # django-axes' backend watches every authentication, so it needs the request a login form would pass.
    assert client.login(request=HttpRequest(), username=user.username, password=PASSWORD)
    return client


def upload(client, rows, **options):
    data = rnsr_file(rows) if isinstance(rows, list) else rows
    return client.post(
        UPLOAD, {"file": SimpleUploadedFile("rnsr.csv", data, "text/csv"), **options}, follow=True
    )


def token_of(client) -> str:
    """The job of the client's latest upload, as its preview's form names it."""
    return str(ImportJob.objects.latest("created_at").pk)


def upload_name(token: str) -> str:
    return ImportJob.objects.get(pk=token).stored_name


def test_it_requires_a_login(client):
    response = client.get(UPLOAD)

    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["viewer", "coordinator"])
def test_it_requires_the_permission_to_add_labs(client, role, request):
    login(client, request.getfixturevalue(role))

    assert client.get(UPLOAD).status_code == 403
    assert upload(client, [structure(1)]).status_code == 403
    assert client.post(CONFIRM, {"token": "x" * 43}).status_code == 403
    assert Lab.objects.count() == 0


def test_the_confirmation_accepts_only_post(client, admin_user):
    login(client, admin_user)

    assert client.get(CONFIRM).status_code == 405
    assert client.put(UPLOAD).status_code == 405


def test_the_lab_list_links_to_the_import(client, admin_user):
    response = login(client, admin_user).get(reverse("admin:labs_lab_changelist"))

    assert response.status_code == 200 and UPLOAD in response.content.decode()


def test_the_upload_page_shows_the_form(client, editor):
    response = login(client, editor).get(UPLOAD)

    assert response.status_code == 200
    assert 'type="file"' in response.content.decode() and 'name="skip_invalid"' in response.content.decode()


def test_upload_previews_then_confirm_imports(client, admin_user):
    login(client, admin_user)
    LabFactory(rnsr=make_rnsr(2), unit_number="8002", director="Old Director", postal_code="91405")

    response = upload(client, [structure(1), structure(2)])

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="rnsr-created">1<' in page and 'id="rnsr-updated">1<' in page
    assert "Old Director → Marie CURIE" in page and "Confirm the import" in page
    assert Lab.objects.count() == 1 and Lab.objects.get().director == "Old Director"
    token = token_of(client)
    stored = upload_name(token)
    assert storages["imports"].exists(stored)

    response = client.post(CONFIRM, {"token": token, "confirm": "1"})

    assert response.status_code == 302 and response["Location"] == reverse("admin:labs_lab_changelist")
    assert Lab.objects.count() == 2 and Lab.objects.get(rnsr=make_rnsr(2)).director == "Marie CURIE"
    row = Lab.history.filter(rnsr=make_rnsr(1)).get()
    assert (row.history_source, row.history_user) == ("import", admin_user)
    assert "rnsr.csv" in row.history_change_reason
    assert not storages["imports"].exists(stored) and not upload_name(token)
    # The same token cannot be replayed.
    assert client.post(CONFIRM, {"token": token}).status_code == 302


def test_a_file_with_errors_is_previewed_but_cannot_be_confirmed_unless_rows_are_skipped(client, admin_user):
    login(client, admin_user)

    broken = structure(2, numero_national_de_structure=make_rnsr(2)[:-1] + "A")
    response = upload(client, [structure(1), broken, structure(3)])

    page = response.content.decode()
    assert "Nothing can be imported" in page and "line 3, column “numero_national_de_structure”" in page
    assert "Confirm the import" not in page and "Skip the 1 invalid row" in page
    token = token_of(client)
    response = client.post(CONFIRM, {"token": token, "confirm": "1"}, follow=True)
    assert response.status_code == 200 and Lab.objects.count() == 0
    assert "The file has errors; nothing was written." in response.content.decode()

    response = client.post(CONFIRM, {"token": token, "confirm": "1", "skip_invalid": "1"})

    assert response.status_code == 302
    assert set(Lab.objects.values_list("rnsr", flat=True)) == {make_rnsr(1), make_rnsr(3)}


def test_a_broken_header_blocks_even_with_skip_invalid(client, admin_user):
    login(client, admin_user)

    response = upload(client, b"numero_national_de_structure;libelle\n199814145N;Lab\n", skip_invalid="on")

    page = response.content.decode()
    assert "line 1, column “tutelles”" in page and "Skip the" not in page
    response = client.post(
        CONFIRM, {"token": token_of(client), "confirm": "1", "skip_invalid": "1"}, follow=True
    )
    assert response.status_code == 200 and Lab.objects.count() == 0


def test_a_file_holding_a_nul_byte_is_refused_at_the_preview_and_at_the_confirmation(client, admin_user):
    login(client, admin_user)

    response = upload(
        client, [structure(1), structure(2, adresse="1 rue\x00 de la Physique")], skip_invalid="on"
    )

    page = response.content.decode()
    assert response.status_code == 200 and "a NUL byte (0x00) is not text" in page and "Skip the" not in page
    response = client.post(
        CONFIRM, {"token": token_of(client), "confirm": "1", "skip_invalid": "1"}, follow=True
    )
    assert response.status_code == 200 and Lab.objects.count() == 0


def test_another_session_cannot_confirm_an_upload(client, admin_user, django_user_model):
    login(client, admin_user)
    upload(client, [structure(1)])
    token = token_of(client)
    other = django_user_model.objects.create_superuser("intruder", "i@example.org", PASSWORD)

    client.logout()
    login(client, other)
    response = client.post(CONFIRM, {"token": token, "confirm": "1"})

    assert response.status_code == 302 and response["Location"] == UPLOAD
    assert Lab.objects.count() == 0


def test_a_file_changed_between_preview_and_confirm_is_refused(client, admin_user):
    login(client, admin_user)
    upload(client, [structure(1)])
    token = token_of(client)
    storages["imports"].delete(upload_name(token))
    storages["imports"].save(upload_name(token), ContentFile(rnsr_file([structure(1), structure(2)])))

    response = client.post(CONFIRM, {"token": token, "confirm": "1"})

    assert response.status_code == 302 and Lab.objects.count() == 0


def test_cancel_drops_the_upload(client, admin_user):
    login(client, admin_user)
    upload(client, [structure(1)])
    token = token_of(client)
    stored = upload_name(token)

    response = client.post(CONFIRM, {"token": token, "cancel": "1"})

    assert response.status_code == 302 and Lab.objects.count() == 0
    assert not storages["imports"].exists(stored) and not ImportJob.objects.filter(pk=token).exists()


def test_a_dr04_editor_cannot_import_a_dr12_lab(client, editor):
    login(client, editor)
    dr12 = LabFactory(rnsr=make_rnsr(3), regional_office=office("DR12"), postal_code="13013", director="Kept")
    rows = [structure(1), structure(2, code_postal="13013", commune="MARSEILLE"), structure(3)]

    response = upload(client, rows)

    page = response.content.decode()
    assert 'id="rnsr-outside">2<' in page and "outside your regional offices" in page
    client.post(CONFIRM, {"token": token_of(client), "confirm": "1"})

    assert list(Lab.objects.filter(regional_office__code="DR04").values_list("rnsr", flat=True)) == [
        make_rnsr(1)
    ]
    assert not Lab.objects.filter(rnsr=make_rnsr(2)).exists()
    dr12.refresh_from_db()
    assert dr12.director == "Kept" and not Supervision.objects.filter(lab=dr12).exists()
