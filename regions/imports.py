"""The back-office lists' spreadsheet imports: upload → preview → confirm, in the columns of each list's export.

django-import-export's `ImportMixin` gives each list its "import" and "process_import" pages and the import
machinery (`Resource.import_data`, with the rules of `regions.resources`); its two pages are replaced here
for what the RNSR import already promises (`labs.rnsr_views`): the uploaded file becomes an import job
(`regions.jobs`) only its uploader can confirm (the stock confirmation form would carry a temporary file's
name anyone could post); the preview and the write run as that job's phases, in the background when a
queue is set up (`spreadsheet_work`), and the job's page (`regions.job_views`) shows their progress, then
what would be created, updated or left unchanged, field by field, and every problem with its line and
column, grouped (`regions.problems`); nothing is written when a row is refused unless the user chooses to
skip those rows.

Only lists whose resource names a natural key import (`ReadableResource.imports`), for users whose role
adds or changes that kind of record; the scope of each row is the resource's.
"""

from typing import Any, cast

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from import_export.admin import ImportMixin
from import_export.results import Result, RowResult

from .forms import SpreadsheetUploadForm
from .job_views import confirm_or_cancel, start_preview
from .jobs import JobProgress, import_job_run, own_import_job
from .models import ImportJob
from .problems import Level, Problem, group_problems, groups_as_data
from .resources import ReadableResource
from .spreadsheets import UnreadableSpreadsheet, read_spreadsheet

# Rows shown in each table of the preview; the counts are always whole.
PREVIEW_ROWS = 300

KIND_TITLES = {
    "file": _("The file cannot be imported"),
    "unknown_column": _("Unknown column (not read)"),
    "row_warning": _("To check"),
    "invalid": _("Invalid value"),
    "not_found": _("Unknown record"),
    "ambiguous": _("Name shared by several records"),
    "outside_scope": _("Outside your regional offices"),
    "not_allowed": _("Not allowed to your role"),
    "rule": _("Rule not respected"),
    "required": _("Missing value"),
    "blank": _("Missing value"),
    "null": _("Missing value"),
    "unique": _("Value already used by another record"),
    "max_length": _("Value too long"),
    "database": _("Refused by the database"),
}


class SpreadsheetImportMixin(ImportMixin):
    """The import pages of a back-office list (see the module docstring)."""

    import_template_name = "admin/spreadsheet_import.html"

    def import_resource(self, request, file_name: str) -> ReadableResource:
        resource_class = self.get_import_resource_classes(request)[0]
        return resource_class(user=request.user, file_name=file_name)

    def has_import_permission(self, request) -> bool:
        resource_class = self.get_import_resource_classes(request)[0]
        if not (isinstance(resource_class, type) and issubclass(resource_class, ReadableResource)):
            return False
        may_write = self.has_add_permission(request) or self.has_change_permission(request)
        return resource_class.imports() and may_write

    @method_decorator(require_http_methods(["GET", "POST"]))
    def import_action(self, request: HttpRequest, **kwargs) -> HttpResponse:
        """The upload form (GET); on POST, keep the file and start its preview (a job), writing nothing."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = SpreadsheetUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            started = start_preview(
                request,
                form,
                kind=ImportJob.Kind.SPREADSHEET,
                model_label=self.opts.label,
                options={"skip_invalid": form.cleaned_data["skip_invalid"]},
                task=run_spreadsheet_job,
            )
            if started is not None:
                return started
        resource = self.import_resource(request, "")
        return TemplateResponse(
            request,
            self.import_template_name,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Import %(models)s") % {"models": self.opts.verbose_name_plural},
                "form": form,
                "columns": [str(field.column_name) for _, field in resource.imported_fields()],
                "keys": [str(resource.fields[name].column_name) for name in resource.get_import_id_fields()],
            },
        )

    @method_decorator(require_POST)
    def process_import(self, request: HttpRequest, **kwargs) -> HttpResponse:
        """Write the previewed file (a job), or drop it on “cancel”; refuse a job that is not the user's."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = own_import_job(
            request.user,
            request.POST.get("token", ""),
            model_label=self.opts.label,
            kind=ImportJob.Kind.SPREADSHEET,
        )
        upload_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        return confirm_or_cancel(request, job, upload_url=upload_url, task=run_spreadsheet_job)


