"""axe-core audit and full-page screenshots of the main public pages, in French and in English."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN_PAGES = {
    "home": "/",
    "lab-list": "/labs/",
    "lab-list-filtered": "/labs/?q=physique&region=DR04",
    "lab-list-empty": "/labs/?q=introuvable",
    "lab-detail": "/labs/umr-8502/",
    "lab-detail-closed": "/labs/upr-8000/",
    "lab-report": "/labs/umr-8502/report/",
    "partner-list": "/partners/",
    "partner-detail": "/partners/universite-paris-saclay/",
    "site-list": "/sites/",
    "site-detail": "/sites/paris-saclay/",
    "office-list": "/regions/",
    "office-detail": "/regions/dr04/",
    "stats": "/stats/",
    "map": "/map/",
    "lab-list-department": "/labs/?department=91",
    "not-found": "/labs/umr-0000/",
}
BLOCKING = {"serious", "critical"}


def blocking_violations(page) -> list[str]:
    response = Axe().run(page).response
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:3]}"
        for violation in response["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_main_pages_have_no_serious_accessibility_violation(
    page, visit, public_directory, artifacts_dir, language
):
    prefix = "" if language == "fr" else "/en"
    failures = {}
    for name, path in MAIN_PAGES.items():
        visit(prefix + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("h1")).to_have_count(1)
        for landmark in ("header", "nav", "main", "footer"):
            assert page.locator(landmark).count() >= 1, f"{name}: no <{landmark}>"
        page.screenshot(path=os.path.join(artifacts_dir, f"{name}-{language}.png"), full_page=True)
        if violations := blocking_violations(page):
            failures[name] = violations
    assert failures == {}


def test_the_lab_pages_work_on_a_phone(page, visit, public_directory, artifacts_dir):
    page.set_viewport_size({"width": 390, "height": 844})
    for name, path in {"lab-list": "/labs/", "lab-detail": "/labs/umr-8502/", "home": "/"}.items():
        visit(path)
        # No horizontal scrolling of the page itself (wide tables scroll inside their own box).
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
        page.screenshot(path=os.path.join(artifacts_dir, f"{name}-phone.png"), full_page=True)
        assert blocking_violations(page) == [], name
    # The menu folds behind a button that opens it.
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    toggler.click()
    expect(page.locator("#main-menu a[href='/labs/']")).to_be_visible()
