"""Imports as jobs (regions.jobs, regions.job_views): upload → the job's page (progress, then the preview) →
confirm → the list with the result; run in the request without REDIS_URL (the tests' default), on RQ with
it; who sees a job; the file's size limit and the quota of uploads waiting; cleanup; a failed write."""

import datetime
import os
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from labs.models import Lab
from regions.jobs import JobProgress
from regions.models import ImportJob
from tests.admin_imports import csv_dicts, csv_file, exported
from tests.factories import LabFactory, make_rnsr, office
from tests.labs.rnsr_files import rnsr_file, structure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]

RNSR_UPLOAD = reverse("admin:labs_lab_import_rnsr")
RNSR_CONFIRM = reverse("admin:labs_lab_import_rnsr_confirm")
LAB_UPLOAD = reverse("admin:labs_lab_import")
LAB_CONFIRM = reverse("admin:labs_lab_process_import")
LAB_LIST = reverse("admin:labs_lab_changelist")


def upload_rnsr(client, rows, name: str = "rnsr.csv"):
    return client.post(RNSR_UPLOAD, {"file": SimpleUploadedFile(name, rnsr_file(rows), "text/csv")})


def upload_labs(client, data: bytes, name: str = "labs.csv"):
    return client.post(LAB_UPLOAD, {"file": SimpleUploadedFile(name, data, "text/csv")})


