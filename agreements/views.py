"""The coordinators' review pages: the dashboard of every site, its exports, a site's file, review notes.

Coordinators and national administrators read every site and record reviews; viewers read every site;
regional editors read the sites of their offices (`selectors.review_sites`). Anonymous visitors are sent
to the login page; staff without a role that reads sites get 403, and so does an editor opening a site
outside their offices.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from regions.audit import WEB
from regions.export_throttle import throttled_export
from regions.scope import has_model_permission

from . import charts, exports, selectors, services
from .forms import ReviewNoteForm
from .models import AgreementStatus, Site, SiteAgreement
from .reviews import may_read_reviews, may_record_review, review_note_create


def _require_reader(request: HttpRequest) -> None:
    if not may_read_reviews(request.user):
        raise PermissionDenied


def _get_site_for_user(request: HttpRequest, slug: str) -> Site:
    """The site named by `slug` (404) if `request.user` may read it on the review pages (else 403)."""
    _require_reader(request)
    site = get_object_or_404(Site, slug=slug)
    if not selectors.review_sites(user=request.user).filter(pk=site.pk).exists():
        raise PermissionDenied
    return site


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    board = selectors.review_dashboard(user=request.user, data=request.GET)
    query = request.GET.urlencode()
    context = {
        "board": board,
        "filterset": board.filterset,
        "filtered": any(value for key, value in request.GET.items()),
        "query": f"?{query}" if query else "",
    }
    return render(request, "review/dashboard.html", context)


@require_safe
@login_required
@throttled_export
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The dashboard's rows, as filtered, as CSV or XLSX."""
    _require_reader(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    board = selectors.review_dashboard(user=request.user, data=request.GET)
    filename = f"sites-{board.today.isoformat()}"
    if fmt == "csv":
        return exports.dashboard_csv(board.rows, filename=filename)
    return exports.dashboard_xlsx(board.rows, filename=filename)


def _allowed_statuses(request: HttpRequest, agreement: SiteAgreement | None) -> list[tuple[str, str]]:
    """The statuses `request.user` may move `agreement` to, as (value, label), for its buttons.

    The workflow's `services.agreement_allowed_statuses` says which; until that service exists no button
    is offered (the back-office still changes statuses).
    """
    allowed_statuses = getattr(services, "agreement_allowed_statuses", None)
    if agreement is None or allowed_statuses is None:
        return []
    return [
        (str(status), str(AgreementStatus(status).label))
        for status in allowed_statuses(agreement=agreement, user=request.user)
    ]


def _may_renew(request: HttpRequest, agreement: SiteAgreement | None) -> bool:
    """Whether to offer the renewal of the agreement in force: a role that adds agreements, and no renewal
    under way yet (`services.agreement_renew` checks both again)."""
    if agreement is None or not has_model_permission(request.user, SiteAgreement, "add"):
        return False
    return all(renewal.status == AgreementStatus.TERMINATED for renewal in agreement.renewals.all())


def _render_site_file(
    request: HttpRequest, site: Site, form: ReviewNoteForm | None = None, status: int = 200
):
    file = selectors.review_site_file(site=site)
    action = reverse("review:review_note_create", args=[site.slug])
    can_record = may_record_review(request.user)
    if form is None and can_record:
        form = ReviewNoteForm(action=action)
    context = {
        "file": file,
        "site": file.site,
        "form": form if can_record else None,
        "agreement_statuses": _allowed_statuses(request, file.agreement),
        "can_renew": _may_renew(request, file.agreement),
        "in_progress": [
            (agreement, _allowed_statuses(request, agreement), file.covered[agreement.pk])
            for agreement in file.in_progress
        ],
        "timeline": charts.site_timeline(
            agreements=file.agreements,
            projects=file.projects,
            labs=file.labs,
            today=file.today,
            site_name=file.site.name,
        ),
        "by_institute": charts.bar_chart(
            ident="labs-by-institute",
            title=_("Labs on the site by institute"),
            desc=_(
                "Number of active labs on the site for each primary institute; the table below gives the same numbers."
            ),
            bars=file.labs_by_institute,
            headers=[_("Institute"), _("Labs")],
        ),
        "by_type": charts.bar_chart(
            ident="labs-by-type",
            title=_("Labs on the site by type"),
            desc=_(
                "Number of active labs on the site for each unit type; the table below gives the same numbers."
            ),
            bars=file.labs_by_type,
            headers=[_("Type"), _("Labs")],
        ),
    }
    return render(request, "review/site_detail.html", context, status=status)


@require_safe
@login_required
def site_detail(request: HttpRequest, slug: str) -> HttpResponse:
    site = _get_site_for_user(request, slug)
    return _render_site_file(request, site)


@require_POST
@login_required
def review_note_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a review of the site; the form comes back with its errors when a value is wrong."""
    site = _get_site_for_user(request, slug)
    if not may_record_review(request.user):
        raise PermissionDenied
    action = reverse("review:review_note_create", args=[site.slug])
    form = ReviewNoteForm(request.POST, action=action)
    if form.is_valid():
        try:
            review_note_create(site=site, user=request.user, source=WEB, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your review of %(site)s is recorded.") % {"site": site.name})
            return redirect(reverse("review:site_detail", args=[site.slug]) + "#review-notes")
    return _render_site_file(request, site, form=form, status=400)
