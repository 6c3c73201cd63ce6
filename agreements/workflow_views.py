"""The agreement workflow's actions: move an agreement, renew it, download its signed document.

Small POST views that parse the request, call one service (`agreements.services`) and redirect with a
message; the rules (who moves what, what signing needs) live in the services. One access helper per
resource answers 404 (no such agreement) or 403 (not yours). Documents are read from the private storage
(`regions.storage`) by `agreement_document` only, after checking who asks.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from regions.audit import WEB
from regions.scope import can_edit, can_view, office_ids_of, visible_office_ids

from . import services
from .models import AgreementStatus, SiteAgreement
from .validators import sanitize_document_name


class AgreementStatusForm(forms.Form):
    """What a status button posts: the target status, a comment and, to sign, the date and document.

    (Here rather than in forms.py while that module is being written for the review pages.)
    """

    status = forms.ChoiceField(label=gettext_lazy("status"), choices=AgreementStatus.choices)
    comment = forms.CharField(label=gettext_lazy("comment"), required=False, max_length=2000)
    signed_on = forms.DateField(label=gettext_lazy("signed on"), required=False)
    document = forms.FileField(label=gettext_lazy("signed document"), required=False)


def _next_url(request: HttpRequest, agreement: SiteAgreement) -> str:
    """Where to go back: the `next` the page posted when it is on this site, else the site's review file."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("review:site_detail", args=[agreement.site.slug]) + f"#agreement-{agreement.pk}"


def _get_agreement_for_editor(request: HttpRequest, pk: int) -> SiteAgreement:
    """The agreement `pk` (404) if `request.user` may change it at all: role and scope (else 403)."""
    agreement = get_object_or_404(SiteAgreement.objects.select_related("site"), pk=pk)
    if not can_edit(request.user, agreement):
        raise PermissionDenied
    return agreement


@require_POST
@login_required
def agreement_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the agreement to the posted status; an impossible move comes back as a message, unwritten."""
    agreement = _get_agreement_for_editor(request, pk)
    form = AgreementStatusForm(request.POST, request.FILES)
    back = HttpResponseRedirect(_next_url(request, agreement))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return back
    status = form.cleaned_data["status"]
    if not services.agreement_may_move(agreement=agreement, status=status, user=request.user):
        raise PermissionDenied
    try:
        services.agreement_change_status(
            agreement=agreement,
            status=status,
            user=request.user,
            source=WEB,
            comment=form.cleaned_data["comment"],
            signed_on=form.cleaned_data["signed_on"],
            document=form.cleaned_data["document"],
        )
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return back
    messages.success(
        request,
        _("“%(agreement)s” is now “%(status)s”.")
        % {"agreement": agreement.title, "status": AgreementStatus(status).label},
    )
    return back


@require_POST
@login_required
def agreement_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the renewal of the agreement: a new draft, then its change page to complete it."""
    agreement = get_object_or_404(SiteAgreement.objects.select_related("site"), pk=pk)
    if not can_view(request.user, agreement):
        raise PermissionDenied
    try:
        renewal = services.agreement_renew(agreement=agreement, user=request.user, source=WEB)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return HttpResponseRedirect(_next_url(request, agreement))
    messages.success(
        request,
        _("The renewal of “%(agreement)s” is drafted: complete its dates and reference.")
        % {"agreement": agreement.title},
    )
    return HttpResponseRedirect(reverse("admin:agreements_siteagreement_change", args=[renewal.pk]))


def document_readable(user, agreement: SiteAgreement) -> bool:
    """Whether `user` may download `agreement`'s document.

    Everyone, once the agreement is public (signed, expired, terminated) and its document marked public;
    otherwise staff who read agreements, and among them those bound to their offices (regional editors)
    only for the agreements of their offices' sites, as on the review pages.
    """
    if agreement.is_public and agreement.document_is_public:
        return True
    if not can_view(user, agreement):
        return False
    offices = visible_office_ids(user)
    return offices is None or bool(offices & office_ids_of(agreement, "site__regional_offices"))


def _get_document_for_user(request: HttpRequest, pk: int) -> SiteAgreement:
    """The agreement `pk` with a document `request.user` may read: 404 for the public (whether the
    agreement exists is not theirs to know), 403 for staff out of scope."""
    agreement = get_object_or_404(SiteAgreement.objects.select_related("site"), pk=pk)
    if document_readable(request.user, agreement):
        if not agreement.document:
            raise Http404
        return agreement
    if request.user.is_authenticated:
        raise PermissionDenied
    raise Http404


@require_safe
def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    """The agreement's signed PDF, read from the private storage after checking who asks."""
    agreement = _get_document_for_user(request, pk)
    try:
        handle = agreement.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type="application/pdf", filename=sanitize_document_name(agreement.document.name)
    )
    if not (agreement.is_public and agreement.document_is_public):
        response["Cache-Control"] = "private, no-store"
    return response
