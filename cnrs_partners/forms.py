"""The back-office login form."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import OneTimePassword


class StaffAuthenticationForm(AdminAuthenticationForm):
    """Django's admin login, which also refuses a one-time password past its days."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "one_time_password_expired": _(
            "This one-time password has expired. Ask a national administrator for a new one."
        ),
    }

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        one_time = OneTimePassword.objects.filter(user=user).first()
        if one_time is not None and one_time.has_expired():
            raise ValidationError(
                self.error_messages["one_time_password_expired"], code="one_time_password_expired"
            )
