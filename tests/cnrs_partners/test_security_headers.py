"""Every page carries the security headers: a Content-Security-Policy without 'unsafe-inline', the
Permissions-Policy, and Django's own (frame, content type, referrer)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["/", "/labs/", "/partners/", "/sites/", "/offices/", "/no-such-page/", "/admin/login/", "/healthz"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_carries_the_security_headers(client, url):
    response = client.get(url)

    policy = response["Content-Security-Policy"]
    assert (
        "default-src 'self'" in policy
        and "script-src 'self'" in policy
        and "frame-ancestors 'none'" in policy
    )
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_back_office_pages_carry_them_too(client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("admin:labs_lab_changelist"))

    assert response.status_code == 200 and "script-src 'self'" in response["Content-Security-Policy"]
