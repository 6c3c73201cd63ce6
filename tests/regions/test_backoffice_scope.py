"""What each role sees and may do in the back-office, by HTTP — forged POSTs and autocompletes included."""

import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from labs.models import Lab, Partner, Succession, Supervision
from regions.models import OfficeService
from tests.admin_forms import admin_form_data
from tests.factories import (
    BoardSeatFactory,
    PartnerFactory,
    PiaProjectFactory,
    SiteAgreementFactory,
    SiteFactory,
    office,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def autocomplete(client, model_name, field_name, term="", app_label="labs"):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return {int(result["id"]) for result in json.loads(response.content)["results"]}


# --- regional editor -------------------------------------------------------------------------------


def test_an_editor_sees_only_the_labs_of_her_offices_in_the_list(client, editor, dr04_lab, dr12_lab):
    client.force_login(editor)
    response = client.get(reverse("admin:labs_lab_changelist"))
    assert response.status_code == 200
    shown = {lab.pk for lab in response.context["cl"].result_list}
    assert shown == {dr04_lab.pk}


def test_an_editor_gets_403_on_the_pages_of_another_regions_lab(client, editor, dr12_lab):
    client.force_login(editor)
    for name in ("change", "delete", "history"):
        response = client.get(reverse(f"admin:labs_lab_{name}", args=[dr12_lab.pk]))
        assert response.status_code == 403, name
    supervision = dr12_lab.supervisions.get()
    assert client.get(change_url(supervision)).status_code == 403


def test_an_editor_cannot_change_another_regions_lab_by_a_forged_post(client, editor, admin_user, dr12_lab):
    client.force_login(admin_user)
    data = admin_form_data(client.get(change_url(dr12_lab)))
    client.force_login(editor)
    data["director"] = "Forged"

    response = client.post(change_url(dr12_lab), data)

    assert response.status_code == 403
    dr12_lab.refresh_from_db()
    assert dr12_lab.director != "Forged" and dr12_lab.version == 1


def test_an_editor_cannot_move_her_lab_to_another_region(client, editor, dr04_lab):
    client.force_login(editor)
    data = admin_form_data(client.get(change_url(dr04_lab)))
    data["regional_office"] = office("DR12").pk

    response = client.post(change_url(dr04_lab), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["regional_office"]
    assert "DR04" in errors[0] and "DR12" in errors[0]
    dr04_lab.refresh_from_db()
    assert dr04_lab.regional_office.code == "DR04"


def test_an_editor_cannot_create_a_lab_in_another_region_or_in_none(client, editor):
    client.force_login(editor)
    url = reverse("admin:labs_lab_add")
    data = admin_form_data(client.get(url))
    data.update(
        rnsr="202099999" + "T", unit_type="UPR", unit_number="9999", name_fr="Nouveau labo", status="active"
    )
    from labs.validators import rnsr_check_letter

    data["rnsr"] = "202099999" + rnsr_check_letter("202099999")
    for regional_office in (office("DR12").pk, ""):
        data["regional_office"] = regional_office
        response = client.post(url, data)
        assert response.status_code == 200
        assert "regional_office" in response.context["adminform"].form.errors
    assert not Lab.objects.filter(name_fr="Nouveau labo").exists()

    data["regional_office"] = office("DR04").pk
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Lab.objects.get(name_fr="Nouveau labo").regional_office.code == "DR04"


def test_an_editor_cannot_attach_a_supervision_to_another_regions_lab(client, editor, dr04_lab, dr12_lab):
    client.force_login(editor)
    url = reverse("admin:labs_supervision_add")
    partner = PartnerFactory()
    data = admin_form_data(client.get(url))
    data.update(lab=dr12_lab.pk, partner=partner.pk, kind="participant")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "DR12" in response.context["adminform"].form.errors["lab"][0]
    assert not Supervision.objects.filter(partner=partner).exists()

    data["lab"] = dr04_lab.pk
    assert client.post(url, data).status_code == 302
    assert Supervision.objects.filter(partner=partner, lab=dr04_lab).exists()


def test_an_editor_cannot_move_a_supervision_of_hers_to_another_regions_lab(
    client, editor, dr04_lab, dr12_lab
):
    supervision = dr04_lab.supervisions.exclude(partner__uai="0753639Y").get()
    client.force_login(editor)
    data = admin_form_data(client.get(change_url(supervision)))
    data["lab"] = dr12_lab.pk

    response = client.post(change_url(supervision), data)

    assert response.status_code == 200 and "lab" in response.context["adminform"].form.errors
    supervision.refresh_from_db()
    assert supervision.lab == dr04_lab


def test_the_server_refuses_a_write_out_of_scope_that_got_past_the_form(rf, editor, dr12_lab):
    from django.contrib import admin
    from django.core.exceptions import PermissionDenied

    request = rf.post("/")
    request.user = editor
    dr12_lab.director = "Forged"
    with pytest.raises(PermissionDenied):
        admin.site.get_model_admin(Lab).save_model(request, dr12_lab, form=None, change=True)
    dr12_lab.refresh_from_db()
    assert dr12_lab.director != "Forged"


def test_the_lab_autocomplete_of_a_supervision_offers_only_her_labs(client, editor, dr04_lab, dr12_lab):
    client.force_login(editor)
    assert autocomplete(client, "supervision", "lab") == {dr04_lab.pk}
    assert autocomplete(client, "succession", "successor") == {dr04_lab.pk}


def test_predecessor_and_parent_autocompletes_offer_labs_of_every_region(client, editor, dr04_lab, dr12_lab):
    client.force_login(editor)
    assert autocomplete(client, "succession", "predecessor") == {dr04_lab.pk, dr12_lab.pk}
    assert autocomplete(client, "lab", "parent") == {dr04_lab.pk, dr12_lab.pk}


def test_an_editor_records_a_merger_of_another_regions_lab_into_hers(client, editor, dr04_lab, dr12_lab):
    client.force_login(editor)
    url = reverse("admin:labs_succession_add")
    data = admin_form_data(client.get(url))
    data.update(predecessor=dr12_lab.pk, successor=dr04_lab.pk, kind="merger", year="2025")
    assert client.post(url, data).status_code == 302
    data.update(predecessor=dr04_lab.pk, successor=dr12_lab.pk)
    response = client.post(url, data)
    assert response.status_code == 200 and "successor" in response.context["adminform"].form.errors
    assert Succession.objects.count() == 1


def test_the_office_autocomplete_of_a_lab_offers_only_her_offices(client, editor):
    client.force_login(editor)
    assert autocomplete(client, "lab", "regional_office") == {office("DR04").pk}


def test_bulk_delete_leaves_labs_out_of_scope_alone(client, editor, dr04_lab, dr12_lab):
    client.force_login(editor)
    response = client.post(
        reverse("admin:labs_lab_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [dr04_lab.pk, dr12_lab.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert list(Lab.objects.values_list("pk", flat=True)) == [dr12_lab.pk]


def test_an_editor_changes_partners_contact_data_but_not_their_identity(client, editor):
    partner = PartnerFactory(name="Université Paris-Saclay", email="")
    client.force_login(editor)
    response = client.get(change_url(partner))
    assert "name" not in response.context["adminform"].form.fields
    data = admin_form_data(response)
    data.update(name="Renamed", uai="0000000A", email="partenariats@example.fr")

    assert client.post(change_url(partner), data).status_code == 302

    partner.refresh_from_db()
    assert (partner.name, partner.email) == ("Université Paris-Saclay", "partenariats@example.fr")
    assert client.get(reverse("admin:labs_partner_add")).status_code == 403
    assert client.get(reverse("admin:labs_partner_delete", args=[partner.pk])).status_code == 403


def test_an_editor_edits_the_services_of_her_office_only(client, editor):
    mine = OfficeService.objects.filter(office__code="DR04").first()
    theirs = OfficeService.objects.filter(office__code="DR12").first()
    client.force_login(editor)
    response = client.get(reverse("admin:regions_officeservice_changelist"))
    assert {service.office.code for service in response.context["cl"].result_list} == {"DR04"}
    assert client.get(change_url(theirs)).status_code == 403

    data = admin_form_data(client.get(change_url(mine)))
    data["head"] = "Claire Dupont"
    assert client.post(change_url(mine), data).status_code == 302
    data["office"] = office("DR12").pk
    response = client.post(change_url(mine), {**data, "loaded_version": 2})
    assert response.status_code == 200 and "office" in response.context["adminform"].form.errors
    mine.refresh_from_db()
    assert (mine.head, mine.office.code) == ("Claire Dupont", "DR04")


def test_an_editor_cannot_edit_sites_or_agreements(client, editor):
    agreement = SiteAgreementFactory()
    client.force_login(editor)
    assert client.get(change_url(agreement)).status_code == 200
    data = admin_form_data(client.get(change_url(agreement.site)))
    assert client.post(change_url(agreement.site), data).status_code == 403
    assert client.get(reverse("admin:agreements_site_add")).status_code == 403


# --- coordinator ---------------------------------------------------------------------------------------


def test_a_coordinator_reads_every_regions_labs_but_changes_none(client, coordinator, dr04_lab, dr12_lab):
    client.force_login(coordinator)
    response = client.get(reverse("admin:labs_lab_changelist"))
    assert {lab.pk for lab in response.context["cl"].result_list} == {dr04_lab.pk, dr12_lab.pk}
    response = client.get(change_url(dr12_lab))
    assert response.status_code == 200
    assert client.post(change_url(dr12_lab), {"director": "X"}).status_code == 403
    assert client.get(reverse("admin:labs_lab_add")).status_code == 403


@pytest.mark.parametrize(
    "factory",
    [SiteFactory, SiteAgreementFactory, PiaProjectFactory, BoardSeatFactory],
    ids=lambda f: f.__name__,
)
def test_a_coordinator_edits_sites_agreements_pia_projects_and_board_seats(client, coordinator, factory):
    obj = factory()
    client.force_login(coordinator)
    data = admin_form_data(client.get(change_url(obj)))
    response = client.post(change_url(obj), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    obj.refresh_from_db()
    assert obj.version == 2


# --- viewer --------------------------------------------------------------------------------------------


def test_a_viewer_reads_every_record_and_changes_none(client, viewer, dr04_lab, dr12_lab, admin_user):
    client.force_login(viewer)
    response = client.get(reverse("admin:labs_lab_changelist"))
    assert len(response.context["cl"].result_list) == 2
    assert response.context["action_form"] is None  # no bulk delete, no bulk change: only exports
    response = client.get(change_url(dr12_lab))
    assert response.status_code == 200 and "loaded_version" not in response.content.decode()
    assert client.get(reverse("admin:labs_lab_add")).status_code == 403
    assert client.get(reverse("admin:labs_lab_delete", args=[dr04_lab.pk])).status_code == 403
    client.force_login(admin_user)
    data = admin_form_data(client.get(change_url(dr04_lab)))
    client.force_login(viewer)
    assert client.post(change_url(dr04_lab), {**data, "director": "X"}).status_code == 403
    dr04_lab.refresh_from_db()
    assert dr04_lab.version == 1


# --- staff accounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "editor", "viewer"])
def test_staff_accounts_and_memberships_are_for_national_administrators_only(
    client, request, role, admin_user
):
    client.force_login(request.getfixturevalue(role))
    for url in (
        reverse("admin:regions_officemembership_changelist"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_change", args=[admin_user.pk]),
    ):
        assert client.get(url).status_code == 403, url
    client.force_login(admin_user)
    assert client.get(reverse("admin:regions_officemembership_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, dr04_lab):
    response = client.get(change_url(dr04_lab))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert Partner.objects.exists()
