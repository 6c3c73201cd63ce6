"""The recent changes page: every model's history, filterable by office, user, model and date."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from agreements.models import AgreementStatus
from cnrs_partners.demo import DemoBuilder
from labs.models import Lab
from regions.audit import ADMIN, audit_source
from tests.factories import (
    LabFactory,
    OfficeMembershipFactory,
    PartnerFactory,
    SiteAgreementFactory,
    SiteFactory,
    institute,
    office,
    site_in,
)
from tests.labs.rnsr_files import structure, write_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

URL = reverse("backoffice_recent_changes")


def labels(response):
    return [row["h_label"] for row in response.context["rows"]]


@pytest.fixture
def changes(admin_user, editor):
    """Changes in DR04 by Claire, in DR12 by Nadia, and a national record."""
    with audit_source(ADMIN):
        mine = LabFactory(acronym="MINE", regional_office=office("DR04"))
        mine._history_user = editor
        mine.director = "Claire's change"
        mine.save()
        theirs = LabFactory(acronym="THEIRS", regional_office=office("DR12"))
        theirs._history_user = admin_user
        theirs.director = "Nadia's change"
        theirs.save()
    PartnerFactory(name="Université d'Orléans")
    return mine, theirs


def test_it_lists_changes_of_every_model_newest_first_with_the_changed_fields(client, admin_user, changes):
    SiteFactory(name="Site de Saclay")
    client.force_login(admin_user)
    response = client.get(URL)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0]["h_label"] == "Site de Saclay"
    assert {row["model_name"] for row in rows} >= {"Lab", "Partner", "Site"}
    change = next(row for row in rows if "THEIRS" in row["h_label"] and row["h_type"] == "~")
    assert (
        change["changed"] == ["Director"] and change["author"] == admin_user and change["h_source"] == "admin"
    )
    assert f'href="{reverse("admin:labs_lab_history", args=[changes[1].pk])}"' in response.content.decode()


def test_an_editor_sees_her_offices_changes_and_national_records_only(client, editor, changes):
    client.force_login(editor)
    found = labels(client.get(URL))
    assert any("MINE" in label for label in found)
    assert not any("THEIRS" in label for label in found)
    assert "Université d'Orléans" in found
    assert not any("claire · DR04" == label for label in found)  # memberships: national admins only


def test_it_filters_by_office(client, admin_user, changes):
    client.force_login(admin_user)
    found = labels(client.get(URL, {"office": office("DR12").pk}))
    assert found and all("THEIRS" in label for label in found)


def test_it_filters_by_user_and_model(client, admin_user, editor, changes):
    client.force_login(admin_user)
    rows = client.get(URL, {"author": editor.pk, "model": "labs.lab"}).context["rows"]
    assert [(row["h_label"].split()[2], row["h_type"]) for row in rows] == [("MINE", "~")]
    rows = client.get(URL, {"model": "labs.partner"}).context["rows"]
    assert {row["model_name"] for row in rows} == {"Partner"}


def test_it_filters_by_date(client, admin_user, changes):
    Lab.history.filter(acronym="THEIRS").update(history_date=timezone.now() - datetime.timedelta(days=40))
    client.force_login(admin_user)
    today = timezone.localdate()
    recent = labels(client.get(URL, {"since": (today - datetime.timedelta(days=7)).isoformat()}))
    assert not any("THEIRS" in label for label in recent)
    old = labels(client.get(URL, {"until": (today - datetime.timedelta(days=30)).isoformat()}))
    assert old and all("THEIRS" in label for label in old)


def test_it_paginates_with_a_fixed_number_of_queries(client, admin_user, changes):
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for lab in LabFactory.create_batch(60):
        lab.director = "Someone"
        lab.save()
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.context["rows"]) == 50 and response.context["page_obj"].has_next()
    # Session, user, count, page, authors, filter choices, and one query per model on the page.
    assert len(many) <= len(few) <= 12
    assert client.get(URL, {"page": 2}).status_code == 200


def test_it_is_for_staff_only(client, changes):
    assert client.get(URL).status_code == 302
    user = OfficeMembershipFactory().user
    user.is_staff = False
    user.save()
    client.force_login(user)
    assert client.get(URL).status_code == 302
    assert client.post(URL).status_code == 405


# Who made each change -----------------------------------------------------------------------------------


def row_of(response, label_part: str, history_type: str = "~") -> dict:
    return next(
        row
        for row in response.context["rows"]
        if label_part in row["h_label"] and row["h_type"] == history_type
    )


def test_a_change_by_a_user_names_the_user(client, admin_user, editor, changes):
    editor.first_name, editor.last_name = "Claire", "Martin"
    editor.save()
    client.force_login(admin_user)
    response = client.get(URL)
    assert row_of(response, "MINE")["by"] == "Claire Martin"
    assert row_of(response, "THEIRS")["by"] == "nadia"
    assert "<td>Claire Martin</td>" in response.content.decode()


def test_a_change_by_the_agreements_due_command_names_the_command(client, admin_user):
    past = SiteAgreementFactory.create(
        site=site_in("DR04"),
        title="Convention échue",
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    call_command("agreements_due", stdout=io.StringIO())
    past.refresh_from_db()
    assert past.status == AgreementStatus.EXPIRED
    client.force_login(admin_user)

    response = client.get(URL, {"model": "agreements.siteagreement"})

    change = row_of(response, "Convention échue")
    assert (change["author"], change["by"], change["source"]) == (None, "command agreements_due", "command")
    assert change["changed"] == ["Status"]
    assert "<td>command agreements_due</td>" in response.content.decode()


def test_the_command_is_named_in_french_on_the_french_site(client, admin_user):
    SiteAgreementFactory.create(end_date=timezone.localdate() - datetime.timedelta(days=1), title="Échue")
    call_command("agreements_due", stdout=io.StringIO())
    client.force_login(admin_user)
    with translation.override("fr"):
        page = client.get(reverse("backoffice_recent_changes")).content.decode()
    assert "<td>commande agreements_due</td>" in page


def test_an_rnsr_import_names_the_import_and_its_file(client, admin_user, tmp_path):
    path = write_file(tmp_path, [structure(1)])
    call_command("import_rnsr", path, stdout=io.StringIO(), stderr=io.StringIO())
    client.force_login(admin_user)

    rows = client.get(URL, {"model": "labs.lab"}).context["rows"]

    assert rows and {row["by"] for row in rows} == {f"RNSR import (file {path.rsplit('/', 1)[-1]})"}
    assert {row["source"] for row in rows} == {"RNSR import"}


def test_an_import_run_as_a_user_names_the_user(client, admin_user, editor, tmp_path):
    call_command(
        "import_rnsr",
        write_file(tmp_path, [structure(1)]),
        "--user",
        "claire",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    client.force_login(admin_user)
    rows = client.get(URL, {"model": "labs.lab"}).context["rows"]
    assert rows and {(row["by"], row["source"]) for row in rows} == {("claire", "RNSR import")}


def test_demo_data_reads_demo_data(client, admin_user):
    DemoBuilder(labs=3, seed=1).build()
    client.force_login(admin_user)
    rows = client.get(URL).context["rows"]
    assert rows and {row["by"] for row in rows} == {"demo data"}


def test_an_update_lists_its_changed_fields_many_to_many_included(client, admin_user):
    lab = LabFactory(acronym="MULTI")
    lab.city, lab.director = "Gif-sur-Yvette", "Someone"
    lab.save()
    lab.secondary_institutes.add(institute("INC"))
    client.force_login(admin_user)

    response = client.get(URL, {"model": "labs.lab"})

    first, second = [row["changed"] for row in response.context["rows"] if row["h_type"] == "~"]
    assert first == ["Secondary institutes"]
    assert sorted(second) == ["City", "Director"]
    assert "City, Director" in response.content.decode() or "Director, City" in response.content.decode()


def test_the_query_count_does_not_grow_with_the_rows_shown(client, admin_user, django_assert_max_num_queries):
    def change_some(count: int) -> None:
        for lab in LabFactory.create_batch(count):
            lab.director = "Someone else"
            lab.save()
            lab.secondary_institutes.add(institute("INC"))
        agreement = SiteAgreementFactory.create()
        agreement.covered_labs.add(LabFactory.create())
        PartnerFactory()

    client.force_login(admin_user)
    change_some(1)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    change_some(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["rows"]) == 50
