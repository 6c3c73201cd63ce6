"""A visitor looks at a lab as it stood on a past day, then comes back to today, in a real browser."""

import os

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import blocking_violations
from tests.cnrs_partners.directory.data import build_history

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_sees_a_lab_as_it_stood_in_2015_and_comes_back_to_today(
    page, visit, live_server, public_directory, artifacts_dir
):
    build_history(public_directory)
    page.set_viewport_size({"width": 1366, "height": 900})
    visit("/en/labs/umr-8502/")
    # Today: Paris-Sud's supervision, ended in 2015, is under "Past" with its dates, not among the current.
    expect(page.locator("section[aria-labelledby=partners-title]")).not_to_contain_text("Paris-Sud")
    expect(page.locator("section[aria-labelledby=past-title]")).to_contain_text(
        "Université Paris-Sud (UPSud) – supervising institution (Jan. 1, 2010 – Dec. 31, 2015)"
    )

    page.locator("#as-of-day").fill("2015-03-12")
    page.locator(".as-of-form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/en/labs/umr-8502/?on=2015-03-12")
    banner = page.locator(".as-of-banner")
    expect(banner).to_contain_text("As it stood on 12 March 2015")
    expect(page.locator("section[aria-labelledby=partners-title]")).to_contain_text("Université Paris-Sud")
    expect(page.locator("section[aria-labelledby=site-title]")).to_contain_text(
        "Ancienne convention 2015-2019"
    )
    expect(page.locator("svg.timeline-chart")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=os.path.join(artifacts_dir, "lab-detail-as-of-2015-en.png"), full_page=True)
    assert blocking_violations(page) == []

    banner.get_by_role("link", name="see today").click()
    expect(page).to_have_url(f"{live_server.url}/en/labs/umr-8502/")
    expect(page.locator(".as-of-banner")).to_have_count(0)

    # In French, a date that cannot be read: the message, on today's page.
    visit("/labs/umr-8502/?on=2015-13-40")
    expect(page.locator(".alert-warning[role=alert]")).to_contain_text("Saisissez une date valide.")
    page.screenshot(path=os.path.join(artifacts_dir, "lab-detail-as-of-invalid-fr.png"), full_page=True)
