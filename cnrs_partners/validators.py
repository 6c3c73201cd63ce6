"""Password rules of our own, next to Django's validators in `AUTH_PASSWORD_VALIDATORS`."""

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import OneTimePassword


class OneTimePasswordValidator:
    """A one-time password is used once: the account's new password must differ from it, and setting any
    new password retires it.

    Django calls `password_changed` whenever a password is set and saved (admin forms, `add_staff`,
    `changepassword`…) but not when it merely rehashes the same password at login: the one place that
    sees every change, so that no path leaves a stale "must change" mark behind.
    """

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        # The stored hash, compared without check_password()'s upgrade-and-save side effect.
        if OneTimePassword.objects.filter(user=user).exists() and check_password(password, user.password):
            raise ValidationError(
                _("Choose a password of your own, not the one-time password you were given."),
                code="password_is_one_time_password",
            )

    def password_changed(self, password: str, user=None) -> None:
        if user is not None and user.pk is not None:
            OneTimePassword.objects.filter(user=user).delete()

    def get_help_text(self) -> str:
        return _("Your password can’t be the one-time password you were given.")
