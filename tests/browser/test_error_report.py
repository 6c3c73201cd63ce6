"""Issue 12 in a real browser: a visitor reports an error on a lab's page and gets a reference; an editor of
that lab's office finds the report in her queue, and closes it."""

import os

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from cnrs_partners.models import ErrorReport, ErrorReportStatus
from regions.models import OfficeMembership
from tests.browser.test_accessibility import blocking_violations
from tests.conftest import PASSWORD
from tests.factories import LabFactory, UserFactory, office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGE = "Le directeur de l'unité a changé le 1er janvier : c'est désormais Pierre Curie."


@pytest.fixture
def claire(reference_data):
    """A regional editor of DR04 who handles its error reports (the role groups are flushed with the live
    server's database)."""
    user = UserFactory(username="claire", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_errorreport", "change_errorreport"])
    )
    OfficeMembership.objects.create(user=user, office=office("DR04"))
    return user


def test_a_visitor_reports_an_error_and_an_editor_of_its_office_closes_it(
    page, live_server, claire, artifacts_dir
):
    LabFactory(
        unit_type="UMR", unit_number="8502", slug="umr-8502", acronym="LPS", regional_office=office("DR04")
    )

    page.goto(f"{live_server.url}/labs/umr-8502/")
    page.click("#report-an-error a")
    expect(page.locator("h1")).to_have_text("Signaler une erreur")
    # The honeypot: off the screen by static CSS (no inline style under the CSP), out of the tab order.
    trap = page.locator("#id_website").bounding_box()
    assert trap is not None and trap["x"] + trap["width"] < 0
    assert blocking_violations(page) == []
    page.fill("#id_message", MESSAGE)
    page.fill("#id_email", "visiteur@example.org")
    page.click("button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Merci")
    report = ErrorReport.objects.get()
    expect(page.locator("h1")).to_contain_text(report.reference)
    assert "visiteur@example.org" not in page.content()
    assert blocking_violations(page) == []
    page.screenshot(path=os.path.join(artifacts_dir, "error-report-sent.png"), full_page=True)

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "claire")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/cnrs_partners/errorreport/")
    page.click(f"#result_list a:has-text('{report.reference}')")
    expect(page.locator("body")).to_contain_text(MESSAGE)
    page.select_option("#id_status", ErrorReportStatus.DONE)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    report.refresh_from_db()
    assert (report.status, report.handled_by) == (ErrorReportStatus.DONE, claire)
    page.goto(f"{live_server.url}/reports/{report.reference}/")
    expect(page.locator("main")).to_contain_text("Terminé")
