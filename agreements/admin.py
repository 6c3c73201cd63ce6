from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regions.backoffice import FoldedSearchMixin, TrackedAdmin, TrackedInline, TranslatedAdmin
from regions.forms import VersionedModelForm
from regions.scope import can_edit, has_model_permission, is_national_admin

from .models import (
    AgreementSignatory,
    AgreementStatus,
    BoardSeat,
    IndustrialPartnership,
    PiaProject,
    ReviewNote,
    Site,
    SiteAgreement,
)
from .resources import (
    BoardSeatResource,
    IndustrialPartnershipResource,
    PiaProjectResource,
    ReviewNoteResource,
    SiteAgreementResource,
    SiteResource,
)
from .services import (
    RENEWABLE_STATUSES,
    agreement_allowed_statuses,
    agreement_content_editable,
    agreement_signing_errors,
)


class AgreementInline(TrackedInline):
    model = SiteAgreement
    fields = readonly_fields = ("title", "reference", "display_status", "start_date", "end_date")
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Site)
class SiteAdmin(FoldedSearchMixin, TranslatedAdmin):  # type: ignore[misc]  # see TranslatedAdmin
    resource_classes = [SiteResource]
    list_display = ["name", "city", "agreement_count", "lab_count"]
    autocomplete_fields = ["members", "regional_offices", "labs"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [AgreementInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                agreement_count=Count("agreements", distinct=True), lab_count=Count("labs", distinct=True)
            )
            # Django leaves Meta.ordering out of a query with aggregates: the autocomplete would page an
            # unordered list (UnorderedObjectListWarning).
            .order_by(*Site._meta.ordering)
        )

    @admin.display(description=_("agreements"), ordering="agreement_count")
    def agreement_count(self, site):
        return site.agreement_count

    @admin.display(description=_("labs"), ordering="lab_count")
    def lab_count(self, site):
        return site.lab_count


