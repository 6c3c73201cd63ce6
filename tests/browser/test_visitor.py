"""A visitor's journey in a real browser: search, filter, open a lab, its partner, English, CSV."""

import csv
import io

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_a_lab_follows_its_partner_switches_to_english_and_downloads_the_csv(
    page, visit, live_server, public_directory
):
    # French pages are addressed by ids and roles, not by their wording (translated later).
    home = visit("/")
    expect(home.locator("html")).to_have_attribute("lang", "fr")
    home.locator("#home-q").fill("physique des solides")
    home.locator("form[role=search] button[type=submit]").click()

    # Without accents or capitals: LPS and the Lille lab match; the chemistry lab does not.
    expect(page).to_have_url(f"{live_server.url}/labs/?q=physique+des+solides")
    results = page.locator("table.directory-table tbody tr")
    expect(results).to_have_count(2)
    expect(page.locator("table.directory-table")).not_to_contain_text("CHIMSUD")

    # Filter by institute and region: the Lille lab (DR18) goes away.
    page.locator("#id_institute").select_option("INP")
    page.locator("#id_region").select_option("DR04")
    page.locator(".filter-form button[type=submit]").click()
    expect(results).to_have_count(1)
    expect(page.locator(".result-count")).to_contain_text("1")
    assert "institute=INP" in page.url and "region=DR04" in page.url and "q=physique" in page.url

    # Open the lab, then follow its supervising university.
    results.get_by_role("link", name="LPS – Laboratoire de physique des solides").click()
    expect(page).to_have_url(f"{live_server.url}/labs/umr-8502/")
    expect(page.locator("h1")).to_contain_text("UMR 8502")
    page.locator("main").get_by_role("link", name="Université Paris-Saclay").first.click()
    expect(page).to_have_url(f"{live_server.url}/partners/universite-paris-saclay/")
    expect(page.locator("h1")).to_contain_text("Université Paris-Saclay")

    # Switch to English: the same partner's page, in English.
    page.locator(".language-switch a[hreflang=en]").click()
    expect(page).to_have_url(f"{live_server.url}/en/partners/universite-paris-saclay/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Université Paris-Saclay")
    page.locator(".language-switch a[hreflang=fr]").click()
    expect(page).to_have_url(f"{live_server.url}/partners/universite-paris-saclay/")

    # Download the region's labs as CSV from the filtered list.
    visit("/en/labs/?region=DR04")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV (labs)").click()
    download = download_info.value
    assert download.suggested_filename == "labs.csv"
    text = open(download.path(), encoding="utf-8").read()
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert sorted(row["Slug"] for row in rows) == ["umr-8502", "upr-9101"]
    assert all(row["Regional office"] == "DR04" for row in rows)


def test_pagination_keeps_the_filters_in_the_browser(page, visit, live_server, public_directory):
    from tests.factories import LabFactory, office

    for number in range(55):
        LabFactory(unit_number=str(4000 + number), regional_office=office("DR12"))
    visit("/labs/?region=DR12&sort=code")
    expect(page.locator(".result-count")).to_contain_text("56")
    page.locator(".pagination a[rel=next]").click()
    expect(page.locator("table.directory-table tbody tr")).to_have_count(6)
    assert "region=DR12" in page.url and "page=2" in page.url


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(page, visit, public_directory):
    visit("/en/labs/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
