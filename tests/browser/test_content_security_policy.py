"""Every kind of page works under the Content-Security-Policy: no script, style or image the browser
refuses, on the public directory, the back-office (lists, forms with autocompletes, history, exports) and
the review pages."""

import pytest
from django.urls import reverse

from tests.agreements.review_data import TODAY, site_with_agreement
from tests.conftest import PASSWORD
from tests.factories import LabFactory, UserFactory, office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded in the page by the browser itself, whatever the directive that refused something.
LISTEN = """() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
  });
}"""


def test_no_page_breaks_the_content_security_policy(page, live_server, reference_data):
    lab = LabFactory.create(acronym="LPS", regional_office=office("DR04"))
    site = site_with_agreement("Paris-Saclay", "paris-saclay", "DR04", end=TODAY.replace(year=TODAY.year + 2))
    UserFactory.create(username="nadia", is_staff=True, is_superuser=True)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(f"({LISTEN})()")

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "nadia")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    urls = [
        "/",
        reverse("directory:lab_list"),
        lab.get_absolute_url(),
        reverse("directory:partner_list"),
        reverse("directory:site_list"),
        reverse("directory:site_detail", args=[site.slug]),
        reverse("directory:office_list"),
        "/no-such-page/",
        "/admin/",
        reverse("admin:labs_lab_changelist"),
        reverse("admin:labs_lab_change", args=[lab.pk]),
        reverse("admin:labs_lab_history", args=[lab.pk]),
        reverse("admin:labs_lab_export"),
        reverse("backoffice_recent_changes"),
        reverse("review:dashboard"),
        reverse("review:site_detail", args=[site.slug]),
    ]
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        refused += [f"{url}: {item}" for item in page.evaluate("window.__cspViolations || []")]

    assert refused == [], "\n".join(refused)


def test_the_export_forms_select_all_box_still_works_without_its_inline_handler(
    page, live_server, reference_data
):
    LabFactory.create(acronym="LPS", regional_office=office("DR04"))
    UserFactory.create(username="nadia", is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "nadia")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}{reverse('admin:labs_lab_export')}")
    fields = page.locator(".selectable-field-export-row input[type=checkbox]:visible")
    assert fields.count() > 2

    page.uncheck("#select-all-toggle")
    assert page.locator(".selectable-field-export-row input[type=checkbox]:visible:checked").count() == 0
    page.check("#select-all-toggle")
    assert (
        page.locator(".selectable-field-export-row input[type=checkbox]:visible:checked").count()
        == fields.count()
    )
