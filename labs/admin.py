from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from regions.audit import ADMIN, audited_update
from regions.backoffice import FoldedSearchMixin, TrackedAdmin, TrackedInline, TranslatedAdmin
from regions.scope import is_national_admin

from . import rnsr_views
from .models import Institute, Lab, Partner, Succession, Supervision, SupervisionKind
from .resources import LabResource, PartnerResource, SuccessionResource, SupervisionResource
from .services import (
    PARTNER_IDENTITY_FIELDS,
    SupervisionInput,
    lab_apply_place,
    lab_set_supervisions,
    lab_supervision_errors,
    partner_update,
)


class SupervisionFormSet(BaseInlineFormSet):
    """The lab's institutions as a whole, checked and saved by `services.lab_set_supervisions`."""

    def supervision_inputs(self) -> list[SupervisionInput]:
        return [
            SupervisionInput(
                partner=form.cleaned_data["partner"],
                kind=form.cleaned_data.get("kind") or SupervisionKind.SUPERVISOR,
                unit_code=form.cleaned_data.get("unit_code") or "",
                since=form.cleaned_data.get("since"),
                until=form.cleaned_data.get("until"),
            )
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("partner")
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        errors = lab_supervision_errors(lab=self.instance, supervisions=self.supervision_inputs())
        if errors:
            raise ValidationError(errors)

    def save_through_service(self, *, user) -> None:
        changes = lab_set_supervisions(
            lab=self.instance, supervisions=self.supervision_inputs(), user=user, source=ADMIN
        )
        # What Django's admin reads to write its change message.
        self.new_objects = changes.created
        self.changed_objects = changes.changed
        self.deleted_objects = changes.deleted


class SupervisionInline(TrackedInline):
    model = Supervision
    formset = SupervisionFormSet
    fields = ["partner", "kind", "unit_code", "since", "until"]
    autocomplete_fields = ["partner"]
    verbose_name = _("supervising or participating institution")
    verbose_name_plural = _("supervising and participating institutions")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner")


class PredecessorInline(TrackedInline):
    model = Succession
    fk_name = "successor"
    fields = ["predecessor", "kind", "year"]
    autocomplete_fields = ["predecessor"]
    verbose_name = _("predecessor")
    verbose_name_plural = _("predecessors")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("predecessor")


@admin.register(Lab)
class LabAdmin(FoldedSearchMixin, TranslatedAdmin):  # type: ignore[misc]  # see TranslatedAdmin
    change_list_template = "admin/labs/lab/change_list.html"
    # A predecessor or a parent structure may belong to another region: those autocompletes offer every
    # lab (they only point at it); the lab written to (a supervision's, a succession's successor) is one
    # of the editor's.
    reference_lookups = frozenset({("labs", "succession", "predecessor"), ("labs", "lab", "parent")})
    resource_classes = [LabResource]
    actions = ["mark_reviewed"]
    list_display = [
        "code_column",
        "acronym",
        "name",
        "primary_institute",
        "regional_office",
        "status",
        "needs_review",
    ]
    list_display_links = ["code_column", "acronym"]
    list_filter = ["status", "unit_type", "regional_office", "primary_institute", "needs_review"]
    list_select_related = ["regional_office", "primary_institute"]
    autocomplete_fields = ["primary_institute", "secondary_institutes", "regional_office", "parent"]
    readonly_fields = ["slug", "version", "created_at", "updated_at"]
    inlines = [SupervisionInline, PredecessorInline]
    fieldsets = [
        (
            _("Identity"),
            {
                "fields": [
                    "rnsr",
                    ("unit_type", "unit_number"),
                    "slug",
                    "acronym",
                    ("name_fr", "name_en"),
                    "status",
                    "closed_on",
                ]
            },
        ),
        (
            _("Science"),
            {
                "fields": [
                    "primary_institute",
                    "secondary_institutes",
                    "scientific_domain",
                    "keywords",
                    "description",
                ]
            },
        ),
        (
            _("Location and contact"),
            {
                "fields": [
                    "regional_office",
                    ("needs_review", "review_reason"),
                    "address",
                    ("postal_code", "city", "country"),
                    "director",
                    "website",
                ]
            },
        ),
        (_("Contract"), {"fields": ["creation_year", ("contract_start", "contract_end"), "parent"]}),
        (_("Internal"), {"fields": ["internal_notes", "version", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("code"), ordering="unit_number")
    def code_column(self, lab):
        return lab.code or lab.rnsr

    @admin.action(description=_("Mark the selected labs as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        # The queryset is the changelist's, already restricted to the user's offices.
        count = audited_update(queryset, needs_review=False, review_reason="")
        self.message_user(
            request,
            ngettext("%(count)d lab marked as reviewed.", "%(count)d labs marked as reviewed.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        # The place is read as the RNSR import reads it: official city, country, office from the département.
        changed = set(form.changed_data) if form is not None else set()
        if form is not None and (not change or {"postal_code", "city"} & changed):
            reason = lab_apply_place(lab=obj, user=request.user, office_chosen="regional_office" in changed)
            if reason:
                self.message_user(request, reason, messages.WARNING)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if isinstance(formset, SupervisionFormSet):
            formset.save_through_service(user=request.user)
            return
        super().save_formset(request, form, formset, change)

    def get_urls(self):
        # The RNSR import (upload → preview → confirm): labs/rnsr_views.py.
        import_view = partial(rnsr_views.rnsr_import, model_admin=self)
        confirm_view = partial(rnsr_views.rnsr_import_confirm, model_admin=self)
        return [
            path("import-rnsr/", self.admin_site.admin_view(import_view), name="labs_lab_import_rnsr"),
            path(
                "import-rnsr/confirm/",
                self.admin_site.admin_view(confirm_view),
                name="labs_lab_import_rnsr_confirm",
            ),
            *super().get_urls(),
        ]


@admin.register(Partner)
class PartnerAdmin(FoldedSearchMixin, TranslatedAdmin):  # type: ignore[misc]  # see TranslatedAdmin
    resource_classes = [PartnerResource]
    list_display = ["name", "acronym", "kind", "city", "uai", "siret", "lab_count"]
    list_filter = ["kind", "country"]
    readonly_fields = ["version", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": [("name_fr", "name_en"), "acronym", "slug", "kind"]}),
        (_("Identifiers"), {"fields": ["uai", "siret", "ror"]}),
        (_("Contact"), {"fields": ["country", "city", "address", "website", "email", "phone"]}),
        (_("Internal"), {"fields": ["internal_notes", "version", "created_at", "updated_at"]}),
    ]
    prepopulated_fields = {"slug": ["acronym"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lab_count=Count("supervisions"))

    def save_model(self, request, obj, form, change):
        fields = {field.name for field in Partner._meta.concrete_fields}
        values = {name: form.cleaned_data[name] for name in form.changed_data if name in fields}
        partner_update(partner=obj, values=values, user=request.user, source=ADMIN)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not is_national_admin(request.user):
            readonly = [*PARTNER_IDENTITY_FIELDS, *readonly]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if is_national_admin(request.user) else {}

    @admin.display(description=_("labs"), ordering="lab_count")
    def lab_count(self, partner):
        return partner.lab_count


@admin.register(Institute)
class InstituteAdmin(TrackedAdmin):
    list_display = ["acronym", "name_fr", "name_en", "usage_name"]
    search_fields = ["acronym", "name_fr", "name_en", "usage_name"]
    readonly_fields = ["version"]


@admin.register(Supervision)
class SupervisionAdmin(TrackedAdmin):
    resource_classes = [SupervisionResource]
    list_display = ["lab", "partner", "kind", "unit_code", "since", "until"]
    list_filter = ["kind", "lab__regional_office"]
    list_select_related = ["lab", "partner"]
    search_fields = ["unit_code", "lab__search_text", "partner__search_text"]
    autocomplete_fields = ["lab", "partner"]


@admin.register(Succession)
class SuccessionAdmin(TrackedAdmin):
    resource_classes = [SuccessionResource]
    list_display = ["predecessor", "successor", "kind", "year"]
    list_filter = ["kind"]
    list_select_related = ["predecessor", "successor"]
    search_fields = ["predecessor__search_text", "successor__search_text"]
    autocomplete_fields = ["predecessor", "successor"]
