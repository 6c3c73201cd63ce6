"""An account logged in with its one-time password goes to the password change page until it sets its own."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import PASSWORD_CHANGE_REQUIRED, OneTimePassword

# What such an account may still open: changing its password, logging out, switching language, and the
# admin's JavaScript catalogue. Static files never get here (WhiteNoise answers them earlier).
ALLOWED_VIEWS = frozenset(
    {
        "admin:password_change",
        "admin:password_change_done",
        "admin:logout",
        "admin:jsi18n",
        "set_language",
        "healthz",
    }
)


class PasswordChangeRequiredMiddleware:
    """Reads the mark the login left in the session (`cnrs_partners.models`), so that other accounts
    cost nothing; once the one-time password is gone, the mark goes too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # No session cookie, no login: public visitors' sessions are left untouched (and unread).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        if not request.session.get(PASSWORD_CHANGE_REQUIRED):
            return None
        if not OneTimePassword.objects.filter(user_id=request.user.pk).exists():
            del request.session[PASSWORD_CHANGE_REQUIRED]
            return None
        view_name = request.resolver_match.view_name
        if view_name == "admin:password_change" and request.method == "GET":
            # Said on the page itself: once per visit, however many pages sent the account there.
            messages.warning(
                request,
                _("Choose your own password: the one-time password you were given only lets you do this."),
            )
        if view_name in ALLOWED_VIEWS:
            return None
        return redirect("admin:password_change")