def status_of(client, job: ImportJob) -> dict:
    response = client.get(reverse("backoffice_import_job_status", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


def queued_job(user, **values) -> ImportJob:
    """A job waiting for a worker, as an upload leaves it when the queue is on Redis."""
    return ImportJob.objects.create(
        user=user,
        kind=ImportJob.Kind.RNSR,
        model_label="labs.Lab",
        file_name="rnsr.csv",
        sha256="0" * 64,
        **values,
    )


def test_the_rnsr_import_goes_from_upload_to_its_job_page_then_to_the_list(client, admin_user):
    client.force_login(admin_user)
    LabFactory(rnsr=make_rnsr(2), unit_number="8002", director="Old Director", postal_code="91405")

    response = upload_rnsr(client, [structure(1), structure(2)])

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.phase, job.status, job.user) == ("preview", "done", admin_user)
    assert status_of(client, job)["finished"] is True
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert (
        'id="rnsr-created">1<' in page.content.decode()
        and "Old Director → Marie CURIE" in page.content.decode()
    )
    assert Lab.objects.count() == 1
    stored = job.stored_name
    assert storages["imports"].exists(stored)

    response = client.post(RNSR_CONFIRM, {"token": str(job.pk), "confirm": "1"}, follow=True)

    assert response.redirect_chain == [(LAB_LIST, 302)]
    assert "RNSR importé depuis rnsr.csv : 1 laboratoires créés, 1 mis à jour" in response.content.decode()
    assert Lab.objects.count() == 2
    job.refresh_from_db()
    assert job.applied and job.rows_total == 2 and job.rows_done == 2
    assert not storages["imports"].exists(stored) and job.stored_name == ""


def test_a_spreadsheet_import_goes_from_upload_to_its_job_page_then_to_the_list(client, admin_user):
    LabFactory(acronym="LPS", regional_office=office("DR04"))
    client.force_login(admin_user)
    rows = csv_dicts(exported(client, "labs_lab"))
    rows[0]["Sigle"] = "LPS2"

    response = upload_labs(client, csv_file(rows))

    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url() and job.kind == "spreadsheet"
    page = client.get(job.get_absolute_url())
    assert page.context["counts"]["update"] == 1 and "LPS2" in page.content.decode()
    assert "Confirmer l'import" in page.content.decode()

    response = client.post(LAB_CONFIRM, {"token": str(job.pk), "confirm": "1"}, follow=True)

    assert response.redirect_chain == [(LAB_LIST, 302)]
    assert Lab.objects.get().acronym == "LPS2"
    assert not ImportJob.objects.exclude(stored_name="").exists()


def test_a_job_waiting_for_its_worker_shows_its_progress_and_follows_it(client, admin_user):
    client.force_login(admin_user)
    job = queued_job(admin_user, rows_total=1200)

    page = client.get(job.get_absolute_url()).content.decode()

    assert 'id="import-job-progress"' in page and "js/import_job.js" in page
    assert '<noscript><meta http-equiv="refresh"' in page
    assert reverse("backoffice_import_job_status", args=[job.pk]) in page
    assert status_of(client, job) | {"status_label": ""} == {
        "status": "queued",
        "status_label": "",
        "phase": "preview",
        "finished": False,
        "done": 0,
        "total": 1200,
        "step": "",
    }

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    JobProgress(job).rows(500, 1200)

    assert (status_of(client, job)["done"], status_of(client, job)["total"]) == (500, 1200)


def test_a_failed_job_says_why(client, admin_user):
    client.force_login(admin_user)
    job = queued_job(
        admin_user, status=ImportJob.Status.FAILED, error="Le fichier envoyé n'est plus conservé."
    )

    page = client.get(job.get_absolute_url()).content.decode()

    assert "Le fichier envoyé n&#x27;est plus conservé." in page and "js/import_job.js" not in page


def test_only_its_owner_and_national_administrators_see_a_job(client, editor, other_editor, admin_user):
    client.force_login(editor)
    upload_rnsr(client, [structure(1)])
    job = ImportJob.objects.get()
    status_url = reverse("backoffice_import_job_status", args=[job.pk])

    assert client.get(job.get_absolute_url()).status_code == 200
    client.force_login(other_editor)
    assert client.get(job.get_absolute_url()).status_code == 403
    assert client.get(status_url).status_code == 403
    response = client.post(RNSR_CONFIRM, {"token": str(job.pk), "confirm": "1"})
    assert response["Location"] == RNSR_UPLOAD and Lab.objects.count() == 0
    client.force_login(admin_user)
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200 and 'name="confirm"' not in page.content.decode()
    client.logout()
    assert "/login/" in client.get(job.get_absolute_url())["Location"]
    assert "/login/" in client.get(status_url)["Location"]


def test_an_unknown_job_is_not_found(client, admin_user):
    client.force_login(admin_user)

    assert (
        client.get(
            reverse("backoffice_import_job", args=["6f1c1f4e-0000-4000-8000-000000000000"])
        ).status_code
        == 404
    )


def test_a_file_over_the_size_limit_is_refused_on_the_form(client, admin_user, settings):
    settings.SPREADSHEET_IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(admin_user)

    response = upload_labs(client, b"Code;Nom\n" + b"x;" * (600 * 1024))

    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()


def test_a_user_keeps_only_so_many_uploads_waiting(client, editor, settings):
    settings.IMPORT_PENDING_PER_USER = 2
    client.force_login(editor)
    upload_rnsr(client, [structure(1)])
    upload_rnsr(client, [structure(2)])

    response = upload_rnsr(client, [structure(3)])

    assert response.status_code == 200
    assert "Vous avez déjà 2 imports en attente de confirmation" in str(response.context["form"].errors)
    first = ImportJob.objects.order_by("created_at").first()
    assert first is not None
    client.post(RNSR_CONFIRM, {"token": str(first.pk), "cancel": "1"})
    assert upload_rnsr(client, [structure(3)]).status_code == 302


def test_a_user_keeps_only_so_many_megabytes_waiting(client, editor, settings):
    settings.IMPORT_PENDING_MB_PER_USER = 1
    client.force_login(editor)
    big = [structure(n, adresse="x" * 1000) for n in range(1, 400)]
    assert upload_rnsr(client, big).status_code == 302

    response = upload_rnsr(client, big)

    assert response.status_code == 200 and "ils dépasseraient les 1 Mo permis" in str(
        response.context["form"].errors
    )


def test_cleanup_removes_stale_uploads_and_jobs(client, editor, settings):
    client.force_login(editor)
    upload_rnsr(client, [structure(1)])
    upload_rnsr(client, [structure(2)])
    stale, fresh = ImportJob.objects.order_by("created_at")
    day_ago = timezone.now() - datetime.timedelta(hours=25)
    ImportJob.objects.filter(pk=stale.pk).update(updated_at=day_ago)
    storage = storages["imports"]
    stray = storage.save("jobs/stray", ContentFile(b"left by a crash"))
    os.utime(storage.path(stray), (day_ago.timestamp(), day_ago.timestamp()))

    call_command("cleanup_imports", stdout=open(os.devnull, "w"))

    assert list(ImportJob.objects.all()) == [fresh]
    assert not storage.exists(stale.stored_name) and not storage.exists(stray)
    assert storage.exists(fresh.stored_name)


def test_a_failed_write_leaves_nothing_written_and_says_so(client, admin_user):
    client.force_login(admin_user)
    upload_rnsr(client, [structure(1), structure(2)])
    job = ImportJob.objects.get()
    from labs import rnsr

    real_apply = rnsr.apply_plan

    def apply_then_fail(plan, **kwargs):
        real_apply(plan, **kwargs)
        assert Lab.objects.count() == 2  # written, inside the job's transaction
        raise RuntimeError("disk full")

    with mock.patch.object(rnsr, "apply_plan", apply_then_fail):
        response = client.post(RNSR_CONFIRM, {"token": str(job.pk), "confirm": "1"}, follow=True)

    assert Lab.objects.count() == 0
    job.refresh_from_db()
    assert job.status == "failed" and "rien n'a été enregistré" in job.error
    assert "L&#x27;import s&#x27;est arrêté sur une erreur inattendue" in response.content.decode()
    assert job.stored_name == ""


def test_a_failed_spreadsheet_write_leaves_nothing_written(client, admin_user):
    LabFactory(acronym="LPS", regional_office=office("DR04"))
    client.force_login(admin_user)
    rows = csv_dicts(exported(client, "labs_lab"))
    rows[0]["Sigle"] = "LPS2"
    upload_labs(client, csv_file(rows))
    job = ImportJob.objects.get()

    with mock.patch("regions.imports.import_counts", side_effect=RuntimeError("after the rows")):
        client.post(LAB_CONFIRM, {"token": str(job.pk), "confirm": "1"})

    assert Lab.objects.get().acronym == "LPS"
    assert ImportJob.objects.get().status == "failed"


def redis_queue(settings):
    from redis import Redis
    from redis.exceptions import RedisError

    url = "redis://127.0.0.1:6379/5"
    try:
        Redis.from_url(url, socket_connect_timeout=1).ping()
    except RedisError as error:
        pytest.skip(f"Redis is not reachable on {url}: {error}")
    settings.REDIS_URL = url
    from regions.jobs import import_queue

    queue = import_queue()
    queue.empty()
    return queue


def test_with_redis_each_phase_is_queued_then_run_by_a_worker(client, admin_user, settings):
    from rq import SimpleWorker

    queue = redis_queue(settings)
    client.force_login(admin_user)

    response = upload_rnsr(client, [structure(1)])

    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == "queued" and len(queue) == 1
    assert "js/import_job.js" in client.get(job.get_absolute_url()).content.decode()
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    job.refresh_from_db()
    assert job.status == "done" and job.outcome["counts"]["created"] == 1
    assert 'name="confirm"' in client.get(job.get_absolute_url()).content.decode()

    response = client.post(RNSR_CONFIRM, {"token": str(job.pk), "confirm": "1"})

    assert response["Location"] == job.get_absolute_url() and Lab.objects.count() == 0
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert client.get(job.get_absolute_url())["Location"] == LAB_LIST
    assert Lab.objects.get().rnsr == make_rnsr(1)


def test_cleanup_leaves_a_running_job_to_finish_unless_its_worker_died(editor, settings):
    settings.IMPORT_KEEP_HOURS = 1
    settings.IMPORT_JOB_TIMEOUT_SECONDS = 3 * 3600
    running, dead = queued_job(editor, status="running"), queued_job(editor, status="running")
    ImportJob.objects.filter(pk=running.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=2))
    ImportJob.objects.filter(pk=dead.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=4))

    call_command("cleanup_imports", stdout=open(os.devnull, "w"))

    assert list(ImportJob.objects.all()) == [running]


def test_with_redis_unreachable_the_import_runs_in_the_request(client, admin_user, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    client.force_login(admin_user)

    response = upload_rnsr(client, [structure(1)])

    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.phase, job.status) == ("preview", "done")
    response = client.post(RNSR_CONFIRM, {"token": str(job.pk), "confirm": "1"}, follow=True)
    assert response.redirect_chain == [(LAB_LIST, 302)] and Lab.objects.count() == 1


def test_the_worker_command_needs_redis(settings):
    settings.REDIS_URL = ""

    with pytest.raises(CommandError, match="REDIS_URL is not set"):
        call_command("import_worker", "--burst")
