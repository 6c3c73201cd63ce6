from axes.admin import AccessAttemptAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from regions.audit import audited_update
from regions.backoffice import (
    AdminSourceMixin,
    HostileInputMixin,
    NationalOnlyMixin,
    ReadableAutocompleteMixin,
    TrackedAdmin,
)
from regions.models import OfficeMembership

from .forms import StaffAuthenticationForm
from .models import ErrorReport, ErrorReportStatus

# The back-office login refuses an expired one-time password (the lockouts are django-axes' backend's).
admin.site.login_form = StaffAuthenticationForm


class OfficeMembershipInline(ReadableAutocompleteMixin, admin.TabularInline):
    model = OfficeMembership
    extra = 0
    autocomplete_fields = ["office"]


admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(HostileInputMixin, GroupAdmin):
    """The roles (created by a migration): Django's own page, answering hostile input as every page does."""


@admin.register(get_user_model())
class StaffAdmin(HostileInputMixin, AdminSourceMixin, NationalOnlyMixin, UserAdmin):
    """Staff accounts and their offices: national administrators only (see `add_staff`)."""

    inlines = [OfficeMembershipInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_superuser", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "office_memberships__office"]


# django-axes registers its records for anyone holding their model permissions; they are national
# administrators' only, read-only, and the failure log we do not keep is not listed.
for model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class ReadOnlyNationalMixin(HostileInputMixin, NationalOnlyMixin):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessAttempt)
class LoginFailureAdmin(ReadOnlyNationalMixin, AccessAttemptAdmin):
    """Recent failed logins, one row per username, address and browser; unlocking forgets them."""

    actions = ["unlock"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "unlock" is the deletion, with a name staff understand
        return actions

    @admin.action(description=_("Unlock the selected usernames from these addresses"), permissions=["delete"])
    def unlock(self, request, queryset):
        # A username is locked from an address by the failures of every browser it used there.
        pairs = Q()
        for username, address in queryset.values_list("username", "ip_address").distinct():
            pairs |= Q(username=username, ip_address=address)
        attempts = AccessAttempt.objects.filter(pairs)
        self.log_deletions(request, attempts)  # who unlocked whom, in the admin's action log
        count = len(attempts)
        attempts.delete()
        self.message_user(
            request,
            ngettext(
                "Unlocked: %(count)d failed login record deleted.",
                "Unlocked: %(count)d failed login records deleted.",
                count,
            )
            % {"count": count},
        )


@admin.register(AccessLog)
class LoginAdmin(ReadOnlyNationalMixin, AccessLogAdmin):
    """Successful logins and logouts, with their address and browser."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ErrorReport)
class ErrorReportAdmin(TrackedAdmin):
    """The queue of the public's error reports: a regional editor's offices' (the scope), every one for a
    national administrator, national reports included. Staff change the status and a note; the rest is the
    reporter's. Reports come from the public pages only: nobody adds one here."""

    list_display = ["reference", "created_at", "status", "office_or_national", "record_label", "handled_by"]
    list_filter = ["status", "office"]
    list_select_related = ["office", "handled_by"]
    search_fields = ["reference", "record_label", "email"]
    date_hierarchy = "created_at"
    fields = [
        "reference",
        "record_link",
        "office",
        "message",
        "email",
        "created_at",
        "status",
        "staff_note",
        "handled_by",
    ]
    readonly_fields = [
        "reference",
        "record_link",
        "message",
        "email",
        "created_at",
        "handled_by",
    ]
    # A report that reached the wrong office is moved to the right one (within the user's offices).
    autocomplete_fields = ["office"]
    actions = ["mark_in_progress", "mark_done", "mark_rejected"]

    def has_add_permission(self, request, *args):
        return False

    @admin.display(description=_("regional office"), ordering="office__code")
    def office_or_national(self, obj: ErrorReport) -> str:
        return obj.office.code if obj.office else str(_("national"))

    @admin.display(description=_("record"))
    def record_link(self, obj: ErrorReport) -> str:
        record = obj.record
        if record is None:
            return format_html("{} ({})", obj.record_label, _("deleted"))
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), obj.record_label)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)

    def _mark(self, request, queryset, status: str) -> None:
        # The queryset is the change list's, already restricted to the user's offices.
        count = audited_update(queryset.editable_by(request.user), status=status, handled_by=request.user)
        label = ErrorReportStatus(status).label
        self.message_user(
            request,
            ngettext("%(count)d report marked “%(status)s”.", "%(count)d reports marked “%(status)s”.", count)
            % {"count": count, "status": label},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark the selected reports as in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._mark(request, queryset, ErrorReportStatus.IN_PROGRESS)

    @admin.action(description=_("Mark the selected reports as done"), permissions=["change"])
    def mark_done(self, request, queryset):
        self._mark(request, queryset, ErrorReportStatus.DONE)

    @admin.action(description=_("Mark the selected reports as rejected"), permissions=["change"])
    def mark_rejected(self, request, queryset):
        self._mark(request, queryset, ErrorReportStatus.REJECTED)
