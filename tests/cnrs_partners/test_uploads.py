"""Uploads past the largest size a form accepts are not kept (cnrs_partners.uploads), and the form says why."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cnrs_partners.uploads import OversizedUploadHandler
from regions.models import ImportJob

KB = 1024


@pytest.fixture
def small_limits(settings):
    settings.RNSR_IMPORT_MAX_BYTES = settings.SPREADSHEET_IMPORT_MAX_BYTES = 64 * KB
    settings.AGREEMENT_DOCUMENT_MAX_BYTES = 32 * KB


def test_a_file_within_the_limit_goes_to_the_next_handlers(small_limits):
    handler = OversizedUploadHandler()
    handler.new_file("file", "labs.csv", "text/csv", None)

    assert handler.receive_data_chunk(b"x" * 40 * KB, 0) == b"x" * 40 * KB
    assert handler.file_complete(40 * KB) is None


def test_past_the_limit_no_more_is_passed_on_and_the_form_gets_an_empty_file_of_the_real_size(small_limits):
    handler = OversizedUploadHandler()
    handler.new_file("file", "big.csv", "text/csv", None)

    assert handler.receive_data_chunk(b"x" * 40 * KB, 0) is not None
    assert handler.receive_data_chunk(b"x" * 40 * KB, 40 * KB) is None
    assert handler.receive_data_chunk(b"x" * 40 * KB, 80 * KB) is None
    upload = handler.file_complete(120 * KB)

    assert upload is not None and upload.name == "big.csv" and upload.size == 120 * KB
    assert upload.read() == b""


@pytest.mark.django_db
def test_an_oversized_import_is_refused_with_the_forms_message(client, admin_user, settings):
    settings.SPREADSHEET_IMPORT_MAX_BYTES = settings.RNSR_IMPORT_MAX_BYTES = 1024 * KB
    settings.AGREEMENT_DOCUMENT_MAX_BYTES = 1024 * KB
    client.force_login(admin_user)
    big = SimpleUploadedFile("labs.csv", b"Code;Nom\n" + b"x;" * (3 * 1024 * KB), "text/csv")

    response = client.post(reverse("admin:labs_lab_import"), {"file": big})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Le fichier fait 6 Mo ; 1 Mo au maximum sont acceptés."
    ]
    assert not ImportJob.objects.exists()
