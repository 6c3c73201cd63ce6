import uuid
from typing import Any, ClassVar

import simple_history
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import DatabaseError, models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .languages import source_language
from .scope import ScopedModel
from .text import fold_many


class StaleVersionError(DatabaseError):
    """Raised when a record is saved from a version that is no longer the one in the database."""

    def __init__(self, instance, expected: int):
        self.instance = instance
        self.expected = expected
        super().__init__(
            f"{instance._meta.label} {instance.pk} was changed by someone else since version {expected}."
        )


class TrackedModel(ScopedModel):
    """Base of every record staff edit.

    `version` is the optimistic-locking counter: every `save()` of an existing row is a conditional
    `UPDATE … SET version = v + 1 WHERE id = … AND version = v`, where `v` is the version the instance was
    read at. When a colleague saved in between, no row matches and `StaleVersionError` is raised instead
    of overwriting their work — on every path that saves an instance (admin, services, commands), and
    atomically on every database engine. Bulk writes (`QuerySet.update`, `bulk_update`) bypass `save()`:
    they must increment `version` themselves (see `regions.audit`).
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A translated field's original column (`name`, see `regions.languages`) keeps the French text:
        # saved in the active language, it would take an English editor's.
        with source_language():
            self._save_versioned(*args, **kwargs)

    def _save_versioned(self, *args, **kwargs):
        if self._state.adding:
            self._expected_version = None
            return super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
        self._expected_version = self.version
        self.version = self.version + 1
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.version = self._expected_version
            raise
        finally:
            self._expected_version = None

    # A private hook of Model.save_base, kept because Django has no public one that makes save() a
    # conditional UPDATE while still sending the signals the audit trail listens to; Django is pinned
    # to 5.2.x in pyproject.toml, and tests/regions/test_tracked_model.py fails if its signature moves.
    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        updated = super()._do_update(
            base_qs.filter(version=expected), using, pk_val, values, update_fields, forced_update
        )
        if not updated and base_qs.filter(pk=pk_val).exists():
            raise StaleVersionError(self, expected)
        return updated


class SearchableModel(models.Model):
    """A model whose folded text (`search_text`) feeds the directory's and the back-office's search.

    The subclass lists what is searched in `search_text_parts()`; `save()` refreshes the column, and
    bulk writers (imports, demo data), which bypass `save()`, call `refresh_search_text()` on each
    instance before `bulk_create`/`bulk_update`, so no write path can leave a stale folded copy.
    """

    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def search_text_parts(self) -> list[str]:
        raise NotImplementedError

    def refresh_search_text(self) -> bool:
        """Recompute `search_text` from the current values; True when it changed."""
        text = fold_many(*self.search_text_parts())
        changed = text != self.search_text
        self.search_text = text
        return changed


class HistorySource(models.Model):
    """Extra column of every history table: where a change came from (admin, import, command…)."""

    history_source = models.CharField(_("source"), max_length=20, blank=True, default="")

    class Meta:
        abstract = True


class AuditedHistoricalRecords(HistoricalRecords):
    """simple_history's HistoricalRecords that remembers itself on the model (`_audited_history`).

    The admin needs it to write one history row *after* a form's many-to-many fields and inlines are
    saved (see `regions.audit.record_history`), instead of one row per `m2m_changed` signal.
    """

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            sender._audited_history = self


def history(**kwargs) -> HistoricalRecords:
    """The audit trail every tracked model declares, with its `history_source` column."""
    return AuditedHistoricalRecords(bases=[HistorySource], **kwargs)


def register_history(model: type[models.Model], **kwargs) -> None:
    """`history()` for a model with translated fields, called from its app's `translation.py`.

    django-modeltranslation adds the `name_fr`, `name_en`… columns once every model is loaded, after the
    history table a `history = history()` attribute would have built: registered after them, the
    history table keeps each language.
    """
    simple_history.register(model, records_class=AuditedHistoricalRecords, bases=[HistorySource], **kwargs)


def period_constraint(start: str, end: str, name: str, message) -> models.CheckConstraint:
    """A CHECK that `end` is not before `start` when both are set."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{start}__isnull": True})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name=name,
        violation_error_message=message,
    )


def check_period(instance, start: str, end: str) -> None:
    """Raise a ValidationError on `end` that names both dates when the period ends before it starts."""
    first, last = getattr(instance, start), getattr(instance, end)
    if first is not None and last is not None and last < first:
        fmt = (lambda value: value.strftime("%d/%m/%Y")) if hasattr(first, "strftime") else str
        field = instance._meta.get_field
        raise ValidationError(
            {
                end: _("%(end_label)s (%(end)s) is before %(start_label)s (%(start)s).")
                % {
                    "end_label": field(end).verbose_name.capitalize(),
                    "end": fmt(last),
                    "start_label": field(start).verbose_name,
                    "start": fmt(first),
                }
            }
        )


office_code_validator = RegexValidator(
    r"^DR\d{2}$", _("An office code is “DR” followed by two digits, e.g. DR04.")
)


