"""Responses are compressed for clients that accept gzip, when they are public: never a logged-in user's
page (BREACH), and the login form's CSRF token changes on every response."""

import gzip
import re

import pytest

from tests.factories import LabFactory

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br"}


def text(response) -> str:
    if response.streaming:
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    return gzip.decompress(data).decode("utf-8")


PUBLIC = {
    "/": '<html lang="fr">',
    "/labs/": "physique des solides",
    "/en/labs/": "physique des solides",
    "/labs/export.csv": "physique des solides",
    "/labs/export.json": "physique des solides",
}


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_and_exports_are_compressed_when_the_client_accepts_gzip(client, url):
    LabFactory(name="Laboratoire de physique des solides")

    response = client.get(url, headers=GZIP)

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert PUBLIC[url] in text(response)


def test_a_client_that_does_not_accept_gzip_gets_plain_text(client):
    response = client.get("/labs/")

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert "<html" in response.content.decode()


def test_a_logged_in_user_s_pages_are_never_compressed(client, admin_user):
    client.force_login(admin_user)

    for url in ["/admin/", "/admin/labs/lab/?q=physique", "/labs/"]:
        response = client.get(url, headers=GZIP)
        assert response.status_code == 200, url
        assert not response.has_header("Content-Encoding"), url


def test_the_compressed_login_form_carries_a_csrf_token_masked_anew_on_every_response(client):
    tokens = []
    for _ in range(2):
        response = client.get("/admin/login/", headers=GZIP)
        assert response["Content-Encoding"] == "gzip"
        tokens += re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(response))

    assert len(tokens) == 2 and tokens[0] != tokens[1]
