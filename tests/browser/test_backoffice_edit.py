"""An editor logs in to the back-office, edits one of her labs, and sees the change in its history."""

import os

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation
from playwright.sync_api import expect

from regions.audit import ADMIN, source_label
from regions.models import OfficeMembership
from tests.conftest import PASSWORD
from tests.factories import LabFactory, UserFactory, office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR_PERMISSIONS = [
    "view_lab",
    "change_lab",
    "view_supervision",
    "change_supervision",
    "add_supervision",
    "view_succession",
    "view_partner",
    "view_institute",
    "view_regionaloffice",
]


@pytest.fixture
def claire(reference_data):
    """A regional editor of DR04 (the role groups are flushed with the live server's database)."""
    user = UserFactory(username="claire", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=EDITOR_PERMISSIONS))
    OfficeMembership.objects.create(user=user, office=office("DR04"))
    return user


def test_an_editor_edits_a_lab_and_sees_the_change_in_its_history(page, live_server, claire, artifacts_dir):
    lab = LabFactory(acronym="LPS", name="Laboratoire de physique des solides", director="Marie Curie")
    LabFactory(acronym="CINAM", regional_office=office("DR12"))

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "claire")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("claire")
    page.goto(f"{live_server.url}/admin/labs/lab/")
    assert page.locator("#result_list").inner_text().count("LPS") == 1
    assert "CINAM" not in page.locator("#result_list").inner_text()

    page.click("#result_list a:has-text('LPS')")
    page.fill("#id_director", "Pierre Curie")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_have_count(1)

    page.goto(f"{live_server.url}/admin/labs/lab/{lab.pk}/history/")
    history = page.locator("#change-history").inner_text()
    assert "Marie Curie → Pierre Curie" in history
    with translation.override("fr"):
        assert "claire" in history and source_label(ADMIN) in history
    page.screenshot(path=os.path.join(artifacts_dir, "backoffice-lab-history.png"), full_page=True)
    lab.refresh_from_db()
    assert (lab.director, lab.version) == ("Pierre Curie", 2)
