"""Back-office pages of the RNSR import: upload → preview → confirm.

Nothing is written before the confirmation. The uploaded file becomes an import job (`regions.jobs`) only
its uploader can confirm; its preview and its write run `labs.rnsr.import_rnsr`, the same code as the
`import_rnsr` command (`labs.rnsr_jobs`), in the background when a queue is set up, and the job's page
(`regions.job_views`) shows their progress, then the preview or the result.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regions.job_views import confirm_or_cancel, start_preview
from regions.jobs import own_import_job
from regions.models import ImportJob

from .forms import RnsrUploadForm
from .models import Lab
from .rnsr_jobs import run_rnsr_job


def _check_permission(request: HttpRequest) -> None:
    if not request.user.has_perm("labs.add_lab"):
        raise PermissionDenied(_("Importing the RNSR requires the permission to add labs."))


@require_http_methods(["GET", "POST"])
def rnsr_import(request: HttpRequest, model_admin) -> HttpResponse:
    """Upload form (GET); on POST, keep the file and start its preview (a job), writing nothing."""
    _check_permission(request)
    form = RnsrUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        started = start_preview(
            request,
            form,
            kind=ImportJob.Kind.RNSR,
            model_label=Lab._meta.label,
            options={
                "include_all": form.cleaned_data["include_all"],
                "skip_invalid": form.cleaned_data["skip_invalid"],
            },
            task=run_rnsr_job,
        )
        if started is not None:
            return started
    return TemplateResponse(
        request,
        "admin/labs/rnsr_upload.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": Lab._meta,
            "title": _("Import the national directory of research structures (RNSR)"),
            "form": form,
        },
    )


@require_POST
def rnsr_import_confirm(request: HttpRequest, model_admin) -> HttpResponse:
    """Write the previewed file (a job), or drop it on “cancel”; refuse a job that is not the user's."""
    _check_permission(request)
    job = own_import_job(
        request.user, request.POST.get("token", ""), model_label=Lab._meta.label, kind=ImportJob.Kind.RNSR
    )
    return confirm_or_cancel(
        request, job, upload_url=reverse("admin:labs_lab_import_rnsr"), task=run_rnsr_job
    )