def run_spreadsheet_job(job_id: str) -> None:
    """The job of a spreadsheet import's phase (what RQ runs): see `regions.jobs.import_job_run`."""
    import_job_run(job_id, spreadsheet_work)


def spreadsheet_work(job: ImportJob, data: bytes, progress: JobProgress) -> dict[str, Any]:
    """Preview or write the job's file with its list's resource; the outcome its page shows."""
    model = apps.get_model(job.model_label)
    model_admin = cast(SpreadsheetImportMixin, admin.site.get_model_admin(model))
    resource = model_admin.get_import_resource_classes(None)[0](user=job.user, file_name=job.file_name)
    skip_invalid = bool(job.options.get("skip_invalid"))
    try:
        dataset = read_spreadsheet(data)
    except UnreadableSpreadsheet as error:
        problem = Problem(Level.ERROR, "file", 1, "", str(error))
        return {
            "counts": {kind: 0 for kind in ("new", "update", "skip", "invalid", "rows")},
            "groups": groups_as_data(group_problems([problem], KIND_TITLES)),
            "errors": 1,
            "blocked": True,
            "can_skip": False,
            "applied": False,
        }
    progress.rows(0, len(dataset))
    resource.progress = progress.rows
    if job.phase == ImportJob.Phase.PREVIEW:
        result = resource.import_data(dataset, dry_run=True)
        applied = False
    else:
        result = resource.import_data(dataset, rollback_on_validation_errors=not skip_invalid)
        applied = not (result.has_errors() or (result.has_validation_errors() and not skip_invalid))
    progress.rows(len(dataset))
    return spreadsheet_outcome(resource, result, skip_invalid=skip_invalid, applied=applied)


def spreadsheet_outcome(
    resource: ReadableResource, result: Result, *, skip_invalid: bool, applied: bool
) -> dict[str, Any]:
    """What the preview (or, once written, the result) shows of `result`, as JSON for the job's record."""
    counts = import_counts(result)
    problems = resource.problems(result)
    errors = sum(1 for problem in problems if problem.level == Level.ERROR)
    rows = [row for row in result.rows if not row.blank]

    def shown(import_type: str) -> list[dict]:
        return [
            {
                "number": row.number,
                "object_repr": str(row.object_repr or ""),
                "diff": [[str(column), _text(old), _text(new)] for column, old, new in (row.diff or [])],
            }
            for row in rows
            if row.import_type == import_type
        ][:PREVIEW_ROWS]

    outcome = {
        "counts": counts,
        "groups": groups_as_data(group_problems(problems, KIND_TITLES)),
        "errors": errors,
        "blocked": bool(result.base_errors) or (counts["invalid"] > 0 and not skip_invalid),
        "can_skip": not result.base_errors and counts["invalid"] > 0 and not skip_invalid,
        "applied": applied,
        "created": shown(RowResult.IMPORT_TYPE_NEW),
        "updated": shown(RowResult.IMPORT_TYPE_UPDATE),
        "unchanged": shown(RowResult.IMPORT_TYPE_SKIP),
    }
    if applied:
        outcome["message"] = gettext(
            "%(name)s imported: %(new)s created, %(update)s updated, %(skip)s unchanged, %(invalid)s invalid "
            "rows skipped."
        ) % {"name": resource.file_name, **counts}
    return outcome


def _text(value) -> str:
    return "" if value is None else str(value)


def import_counts(result: Result) -> dict[str, int]:
    """Rows of the file (blank rows aside) by what the import does with them."""
    rows = [row for row in result.rows if not row.blank]
    counts = {kind: 0 for kind in ("new", "update", "skip", "invalid")}
    for row in rows:
        if row.import_type in counts:
            counts[row.import_type] += 1
    return {**counts, "rows": len(rows)}
