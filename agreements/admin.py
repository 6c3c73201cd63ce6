from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from regions.backoffice import FoldedSearchMixin, TrackedAdmin, TrackedInline
from regions.forms import VersionedModelForm

from .models import AgreementSignatory, BoardSeat, IndustrialPartnership, PiaProject, Site, SiteAgreement
from .services import agreement_status_errors


class AgreementInline(TrackedInline):
    model = SiteAgreement
    fields = ["title", "reference", "status", "start_date", "end_date"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Site)
class SiteAdmin(FoldedSearchMixin, TrackedAdmin):
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


class SiteAgreementForm(VersionedModelForm):
    """A change of status follows the agreement's life (`services.TRANSITIONS`), as on every path."""

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status")
        if self.instance.pk is not None and status:
            for error in agreement_status_errors(agreement=self.instance, status=status, values=cleaned_data):
                self.add_error("status", ValidationError(error))
        return cleaned_data


@admin.register(SiteAgreement)
class SiteAgreementAdmin(TrackedAdmin):
    form = SiteAgreementForm
    list_display = ["title", "site", "reference", "status", "signed_on", "start_date", "end_date"]
    list_filter = ["status", "site"]
    list_select_related = ["site"]
    search_fields = ["title", "reference", "site__search_text"]
    autocomplete_fields = ["site", "covered_labs", "renews"]
    date_hierarchy = "end_date"
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [SignatoryInline]
    fieldsets = [
        (None, {"fields": ["site", "title", "reference", "status", "renews"]}),
        (_("Dates"), {"fields": ["signed_on", ("start_date", "end_date")]}),
        (_("Content"), {"fields": ["strategy", "joint_unit_framework", "covered_labs", "document"]}),
        (_("Internal"), {"fields": ["internal_notes", "version", "created_at", "updated_at"]}),
    ]


@admin.register(PiaProject)
class PiaProjectAdmin(TrackedAdmin):
    list_display = ["acronym", "action", "name", "site", "lead_partner", "outcome", "start_year", "end_year"]
    list_filter = ["action", "outcome"]
    list_select_related = ["site", "lead_partner"]
    search_fields = ["acronym", "name"]
    autocomplete_fields = ["site", "lead_partner", "partners", "labs"]
    readonly_fields = ["version"]


@admin.register(BoardSeat)
class BoardSeatAdmin(TrackedAdmin):
    list_display = ["partner", "body", "kind", "holder", "since", "until"]
    list_filter = ["kind"]
    list_select_related = ["partner"]
    search_fields = ["partner__search_text", "body", "holder"]
    autocomplete_fields = ["partner"]
    readonly_fields = ["version"]


@admin.register(IndustrialPartnership)
class IndustrialPartnershipAdmin(TrackedAdmin):
    list_display = ["title", "kind", "status", "start_date", "end_date"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    autocomplete_fields = ["companies", "labs"]
    readonly_fields = ["version"]
