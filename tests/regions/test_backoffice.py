"""Contract every tracked model's admin honours, parametrised over the admin registry.

Anonymous → login page; a viewer → 403 on add and change POSTs; the happy path (a national administrator
saves the change form) writes exactly one history row, with the source "admin" and the user.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from regions.backoffice import TrackedAdmin
from regions.models import Department, OfficeService, RegionalOffice
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MAKERS = {
    "regions.regionaloffice": lambda: RegionalOffice.objects.get(code="DR04"),
    "regions.officeservice": lambda: OfficeService.objects.filter(office__code="DR04").first(),
    "regions.department": lambda: Department.objects.get(code="91"),
    "regions.officemembership": lambda: factories.OfficeMembershipFactory(),
    "labs.institute": lambda: factories.institute("INP"),
    "labs.partner": lambda: factories.PartnerFactory(),
    "labs.lab": lambda: factories.umr(),
    "labs.supervision": lambda: factories.SupervisionFactory(),
    "labs.succession": lambda: factories.umr().successions_as_successor.create(
        predecessor=factories.LabFactory.create(), kind="merger", year=2020
    ),
    "agreements.site": lambda: factories.SiteFactory(),
    "agreements.siteagreement": lambda: factories.SiteAgreementFactory(),
    "agreements.piaproject": lambda: factories.PiaProjectFactory(),
    "agreements.boardseat": lambda: factories.BoardSeatFactory(),
    "agreements.industrialpartnership": lambda: factories.IndustrialPartnershipFactory(),
    "agreements.reviewnote": lambda: factories.ReviewNoteFactory.create(),
    "cnrs_partners.errorreport": lambda: factories.ErrorReportFactory.create(),
}
# Models viewers may not read at all, so whose history pages answer them 403: why.
HIDDEN_FROM_VIEWERS = {
    "regions.officemembership": "national administrators' only",
    "cnrs_partners.errorreport": "the public's error reports hold the reporters' e-mail addresses",
}
TRACKED = sorted(
    (
        model
        for model in apps.get_models()
        if admin.site.is_registered(model) and isinstance(admin.site.get_model_admin(model), TrackedAdmin)
    ),
    key=lambda model: model._meta.label,
)


def url(model, name, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


def test_every_tracked_admin_is_covered_by_the_contract():
    assert {model._meta.label_lower for model in TRACKED} == set(MAKERS)


@pytest.mark.parametrize("model", TRACKED, ids=lambda model: model._meta.label)
def test_anonymous_visitors_are_sent_to_the_login_page(client, model):
    obj = MAKERS[model._meta.label_lower]()
    for target in (url(model, "changelist"), url(model, "change", obj.pk), url(model, "history", obj.pk)):
        response = client.get(target)
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("model", TRACKED, ids=lambda model: model._meta.label)
def test_a_viewer_cannot_add_or_change(client, viewer, admin_user, model):
    obj = MAKERS[model._meta.label_lower]()
    client.force_login(admin_user)
    data = admin_form_data(client.get(url(model, "change", obj.pk)))
    version = getattr(obj, "version", None)
    client.force_login(viewer)

    assert client.post(url(model, "add"), data).status_code == 403
    assert client.post(url(model, "change", obj.pk), data).status_code == 403
    assert client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    obj.refresh_from_db()
    assert getattr(obj, "version", None) == version


@pytest.mark.parametrize("model", TRACKED, ids=lambda model: model._meta.label)
def test_a_save_writes_exactly_one_history_row_with_source_and_user(client, admin_user, model):
    obj = MAKERS[model._meta.label_lower]()
    client.force_login(admin_user)
    data = admin_form_data(client.get(url(model, "change", obj.pk)))
    before = set(model.history.values_list("history_id", flat=True))

    response = client.post(url(model, "change", obj.pk), data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    new = model.history.exclude(history_id__in=before)
    assert [(row.id, row.history_type, row.history_source, row.history_user) for row in new] == [
        (obj.pk, "~", "admin", admin_user)
    ]


@pytest.mark.parametrize("model", TRACKED, ids=lambda model: model._meta.label)
def test_the_history_page_answers_for_staff(client, viewer, model):
    obj = MAKERS[model._meta.label_lower]()
    client.force_login(viewer)
    expected = 403 if model._meta.label_lower in HIDDEN_FROM_VIEWERS else 200
    assert client.get(url(model, "history", obj.pk)).status_code == expected
