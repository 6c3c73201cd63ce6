"""The back-office queue of error reports: scoped to the editor's offices, every one for a national
administrator (national reports included), closed by changing the status; nobody adds one; the home counts
the new ones."""

import pytest
from django.urls import reverse

from cnrs_partners.models import ErrorReport, ErrorReportStatus
from tests.admin_forms import admin_form_data
from tests.factories import ErrorReportFactory, LabFactory, PartnerFactory, office

pytestmark = pytest.mark.django_db

LIST = reverse("admin:cnrs_partners_errorreport_changelist")


def _change(report: ErrorReport) -> str:
    return reverse("admin:cnrs_partners_errorreport_change", args=[report.pk])


@pytest.fixture
def reports(db):
    """One report of DR04 (Claire's office), one of DR12, one national (a partner)."""
    partner = PartnerFactory.create()
    return {
        "DR04": ErrorReportFactory.create(reference="ERR-2026-DR04AAAA"),
        "DR12": ErrorReportFactory.create(
            reference="ERR-2026-DR12AAAA", record=LabFactory.create(regional_office=office("DR12"))
        ),
        "national": ErrorReportFactory.create(
            reference="ERR-2026-NATAAAAA", record=partner, record_label=str(partner), office=None
        ),
    }


def _listed(client) -> set[str]:
    response = client.get(LIST)
    assert response.status_code == 200
    return {report.reference for report in response.context["cl"].result_list}


def test_an_editor_sees_only_the_reports_of_their_offices(client, editor, reports):
    client.force_login(editor)
    assert _listed(client) == {"ERR-2026-DR04AAAA"}
    assert client.get(_change(reports["DR04"])).status_code == 200
    assert client.get(_change(reports["DR12"])).status_code == 403
    assert client.get(_change(reports["national"])).status_code == 403


def test_a_national_administrator_sees_every_report(client, admin_user, reports):
    client.force_login(admin_user)
    assert _listed(client) == {"ERR-2026-DR04AAAA", "ERR-2026-DR12AAAA", "ERR-2026-NATAAAAA"}
    assert client.get(f"{LIST}?office__isnull=True").status_code == 200
    page = client.get(_change(reports["national"])).content.decode()
    assert reports["national"].record.get_absolute_url() in page


def test_coordinators_and_viewers_do_not_read_reports(client, coordinator, viewer, reports):
    for user in (coordinator, viewer):
        client.force_login(user)
        assert client.get(LIST).status_code == 403
        assert client.get(_change(reports["DR04"])).status_code == 403


def test_an_editor_closes_a_report_of_their_office(client, editor, reports):
    client.force_login(editor)
    report = reports["DR04"]
    data = admin_form_data(client.get(_change(report)))
    data.update(status=ErrorReportStatus.DONE, staff_note="Directeur corrigé.")
    response = client.post(_change(report), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.handled_by, report.staff_note) == (
        ErrorReportStatus.DONE,
        editor,
        "Directeur corrigé.",
    )
    latest = report.history.latest()
    assert (latest.history_user, latest.history_source) == (editor, "admin")


def test_an_editor_cannot_close_another_office_s_report(client, editor, reports):
    client.force_login(editor)
    report = reports["DR12"]
    response = client.post(_change(report), {"status": ErrorReportStatus.DONE, "version": report.version})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ErrorReportStatus.NEW


def test_nobody_adds_a_report_in_the_back_office(client, admin_user, editor):
    for user in (admin_user, editor):
        client.force_login(user)
        assert client.get(reverse("admin:cnrs_partners_errorreport_add")).status_code == 403


def test_the_editor_s_home_counts_the_new_reports_of_their_offices(client, editor, reports):
    ErrorReportFactory.create(reference="ERR-2026-DR04BBBB", status=ErrorReportStatus.DONE)
    client.force_login(editor)
    response = client.get(reverse("admin:index"))
    assert response.context["home"].new_error_reports == 1
    assert f'href="{LIST}?status__exact=new"' in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client, reports):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_editor_marks_several_reports_done_at_once(client, editor, reports):
    second = ErrorReportFactory.create(reference="ERR-2026-DR04BBBB")
    client.force_login(editor)
    selected = [reports["DR04"].pk, second.pk, reports["DR12"].pk]  # DR12's is not hers: left alone
    response = client.post(LIST, {"action": "mark_done", "_selected_action": selected})
    assert response.status_code == 302
    statuses = dict(ErrorReport.objects.values_list("reference", "status"))
    assert statuses == {
        "ERR-2026-DR04AAAA": ErrorReportStatus.DONE,
        "ERR-2026-DR04BBBB": ErrorReportStatus.DONE,
        "ERR-2026-DR12AAAA": ErrorReportStatus.NEW,
        "ERR-2026-NATAAAAA": ErrorReportStatus.NEW,
    }
    second.refresh_from_db()
    assert second.handled_by == editor
    assert second.history.latest().history_user == editor
