"""The "Report an error" form of each public record, and the page its reference opens.

Both answer `never_cache`: the form carries a CSRF token, and the reference page a report's status.
"""

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from agreements.models import Site
from labs.models import Lab, Partner
from regions.models import RegionalOffice

from ..models import ErrorReport
from . import services, throttle
from .forms import ErrorReportForm

TOO_MANY = 429


def _report_form(request: HttpRequest, record: Model) -> HttpResponse:
    """The form about `record`: a valid report is saved and the reporter sent to its reference page."""
    context = {"record": record, "record_url": record.get_absolute_url()}  # type: ignore[attr-defined]
    if throttle.over_limit(request):
        context["refused"] = _(
            "Too many reports were sent from your address in the last hour. Please try again later, or "
            "write to the regional office."
        )
        return render(request, "error_reports/report_form.html", context, status=TOO_MANY)
    form = ErrorReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        throttle.count_report(request)
        if form.caught_robot():
            # Answered as a report would be, so that the robot learns nothing; nothing is saved.
            decoy = ErrorReport(reference=services.new_reference(), record_label=str(record))
            return render(request, "error_reports/report_detail.html", {"report": decoy, "sent": True})
        report = services.error_report_submit(
            record=record,
            message=form.cleaned_data["message"],
            email=form.cleaned_data["email"],
            absolute_url=request.build_absolute_uri,
        )
        return redirect(f"{report.get_absolute_url()}?sent=1")
    return render(request, "error_reports/report_form.html", {**context, "form": form})


# What each public record's form is about: its model and the field its address names it by.
RECORDS: dict[str, tuple[type[Model], str]] = {
    "lab": (Lab, "slug"),
    "partner": (Partner, "slug"),
    "site": (Site, "slug"),
    "office": (RegionalOffice, "code"),
}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_form(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """The form of the record `kind` (see RECORDS, given by the URLconf) named `key` in the address."""
    model, field = RECORDS[kind]
    value = key.upper() if model is RegionalOffice else key
    return _report_form(request, get_object_or_404(model, **{field: value}))


@never_cache
@require_safe
def report_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """What the reporter may know of their report: the record, when, and its status; never the message nor
    the e-mail address (whoever holds the reference reads this page)."""
    report = get_object_or_404(
        ErrorReport.objects.select_related("content_type"), reference=reference.upper()
    )
    context = {"report": report, "record": report.record, "sent": request.GET.get("sent") == "1"}
    return render(request, "error_reports/report_detail.html", context)
