import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from cnrs_partners.models import OneTimePassword
from cnrs_partners.services import staff_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def add_staff(*args) -> str:
    out = io.StringIO()
    call_command("add_staff", *args, stdout=out)
    return out.getvalue()


def test_it_creates_an_editor_of_one_office_and_prints_a_one_time_password():
    output = add_staff("claire", "--role", "editor", "--office", "dr04", "--email", "claire@cnrs.fr")
    user = get_user_model().objects.get(username="claire")
    password = output.split("One-time password: ")[1].strip()
    assert user.check_password(password)
    assert "works for 7 days, only to choose the account's own password" in output
    assert OneTimePassword.objects.filter(user=user).exists()
    assert user.is_staff and not user.is_superuser
    assert staff_role(user) == "editor"
    assert list(user.office_memberships.values_list("office__code", flat=True)) == ["DR04"]


def test_it_updates_an_existing_account_role_and_offices():
    add_staff(
        "claire", "--role", "editor", "--office", "DR04", "--office", "DR05", "--password", "x-long-password"
    )
    output = add_staff("claire", "--role", "viewer")
    user = get_user_model().objects.get(username="claire")
    assert "One-time password" not in output
    assert staff_role(user) == "viewer"
    assert not user.office_memberships.exists()
    assert user.check_password("x-long-password")


def test_a_national_administrator_is_a_superuser():
    add_staff("nadia", "--role", "admin", "--password", "x-long-password")
    assert get_user_model().objects.get(username="nadia").is_superuser


def test_an_unknown_office_is_refused_and_nothing_is_created():
    with pytest.raises(CommandError, match="DR99"):
        add_staff("claire", "--role", "editor", "--office", "DR99")
    assert not get_user_model().objects.filter(username="claire").exists()


def test_an_editor_needs_an_office():
    with pytest.raises(CommandError, match="at least one office"):
        add_staff("claire", "--role", "editor")


def test_the_demo_command_creates_one_login_per_role_and_prints_them():
    out = io.StringIO()
    call_command("demo", no_serve=True, labs=30, stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    for username in ["nadia", "karim", "claire", "victor"]:
        assert username in text
        assert get_user_model().objects.get(username=username).is_staff
    assert "claire / demo-editor-cnrs — editor of DR04" in text


@pytest.mark.parametrize(
    "password, message",
    [
        ("abc", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("claire-cnrs-fr", "The password is too similar to the email address."),
    ],
)
def test_a_weak_password_is_refused_with_the_validators_message_and_nothing_is_created(password, message):
    with pytest.raises(CommandError, match=message) as refused:
        add_staff("claire", "--role", "viewer", "--email", "claire@cnrs.fr", "--password", password)
    assert refused.value.returncode != 0
    assert not get_user_model().objects.filter(username="claire").exists()


def test_a_weak_password_leaves_an_existing_account_as_it_was():
    add_staff("claire", "--role", "viewer", "--password", "x-long-password")
    with pytest.raises(CommandError, match="too short"):
        add_staff("claire", "--role", "viewer", "--password", "short")
    assert get_user_model().objects.get(username="claire").check_password("x-long-password")


def test_a_given_password_is_the_accounts_own():
    add_staff("claire", "--role", "viewer", "--password", "x-long-password")
    assert not OneTimePassword.objects.exists()


def test_it_gives_an_existing_account_a_new_one_time_password_on_request():
    add_staff("claire", "--role", "viewer", "--password", "x-long-password")
    output = add_staff("claire", "--role", "viewer", "--one-time-password")
    user = get_user_model().objects.get(username="claire")
    assert user.check_password(output.split("One-time password: ")[1].strip())
    assert OneTimePassword.objects.filter(user=user).exists()


def test_setting_a_password_retires_the_one_time_password():
    add_staff("claire", "--role", "viewer")
    add_staff("claire", "--role", "viewer", "--password", "x-long-password")
    assert not OneTimePassword.objects.exists()


def test_a_password_and_a_one_time_password_cannot_both_be_asked():
    with pytest.raises(CommandError, match="not allowed with argument"):
        add_staff("claire", "--role", "viewer", "--password", "x-long-password", "--one-time-password")
