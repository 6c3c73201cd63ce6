"""The back-office lists' spreadsheet imports: upload → preview → confirm, in the columns of each list's export.

django-import-export's `ImportMixin` gives each list its "import" and "process_import" pages and the import
machinery (`Resource.import_data`, with the rules of `regions.resources`); its two pages are replaced here
for what the RNSR import already promises (`labs.rnsr_views`): the uploaded file waits under a token only
the uploader's session knows (`regions.uploads`; the stock confirmation form would carry a temporary file's
name anyone could post), the preview lists what would be created, updated or left unchanged, field by field,
and every problem with its line and column, grouped (`regions.problems`); nothing is written when a row is
refused unless the user chooses to skip those rows.

Only lists whose resource names a natural key import (`ReadableResource.imports`), for users whose role
adds or changes that kind of record; the scope of each row is the resource's.
"""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from import_export.admin import ImportMixin
from import_export.results import Result, RowResult

from .forms import SpreadsheetUploadForm
from .problems import Level, group_problems
from .resources import ReadableResource
from .spreadsheets import UnreadableSpreadsheet, read_spreadsheet
from .uploads import PendingUploads

UPLOADS = PendingUploads("spreadsheets", "spreadsheet_uploads")
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
    preview_template_name = "admin/spreadsheet_preview.html"

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
        """The upload form (GET); on POST, keep the file and show what importing it would do, writing nothing."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = SpreadsheetUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            name = Path(upload.name).name
            try:
                dataset = read_spreadsheet(data)
            except UnreadableSpreadsheet as error:
                form.add_error("file", str(error))
            else:
                entry = {
                    "name": name,
                    "model": self.opts.label,
                    "skip_invalid": form.cleaned_data["skip_invalid"],
                }
                token = UPLOADS.keep(request, data, **entry)
                resource = self.import_resource(request, name)
                result = resource.import_data(dataset, dry_run=True)
                return self.import_preview(request, resource, result, token, entry)
        resource = self.import_resource(request, "")
        return TemplateResponse(
            request,
            self.import_template_name,
            self.import_context(
                request,
                gettext("Import %(models)s") % {"models": self.opts.verbose_name_plural},
                form=form,
                columns=[str(field.column_name) for _, field in resource.imported_fields()],
                keys=[str(resource.fields[name].column_name) for name in resource.get_import_id_fields()],
            ),
        )

    @method_decorator(require_POST)
    def process_import(self, request: HttpRequest, **kwargs) -> HttpResponse:
        """Import the previewed file (or drop it, on “cancel”); refuse a token that is not this session's."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        token = request.POST.get("token", "")
        upload_url = f"admin:{self.opts.app_label}_{self.opts.model_name}_import"
        if "cancel" in request.POST:
            UPLOADS.discard(request, token)
            messages.info(request, gettext("The import was cancelled; nothing was written."))
            return redirect(upload_url)
        stored = UPLOADS.get(request, token)
        if stored is None or stored[0].get("model") != self.opts.label:
            messages.error(
                request,
                gettext(
                    "This upload is unknown, expired or was changed; nothing was written. Upload the file again."
                ),
            )
            return redirect(upload_url)
        entry, data = stored
        skip_invalid = bool(entry["skip_invalid"] or request.POST.get("skip_invalid"))
        entry = {**entry, "skip_invalid": skip_invalid}
        resource = self.import_resource(request, entry["name"])
        result = resource.import_data(read_spreadsheet(data), rollback_on_validation_errors=not skip_invalid)
        if result.has_errors() or (result.has_validation_errors() and not skip_invalid):
            messages.error(request, gettext("The file has errors; nothing was written."))
            return self.import_preview(request, resource, result, token, entry)
        UPLOADS.discard(request, token)
        counts = import_counts(result)
        messages.success(
            request,
            gettext(
                "%(name)s imported: %(new)s created, %(update)s updated, %(skip)s unchanged, %(invalid)s invalid "
                "rows skipped."
            )
            % {"name": entry["name"], **counts},
        )
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def import_preview(
        self, request: HttpRequest, resource: ReadableResource, result: Result, token: str, entry: dict
    ) -> TemplateResponse:
        counts = import_counts(result)
        problems = resource.problems(result)
        groups = group_problems(problems, KIND_TITLES)
        errors = sum(1 for problem in problems if problem.level == Level.ERROR)
        rows = [row for row in result.rows if not row.blank]
        return TemplateResponse(
            request,
            self.preview_template_name,
            self.import_context(
                request,
                gettext("Import %(models)s: preview") % {"models": self.opts.verbose_name_plural},
                entry=entry,
                token=token,
                counts=counts,
                groups=groups,
                errors=errors,
                blocked=bool(result.base_errors) or (counts["invalid"] > 0 and not entry["skip_invalid"]),
                can_skip=not result.base_errors and counts["invalid"] > 0 and not entry["skip_invalid"],
                created=[row for row in rows if row.import_type == RowResult.IMPORT_TYPE_NEW][:PREVIEW_ROWS],
                updated=[row for row in rows if row.import_type == RowResult.IMPORT_TYPE_UPDATE][
                    :PREVIEW_ROWS
                ],
                unchanged=[row for row in rows if row.import_type == RowResult.IMPORT_TYPE_SKIP][
                    :PREVIEW_ROWS
                ],
                preview_rows=PREVIEW_ROWS,
            ),
        )

    def import_context(self, request: HttpRequest, title: str, **extra) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}


def import_counts(result: Result) -> dict[str, int]:
    """Rows of the file (blank rows aside) by what the import does with them."""
    rows = [row for row in result.rows if not row.blank]
    counts = {kind: 0 for kind in ("new", "update", "skip", "invalid")}
    for row in rows:
        if row.import_type in counts:
            counts[row.import_type] += 1
    return {**counts, "rows": len(rows)}
