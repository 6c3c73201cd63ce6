"""The admin's own misreadings of hostile input, answered by the shared bases (`regions.backoffice`) with a
corrected page, a redirect, 400 or 404 rather than a server error: each test is a 500 the URL walk
(tests/cnrs_partners/test_hostile_input.py) found."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from agreements.models import AgreementSignatory
from regions.backoffice import HostileInputMixin
from regions.models import Department
from tests.factories import (
    AgreementSignatoryFactory,
    PartnerFactory,
    ReviewNoteFactory,
    SiteAgreementFactory,
    umr,
)

pytestmark = pytest.mark.django_db


def test_every_admin_page_goes_through_the_shared_base():
    """A model admin registered later (a library's, say) gets the same answers to hostile input."""
    admins = [
        admin.site.get_model_admin(model) for model in apps.get_models() if admin.site.is_registered(model)
    ]

    assert admins and all(isinstance(model_admin, HostileInputMixin) for model_admin in admins), [
        type(model_admin).__name__ for model_admin in admins if not isinstance(model_admin, HostileInputMixin)
    ]


@pytest.fixture
def client(admin_user):
    client = Client(raise_request_exception=True)
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("year", ["9999", "2147483648", "0", "-1"])
def test_a_date_drill_down_to_a_year_without_a_next_one_goes_back_to_the_list(client, year):
    ReviewNoteFactory.create()
    response = client.get(reverse("admin:agreements_reviewnote_changelist"), {"reviewed_on__year": year})

    assert response.status_code == 302 and response["Location"].endswith("?e=1")


def test_a_date_drill_down_to_december_9999_goes_back_to_the_list(client):
    url = reverse("admin:agreements_siteagreement_changelist")
    response = client.get(url, {"end_date__year": "9999", "end_date__month": "12"})

    assert response.status_code == 302


def test_an_empty_to_field_is_no_field(client, admin_user):
    lab = umr()
    for name, pk in [
        ("labs_lab", lab.pk),
        ("auth_user", admin_user.pk),
        ("auth_group", Group.objects.first().pk),
    ]:
        response = client.get(reverse(f"admin:{name}_change", args=[pk]), {"_to_field": ""})

        assert response.status_code == 200


@pytest.mark.parametrize("object_id", ["abc", "1.5", "x" * 300, "1 OR 1=1"])
def test_a_history_page_of_an_id_that_is_not_one_is_not_found(client, object_id):
    for name in ("admin:labs_lab_history", "admin:regions_regionaloffice_history"):
        assert client.get(reverse(name, args=[object_id])).status_code == 404


@pytest.mark.parametrize("version_id", ["abc", "1.5", "-"])
def test_a_version_that_is_not_one_is_not_found(client, version_id):
    lab = umr()
    url = reverse("admin:labs_lab_simple_history", args=[lab.pk, version_id])

    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "x"}).status_code == 404


def test_the_version_page_of_a_record_without_a_version_counter(client):
    """Départements and office memberships have no optimistic lock: their old versions still show."""
    department = Department.objects.get(code="91")
    department.save()
    version = department.history.latest("history_date")
    url = reverse("admin:regions_department_simple_history", args=[department.pk, version.history_id])

    assert client.get(url).status_code == 200


def test_a_regional_editor_sees_an_old_version_of_a_partner_whose_slug_they_may_not_change(editor):
    partner = PartnerFactory.create()
    version = partner.history.latest("history_date")
    client = Client(raise_request_exception=True)
    client.force_login(editor)

    response = client.get(reverse("admin:labs_partner_simple_history", args=[partner.pk, version.history_id]))

    assert response.status_code == 200


@pytest.mark.parametrize("query", ["site=abc", "site=1.5", "covered_labs=abc,-1", "renews=%C2%A0"])
def test_an_add_form_ignores_initial_ids_that_are_not_ids(client, query):
    response = client.get(reverse("admin:agreements_siteagreement_add") + "?" + query)

    assert response.status_code == 200


def test_a_form_sent_back_with_ids_that_are_not_ids_shows_its_errors(client):
    agreement = SiteAgreementFactory.create()
    url = reverse("admin:agreements_siteagreement_change", args=[agreement.pk])

    response = client.post(url, {"site": "abc", "covered_labs": ["x", "1.5"], "title": "Convention"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["site"]


def test_an_export_of_a_list_filtered_by_an_unknown_field_is_a_bad_request(client):
    response = client.get(reverse("admin:labs_lab_export"), {"zzz": "1"})

    assert response.status_code == 400


def test_the_recent_changes_name_a_signatory_without_a_page_of_its_own(client):
    AgreementSignatoryFactory.create(partner=PartnerFactory.create(name="Université de Lille"))

    response = client.get(reverse("backoffice_recent_changes"))

    assert response.status_code == 200
    row = next(
        row for row in response.context["rows"] if row["h_model"] == AgreementSignatory._meta.label_lower
    )
    assert row["history_url"] == ""
    assert "Université de Lille" in response.content.decode()
