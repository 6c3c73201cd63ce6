"""The scope contract, walked over every model: a regional editor of DR04 sees and edits exactly DR04's
regional rows, through the queryset API (`visible_to`, `editable_by`), the per-object answers
(`can_view`, `can_edit`) and every admin path of the model (list, change, delete, history, export).

A new model inherits these tests by being a `ScopedModel`; a regional model must say how its rows are
made in each office (`REGIONAL_MAKERS`), a national one how one row is made (`NATIONAL_MAKERS`).
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from agreements.models import AgreementSignatory
from labs.models import Succession
from regions.models import OfficeService
from regions.scope import ScopedModel, can_edit, can_view, has_model_permission, may_view_model
from tests import factories

pytestmark = pytest.mark.django_db

REGIONAL_MAKERS = {
    "regions.regionaloffice": lambda code: factories.office(code),
    "regions.officeservice": lambda code: OfficeService.objects.filter(office__code=code).first(),
    "labs.lab": lambda code: factories.LabFactory(regional_office=factories.office(code)),
    "labs.supervision": lambda code: factories.SupervisionFactory(
        lab=factories.LabFactory(regional_office=factories.office(code))
    ),
    "labs.succession": lambda code: Succession.objects.create(
        predecessor=factories.LabFactory.create(),
        successor=factories.LabFactory.create(regional_office=factories.office(code)),
        kind="merger",
        year=2020,
    ),
    "cnrs_partners.errorreport": lambda code: factories.ErrorReportFactory(
        record=factories.LabFactory(regional_office=factories.office(code))
    ),
}
NATIONAL_MAKERS = {
    "regions.department": lambda: factories.office("DR04").departments.first(),
    "regions.officemembership": lambda: factories.OfficeMembershipFactory(),
    "labs.institute": lambda: factories.institute("INP"),
    "labs.partner": lambda: factories.PartnerFactory(),
    "agreements.site": lambda: factories.SiteFactory(),
    "agreements.piaproject": lambda: factories.PiaProjectFactory(),
    "agreements.boardseat": lambda: factories.BoardSeatFactory(),
    "agreements.industrialpartnership": lambda: factories.IndustrialPartnershipFactory(),
    "agreements.reviewnote": lambda: factories.ReviewNoteFactory.create(),
}


def site_of(*codes: str):
    site = factories.SiteFactory.create()
    site.regional_offices.add(*(factories.office(code) for code in codes))
    return site


# Seen by all staff, edited by the offices of the row (`edit_office_path`): made in the given offices.
EDITED_BY_REGION_MAKERS = {
    "agreements.siteagreement": lambda *codes: factories.SiteAgreementFactory.create(site=site_of(*codes)),
    "agreements.agreementsignatory": lambda *codes: AgreementSignatory.objects.create(
        agreement=factories.SiteAgreementFactory.create(site=site_of(*codes)),
        partner=factories.PartnerFactory.create(),
    ),
}
SCOPED = sorted(
    (model for model in apps.get_models() if issubclass(model, ScopedModel)), key=lambda m: m._meta.label
)
REGIONAL = [model for model in SCOPED if model.office_path is not None]
NATIONAL = [model for model in SCOPED if model.office_path is None and model.edit_office_path is None]
EDITED_BY_REGION = [model for model in SCOPED if model.office_path is None and model.edit_office_path]


def label(model) -> str:
    return model._meta.label


def admin_url(model, name, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


def test_every_scoped_model_says_how_its_rows_are_made():
    assert {model._meta.label_lower for model in REGIONAL} == set(REGIONAL_MAKERS)
    assert {model._meta.label_lower for model in NATIONAL} == set(NATIONAL_MAKERS)
    assert {model._meta.label_lower for model in EDITED_BY_REGION} == set(EDITED_BY_REGION_MAKERS)


@pytest.mark.parametrize("model", REGIONAL, ids=label)
def test_a_regional_editor_sees_and_edits_exactly_the_rows_of_their_offices(editor, model):
    ours = REGIONAL_MAKERS[model._meta.label_lower]("DR04")
    theirs = REGIONAL_MAKERS[model._meta.label_lower]("DR12")
    rows = model.objects.filter(pk__in=[ours.pk, theirs.pk])
    changes = has_model_permission(editor, model, "change")

    assert set(rows.visible_to(editor)) == {ours}
    assert set(rows.editable_by(editor)) == ({ours} if changes else set())
    assert (can_view(editor, ours), can_view(editor, theirs)) == (True, False)
    assert (can_edit(editor, ours), can_edit(editor, theirs)) == (changes, False)


@pytest.mark.parametrize("model", REGIONAL, ids=label)
def test_staff_who_see_every_office_see_both_rows_and_edit_none_without_membership(viewer, model):
    rows = [REGIONAL_MAKERS[model._meta.label_lower](code) for code in ("DR04", "DR12")]
    queryset = model.objects.filter(pk__in=[row.pk for row in rows])

    # Every row, when the role reads the model at all (viewers do not read the public's error reports).
    assert set(queryset.visible_to(viewer)) == (set(rows) if may_view_model(viewer, model) else set())
    assert set(queryset.editable_by(viewer)) == set()


@pytest.mark.parametrize("model", REGIONAL, ids=label)
def test_a_national_administrator_edits_every_office(admin_user, model):
    rows = [REGIONAL_MAKERS[model._meta.label_lower](code) for code in ("DR04", "DR12")]
    queryset = model.objects.filter(pk__in=[row.pk for row in rows])

    assert set(queryset.editable_by(admin_user)) == set(rows)


@pytest.mark.parametrize("model", NATIONAL, ids=label)
def test_national_records_are_seen_by_every_role_that_reads_them(editor, viewer, admin_user, model):
    row = NATIONAL_MAKERS[model._meta.label_lower]()
    for user in (editor, viewer, admin_user):
        visible = set(model.objects.filter(pk=row.pk).visible_to(user))
        editable = set(model.objects.filter(pk=row.pk).editable_by(user))
        assert visible == ({row} if may_view_model(user, model) else set())
        assert editable == ({row} if has_model_permission(user, model, "change") else set())
        assert (can_view(user, row), can_edit(user, row)) == (bool(visible), bool(editable))


@pytest.mark.parametrize("model", EDITED_BY_REGION, ids=label)
def test_records_edited_by_region_are_seen_by_all_staff_and_edited_by_their_offices_staff(
    editor, viewer, coordinator, admin_user, model
):
    ours = EDITED_BY_REGION_MAKERS[model._meta.label_lower]("DR04")
    theirs = EDITED_BY_REGION_MAKERS[model._meta.label_lower]("DR12")
    nowhere = EDITED_BY_REGION_MAKERS[model._meta.label_lower]()
    rows = model.objects.filter(pk__in=[ours.pk, theirs.pk, nowhere.pk])
    everything = {ours, theirs, nowhere}
    for user, edits in (
        (editor, {ours}),
        (viewer, everything),
        (coordinator, everything),
        (admin_user, everything),
    ):
        expected = edits if has_model_permission(user, model, "change") else set()
        assert set(rows.visible_to(user)) == (everything if may_view_model(user, model) else set()), user
        assert set(rows.editable_by(user)) == expected, user
        assert {row for row in everything if can_view(user, row)} == set(rows.visible_to(user)), user
        assert {row for row in everything if can_edit(user, row)} == expected, user
    assert has_model_permission(editor, model, "change")
    assert not has_model_permission(viewer, model, "change")


@pytest.mark.parametrize("model", EDITED_BY_REGION, ids=label)
def test_a_row_that_reaches_several_of_the_user_s_offices_is_editable_once(model):
    from cnrs_partners.services import staff_create_or_update

    both, _, _ = staff_create_or_update(username="bea", role="editor", office_codes=["DR04", "DR12"])
    row = EDITED_BY_REGION_MAKERS[model._meta.label_lower]("DR04", "DR12")

    assert list(model.objects.filter(pk=row.pk).editable_by(both)) == [row]
    assert can_edit(both, row)


def test_only_national_administrators_see_office_memberships(editor, viewer, coordinator, admin_user):
    membership = factories.OfficeMembershipFactory()
    model = type(membership)
    for user in (editor, viewer, coordinator):
        assert not model.objects.visible_to(user).exists()
    assert membership in model.objects.visible_to(admin_user)


def test_anonymous_visitors_have_no_back_office_rows(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    lab = factories.LabFactory()
    assert not type(lab).objects.visible_to(AnonymousUser()).exists()
    assert not type(lab).objects.editable_by(AnonymousUser()).exists()


# --- every admin path of each regional model ------------------------------------------------------------

REGIONAL_ADMINS = [model for model in REGIONAL if admin.site.is_registered(model)]


@pytest.mark.parametrize("model", REGIONAL_ADMINS, ids=label)
def test_the_admin_list_and_export_show_the_rows_of_the_editors_offices_only(client, editor, model):
    ours = REGIONAL_MAKERS[model._meta.label_lower]("DR04")
    theirs = REGIONAL_MAKERS[model._meta.label_lower]("DR12")
    client.force_login(editor)

    response = client.get(admin_url(model, "changelist"), {"all": ""})
    listed = set(response.context["cl"].queryset)
    assert ours in listed and theirs not in listed

    model_admin = admin.site.get_model_admin(model)
    request = response.wsgi_request
    exported = set(model_admin.get_export_queryset(request))
    assert ours in exported and theirs not in exported


@pytest.mark.parametrize("model", REGIONAL_ADMINS, ids=label)
def test_the_admin_pages_of_another_office_s_row_answer_403(client, editor, model):
    ours = REGIONAL_MAKERS[model._meta.label_lower]("DR04")
    theirs = REGIONAL_MAKERS[model._meta.label_lower]("DR12")
    client.force_login(editor)

    assert client.get(admin_url(model, "change", ours.pk)).status_code == 200
    assert client.get(admin_url(model, "history", ours.pk)).status_code == 200
    for name in ("change", "delete", "history"):
        assert client.get(admin_url(model, name, theirs.pk)).status_code == 403, name
    assert client.post(admin_url(model, "delete", theirs.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=theirs.pk).exists()