class RegionalOffice(TrackedModel):
    """A CNRS regional office (délégation régionale): the partners' first contact in a region."""

    # Scoped like the records: a regional editor sees, and can choose in autocompletes, their offices only.
    office_path = "pk"

    code = models.CharField(_("code"), max_length=4, unique=True, validators=[office_code_validator])
    name = models.CharField(_("name"), max_length=200)
    seat_city = models.CharField(_("seat"), max_length=100)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    representative = models.CharField(_("regional representative"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("The office that took over when this one was closed."),
    )

    history = history()

    class Meta:
        ordering = ["code"]
        verbose_name = _("regional office")
        verbose_name_plural = _("regional offices")
        # Reading the regional records (labs, supervisions…) of every office in the back-office; without
        # it a staff member sees those of their own offices only (regional editors).
        permissions = [("view_every_office", _("Can see the records of every regional office"))]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(successor=models.F("pk")),
                name="office_not_its_own_successor",
                violation_error_message=_("An office cannot succeed itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("directory:office_detail", args=[self.slug])

    @property
    def slug(self) -> str:
        return self.code.lower()


class OfficeMembership(ScopedModel):
    """A staff member's attachment to a regional office: the records they may edit."""

    national_admin_only = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="office_memberships",
    )
    office = models.ForeignKey(
        RegionalOffice,
        verbose_name=_("regional office"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )

    history = history()

    class Meta:
        ordering = ["office__code", "user__username"]
        verbose_name = _("office membership")
        verbose_name_plural = _("office memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "office"],
                name="one_membership_per_user_and_office",
                violation_error_message=_("This user already belongs to this office."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.office.code}"


class ServiceKind(models.TextChoices):
    HUMAN_RESOURCES = "hr", _("Human resources")
    FINANCE = "finance", _("Financial management")
    PARTNERSHIPS = "partnerships", _("Partnerships and technology transfer")
    INFORMATION_SYSTEMS = "information_systems", _("Information systems")
    HYGIENE_SECURITY = "hygiene_security", _("Hygiene and security")
    OTHER = "other", _("Other")


class OfficeService(TrackedModel):
    """A service a regional office gives its labs, with its head and contact details."""

    office_path = "office"

    office = models.ForeignKey(
        RegionalOffice, verbose_name=_("regional office"), on_delete=models.CASCADE, related_name="services"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ServiceKind.choices)
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Required for the “other” kind, e.g. Communication."),
    )
    head = models.CharField(_("head"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # default="": its language columns (`description_en`…) start empty, not NULL (regions.translation).
    description = models.TextField(_("description"), blank=True, default="")

    history: ClassVar[Any]  # regions.translation

    class Meta:
        ordering = ["office__code", "kind", "name"]
        verbose_name = _("office service")
        verbose_name_plural = _("office services")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "kind"],
                condition=~models.Q(kind="other"),
                name="one_service_per_kind_and_office",
                violation_error_message=_("This office already has a service of this kind."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="other") | ~models.Q(name=""),
                name="other_service_has_a_name",
                violation_error_message=_("A service of the “other” kind needs a name."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office.code} · {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.name if self.kind == ServiceKind.OTHER else self.get_kind_display()


class Department(ScopedModel):
    """A French département and the regional office its labs belong to by default."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    default_office = models.ForeignKey(
        RegionalOffice,
        verbose_name=_("default regional office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departments",
    )
    needs_review = models.BooleanField(
        _("shared between offices"),
        default=False,
        help_text=_("Labs here are shared between offices by agreement: imports flag them for review."),
    )

    history = history()

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ImportJob(models.Model):
    """One uploaded file of a back-office import (the RNSR import, a list's spreadsheet import), from its
    preview to its write.

    The preview and the write run as a background job (`regions.jobs`): queued on Redis when `REDIS_URL`
    is set, run at once in the request otherwise. The record says who uploaded which file for which import,
    which phase runs and how it went; `outcome` holds what the preview or result page shows, as JSON.
    Progress while a phase runs is kept in the cache (`regions.jobs.progress_of`): the phase runs inside
    one transaction, where its own writes would stay unseen until the end.
    """

    class Kind(models.TextChoices):
        RNSR = "rnsr", _("RNSR import")
        SPREADSHEET = "spreadsheet", _("spreadsheet import")

    class Phase(models.TextChoices):
        PREVIEW = "preview", _("preview")
        WRITE = "write", _("write")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("user")
    )
    kind = models.CharField(_("import"), max_length=20, choices=Kind.choices, editable=False)
    model_label = models.CharField(_("records imported"), max_length=100, editable=False)
    file_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(_("stored file"), max_length=255, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    options = models.JSONField(_("options"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, default="fr", editable=False)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.PREVIEW)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_phase_display()}, {self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("backoffice_import_job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def applied(self) -> bool:
        """True once the write phase has written the file."""
        return (
            self.phase == self.Phase.WRITE
            and self.status == self.Status.DONE
            and bool(self.outcome.get("applied"))
        )

    @property
    def url_prefix(self) -> str:
        """The admin URL names of the import's pages start with this: `admin:labs_lab_import_rnsr`…"""
        app_label, model_name = self.model_label.lower().split(".")
        suffix = "_import_rnsr" if self.kind == self.Kind.RNSR else "_import"
        return f"admin:{app_label}_{model_name}{suffix}"

    @property
    def upload_url(self) -> str:
        return reverse(self.url_prefix)

    @property
    def confirm_url(self) -> str:
        if self.kind == self.Kind.RNSR:
            return reverse(f"{self.url_prefix}_confirm")
        return reverse(self.url_prefix.removesuffix("_import") + "_process_import")

    @property
    def changelist_url(self) -> str:
        app_label, model_name = self.model_label.lower().split(".")
        return reverse(f"admin:{app_label}_{model_name}_changelist")
