"""The API's documentation pages, Swagger UI and Redoc, work in a real browser under the site's
Content-Security-Policy, from our own static files (no CDN): no refused script, style, font or image, and
each shows the API's operations."""

import pytest
from django.urls import reverse

from tests.browser.test_content_security_policy import LISTEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open(page, url: str) -> tuple[list[str], list[str]]:
    refused: list[str] = []
    outside: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    # Requests that reached a server (one the policy refused never does).
    page.on(
        "requestfinished",
        lambda request: (
            None if request.url.startswith(url.split("/api/")[0]) else outside.append(request.url)
        ),
    )
    page.add_init_script(f"({LISTEN})()")
    page.goto(url)
    page.wait_for_load_state("networkidle")
    refused += page.evaluate("window.__cspViolations || []")
    return refused, outside


def test_swagger_ui_shows_the_operations_under_the_policy(page, live_server, artifacts_dir):
    refused, outside = _open(page, f"{live_server.url}{reverse('api:swagger_ui')}")

    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    page.screenshot(path=f"{artifacts_dir}/api-swagger-ui.png", full_page=False)
    assert "/api/v1/labs/" in [path.replace("\u200b", "") for path in paths]
    assert not refused, refused
    assert not outside, outside


# Redoc's footer shows Redocly's logo from its CDN: the policy refuses it, as it should, and Redoc then hides
# the image (its own onError).
REDOCLY_LOGO = "img-src https://cdn.redoc.ly/redoc/logo-mini.svg"


def test_redoc_shows_the_operations_under_the_policy(page, live_server, artifacts_dir):
    refused, outside = _open(page, f"{live_server.url}{reverse('api:redoc')}")

    page.wait_for_selector("h1", timeout=15_000)
    page.screenshot(path=f"{artifacts_dir}/api-redoc.png", full_page=False)
    assert "cnrs_partners API" in page.locator("h1").first.inner_text()
    assert page.get_by_text("/api/v1/labs/").count() > 0 or page.locator("text=Laboratoires").count() > 0
    assert not [item for item in refused if item != REDOCLY_LOGO and "logo-mini.svg" not in item], refused
    assert not outside, outside
