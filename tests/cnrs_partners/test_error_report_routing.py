"""Where an error report goes (its office, or national) and who is told, in the reporter's language."""

import pytest
from django.utils import translation

from cnrs_partners.error_reports import services
from cnrs_partners.models import ErrorReport
from tests.factories import LabFactory, PartnerFactory, UserFactory, office, site_in

pytestmark = pytest.mark.django_db


def _submit(record, capture, language="fr"):
    with translation.override(language), capture(execute=True):
        return services.error_report_submit(
            record=record,
            message="Le directeur a changé en janvier.",
            email="visiteur@example.org",
            absolute_url=lambda path: f"https://partenariats.example{path}",
        )


def _set_email(record, address: str) -> None:
    record.email = address
    record.save()


def test_a_lab_goes_to_its_office_and_an_office_to_itself(db):
    lab = LabFactory.create(regional_office=office("DR12"))
    assert services.office_of(lab) == office("DR12")
    assert services.office_of(office("DR04")) == office("DR04")


def test_partners_and_labs_without_an_office_are_national(db):
    assert services.office_of(PartnerFactory.create()) is None
    assert services.office_of(LabFactory.create(regional_office=None)) is None


def test_a_site_goes_to_its_one_office_and_a_site_of_several_is_national(db):
    assert services.office_of(site_in("DR04")) == office("DR04")
    assert services.office_of(site_in("DR04", "DR05")) is None


def test_a_site_without_an_office_goes_to_the_one_office_its_labs_share(db):
    site = site_in()
    site.labs.add(
        LabFactory.create(regional_office=office("DR07")), LabFactory.create(regional_office=office("DR07"))
    )
    assert services.office_of(site) == office("DR07")
    site.labs.add(LabFactory.create(regional_office=office("DR12")))
    assert services.office_of(site) is None
    assert services.office_of(site_in()) is None


def test_the_office_contact_is_told_with_the_reference_and_both_links(
    mailoutbox, django_capture_on_commit_callbacks
):
    dr04 = office("DR04")
    _set_email(dr04, "partenariats@dr4.example")
    lab = LabFactory.create(slug="umr-8502", regional_office=dr04)
    report = _submit(lab, django_capture_on_commit_callbacks)
    assert report.office == dr04
    [mail] = mailoutbox
    assert mail.to == ["partenariats@dr4.example"]
    assert report.reference in mail.subject and "Signalement" in mail.subject
    assert "https://partenariats.example/labs/umr-8502/" in mail.body
    assert f"https://partenariats.example/admin/cnrs_partners/errorreport/{report.pk}/change/" in mail.body
    assert "Le directeur a changé en janvier." in mail.body and "visiteur@example.org" in mail.body


def test_an_office_without_a_contact_address_tells_its_staff_in_english(
    mailoutbox, django_capture_on_commit_callbacks, editor, other_editor
):
    _set_email(editor, "claire@dr4.example")
    _set_email(other_editor, "marius@dr12.example")
    _set_email(office("DR04"), "")
    _submit(
        LabFactory.create(regional_office=office("DR04")), django_capture_on_commit_callbacks, language="en"
    )
    [mail] = mailoutbox
    assert mail.to == ["claire@dr4.example"]
    assert "Error report" in mail.subject and "A visitor reported an error" in mail.body


def test_a_national_report_tells_the_national_administrators(
    mailoutbox, django_capture_on_commit_callbacks, admin_user, editor
):
    _set_email(admin_user, "nadia@cnrs.example")
    _set_email(editor, "claire@dr4.example")
    UserFactory.create(is_superuser=True, is_active=False, email="ancien@cnrs.example")
    report = _submit(PartnerFactory.create(), django_capture_on_commit_callbacks)
    assert report.office is None
    [mail] = mailoutbox
    assert mail.to == ["nadia@cnrs.example"]


def test_a_mail_server_that_fails_leaves_the_report_in_the_queue(
    monkeypatch, django_capture_on_commit_callbacks, admin_user
):
    _set_email(admin_user, "nadia@cnrs.example")

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(services, "send_mail", refuse)
    report = _submit(PartnerFactory.create(), django_capture_on_commit_callbacks)
    assert ErrorReport.objects.filter(pk=report.pk).exists()


def test_references_are_random_and_unique(db):
    references = {services.new_reference() for _ in range(200)}
    assert len(references) == 200
