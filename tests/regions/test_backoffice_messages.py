"""The admin forms say precisely what is wrong: which UAI character, which two dates, what uses a partner."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

from labs.models import Partner
from tests.admin_forms import admin_form_data
from tests.factories import BoardSeatFactory, PartnerFactory, SupervisionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def partner_form(client, partner):
    url = reverse("admin:labs_partner_change", args=[partner.pk])
    return url, admin_form_data(client.get(url))


def test_a_bad_uai_character_is_named_with_its_position(client, admin_user):
    partner = PartnerFactory()
    client.force_login(admin_user)
    url, data = partner_form(client, partner)
    data["uai"] = "07536X9Y"
    response = client.post(url, data)
    [message] = response.context["adminform"].form.errors["uai"]
    assert "“X”" in message and "6" in message and "0753639Y" in message


def test_a_uai_whose_check_letter_does_not_match_says_which_letter_is_expected(client, admin_user):
    partner = PartnerFactory()
    client.force_login(admin_user)
    url, data = partner_form(client, partner)
    data["uai"] = "0753639A"
    response = client.post(url, data)
    [message] = response.context["adminform"].form.errors["uai"]
    assert "“A”" in message and "“Y”" in message


def test_an_end_date_before_the_start_names_both_dates(client, editor, dr04_lab):
    client.force_login(editor)
    url = reverse("admin:labs_lab_change", args=[dr04_lab.pk])
    data = admin_form_data(client.get(url))
    data.update(contract_start="2025-01-01", contract_end="2024-12-31")
    response = client.post(url, data)
    [message] = response.context["adminform"].form.errors["contract_end"]
    assert "31/12/2024" in message and "01/01/2025" in message


def test_deleting_a_partner_in_use_lists_what_uses_it(client, admin_user):
    partner = PartnerFactory(name="Université de Lorraine")
    supervision = SupervisionFactory(partner=partner)
    seat = BoardSeatFactory(partner=partner, body="Conseil d'administration")
    client.force_login(admin_user)

    response = client.get(reverse("admin:labs_partner_delete", args=[partner.pk]))

    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Université de Lorraine" in message
    assert str(supervision) in message and str(seat) in message
    assert (
        client.post(reverse("admin:labs_partner_delete", args=[partner.pk]), {"post": "yes"}).status_code
        == 200
    )
    assert Partner.objects.filter(pk=partner.pk).exists()


def test_bulk_deleting_partners_in_use_lists_what_uses_them_and_deletes_nothing(client, admin_user):
    used = PartnerFactory(name="Université de Lorraine")
    supervision = SupervisionFactory(partner=used)
    unused = PartnerFactory(name="Unused")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:labs_partner_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [used.pk, unused.pk], "post": "yes"},
    )

    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Université de Lorraine" in m and str(supervision) in m for m in messages)
    assert Partner.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2
