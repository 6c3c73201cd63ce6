"""The recent changes page: every model's history, filterable by office, user, model and date."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from labs.models import Lab
from regions.audit import ADMIN, audit_source
from tests.factories import LabFactory, OfficeMembershipFactory, PartnerFactory, SiteFactory, office

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
