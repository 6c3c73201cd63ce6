"""Staff account hygiene: the one-time passwords `add_staff` hands out."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Session key: this session's account still uses its one-time password (read by the middleware).
PASSWORD_CHANGE_REQUIRED = "cnrs_partners.password_change_required"


class OneTimePassword(models.Model):
    """An account whose password is still the one `add_staff` generated and printed.

    It lets the account log in for `ONE_TIME_PASSWORD_DAYS` after `issued_at`, and only to choose its own
    password (`cnrs_partners.middleware`); the row is deleted as soon as the account's password is set
    again, by whatever path (`cnrs_partners.validators.OneTimePasswordValidator.password_changed`). It has
    no page of its own: it is never shown, only asked.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="one_time_password",
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("one-time password")
        verbose_name_plural = _("one-time passwords")

    def __str__(self) -> str:
        return f"{self.user} · {self.issued_at:%Y-%m-%d %H:%M}"

    @property
    def expires_at(self) -> datetime:
        return self.issued_at + timedelta(days=settings.ONE_TIME_PASSWORD_DAYS)

    def has_expired(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at


@receiver(user_logged_in)
def _remember_password_change_required(sender, request, user, **kwargs):
    """Read once per login, so that the pages of an account with its own password cost no query."""
    session = getattr(request, "session", None)
    if session is not None and OneTimePassword.objects.filter(user=user).exists():
        session[PASSWORD_CHANGE_REQUIRED] = True
