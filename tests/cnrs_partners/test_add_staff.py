import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

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
    assert "claire / demo-editor — editor of DR04" in text
