"""Issue 12's journey in a real browser: a visitor searches the lab directory with a typo, follows the
suggestion, opens the map, goes to a lab through its département and reports an error; an editor of that
lab's regional office finds the report in her queue and closes it."""

import os

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from playwright.sync_api import expect

from cnrs_partners.models import ErrorReport, ErrorReportStatus
from regions.models import OfficeMembership
from tests.browser.test_accessibility import blocking_violations
from tests.conftest import PASSWORD
from tests.factories import LabFactory, UserFactory, office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGE = "L'adresse a changé : le laboratoire est au 1 place Aristide Briand depuis septembre."


@pytest.fixture
def meudon(reference_data):
    """Two labs in Meudon (92) followed by DR05, one in Marseille (13) followed by DR12, and an editor of
    DR05 who handles its error reports."""
    cache.clear()
    LabFactory(
        unit_type="UMR",
        unit_number="8102",
        slug="umr-8102",
        acronym="LUTH",
        name="Laboratoire Univers et théories",
        postal_code="92195",
        city="Meudon",
        regional_office=office("DR05"),
    )
    LabFactory(
        unit_type="UMR",
        unit_number="8109",
        slug="umr-8109",
        acronym="LESIA",
        name="Laboratoire d'études spatiales et d'instrumentation en astrophysique",
        postal_code="92190",
        city="Meudon",
        regional_office=office("DR05"),
    )
    LabFactory(postal_code="13331", city="Marseille", regional_office=office("DR12"))
    user = UserFactory(username="malik", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_errorreport", "change_errorreport"])
    )
    OfficeMembership.objects.create(user=user, office=office("DR05"))
    return user


def test_a_visitor_finds_a_lab_through_a_suggestion_and_the_map_and_its_office_closes_the_report(
    page, live_server, meudon, artifacts_dir
):
    def shot(name: str) -> None:
        page.screenshot(path=os.path.join(artifacts_dir, f"map-journey-{name}.png"), full_page=True)

    # A typo finds nothing, and the page suggests the closest spelling.
    page.goto(f"{live_server.url}/labs/?q=Meudno")
    expect(page.locator("table.directory-table tbody tr")).to_have_count(0)
    suggestion = page.locator(".search-suggestions a")
    expect(suggestion).to_have_text("Meudon")
    shot("1-suggestion")
    suggestion.click()
    expect(page.locator("table.directory-table tbody tr")).to_have_count(2)

    # The map, from the menu: each département names its labs; the keyboard reaches them.
    page.locator("#main-menu a[href='/map/']").click()
    expect(page.locator("h1")).to_have_text("Carte des laboratoires")
    hauts_de_seine = page.get_by_role("link", name="92 Hauts-de-Seine : 2 laboratoires")
    expect(hauts_de_seine).to_have_count(1)
    expect(page.get_by_role("link", name="DR05 Île-de-France Meudon : 2 laboratoires")).to_have_count(1)
    assert blocking_violations(page) == []
    shot("2-map")
    hauts_de_seine.focus()
    page.keyboard.press("Enter")

    # The département's labs, the filter named; then one lab, its département marked.
    expect(page).to_have_url(f"{live_server.url}/labs/?department=92")
    expect(page.locator(".active-filters")).to_contain_text("92 Hauts-de-Seine")
    expect(page.locator("table.directory-table tbody tr")).to_have_count(2)
    shot("3-department")
    page.get_by_role("link", name="LUTH – Laboratoire Univers et théories").click()
    expect(page.locator("h1")).to_contain_text("UMR 8102")
    expect(
        page.get_by_role("img", name="Département 92 Hauts-de-Seine sur la carte de France")
    ).to_be_visible()
    shot("4-lab")

    # The visitor reports an error and gets a reference.
    page.click("#report-an-error a")
    page.fill("#id_message", MESSAGE)
    page.click("button[type=submit]")
    expect(page.locator(".alert-success")).to_be_visible()
    report = ErrorReport.objects.get()
    expect(page.locator("h1")).to_contain_text(report.reference)
    shot("5-reported")

    # The editor of DR05 logs in, finds it in her queue and closes it.
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "malik")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/cnrs_partners/errorreport/")
    expect(page.locator("#result_list")).to_contain_text(report.reference)
    shot("6-queue")
    page.click(f"#result_list a:has-text('{report.reference}')")
    expect(page.locator("body")).to_contain_text(MESSAGE)
    page.select_option("#id_status", ErrorReportStatus.DONE)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    shot("7-closed")
    report.refresh_from_db()
    assert (report.status, report.handled_by, report.office.code) == (ErrorReportStatus.DONE, meudon, "DR05")
