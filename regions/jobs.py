"""Background jobs of the back-office imports (the RNSR import, the lists' spreadsheet imports).

An upload becomes an `ImportJob`: the file is streamed to the "imports" storage (`settings.STORAGES`, private,
shared by every server) with its SHA-256, then its preview runs as a job; the confirmation runs the write as
a second phase of the same job. With `REDIS_URL` set, a phase is a job of the RQ queue
`settings.IMPORT_QUEUE`, run by `manage.py import_worker` on the same database; without it, it runs at once
in the request (the SQLite demo and the tests need no worker). Each import gives the function its phase
runs (`work`: the existing preview or write code), `import_job_run` does the rest: status, the stored
file, one transaction, the language of the user, a readable failure.

Nothing is written before the confirmation; a failed write leaves nothing written. The stored file is
deleted once written, on cancel, on failure, and by `cleanup_imports` after `IMPORT_KEEP_HOURS`; a user
keeps at most `IMPORT_PENDING_PER_USER` files waiting, of `IMPORT_PENDING_MB_PER_USER` MB in all.
"""

import datetime
import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Sum
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ImportJob
from .scope import is_national_admin

logger = logging.getLogger(__name__)

MB = 1024 * 1024
FOLDER = "jobs"
# Folders of the uploads kept before jobs existed (the session's tokens); `cleanup_imports` empties them.
OLD_FOLDERS = ("rnsr", "spreadsheets")

Status = ImportJob.Status
Phase = ImportJob.Phase


class JobFailed(Exception):
    """A phase that cannot run: its message is shown to the user as it is."""


