"""Review notes recorded from a site's file (`agreements.reviews.review_note_create` behind the view):
the audit trail, the form's errors, who may record one, and the recent-changes feed."""

import pytest
from django.urls import reverse

from agreements.models import ReviewDecision, ReviewNote
from regions.audit import WEB
from tests.agreements.review_data import (
    DAY,
    TODAY,
    site_url,
)

pytestmark = pytest.mark.django_db


def note_url(site) -> str:
    return reverse("review:review_note_create", args=[site.slug])


def note_data(**overrides) -> dict:
    data = {
        "reviewed_on": TODAY.isoformat(),
        "decision": ReviewDecision.PREPARE_RENEWAL,
        "comment": "Réunion avec la présidence : renouvellement à préparer.",
        "follow_up_on": (TODAY + 90 * DAY).isoformat(),
    }
    return {**data, **overrides}


def test_a_coordinator_records_a_review_in_the_audit_trail(client, coordinator, saclay):
    client.force_login(coordinator)

    response = client.post(note_url(saclay), note_data())

    assert response.status_code == 302
    assert response["Location"] == site_url(saclay) + "#review-notes"
    note = ReviewNote.objects.get()
    assert (note.site, note.author, note.decision, note.follow_up_on) == (
        saclay,
        coordinator,
        ReviewDecision.PREPARE_RENEWAL,
        TODAY + 90 * DAY,
    )
    record = note.history.get()
    assert (record.history_type, record.history_user, record.history_source) == ("+", coordinator, WEB)
    page = client.get(response["Location"]).content.decode()
    assert "Réunion avec la présidence" in page


def test_a_follow_up_before_the_review_is_refused_with_the_form_s_error(client, coordinator, saclay):
    client.force_login(coordinator)

    response = client.post(note_url(saclay), note_data(follow_up_on=(TODAY - DAY).isoformat()))

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not ReviewNote.objects.exists()


def test_review_notes_refuse_anonymous_visitors_readers_and_gets(
    client, viewer, editor, other_editor, coordinator, saclay
):
    assert client.post(note_url(saclay), note_data()).status_code == 302
    for user in (viewer, editor, other_editor):
        client.force_login(user)
        assert client.post(note_url(saclay), note_data()).status_code == 403, user
    client.force_login(coordinator)
    assert client.get(note_url(saclay)).status_code == 405
    assert not ReviewNote.objects.exists()


def test_a_review_note_is_listed_in_the_recent_changes(client, admin_user, saclay):
    client.force_login(admin_user)
    client.post(note_url(saclay), note_data())
    response = client.get(reverse("backoffice_recent_changes"))
    assert "Paris-Saclay" in response.content.decode()