class SignatoryInline(TrackedInline):
    model = AgreementSignatory
    fields = ["partner"]
    autocomplete_fields = ["partner"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner")

    # Signatories are part of the agreement's content: editable exactly when the agreement is.
    def _agreement_editable(self, request, obj) -> bool:
        return obj is None or agreement_content_editable(agreement=obj, user=request.user)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._agreement_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._agreement_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._agreement_editable(request, obj)


class AgreementDocumentInput(forms.ClearableFileInput):
    """The document field: its current file links to the document view (the private storage has no URL)."""

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        instance = getattr(value, "instance", None)
        if context["widget"]["is_initial"] and instance is not None and instance.pk is not None:
            context["widget"]["value"] = DocumentLink(value.name, instance.pk)
        return context


class DocumentLink(str):
    """A document's name that answers `.url` with the document view, for the file widget's template."""

    url: str

    def __new__(cls, name: str, pk: int):
        link = super().__new__(cls, name.rsplit("/", 1)[-1])
        link.url = reverse("review:agreement_document", args=[pk])
        return link


class SiteAgreementForm(VersionedModelForm):
    """The agreement's content; its status moves through the workflow's buttons (`services`), never here.

    Only a national administrator entering an agreement signed before the application existed chooses its
    status at creation; signing's date and document are then required as for any signature.
    """

    class Meta:
        widgets = {"document": AgreementDocumentInput}

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status")
        if self.instance.pk is None and status in (AgreementStatus.SIGNED, AgreementStatus.EXPIRED):
            for error in agreement_signing_errors(agreement=self.instance, values=cleaned_data):
                self.add_error("status", ValidationError(error))
        site = cleaned_data.get("site")
        if site is not None and self.backoffice_user is not None and "site" in self.changed_data:
            if not can_edit(self.backoffice_user, SiteAgreement(site=site)):
                self.add_error(
                    "site", _("You may only draft agreements for the sites of your own regional offices.")
                )
        return cleaned_data


@admin.register(SiteAgreement)
class SiteAgreementAdmin(TranslatedAdmin):
    """Agreements' content. The status is read-only: the change page offers the moves the user may make
    (`services.agreement_allowed_statuses`), each posted to the workflow view and its service."""

    form = SiteAgreementForm
    resource_classes = [SiteAgreementResource]
    list_display = ["title", "site", "reference", "status_column", "start_date", "end_date"]
    list_filter = ["status", "site"]
    list_select_related = ["site"]
    search_fields = ["title_fr", "title_en", "reference", "site__search_text"]
    autocomplete_fields = ["site", "covered_labs", "renews"]
    date_hierarchy = "end_date"
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [SignatoryInline]
    fieldsets = [
        (None, {"fields": ["site", ("title_fr", "title_en"), "reference", "status", "renews"]}),
        (_("Dates"), {"fields": ["signed_on", ("start_date", "end_date")]}),
        (
            _("Content"),
            {
                "fields": [
                    "strategy",
                    "joint_unit_framework",
                    "covered_labs",
                    "document",
                    "document_is_public",
                ]
            },
        ),
        (_("Internal"), {"fields": ["internal_notes", "version", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("status"), ordering="status")
    def status_column(self, agreement: SiteAgreement) -> str:
        return agreement.display_status_label

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # New agreements start as drafts; a national administrator may enter a past agreement as it is.
        if obj is not None or not is_national_admin(request.user):
            fields.append("status")
        return fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return agreement_content_editable(agreement=obj, user=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        agreement = self.get_object(request, object_id) if object_id else None
        if agreement is not None and self.has_view_permission(request, agreement):
            extra_context = {**(extra_context or {}), "workflow": self._workflow(request, agreement)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _workflow(self, request, agreement: SiteAgreement) -> dict:
        """What the change page's workflow panel shows: the moves offered, renewal, the log of moves."""
        statuses = agreement_allowed_statuses(agreement=agreement, user=request.user)
        return {
            "statuses": [(status, AgreementStatus(status).label) for status in statuses],
            "signs": AgreementStatus.SIGNED in statuses,
            "can_renew": agreement.status in RENEWABLE_STATUSES
            and has_model_permission(request.user, SiteAgreement, "add")
            and can_edit(request.user, SiteAgreement(site=agreement.site)),
            "changes": agreement.status_changes.select_related("user")[:20],
            "next": request.get_full_path(),
        }


@admin.register(PiaProject)
class PiaProjectAdmin(TranslatedAdmin):
    resource_classes = [PiaProjectResource]
    list_display = ["acronym", "action", "name", "site", "outcome", "start_year", "end_year"]
    list_filter = ["action", "outcome"]
    list_select_related = ["site", "lead_partner"]
    search_fields = ["acronym", "name_fr", "name_en"]
    autocomplete_fields = ["site", "lead_partner", "partners", "labs"]
    readonly_fields = ["version"]


@admin.register(BoardSeat)
class BoardSeatAdmin(TrackedAdmin):
    resource_classes = [BoardSeatResource]
    list_display = ["partner", "body", "kind", "holder", "since", "until"]
    list_filter = ["kind"]
    list_select_related = ["partner"]
    search_fields = ["partner__search_text", "body", "holder"]
    autocomplete_fields = ["partner"]
    readonly_fields = ["version"]


@admin.register(IndustrialPartnership)
class IndustrialPartnershipAdmin(TrackedAdmin):
    resource_classes = [IndustrialPartnershipResource]
    list_display = ["title", "kind", "status", "start_date", "end_date"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    autocomplete_fields = ["companies", "labs"]
    readonly_fields = ["version"]


@admin.register(ReviewNote)
class ReviewNoteAdmin(TrackedAdmin):
    """Staff fix a review note here; coordinators record them on the site's review file."""

    resource_classes = [ReviewNoteResource]
    list_display = ["site", "reviewed_on", "decision", "author", "follow_up_on"]
    list_filter = ["decision", "reviewed_on", "follow_up_on"]
    list_select_related = ["site", "author"]
    search_fields = ["site__search_text", "comment"]
    autocomplete_fields = ["site"]
    date_hierarchy = "reviewed_on"
    readonly_fields = ["author", "version", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
