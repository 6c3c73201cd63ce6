""" "Report an error" on the public pages (issue 12): the form, its reference page, the honeypot, the limit
per address, CSRF, and both languages."""

import re

import pytest
from django.test import Client
from django.utils import translation

from cnrs_partners.models import ErrorReport, ErrorReportStatus
from tests.factories import ErrorReportFactory, LabFactory, PartnerFactory, office, site_in

pytestmark = pytest.mark.django_db

MESSAGE = "Le directeur de l'unité a changé le 1er janvier : c'est désormais Marie Curie."


@pytest.fixture(autouse=True)
def _language_restored():
    """A request under /en/ leaves English active in the thread: French again for the next test."""
    with translation.override("fr"):
        yield


@pytest.fixture
def lab(db):
    return LabFactory.create(
        unit_type="UMR", unit_number="8502", slug="umr-8502", regional_office=office("DR04")
    )


def _report(client, path="/labs/umr-8502/report/", **data):
    return client.post(path, {"message": MESSAGE, "email": "", "website": "", **data})


def test_every_public_record_page_links_to_its_report_form(client, lab):
    partner = PartnerFactory.create(slug="upsaclay")
    site = site_in("DR04", name="Paris-Saclay")
    pages = {
        "/labs/umr-8502/": "/labs/umr-8502/report/",
        "/partners/upsaclay/": "/partners/upsaclay/report/",
        f"/sites/{site.slug}/": f"/sites/{site.slug}/report/",
        "/regions/dr04/": "/regions/dr04/report/",
    }
    assert partner.slug == "upsaclay"
    for page, form in pages.items():
        assert f'href="{form}"' in client.get(page).content.decode(), page
        response = client.get(form)
        assert response.status_code == 200, form
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_a_visitor_reports_an_error_and_gets_its_reference(client, lab, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _report(client, email="visiteur@example.org")
    report = ErrorReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{report.reference}/?sent=1"
    assert re.fullmatch(r"ERR-\d{4}-[A-Z2-9]{8}", report.reference)
    assert (report.record, report.office, report.status) == (lab, office("DR04"), ErrorReportStatus.NEW)
    assert (report.message, report.email, report.language) == (MESSAGE, "visiteur@example.org", "fr")
    assert report.history.get().history_source == "web"
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert report.reference in text and "Merci" in text and 'href="/labs/umr-8502/"' in text
    assert "visiteur@example.org" not in text and "Marie Curie" not in text


def test_the_reference_page_shows_the_status_without_the_thanks(client, db):
    report = ErrorReportFactory.create(status=ErrorReportStatus.DONE)
    text = client.get(f"/reports/{report.reference}/").content.decode()
    assert "Terminé" in text and "Merci" not in text and report.email not in text


def test_an_unknown_reference_or_record_answers_404(client, db):
    assert client.get("/reports/ERR-2026-AAAAAAAA/").status_code == 404
    assert client.get("/labs/umr-0000/report/").status_code == 404
    assert client.get("/regions/dr99/report/").status_code == 404


def test_the_form_refuses_a_missing_or_short_message_and_saves_nothing(client, lab):
    for message in ["", "faux"]:
        response = _report(client, message=message)
        assert response.status_code == 200
        assert response.context["form"].errors["message"]
    response = _report(client, email="pas-une-adresse")
    assert response.context["form"].errors["email"]
    assert _report(client, message="x" * 2001).context["form"].errors["message"]
    assert not ErrorReport.objects.exists()


def test_a_filled_honeypot_is_answered_as_accepted_but_saves_nothing(
    client, lab, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _report(client, website="http://spam.example")
    assert response.status_code == 200
    assert "Merci" in response.content.decode()
    assert re.search(r"ERR-\d{4}-[A-Z2-9]{8}", response.content.decode())
    assert not ErrorReport.objects.exists()
    assert mailoutbox == []


def test_the_honeypot_is_hidden_by_a_static_class(client, lab):
    text = client.get("/labs/umr-8502/report/").content.decode()
    assert re.search(r'<div class="report-trap" aria-hidden="true">.*?name="website"', text, re.DOTALL)
    assert 'tabindex="-1"' in text
    assert "style=" not in text


def test_it_limits_the_reports_of_one_address_per_hour(client, lab, settings, english):
    settings.ERROR_REPORTS_PER_HOUR_PER_ADDRESS = 2
    assert _report(client).status_code == 302
    assert _report(client, website="robot").status_code == 200  # a robot's report counts too
    refused = _report(client)
    assert refused.status_code == 429
    assert "Too many reports were sent from your address" in refused.content.decode()
    assert 'name="message"' not in refused.content.decode()
    assert client.get("/labs/umr-8502/report/").status_code == 429
    assert ErrorReport.objects.count() == 1
    other = Client(REMOTE_ADDR="192.0.2.44")
    assert _report(other).status_code == 302


def test_the_limit_reads_the_address_behind_trusted_proxies(client, lab, settings):
    settings.ERROR_REPORTS_PER_HOUR_PER_ADDRESS = 1
    settings.TRUSTED_PROXY_COUNT = 1
    first = Client(HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert _report(first).status_code == 302
    refused = _report(first)
    assert refused.status_code == 429
    assert "Trop de signalements" in refused.content.decode()
    assert _report(Client(HTTP_X_FORWARDED_FOR="198.51.100.8")).status_code == 302


def test_the_form_needs_its_csrf_token(lab):
    client = Client(enforce_csrf_checks=True)
    assert _report(client).status_code == 403
    assert not ErrorReport.objects.exists()


def test_the_form_answers_405_to_other_methods(client, lab):
    assert client.put("/labs/umr-8502/report/").status_code == 405
    assert client.post("/reports/ERR-2026-AAAAAAAA/").status_code == 405


def test_the_pages_are_never_cached(client, lab):
    for response in (client.get("/labs/umr-8502/report/"), client.get(_report(client)["Location"])):
        assert "no-store" in response["Cache-Control"]


def test_the_form_speaks_english_under_en(client, lab):
    page = client.get("/en/labs/umr-8502/report/").content.decode()
    assert "Report an error" in page and "What is wrong?" in page
    response = _report(client, path="/en/labs/umr-8502/report/")
    assert response["Location"].startswith("/en/reports/ERR-")
    assert ErrorReport.objects.get().language == "en"
    assert "Thank you" in client.get(response["Location"]).content.decode()