class JobProgress:
    """Where a running phase reports how far it is: the cache, read by the job page's status.

    Not the job's row: the phase runs inside one transaction, whose writes no one else sees before the
    end. The importers call it every few hundred rows, so the cache is written at a bounded rate.
    """

    def __init__(self, job: ImportJob):
        self.key = progress_key(job)
        self.done = 0
        self.total = job.rows_total
        self.step = ""

    def rows(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        self._save()

    def say(self, step: str) -> None:
        self.step = str(step)
        self._save()

    def _save(self) -> None:
        value = {"done": self.done, "total": self.total, "step": self.step}
        cache.set(self.key, value, settings.IMPORT_KEEP_HOURS * 3600)


Work = Callable[[ImportJob, bytes, JobProgress], dict[str, Any]]


def progress_key(job: ImportJob) -> str:
    return f"import-job-progress:{job.pk}"


def progress_of(job: ImportJob) -> dict[str, Any]:
    """How far the job's phase is: rows done, rows in all (0 when unknown yet) and the current step."""
    if job.status == Status.RUNNING:
        running = cache.get(progress_key(job))
        if running:
            return running
    return {"done": job.rows_done, "total": job.rows_total, "step": ""}


# --- starting, confirming, cancelling ---------------------------------------------------------------------


def import_job_check_quota(*, user, size: int) -> None:
    """Refuse a new upload of `size` bytes when the user's waiting uploads are too many or too large."""
    pending = ImportJob.objects.filter(user=user).exclude(stored_name="")
    kept = pending.aggregate(count=Count("pk"), size=Sum("size"))
    limit = settings.IMPORT_PENDING_PER_USER
    if kept["count"] >= limit:
        raise ValidationError(
            ngettext(
                "You already have %(count)s import waiting for its confirmation, the most allowed: confirm or "
                "cancel it first.",
                "You already have %(count)s imports waiting for their confirmation, the most allowed: "
                "confirm or cancel one of them first.",
                kept["count"],
            ),
            code="quota",
            params={"count": kept["count"]},
        )
    if (kept["size"] or 0) + size > settings.IMPORT_PENDING_MB_PER_USER * MB:
        raise ValidationError(
            _(
                "Your imports waiting for their confirmation already hold %(kept)s MB; with this file they "
                "would pass the %(limit)s MB allowed: confirm or cancel one of them first."
            ),
            code="quota",
            params={"kept": (kept["size"] or 0) // MB, "limit": settings.IMPORT_PENDING_MB_PER_USER},
        )


def import_job_start(
    *,
    user,
    kind: str,
    model_label: str,
    upload: UploadedFile,
    options: dict[str, Any],
    rows_total: int = 0,
) -> ImportJob:
    """Keep `upload` (streamed to the storage, never read whole into memory) as a new job's file.

    Raises ValidationError when it would pass the user's quota. The preview is not started: see
    `import_job_dispatch`.
    """
    import_jobs_cleanup(older_than=datetime.timedelta(hours=settings.IMPORT_KEEP_HOURS))
    size = upload.size or 0
    import_job_check_quota(user=user, size=size)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    job = ImportJob(
        user=user,
        kind=kind,
        model_label=model_label,
        file_name=Path(upload.name or "").name[:255],
        size=size,
        sha256=digest.hexdigest(),
        options=options,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        rows_total=rows_total,
    )
    job.stored_name = storages["imports"].save(f"{FOLDER}/{job.pk}", upload)
    job.save()
    return job


def import_job_confirm(job: ImportJob, *, skip_invalid: bool) -> bool:
    """Turn a previewed job to its write phase (skipping the invalid rows when asked); False when the job
    is not waiting for a confirmation (running, already written, or confirmed twice at once)."""
    if job.applied or not job.stored_name:
        return False
    options = {**job.options, "skip_invalid": bool(job.options.get("skip_invalid") or skip_invalid)}
    changed = ImportJob.objects.filter(pk=job.pk, status=Status.DONE).update(
        phase=Phase.WRITE, status=Status.QUEUED, options=options, error="", updated_at=timezone.now()
    )
    job.refresh_from_db()
    return bool(changed)


def import_job_discard(job: ImportJob) -> bool:
    """Cancel a job: its file and its record go. False while a phase runs (it cannot be stopped midway)."""
    if job.status == Status.RUNNING:
        return False
    _delete_file(job)
    job.delete()
    return True


def import_job_dispatch(job: ImportJob, task: Callable[[str], None]) -> None:
    """Run `task(job id)`: as a job of the RQ queue when `REDIS_URL` is set, here and now otherwise — and
    here and now too when Redis cannot be reached: the user's import is worth a slower request, not an
    error page (the page cache and the export limits also carry on without Redis)."""
    if settings.REDIS_URL:
        from redis.exceptions import RedisError

        try:
            import_queue().enqueue(
                task,
                str(job.pk),
                job_timeout=settings.IMPORT_JOB_TIMEOUT_SECONDS,
                description=f"{job.get_kind_display()} {job.get_phase_display()} {job.file_name}",
            )
        except RedisError:
            logger.warning(
                "Import job %s: the queue is unreachable, run in the request", job.pk, exc_info=True
            )
            task(str(job.pk))
    else:
        task(str(job.pk))
    job.refresh_from_db()


def import_queue():
    """The RQ queue of the imports, on the Redis of `REDIS_URL`."""
    from redis import Redis
    from rq import Queue

    return Queue(settings.IMPORT_QUEUE, connection=Redis.from_url(settings.REDIS_URL))


# --- running a phase --------------------------------------------------------------------------------------


def import_job_run(job_id: str, work: Work) -> None:
    """Run the current phase of the job `job_id` with `work` (see the module docstring).

    A job already taken by another worker, or cancelled meanwhile, is left alone.
    """
    taken = ImportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, updated_at=timezone.now()
    )
    if not taken:
        return
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    progress = JobProgress(job)
    with translation.override(job.language):
        try:
            data = import_job_read(job)
            with transaction.atomic():
                outcome = work(job, data, progress)
        except JobFailed as failure:
            _finish(job, progress, Status.FAILED, error=str(failure))
        except Exception:
            logger.exception("Import job %s (%s, %s) failed", job.pk, job.kind, job.phase)
            _finish(
                job,
                progress,
                Status.FAILED,
                error=_(
                    "The import stopped on an unexpected error; nothing was written. Upload the file again, "
                    "or ask the site's administrators if it happens again."
                ),
            )
        else:
            _finish(job, progress, Status.DONE, outcome=outcome)


def import_job_read(job: ImportJob) -> bytes:
    """The job's file, read once, as uploaded: refused when it is missing or was changed since."""
    try:
        with storages["imports"].open(job.stored_name) as stored:
            data = stored.read()
    except (OSError, ValueError) as error:
        raise JobFailed(
            _("The uploaded file is no longer kept; nothing was written. Upload the file again.")
        ) from error
    if hashlib.sha256(data).hexdigest() != job.sha256:
        raise JobFailed(
            _("The uploaded file was changed since it was sent; nothing was written. Upload it again.")
        )
    return data


def _finish(
    job: ImportJob, progress: JobProgress, status: str, *, outcome: dict | None = None, error: str = ""
) -> None:
    job.status = status
    job.error = error
    job.outcome = outcome if outcome is not None else job.outcome
    job.rows_done = progress.done
    job.rows_total = progress.total
    if status == Status.FAILED or job.applied:
        _delete_file(job)
    job.save()
    cache.delete(progress.key)


def _delete_file(job: ImportJob) -> None:
    if job.stored_name:
        storages["imports"].delete(job.stored_name)
        job.stored_name = ""


# --- reading and cleaning up ----------------------------------------------------------------------------


def import_job_for(user, job_id) -> ImportJob:
    """The job `job_id` names, if the user may see it: their own, or any for a national administrator."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        raise Http404
    if job.user_id != user.pk and not is_national_admin(user):
        raise PermissionDenied
    return job


def own_import_job(user, job_id, *, model_label: str, kind: str) -> ImportJob | None:
    """The user's own job of this import, for its confirmation or cancellation; None for any other."""
    try:
        return ImportJob.objects.get(pk=job_id, user=user, model_label=model_label, kind=kind)
    except (ImportJob.DoesNotExist, ValidationError):
        return None


def import_jobs_cleanup(*, older_than: datetime.timedelta) -> tuple[int, int]:
    """Delete the jobs not touched for `older_than` with their files, and stored files no job holds that
    are as old; returns (jobs, files) deleted. A running job is left to finish unless it has run past its
    timeout (its worker died: it will never finish)."""
    now = timezone.now()
    limit = now - older_than
    running_since = now - datetime.timedelta(seconds=settings.IMPORT_JOB_TIMEOUT_SECONDS)
    stale = ImportJob.objects.filter(updated_at__lt=limit).exclude(
        status=Status.RUNNING, updated_at__gte=running_since
    )
    jobs = 0
    for job in stale.only("pk", "stored_name"):
        _delete_file(job)
        job.delete()
        jobs += 1
    storage = storages["imports"]
    held = set(ImportJob.objects.exclude(stored_name="").values_list("stored_name", flat=True))
    files = 0
    for folder in (FOLDER, *OLD_FOLDERS):
        if not storage.exists(folder):
            continue
        for name in storage.listdir(folder)[1]:
            path = f"{folder}/{name}"
            if path not in held and storage.get_modified_time(path) < limit:
                storage.delete(path)
                files += 1
    return jobs, files
