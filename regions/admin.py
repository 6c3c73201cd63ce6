from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from .backoffice import NationalOnlyMixin, TrackedAdmin, TrackedInline, TranslatedAdmin
from .models import Department, OfficeMembership, OfficeService, RegionalOffice
from .resources import OfficeServiceResource

admin.site.site_header = _("CNRS partnerships · back-office")
admin.site.site_title = _("CNRS partnerships")
admin.site.index_title = _("Back-office")


class OfficeServiceInline(TranslationTabularInline, TrackedInline):
    model = OfficeService
    fields = ["kind", "name", "head", "email", "phone", "description_fr", "description_en"]


@admin.register(RegionalOffice)
class RegionalOfficeAdmin(TrackedAdmin):
    list_display = ["code", "name", "seat_city", "representative", "is_active", "successor"]
    list_display_links = ["code", "name"]
    list_filter = ["is_active"]
    list_select_related = ["successor"]
    search_fields = ["code", "name", "seat_city", "representative"]
    autocomplete_fields = ["successor"]
    inlines = [OfficeServiceInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "seat_city", "representative", "is_active", "successor"]}),
        (_("Contact"), {"fields": ["address", "phone", "email", "website"]}),
    ]


@admin.register(OfficeService)
class OfficeServiceAdmin(TranslatedAdmin):
    resource_classes = [OfficeServiceResource]
    list_display = ["office", "kind", "name", "head", "email", "phone"]
    list_filter = ["kind", "office"]
    list_select_related = ["office"]
    search_fields = ["office__code", "name", "head", "email"]
    autocomplete_fields = ["office"]


@admin.register(Department)
class DepartmentAdmin(TrackedAdmin):
    list_display = ["code", "name", "default_office", "needs_review"]
    list_filter = ["needs_review", "default_office"]
    list_select_related = ["default_office"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["default_office"]


@admin.register(OfficeMembership)
class OfficeMembershipAdmin(NationalOnlyMixin, TrackedAdmin):
    list_display = ["user", "office"]
    list_filter = ["office"]
    list_select_related = ["user", "office"]
    search_fields = ["user__username", "user__email", "office__code"]
    autocomplete_fields = ["user", "office"]
