"""A job's page follows the job by itself: while it waits for the worker, its progress; once the preview is
done, the page reloads and shows it (static/js/import_job.js, under the Content-Security-Policy)."""

import pytest
from playwright.sync_api import expect

from regions.models import ImportJob
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_job_page_shows_the_preview_once_the_worker_is_done(page, live_server, reference_data):
    user = UserFactory(username="nadia", is_superuser=True)
    job = ImportJob.objects.create(
        user=user,
        kind=ImportJob.Kind.SPREADSHEET,
        model_label="labs.Lab",
        file_name="laboratoires.csv",
        sha256="0" * 64,
        rows_total=1200,
    )
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content-Security" in message.text else None,
    )
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "nadia")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    expect(page.locator("#import-job-progress")).to_be_visible()
    expect(page.locator("#import-job-rows")).to_contain_text("1200")

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE,
        rows_done=1200,
        outcome={"counts": {"new": 0, "update": 0, "skip": 1200, "invalid": 0, "rows": 1200}, "groups": []},
    )

    expect(page.locator("#import-counts")).to_be_visible(timeout=15_000)
    assert page.locator("#import-rows").inner_text() == "1200"
    expect(page.locator("input[name=confirm]")).to_be_visible()
    assert not violations
