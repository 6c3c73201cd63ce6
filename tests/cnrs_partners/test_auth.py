"""Logging in to the back-office: throttling and lockout (django-axes), the administrator's unlock, one-time
passwords, idle sessions, and a password change that logs out the account's other sessions."""

import io
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from cnrs_partners.login_throttle import client_ip_address
from cnrs_partners.models import OneTimePassword
from cnrs_partners.services import staff_create_or_update
from cnrs_partners.settings import env_int
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HERE = "192.0.2.10"
ELSEWHERE = "198.51.100.20"
WRONG = "not-the-password"
NEW_PASSWORD = "a-brand-new-passphrase"
CHANGE = "/admin/password_change/"


@pytest.fixture(autouse=True)
def throttle(settings):
    """The documented defaults, whatever the environment says."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 20
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ONE_TIME_PASSWORD_DAYS = 7


def log_in(client, username, password, *, address=HERE, prefix="", **headers):
    return client.post(
        f"{prefix}/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(username, times, *, address=HERE, **headers):
    client = Client()
    for _ in range(times):
        response = log_in(client, username, WRONG, address=address, **headers)
    return response


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


# --- lockout ------------------------------------------------------------------------------------------


def test_four_failures_leave_the_login_form_and_the_fifth_locks_the_username_from_that_address(editor):
    assert fail("claire", 4).status_code == 200
    assert fail("claire", 1).status_code == 429
    assert log_in(Client(), "claire", PASSWORD).status_code == 429


def test_the_right_password_after_five_failures_is_refused_with_the_french_message(client, editor):
    fail("claire", 5)
    response = log_in(client, "claire", PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert '<html lang="fr"' in text
    assert (
        "Trop de connexions échouées : la connexion est bloquée depuis cette adresse pour le moment." in text
    )
    assert "Réessayez dans 15 minutes" in text
    assert "demandez à un administrateur national de débloquer votre compte" in text
    assert client.get("/admin/").status_code == 302  # not logged in


def test_the_lockout_message_reads_in_english_under_en(client, editor):
    fail("claire", 5)
    response = log_in(client, "claire", PASSWORD, prefix="/en")
    assert response.status_code == 429
    text = response.content.decode()
    assert '<html lang="en"' in text
    assert "Too many failed logins: logging in is blocked from this address for now." in text
    assert "Try again in 15 minutes: every new attempt until then starts the wait again." in text
    assert "ask a national administrator to unlock your account" in text


def test_another_username_from_the_same_address_still_logs_in(client, editor, coordinator):
    fail("claire", 5)
    assert logged_in(log_in(client, "karim", PASSWORD))


def test_the_locked_username_still_logs_in_from_another_address(client, editor):
    """A stranger who types Claire's name five times locks her out of their address only."""
    fail("claire", 5)
    assert logged_in(log_in(client, "claire", PASSWORD, address=ELSEWHERE))


def test_an_address_trying_many_usernames_is_locked_for_all_of_them(client, coordinator):
    for n in range(9):
        fail(f"guess{n}", 2)
    fail("claire", 1)  # 19 failures from this address, at most 2 per username
    assert logged_in(log_in(client, "karim", PASSWORD))
    assert fail("guess9", 1).status_code == 429  # the 20th
    assert log_in(Client(), "karim", PASSWORD).status_code == 429
    assert logged_in(log_in(Client(), "karim", PASSWORD, address=ELSEWHERE))


