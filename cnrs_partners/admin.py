from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from regions.backoffice import AdminSourceMixin, NationalOnlyMixin
from regions.models import OfficeMembership


class OfficeMembershipInline(admin.TabularInline):
    model = OfficeMembership
    extra = 0
    autocomplete_fields = ["office"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffAdmin(AdminSourceMixin, NationalOnlyMixin, UserAdmin):
    """Staff accounts and their offices: national administrators only (see `add_staff`)."""

    inlines = [OfficeMembershipInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_superuser", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "office_memberships__office"]
