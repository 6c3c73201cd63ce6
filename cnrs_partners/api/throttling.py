"""Anonymous clients' requests to the API, limited per address (DRF's throttle, in the default cache)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from cnrs_partners.login_throttle import client_ip_address


class AnonymousRateThrottle(AnonRateThrottle):
    """`API_ANONYMOUS_RATE` requests per client address, read as the logins' throttle reads it
    (`TRUSTED_PROXY_COUNT` reverse proxies counted from the right of X-Forwarded-For); over it, 429 with
    `Retry-After`. The rate is read from the settings on each request (DRF's own reads it once, at import)."""

    def get_rate(self) -> str:
        return settings.API_ANONYMOUS_RATE

    def get_ident(self, request) -> str:
        return client_ip_address(request) or ""
