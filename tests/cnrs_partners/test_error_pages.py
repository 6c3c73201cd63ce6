"""The error pages (400, 403, CSRF failure, 500) are the site's, in the user's language (French without a
prefix, English under /en/), with the right status: a refusal in the back-office or on the review pages is
no longer Django's bare English "403 Forbidden", and the 500 page renders without a request or database."""

import html

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from tests.agreements.review_data import site_with_agreement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STYLED = 'href="/static/css/errors.css"'


@pytest.fixture(autouse=True)
def _language_restored():
    """A request under /en/ leaves English active in the thread: French again for the next test."""
    with translation.override("fr"):
        yield


def url(name: str, *args, language: str = "fr") -> str:
    """The page's address in `language` (a request in English earlier in the thread leaves English active)."""
    with translation.override(language):
        return reverse(name, args=args)


def lab_change(lab, language: str = "fr") -> str:
    return url("admin:labs_lab_change", lab.pk, language=language)


def page_of(response) -> str:
    return html.unescape(response.content.decode())


# --- 403 -------------------------------------------------------------------------------------------------


def test_an_editor_opening_another_offices_lab_gets_the_styled_refusal_in_french(client, editor, dr12_lab):
    client.force_login(editor)
    response = client.get(lab_change(dr12_lab))
    assert response.status_code == 403
    page = page_of(response)
    assert STYLED in page and '<html lang="fr">' in page
    assert "Accès refusé" in page and "403 Forbidden" not in page
    # She may go back to her back-office, and switch the same page to English.
    assert f'href="{url("admin:index")}"' in page
    assert f'href="/en/admin/labs/lab/{dr12_lab.pk}/change/"' in page


def test_the_refusal_speaks_english_under_en(client, editor, dr12_lab):
    client.force_login(editor)
    response = client.get(lab_change(dr12_lab, "en"))
    assert response.status_code == 403
    page = page_of(response)
    assert '<html lang="en">' in page
    assert "Access denied" in page and "Accès refusé" not in page
    assert "You are logged in as claire." in page


def test_staff_without_a_role_that_reads_sites_get_the_styled_refusal_on_the_review_pages(client):
    client.force_login(UserFactory.create(username="intern", is_staff=True))
    response = client.get(url("review:dashboard"))
    assert response.status_code == 403
    assert STYLED in page_of(response) and "Accès refusé" in page_of(response)


def test_a_viewer_posting_a_review_gets_the_styled_refusal(client, viewer):
    site = site_with_agreement("Lyon", "lyon", "DR07", end=None)
    client.force_login(viewer)
    response = client.post(url("review:review_note_create", site.slug), {"decision": "follow_up"})
    assert response.status_code == 403
    assert "Accès refusé" in page_of(response)


def test_the_refusal_shows_why_when_the_code_says_why(client, viewer):
    client.force_login(viewer)
    response = client.get(url("admin:labs_lab_import_rnsr"))
    assert response.status_code == 403
    assert "L'import du RNSR nécessite le droit d'ajouter des laboratoires." in page_of(response)


def test_anonymous_visitors_are_sent_to_the_login_page_not_refused(client, dr12_lab):
    response = client.get(lab_change(dr12_lab))
    assert response.status_code == 302
    assert response["Location"].startswith(url("admin:login"))


# --- CSRF failure ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/admin/login/", "fr", "Votre formulaire n'a pas pu être envoyé"),
        ("/en/admin/login/", "en", "Your form could not be sent"),
    ],
)
def test_a_form_posted_without_its_csrf_token_gets_the_styled_explanation(path, lang, heading):
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, {"username": "claire", "password": "whatever"})
    assert response.status_code == 403
    page = page_of(response)
    assert STYLED in page and f'<html lang="{lang}">' in page
    assert heading in page
    assert "CSRF verification failed" not in page


# --- 400 -------------------------------------------------------------------------------------------------


def test_a_request_for_an_unknown_host_gets_the_styled_400_not_a_500(client):
    response = client.get("/en/labs/", HTTP_HOST="intruder.example")
    assert response.status_code == 400
    page = page_of(response)
    assert STYLED in page and "Bad request" in page
    assert "intruder.example" not in page


# --- 500 -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "heading"), [("fr", "Erreur du serveur"), ("en", "Server error")])
def test_the_500_page_renders_without_a_request_context_nor_the_database(
    lang, heading, django_assert_num_queries
):
    request = RequestFactory().get("/")
    with translation.override(lang), django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    page = page_of(response)
    assert STYLED in page and f'<html lang="{lang}">' in page and heading in page


@pytest.mark.parametrize(("path", "heading"), [("/", "Erreur du serveur"), ("/en/", "Server error")])
def test_a_crash_answers_the_styled_500_in_the_pages_language(client, monkeypatch, path, heading):
    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr("cnrs_partners.views.institute_counts", broken)
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 500
    assert heading in page_of(response) and "the database went away" not in page_of(response)