def test_the_lock_lifts_fifteen_minutes_after_the_last_failure(client, editor):
    fail("claire", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert log_in(client, "claire", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert logged_in(log_in(client, "claire", PASSWORD))


# --- unlock -------------------------------------------------------------------------------------------


def test_a_national_administrator_unlocks_a_username_from_the_failed_logins_list(client, editor, admin_user):
    fail("claire", 3)
    fail("claire", 2, HTTP_USER_AGENT="another browser")  # locked by the failures of both browsers
    nadia = Client()
    nadia.force_login(admin_user)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert nadia.get(changelist).status_code == 200
    one_row = AccessAttempt.objects.filter(username="claire").first()

    response = nadia.post(changelist, {"action": "unlock", "_selected_action": [one_row.pk]}, follow=True)

    assert "Débloqué : 2 enregistrements de connexion échouée supprimés." in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert LogEntry.objects.filter(user=admin_user, action_flag=DELETION).count() == 2
    assert logged_in(log_in(client, "claire", PASSWORD))


@pytest.mark.parametrize("role", ["coordinator", "editor", "viewer"])
def test_only_national_administrators_see_the_failed_and_successful_logins(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    assert client.get(reverse("admin:axes_accesslog_changelist")).status_code == 403
    assert b"axes" not in client.get("/admin/").content


def test_failed_logins_are_read_only_and_the_unused_failure_log_is_not_listed(client, admin_user):
    fail("claire", 1)
    client.force_login(admin_user)
    attempt = AccessAttempt.objects.get()
    assert client.get(reverse("admin:axes_accessattempt_add")).status_code == 403
    response = client.post(reverse("admin:axes_accessattempt_change", args=[attempt.pk]), {"username": "x"})
    assert response.status_code == 403
    assert client.get(reverse("admin:axes_accesslog_changelist")).status_code == 200
    assert b"/admin/axes/accessfailurelog/" not in client.get("/admin/").content


def test_the_command_unlocks_a_username(client, editor):
    fail("claire", 5)
    call_command("axes_reset_username", "claire", stdout=io.StringIO())
    assert logged_in(log_in(client, "claire", PASSWORD))


# --- the client's address -----------------------------------------------------------------------------


def test_behind_a_trusted_proxy_failures_count_against_the_forwarded_address(client, settings, editor):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    fail("claire", 5, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.99, 192.0.2.50")
    assert (
        log_in(Client(), "claire", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.50").status_code
        == 429
    )
    other = log_in(client, "claire", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.51")
    assert logged_in(other)


def test_without_a_trusted_proxy_a_forged_forwarded_address_changes_nothing(editor):
    fail("claire", 5, HTTP_X_FORWARDED_FOR="192.0.2.50")
    assert log_in(Client(), "claire", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.51").status_code == 429


@pytest.mark.parametrize(
    "count, forwarded, expected",
    [
        (0, "192.0.2.50", "10.0.0.1"),
        (1, "192.0.2.50", "192.0.2.50"),
        (1, "forged, 192.0.2.50", "192.0.2.50"),
        (2, "forged, 192.0.2.50, 10.0.0.2", "192.0.2.50"),
        (2, "192.0.2.50", "10.0.0.1"),  # fewer entries than proxies: the request did not come through them
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_is_read_from_the_right_of_the_forwarded_header(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip_address(request) == expected


# --- one-time passwords -------------------------------------------------------------------------------


@pytest.fixture
def newcomer(db):
    """Léa's account as add_staff creates it, and the one-time password it printed."""
    user, _, one_time = staff_create_or_update(username="lea", role="viewer", email="lea@cnrs.fr")
    return user, one_time


def change_password(client, old, new):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def test_a_one_time_password_leads_only_to_the_password_change_page(client, newcomer):
    user, one_time = newcomer
    assert logged_in(log_in(client, "lea", one_time))
    for page in ["/admin/", "/admin/labs/lab/", "/review/", "/"]:
        response = client.get(page)
        assert (response.status_code, response["Location"]) == (302, CHANGE), page
    response = client.get("/en/admin/")
    assert (response.status_code, response["Location"]) == (302, f"/en{CHANGE}")
    response = client.get(CHANGE)
    assert response.status_code == 200
    assert "Choisissez votre propre mot de passe" in response.content.decode()
    assert client.get("/static/admin/css/base.css").status_code != 302


def test_once_the_account_sets_its_own_password_it_works_normally(client, newcomer):
    user, one_time = newcomer
    log_in(client, "lea", one_time)
    response = change_password(client, one_time, NEW_PASSWORD)
    assert (response.status_code, response["Location"]) == (302, "/admin/password_change/done/")
    assert client.get("/admin/").status_code == 200
    assert not OneTimePassword.objects.exists()
    client.post("/admin/logout/")
    assert not logged_in(log_in(client, "lea", one_time))
    assert logged_in(log_in(client, "lea", NEW_PASSWORD))
    assert client.get("/admin/").status_code == 200


def test_the_new_password_cannot_be_the_one_time_password_nor_a_weak_one(client, newcomer):
    user, one_time = newcomer
    log_in(client, "lea", one_time)
    response = change_password(client, one_time, one_time)
    assert response.status_code == 200
    assert (
        "Choisissez un mot de passe à vous, pas le mot de passe à usage unique reçu."
        in response.content.decode()
    )
    response = change_password(client, one_time, "short")
    assert response.status_code == 200
    assert OneTimePassword.objects.exists()


def test_a_one_time_password_account_may_log_out(client, newcomer):
    log_in(client, "lea", newcomer[1])
    assert client.post("/admin/logout/").status_code == 200
    assert client.get("/admin/").status_code == 302


def test_an_expired_one_time_password_is_refused_with_what_to_do(client, newcomer):
    user, one_time = newcomer
    OneTimePassword.objects.update(issued_at=timezone.now() - timedelta(days=6, hours=23))
    assert logged_in(log_in(Client(), "lea", one_time))
    OneTimePassword.objects.update(issued_at=timezone.now() - timedelta(days=7, minutes=1))
    response = log_in(client, "lea", one_time, prefix="/en")
    assert response.status_code == 200
    assert "This one-time password has expired. Ask a national administrator for a new one." in (
        response.content.decode()
    )
    assert client.get("/admin/").status_code == 302
    response = log_in(client, "lea", one_time)
    assert "Ce mot de passe à usage unique a expiré." in response.content.decode()


def test_accounts_with_their_own_password_are_not_sent_to_the_change_page(client, editor):
    assert logged_in(log_in(client, "claire", PASSWORD))
    assert client.get("/admin/").status_code == 200


# --- sessions -----------------------------------------------------------------------------------------


def test_sessions_end_after_eight_hours_without_a_request_by_default():
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_an_idle_session_ends_and_each_request_extends_it(client, editor):
    client.force_login(editor)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get("/admin/").status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + timedelta(hours=7, minutes=59)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_password_change_logs_out_the_accounts_other_sessions(editor):
    here, there = Client(), Client()
    assert logged_in(log_in(here, "claire", PASSWORD))
    assert logged_in(log_in(there, "claire", PASSWORD, address=ELSEWHERE))
    response = change_password(here, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert here.get("/admin/").status_code == 200
    response = there.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


# --- settings -----------------------------------------------------------------------------------------


def test_a_limit_below_its_minimum_stops_start_up(monkeypatch):
    monkeypatch.setenv("DJANGO_LOGIN_FAILURE_LIMIT", "0")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_LOGIN_FAILURE_LIMIT='0' must be at least 1"):
        env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5, minimum=1)
