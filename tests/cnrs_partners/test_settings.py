import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from cnrs_partners.settings import env_bool, env_database, env_email, env_list

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


@pytest.mark.parametrize(
    "raw, expected", [("1", True), ("yes", True), ("ON", True), ("0", False), ("false", False)]
)
def test_booleans_are_read_strictly(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", default=not expected) is expected


def test_a_boolean_that_is_not_one_names_the_variable(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG='maybe'"):
        env_bool("SOME_FLAG", default=False)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]


def test_database_urls_for_sqlite_and_postgres_are_understood(monkeypatch):
    monkeypatch.setenv("DB", "postgres://postgres@127.0.0.1:5432/cnrs_partners")
    assert env_database("DB", "")["ENGINE"] == "django.db.backends.postgresql"
    monkeypatch.setenv("DB", "sqlite:////tmp/x.sqlite3")
    assert env_database("DB", "")["NAME"] == "/tmp/x.sqlite3"


@pytest.mark.parametrize("raw", ["mysql://root@localhost/db", "not a url"])
def test_an_unsupported_database_url_stops_start_up(monkeypatch, raw):
    monkeypatch.setenv("DB", raw)
    with pytest.raises(ImproperlyConfigured, match="DB="):
        env_database("DB", "")


def test_e_mail_is_printed_on_the_console_by_default(monkeypatch):
    monkeypatch.delenv("MAIL", raising=False)
    assert env_email("MAIL", "console://") == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }


def test_an_smtp_url_gives_host_port_credentials_and_tls(monkeypatch):
    monkeypatch.setenv("MAIL", "smtp+tls://alerts%40cnrs.fr:s%3Acret@smtp.cnrs.fr")
    config = env_email("MAIL", "console://")
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("smtp.cnrs.fr", 587)
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == ("alerts@cnrs.fr", "s:cret")
    assert (config["EMAIL_USE_TLS"], config["EMAIL_USE_SSL"]) == (True, False)


@pytest.mark.parametrize("raw", ["smtps://smtp.cnrs.fr", "smtp://", "smtp://smtp.cnrs.fr:abc"])
def test_a_bad_e_mail_url_stops_start_up(monkeypatch, raw):
    monkeypatch.setenv("MAIL", raw)
    with pytest.raises(ImproperlyConfigured, match="MAIL="):
        env_email("MAIL", "console://")


def run_check(**env):
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_stops_with_a_clear_message_on_a_bad_value():
    result = run_check(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG='maybe' is not a boolean" in result.stderr


def test_production_mode_requires_a_secret_key():
    result = run_check(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_redis_url_needs_its_scheme():
    result = run_check(REDIS_URL="127.0.0.1:6379")
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_an_unknown_log_level_names_the_variable_and_the_choices():
    result = run_check(DJANGO_LOG_LEVEL="LOUD")
    assert result.returncode != 0
    assert "DJANGO_LOG_LEVEL='LOUD' is not one of DEBUG, INFO" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a deployment check.
            **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_ALLOWED_HOSTS": "partenariats.cnrs.fr",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_whole_number_setting_must_be_one():
    result = run_check(DJANGO_HSTS_SECONDS="a year")
    assert result.returncode != 0
    assert "DJANGO_HSTS_SECONDS='a year' is not a whole number" in result.stderr
