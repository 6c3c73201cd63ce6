"""The site agreement admin: content only, the status read-only, the workflow's moves offered as buttons."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from agreements.models import AgreementStatus, SiteAgreement
from tests.admin_forms import admin_form_data

from ..factories import SiteAgreementFactory, agreement_at, site_in, today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = AgreementStatus
PDF = b"%PDF-1.4\n%%EOF\n"


def change_url(agreement: SiteAgreement) -> str:
    return reverse("admin:agreements_siteagreement_change", args=[agreement.pk])


def test_the_status_is_not_a_field_of_the_change_form(client, coordinator):
    agreement = agreement_at(S.DRAFT)
    client.force_login(coordinator)
    url = change_url(agreement)

    response = client.get(url)
    assert "status" not in response.context["adminform"].form.fields

    data = admin_form_data(response)
    response = client.post(url, {**data, "status": S.SIGNED, "title_fr": "Titre corrigé"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.status) == ("Titre corrigé", S.DRAFT)


def test_the_change_page_offers_the_user_s_moves_as_buttons_posting_to_the_workflow(client, editor):
    agreement = agreement_at(S.DRAFT)
    client.force_login(editor)

    page = client.get(change_url(agreement)).content.decode()

    assert reverse("review:agreement_status", args=[agreement.pk]) in page
    assert 'name="status" value="negotiating"' in page
    assert 'value="terminated"' not in page


def test_a_coordinator_is_offered_signing_with_its_date_and_document(client, coordinator):
    agreement = agreement_at(S.UNDER_REVIEW)
    client.force_login(coordinator)

    page = client.get(change_url(agreement)).content.decode()

    assert 'value="signed"' in page and 'name="signed_on"' in page and 'name="document"' in page


def test_the_change_page_lists_the_moves_made(client, coordinator):
    from agreements.services import agreement_change_status

    agreement = agreement_at(S.DRAFT)
    agreement_change_status(
        agreement=agreement, status=S.NEGOTIATING, user=coordinator, source="admin", comment="Lancement"
    )
    client.force_login(coordinator)

    page = client.get(change_url(agreement)).content.decode()

    assert "Changes of status" in page and "Lancement" in page


def test_a_signed_agreement_is_read_only_for_its_region_s_editor(client, editor):
    agreement = agreement_at(S.SIGNED)
    client.force_login(editor)

    response = client.get(change_url(agreement))

    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert client.post(change_url(agreement), {"title_fr": "X"}).status_code == 403


def test_an_editor_drafts_an_agreement_for_their_region_s_site(client, editor):
    site = site_in("DR04")
    client.force_login(editor)
    url = reverse("admin:agreements_siteagreement_add")
    data = admin_form_data(client.get(url))
    assert "status" not in client.get(url).context["adminform"].form.fields

    response = client.post(url, {**data, "site": site.pk, "title_fr": "Nouvelle convention"})

    assert response.status_code == 302
    created = SiteAgreement.objects.get(title_fr="Nouvelle convention")
    assert created.status == S.DRAFT


def test_an_editor_may_not_draft_for_another_region_s_site(client, editor):
    site = site_in("DR12")
    client.force_login(editor)
    url = reverse("admin:agreements_siteagreement_add")
    data = admin_form_data(client.get(url))

    response = client.post(url, {**data, "site": site.pk, "title_fr": "Convention d'ailleurs"})

    assert response.status_code == 200
    assert "sites of your own regional offices" in str(response.context["adminform"].form.errors["site"])
    assert not SiteAgreement.objects.filter(title_fr="Convention d'ailleurs").exists()


def test_a_national_administrator_enters_a_past_agreement_with_its_status(client, admin_user):
    site = site_in("DR04")
    client.force_login(admin_user)
    url = reverse("admin:agreements_siteagreement_add")
    data = admin_form_data(client.get(url))
    values = {**data, "site": site.pk, "title_fr": "Convention 2015", "status": S.SIGNED}

    response = client.post(url, values)
    assert response.status_code == 200
    assert "Signing needs the signed document." in str(response.context["adminform"].form.errors["status"])

    document = ContentFile(PDF, name="convention-2015.pdf")
    response = client.post(url, {**values, "signed_on": "2015-03-01", "document": document})
    assert response.status_code == 302
    assert SiteAgreement.objects.get(title_fr="Convention 2015").status == S.SIGNED


def test_the_current_document_links_to_the_document_view(client, coordinator):
    agreement = agreement_at(S.DRAFT)
    agreement.document.save("convention.pdf", ContentFile(PDF))
    client.force_login(coordinator)

    page = client.get(change_url(agreement)).content.decode()

    assert reverse("review:agreement_document", args=[agreement.pk]) in page


def test_the_list_shows_a_signed_agreement_past_its_end_as_expired(client, coordinator):
    yesterday = today() - datetime.timedelta(days=1)
    SiteAgreementFactory.create(start_date=yesterday - datetime.timedelta(days=900), end_date=yesterday)
    client.force_login(coordinator)

    response = client.get(reverse("admin:agreements_siteagreement_changelist"))

    assert '<td class="field-status_column">Expired</td>' in response.content.decode()
