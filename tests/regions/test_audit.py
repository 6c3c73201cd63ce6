"""Every write path leaves history rows saying who, when, from where and which fields changed."""

import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse

from labs.models import Lab
from regions.audit import IMPORT, audit_source, audited_update
from regions.models import OfficeMembership
from tests.admin_forms import admin_form_data
from tests.factories import LabFactory, PartnerFactory, institute, office

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_an_admin_save_writes_one_row_with_its_fields_and_m2m_changes(client, editor, dr04_lab):
    client.force_login(editor)
    data = admin_form_data(client.get(change_url(dr04_lab)))
    data.update(director="Pierre Curie", secondary_institutes=[institute("INC").pk, institute("INSIS").pk])

    assert client.post(change_url(dr04_lab), data).status_code == 302

    latest, previous = dr04_lab.history.order_by("-history_date")[:2]
    assert dr04_lab.history.count() == 2
    assert (latest.history_type, latest.history_source, latest.history_user) == ("~", "admin", editor)
    assert latest.version == 2
    delta = latest.diff_against(previous)
    assert set(delta.changed_fields) == {"director", "secondary_institutes"}
    assert {row.institute_id for row in latest.secondary_institutes.all()} == {
        institute("INC").pk,
        institute("INSIS").pk,
    }


def test_the_history_page_shows_each_change_old_to_new_with_field_names(client, editor, dr04_lab):
    client.force_login(editor)
    data = admin_form_data(client.get(change_url(dr04_lab)))
    data.update(director="Pierre Curie", status="closed", closed_on="2025-12-31")
    data["secondary_institutes"] = [institute("INC").pk]
    assert client.post(change_url(dr04_lab), data).status_code == 302

    response = client.get(reverse("admin:labs_lab_history", args=[dr04_lab.pk]))

    page = response.content.decode()
    assert "<strong>Director</strong> : Marie Curie &rarr; Pierre Curie" in page
    assert "<strong>Status</strong> : Active &rarr; Closed" in page  # labels, not raw codes
    assert "<strong>Secondary institutes</strong> : — &rarr; INC" in page
    assert "<td>claire</td>" in page and "<td>back-office</td>" in page


def test_inline_supervision_changes_are_recorded_with_the_user(client, editor, dr04_lab):
    client.force_login(editor)
    data = admin_form_data(client.get(change_url(dr04_lab)))
    partner = PartnerFactory()
    data.update(
        {
            "supervisions-TOTAL_FORMS": 3,
            "supervisions-2-partner": partner.pk,
            "supervisions-2-kind": "participant",
            "supervisions-2-lab": dr04_lab.pk,
        }
    )
    first = dr04_lab.supervisions.order_by("pk").first()
    data["supervisions-0-unit_code"] = "UMR 1234"

    assert client.post(change_url(dr04_lab), data).status_code == 302

    added = dr04_lab.supervisions.get(partner=partner)
    row = added.history.get()
    assert (row.history_type, row.history_source, row.history_user) == ("+", "admin", editor)
    changed = first.history.order_by("-history_date").first()
    assert (changed.history_type, changed.unit_code, changed.history_user) == ("~", "UMR 1234", editor)


def test_deleting_an_inline_supervision_is_recorded(client, editor, dr04_lab):
    client.force_login(editor)
    supervision = dr04_lab.supervisions.order_by("pk").last()
    data = admin_form_data(client.get(change_url(dr04_lab)))
    index = next(i for i in range(2) if data[f"supervisions-{i}-id"] == supervision.pk)
    data[f"supervisions-{index}-DELETE"] = "on"
    data["unit_type"] = "UPR"  # a UPR keeps the CNRS alone

    assert client.post(change_url(dr04_lab), data).status_code == 302

    row = supervision.history.order_by("-history_date").first()
    assert (row.history_type, row.history_source, row.history_user) == ("-", "admin", editor)


def test_bulk_delete_leaves_one_history_row_per_lab(client, editor):
    labs = LabFactory.create_batch(3)
    client.force_login(editor)
    response = client.post(
        reverse("admin:labs_lab_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [lab.pk for lab in labs], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Lab.objects.exists()
    rows = Lab.history.filter(history_type="-")
    assert sorted(row.id for row in rows) == sorted(lab.pk for lab in labs)
    assert {(row.history_source, row.history_user_id) for row in rows} == {("admin", editor.pk)}


def test_the_delete_page_leaves_a_history_row(client, editor, dr04_lab):
    client.force_login(editor)
    assert (
        client.post(reverse("admin:labs_lab_delete", args=[dr04_lab.pk]), {"post": "yes"}).status_code == 302
    )
    row = Lab.history.filter(id=dr04_lab.pk).order_by("-history_date").first()
    assert (row.history_type, row.history_source, row.history_user) == ("-", "admin", editor)


def test_the_mark_reviewed_action_updates_in_bulk_with_history_and_versions(client, editor):
    flagged = LabFactory.create_batch(2, needs_review=True, review_reason="Paris")
    elsewhere = LabFactory(needs_review=True, regional_office=office("DR12"))
    client.force_login(editor)
    response = client.post(
        reverse("admin:labs_lab_changelist"),
        {"action": "mark_reviewed", ACTION_CHECKBOX_NAME: [lab.pk for lab in [*flagged, elsewhere]]},
    )
    assert response.status_code == 302
    for lab in flagged:
        lab.refresh_from_db()
        assert (lab.needs_review, lab.version) == (False, 2)
        row = lab.history.order_by("-history_date").first()
        assert (row.history_type, row.history_source, row.history_user, row.version) == (
            "~",
            "admin",
            editor,
            2,
        )
    elsewhere.refresh_from_db()
    assert elsewhere.needs_review and elsewhere.version == 1


def test_audited_update_keeps_the_source_of_its_caller():
    lab = LabFactory(needs_review=True)
    with audit_source(IMPORT):
        assert audited_update(Lab.objects.all(), needs_review=False) == 1
        assert audited_update(Lab.objects.all(), needs_review=False) == 0  # already so: no row, no version
    row = lab.history.order_by("-history_date").first()
    assert (row.history_source, row.version, row.needs_review) == ("import", 2, False)


def test_add_staff_records_membership_changes_as_a_command():
    call_command("add_staff", "lucie", "--role", "editor", "--office", "DR04", stdout=io.StringIO())
    call_command("add_staff", "lucie", "--role", "editor", "--office", "DR12", stdout=io.StringIO())

    rows = OfficeMembership.history.filter(user__username="lucie").order_by("history_date")
    assert [(row.history_type, row.office.code) for row in rows] == [
        ("+", "DR04"),
        ("-", "DR04"),
        ("+", "DR12"),
    ]
    assert {row.history_source for row in rows} == {"command"}


def test_writes_outside_any_request_or_source_are_stamped_command():
    lab = LabFactory()
    lab.director = "X"
    lab.save()
    assert set(lab.history.values_list("history_source", flat=True)) == {"command"}
    assert lab.version == 2


def test_many_to_many_changes_outside_the_admin_are_recorded_too(dr04_lab):
    dr04_lab.secondary_institutes.add(institute("INC"))
    latest, previous = dr04_lab.history.order_by("-history_date")[:2]
    assert latest.diff_against(previous).changed_fields == ["secondary_institutes"]
