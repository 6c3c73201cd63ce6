"""The page of an import job (`regions.jobs`), shared by the RNSR import and the lists' spreadsheet imports.

While a phase waits or runs, the page shows its progress and follows it (`static/js/import_job.js` polls
the job's status in JSON; without JavaScript, the page reloads itself); once the preview is done, it shows
the preview with the buttons that confirm or cancel it (those post to the import's own pages); once the
file is written, it sends the user to the list with the result, as the imports always did. Users see their
own jobs; national administrators see every job.
"""

from collections.abc import Callable

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .jobs import (
    import_job_confirm,
    import_job_discard,
    import_job_dispatch,
    import_job_for,
    import_job_start,
    progress_of,
)
from .models import ImportJob

PREVIEW_TEMPLATES = {
    ImportJob.Kind.RNSR: "admin/labs/rnsr_preview.html",
    ImportJob.Kind.SPREADSHEET: "admin/spreadsheet_preview.html",
}
# Rows each table of a preview shows (the import keeps no more in its outcome).
PREVIEW_ROWS = 300


def job_answer(request: HttpRequest, job: ImportJob) -> HttpResponse:
    """Where a user goes once a phase is started: the list with the result when it is written already (no
    queue), the job's page otherwise."""
    if job.applied:
        messages.success(request, job.outcome.get("message", ""))
        return redirect(job.changelist_url)
    return redirect(job)


def start_preview(
    request: HttpRequest,
    form: Form,
    *,
    kind: str,
    model_label: str,
    options: dict,
    task: Callable[[str], None],
) -> HttpResponse | None:
    """Keep the valid upload `form`'s file as a new job, start its preview with `task` and send the user to
    the job's page; None when the user's quota refuses the file (said on the form)."""
    try:
        job = import_job_start(
            user=request.user,
            kind=kind,
            model_label=model_label,
            upload=form.cleaned_data["file"],
            options=options,
        )
    except ValidationError as error:
        form.add_error("file", error)
        return None
    import_job_dispatch(job, task)
    return redirect(job)


def confirm_or_cancel(
    request: HttpRequest, job: ImportJob | None, *, upload_url: str, task: Callable[[str], None]
) -> HttpResponse:
    """The answer to a preview's buttons: cancel drops the file; confirm starts the write with `task`.

    `job` is the user's own job the form names (None for a token that names none of theirs).
    """
    if job is not None and "cancel" in request.POST:
        if import_job_discard(job):
            messages.info(request, _("The import was cancelled; nothing was written."))
            return redirect(upload_url)
        messages.warning(request, _("This import is running: it can no longer be cancelled."))
        return redirect(job)
    if job is None or not import_job_confirm(job, skip_invalid=bool(request.POST.get("skip_invalid"))):
        messages.error(
            request,
            _("This upload is unknown, expired or was changed; nothing was written. Upload the file again."),
        )
        return redirect(upload_url)
    import_job_dispatch(job, task)
    return job_answer(request, job)


@require_safe
@never_cache
@staff_member_required
def import_job(request: HttpRequest, job_id) -> HttpResponse:
    """The job's progress, its preview, or (written) the list with the result."""
    job = import_job_for(request.user, job_id)
    if job.applied:
        return job_answer(request, job)
    opts = apps.get_model(job.model_label)._meta
    context = {
        **admin.site.each_context(request),
        "opts": opts,
        "job": job,
        "token": str(job.pk),
        "entry": {"name": job.file_name, **job.options},
    }
    if job.status != ImportJob.Status.DONE:
        context["title"] = _("Import of %(name)s") % {"name": job.file_name}
        context["progress"] = progress_of(job)
        return TemplateResponse(request, "admin/import_job.html", context)
    context.update(job.outcome)
    if job.kind == ImportJob.Kind.RNSR:
        context["title"] = _("Import the RNSR: preview")
    else:
        context["title"] = _("Import %(models)s: preview") % {"models": opts.verbose_name_plural}
    context["rejected"] = job.phase == ImportJob.Phase.WRITE
    context["preview_rows"] = PREVIEW_ROWS
    context["mine"] = job.user_id == request.user.pk
    return TemplateResponse(request, PREVIEW_TEMPLATES[ImportJob.Kind(job.kind)], context)


@require_safe
@never_cache
@staff_member_required
def import_job_status(request: HttpRequest, job_id) -> JsonResponse:
    """How far the job is, for the page's script: status, phase, rows done and in all, current step."""
    job = import_job_for(request.user, job_id)
    progress = progress_of(job)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "phase": job.phase,
            "finished": job.finished,
            "done": progress["done"],
            "total": progress["total"],
            "step": progress["step"],
        }
    )
