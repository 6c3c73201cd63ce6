"""The input guard (`cnrs_partners.input_guard`) answers 400 to input no page can use, before any view reads
it: a NUL byte, bytes that are not UTF-8, an absurdly long value, a whole number out of the 64-bit range,
in the address or a posted form; the refusal is the site's styled 400 page, in the page's language."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cnrs_partners.input_guard import LARGEST_INTEGER, MAX_FORM_VALUE, MAX_QUERY_VALUE

pytestmark = pytest.mark.django_db

STYLED = 'href="/static/css/errors.css"'


@pytest.mark.parametrize(
    "query",
    [
        "partner=%00",
        "site=a%00b",
        "%00=1",
        "q=%ff",
        "q=%C3%28",
        "city=" + "x" * (MAX_QUERY_VALUE + 1),
        f"page={LARGEST_INTEGER + 1}",
        f"page=-{LARGEST_INTEGER + 1}",
        "page=99999999999999999999",
    ],
)
def test_it_refuses_a_query_no_page_can_use(client, query):
    response = client.get(f"/labs/?{query}")

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert STYLED in page and "Requête incorrecte" in page


def test_the_refusal_speaks_the_pages_language(client):
    response = client.get("/en/labs/?partner=%00")

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "q=%C3%A9cole",  # école, percent-encoded
        "city=" + "x" * MAX_QUERY_VALUE,
        f"q={LARGEST_INTEGER}",
        "q=99999999999999999999%20labs",  # a long number inside words is text
        "q=%E2%80%94%F0%9F%94%AC",  # — and a microscope emoji
    ],
)
def test_it_lets_readable_queries_through(client, query):
    assert client.get(f"/labs/?{query}").status_code == 200


def test_it_lets_raw_utf8_through(client):
    """A client that sends UTF-8 without percent-encoding it (curl does) is understood."""
    response = client.get("/labs/", QUERY_STRING="q=%C3%A9cole&city=é".encode().decode("latin-1"))

    assert response.status_code == 200


def test_it_refuses_a_nul_byte_in_the_path(client):
    assert client.get("/labs/umr%00-8502/").status_code == 400


def test_it_refuses_a_posted_form_with_a_nul_byte(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:labs_partner_add")

    assert client.post(url, {"name": "École\x00"}).status_code == 400
    assert client.post(url, {"name": "École"}).status_code == 200  # the form, with its errors


@pytest.mark.parametrize(
    "body",
    [b"name=%C3%28", b"name=%00", b"name=" + b"x" * (MAX_FORM_VALUE + 1), b"site=99999999999999999999"],
)
def test_it_refuses_a_urlencoded_form_no_page_can_use(client, admin_user, body):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:labs_partner_add"), body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400


def test_a_multipart_form_is_checked_but_its_files_are_not(client, admin_user):
    """Uploads are read by the views that take them: the RNSR import reports a NUL byte in its file."""
    client.force_login(admin_user)
    url = reverse("admin:labs_lab_import_rnsr")
    upload = SimpleUploadedFile("rnsr.csv", b"numero_national_de_structure\n\x00\n", "text/csv")

    assert client.post(url, {"file": upload, "note": "a\x00b"}).status_code == 400
    upload.seek(0)
    # The file reaches the import, whose preview (the job's page) reports the byte with its line.
    response = client.post(url, {"file": upload}, follow=True)
    assert response.status_code == 200 and "NUL" in response.content.decode()
