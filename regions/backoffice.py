"""Base classes of every back-office (admin) page, so that rules shared by all models live in one place.

`TrackedAdmin` gives each model its history (django-simple-history: history page, diff, revert) and
marks every admin write with the audit source "admin". Folded search (case and accents ignored) comes
from the models' `search_text` column, like the public search.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .audit import ADMIN, audit_source
from .text import fold


class FoldedSearchMixin:
    """Admin search (and autocomplete) on the folded `search_text` column: `ecole` finds `École`."""

    search_fields = ["search_text"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


class TrackedAdmin(SimpleHistoryAdmin):
    """Admin of a TrackedModel: history, audit source, and the office path used for regional scope.

    `office_path` is the lookup from the model to its RegionalOffice (e.g. "lab__regional_office");
    None for models that belong to no region.
    """

    office_path: str | None = None
    list_per_page = 50
    show_full_result_count = False

    def changeform_view(self, request, *args, **kwargs):
        with audit_source(ADMIN):
            return super().changeform_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        with audit_source(ADMIN):
            return super().changelist_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with audit_source(ADMIN):
            return super().delete_view(request, *args, **kwargs)

    def history_form_view(self, request, *args, **kwargs):
        with audit_source(ADMIN):
            return super().history_form_view(request, *args, **kwargs)


class TrackedInline(admin.TabularInline):
    extra = 0
    show_change_link = False
