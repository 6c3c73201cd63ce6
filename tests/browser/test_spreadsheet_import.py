"""An editor exports her labs, changes three of them in the spreadsheet, imports it back: the preview says
three labs change (field by field) and the others stay as they are; once confirmed, a lab's history shows the
change, made by her, from the file."""

import io
import os

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from labs.models import Lab
from regions.models import OfficeMembership
from tests.conftest import PASSWORD
from tests.factories import LabFactory, UserFactory, office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR_PERMISSIONS = ["view_lab", "change_lab", "view_institute", "view_regionaloffice", "view_partner"]
NEW_DIRECTORS = {"LPS": "Pierre Curie", "ISMO": "Irène Joliot-Curie", "ICMMO": "Frédéric Joliot"}


@pytest.fixture
def claire(reference_data):
    """A regional editor of DR04 (the role groups are flushed with the live server's database)."""
    user = UserFactory(username="claire", first_name="Claire", last_name="Martin", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=EDITOR_PERMISSIONS))
    OfficeMembership.objects.create(user=user, office=office("DR04"))
    return user


@pytest.fixture
def labs(reference_data):
    """Eight labs of DR04, with names as long as the directory's, and one of DR12."""
    acronyms = ["LPS", "ISMO", "ICMMO", "LAL", "IJCLab", "C2N", "LuMIn", "FAST"]
    found = [
        LabFactory(
            acronym=acronym,
            name=f"Laboratoire {acronym} de recherche en sciences physiques et chimiques d'Orsay",
            director=f"Direction {acronym}",
            regional_office=office("DR04"),
        )
        for acronym in acronyms
    ]
    LabFactory(acronym="CINAM", regional_office=office("DR12"))
    return found


def change_directors(data: bytes) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        acronym = row[header.index("Sigle")].value
        if acronym in NEW_DIRECTORS:
            row[header.index("Direction")].value = NEW_DIRECTORS[acronym]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def break_two_rows(data: bytes) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=3, column=header.index("Statut") + 1).value = "Dissous"
    sheet.cell(row=5, column=header.index("Structure parente") + 1).value = "UMR 0000"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_editor_changes_three_labs_in_the_exported_spreadsheet(
    page, live_server, claire, labs, artifacts_dir, tmp_path
):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "claire")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("Claire")

    # Export the list as XLSX, as she would to open it in Excel.
    page.goto(f"{live_server.url}/admin/labs/lab/")
    page.click("a.export_link")
    page.select_option("select[name=format]", label="xlsx")
    with page.expect_download() as download:
        page.click(".submit-row input[type=submit]")
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)

    edited = tmp_path / "laboratoires-modifies.xlsx"
    edited.write_bytes(change_directors(exported.read_bytes()))
    broken = tmp_path / "laboratoires-erreurs.xlsx"
    broken.write_bytes(break_two_rows(edited.read_bytes()))

    # A file with mistakes: every problem on its row and column, nothing to confirm but skipping them.
    page.goto(f"{live_server.url}/admin/labs/lab/")
    page.click("a.import_link")
    expect(page.locator(".import-columns")).to_contain_text("Numéro RNSR")
    page.screenshot(path=os.path.join(artifacts_dir, "admin-import-upload.png"), full_page=True)
    page.set_input_files("input[type=file]", str(broken))
    page.click(".submit-row input[type=submit]")
    expect(page.locator("#import-problems")).to_contain_text("ligne 3, colonne « Statut »")
    expect(page.locator("#import-problems")).to_contain_text("ligne 5, colonne « Structure parente »")
    assert page.locator("#import-invalid").inner_text() == "2"
    expect(page.locator("input[name=confirm]")).to_have_value(
        "Ignorer les 2 lignes invalides et importer les autres"
    )
    page.screenshot(path=os.path.join(artifacts_dir, "admin-import-errors.png"), full_page=True)
    page.click("input[name=cancel]")
    expect(page.locator(".messagelist .info")).to_contain_text("rien n'a été enregistré")

    # Import it back: the preview, nothing written yet.
    page.goto(f"{live_server.url}/admin/labs/lab/")
    page.click("a.import_link")
    page.set_input_files("input[type=file]", str(edited))
    page.click(".submit-row input[type=submit]")
    expect(page.locator("#import-counts")).to_be_visible()
    assert page.locator("#import-rows").inner_text() == "8"
    assert page.locator("#import-updated").inner_text() == "3"
    assert page.locator("#import-unchanged").inner_text() == "5"
    assert page.locator("#import-created").inner_text() == page.locator("#import-invalid").inner_text() == "0"
    changes = page.locator("#import-updated-list").inner_text()
    assert "Direction : Direction LPS → Pierre Curie" in changes
    assert Lab.objects.get(acronym="LPS").director == "Direction LPS"
    page.screenshot(path=os.path.join(artifacts_dir, "admin-import-preview.png"), full_page=True)

    page.click("input[name=confirm]")
    expect(page.locator(".messagelist .success")).to_contain_text("3 modifiés, 5 inchangés")
    assert {
        lab.acronym: lab.director for lab in Lab.objects.filter(acronym__in=NEW_DIRECTORS)
    } == NEW_DIRECTORS

    lps = Lab.objects.get(acronym="LPS")
    page.goto(f"{live_server.url}/admin/labs/lab/{lps.pk}/history/")
    history = page.locator("#change-history").inner_text()
    assert "Direction LPS → Pierre Curie" in history
    assert "import de tableur (fichier laboratoires-modifies.xlsx)" in history
    assert "claire" in history.lower()
    page.screenshot(path=os.path.join(artifacts_dir, "admin-import-history.png"), full_page=True)
