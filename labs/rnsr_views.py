"""Back-office pages of the RNSR import: upload → preview → confirm.

Nothing is written before the confirmation. Between the two steps the uploaded file waits under a token
only the uploader's session knows (`regions.uploads`, shared with the spreadsheet imports). The import
itself is `labs.rnsr.import_rnsr`, the same code as the `import_rnsr` command.
"""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regions.audit import IMPORT, audit_source
from regions.models import RegionalOffice
from regions.uploads import PendingUploads

from .forms import RnsrUploadForm
from .models import Lab
from .rnsr import ImportPlan, Level, group_problems, import_rnsr

SESSION_KEY = "rnsr_uploads"
PREVIEW_ROWS = 300
UPLOADS = PendingUploads("rnsr", SESSION_KEY, suffix=".csv")


def upload_name(token: str) -> str:
    """Where the upload `token` names waits, in the "imports" storage."""
    return UPLOADS.name(token)


def _check_permission(request: HttpRequest) -> None:
    if not request.user.has_perm("labs.add_lab"):
        raise PermissionDenied(_("Importing the RNSR requires the permission to add labs."))


def _context(request: HttpRequest, model_admin, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": Lab._meta,
        "title": title,
        **extra,
    }


def _show(value) -> str:
    if isinstance(value, tuple):
        return ", ".join(value)
    return "" if value is None else str(value)


def _changes(plan: ImportPlan) -> list[tuple]:
    """The labs to update, each with its changes as (field label, old, new) in readable text."""
    labels = {field.name: field.verbose_name for field in Lab._meta.fields}
    labels |= {
        "supervisions": _("supervising or participating institutions"),
        "predecessors": _("predecessors"),
    }
    return [
        (
            item,
            [
                (labels.get(name, name), _show(change.old), _show(change.new))
                for name, change in item.changes.items()
            ],
        )
        for item in plan.updated[:PREVIEW_ROWS]
    ]


def _preview(request, model_admin, plan: ImportPlan, token: str, entry: dict) -> TemplateResponse:
    groups = group_problems(plan.problems)
    offices: dict[int | None, str] = dict(RegionalOffice.objects.values_list("id", "code"))
    return TemplateResponse(
        request,
        "admin/labs/rnsr_preview.html",
        _context(
            request,
            model_admin,
            _("Import the RNSR: preview"),
            plan=plan,
            counts=plan.counts(),
            token=token,
            entry=entry,
            groups=groups,
            errors=sum(group.count for group in groups if group.level == Level.ERROR),
            created=[
                (item, offices.get(item.lab.regional_office_id, "")) for item in plan.created[:PREVIEW_ROWS]
            ],
            updated=_changes(plan),
            preview_rows=PREVIEW_ROWS,
            can_skip=plan.has_errors and not plan.parsed.fatal and not plan.skip_invalid,
        ),
    )


@require_http_methods(["GET", "POST"])
def rnsr_import(request: HttpRequest, model_admin) -> HttpResponse:
    """Upload form (GET); on POST, keep the file and show what importing it would do, writing nothing."""
    _check_permission(request)
    form = RnsrUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        entry = {
            "name": form.cleaned_data["file"].name,
            "include_all": form.cleaned_data["include_all"],
            "skip_invalid": form.cleaned_data["skip_invalid"],
        }
        token = UPLOADS.keep(request, data, **entry)
        plan = import_rnsr(
            data,
            user=request.user,
            include_all=entry["include_all"],
            skip_invalid=entry["skip_invalid"],
            dry_run=True,
        )
        return _preview(request, model_admin, plan, token, entry)
    return TemplateResponse(
        request,
        "admin/labs/rnsr_upload.html",
        _context(
            request, model_admin, _("Import the national directory of research structures (RNSR)"), form=form
        ),
    )


@require_POST
def rnsr_import_confirm(request: HttpRequest, model_admin) -> HttpResponse:
    """Import the previewed file (or drop it, on “cancel”); refuse a token that is not this session's."""
    _check_permission(request)
    token = request.POST.get("token", "")
    upload_url = reverse("admin:labs_lab_import_rnsr")
    if "cancel" in request.POST:
        UPLOADS.discard(request, token)
        messages.info(request, _("The import was cancelled; nothing was written."))
        return redirect(upload_url)
    stored = UPLOADS.get(request, token)
    if stored is None:
        messages.error(
            request,
            _("This upload is unknown, expired or was changed; nothing was written. Upload the file again."),
        )
        return redirect(upload_url)
    entry, data = stored
    if request.POST.get("skip_invalid"):
        entry = {**entry, "skip_invalid": True}
    # The history rows name the file, as the command's do: "RNSR import (file fr-esr-….csv)".
    with audit_source(IMPORT, detail=Path(entry["name"]).name):
        plan = import_rnsr(
            data,
            user=request.user,
            include_all=entry["include_all"],
            skip_invalid=entry["skip_invalid"],
        )
    if not plan.applied:
        messages.error(request, _("The file has errors; nothing was written."))
        return _preview(request, model_admin, plan, token, entry)
    UPLOADS.discard(request, token)
    counts = plan.counts()
    messages.success(
        request,
        _(
            "RNSR imported from %(name)s: %(created)s labs created, %(updated)s updated, %(unchanged)s unchanged, "
            "%(outside)s outside your regional offices, %(invalid)s invalid rows skipped; %(partners_created)s "
            "partners created."
        )
        % {"name": entry["name"], **counts},
    )
    return redirect("admin:labs_lab_changelist")
