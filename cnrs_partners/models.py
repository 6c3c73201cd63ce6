"""Staff account hygiene (the one-time passwords `add_staff` hands out) and the public's error reports."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import RegionalOffice, TrackedModel, history

# Session key: this session's account still uses its one-time password (read by the middleware).
PASSWORD_CHANGE_REQUIRED = "cnrs_partners.password_change_required"


class OneTimePassword(models.Model):
    """An account whose password is still the one `add_staff` generated and printed.

    It lets the account log in for `ONE_TIME_PASSWORD_DAYS` after `issued_at`, and only to choose its own
    password (`cnrs_partners.middleware`); the row is deleted as soon as the account's password is set
    again, by whatever path (`cnrs_partners.validators.OneTimePasswordValidator.password_changed`). It has
    no page of its own: it is never shown, only asked.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="one_time_password",
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("one-time password")
        verbose_name_plural = _("one-time passwords")

    def __str__(self) -> str:
        return f"{self.user} · {self.issued_at:%Y-%m-%d %H:%M}"

    @property
    def expires_at(self) -> datetime:
        return self.issued_at + timedelta(days=settings.ONE_TIME_PASSWORD_DAYS)

    def has_expired(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at


@receiver(user_logged_in)
def _remember_password_change_required(sender, request, user, **kwargs):
    """Read once per login, so that the pages of an account with its own password cost no query."""
    session = getattr(request, "session", None)
    if session is not None and OneTimePassword.objects.filter(user=user).exists():
        session[PASSWORD_CHANGE_REQUIRED] = True


class ErrorReportStatus(models.TextChoices):
    NEW = "new", _("new")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    REJECTED = "rejected", _("rejected")


class ErrorReport(TrackedModel):
    """A visitor's "Report an error" about a public page: a lab, a partner, a site or a regional office.

    It lands in the back-office queue of the record's regional office (`office`), fixed when the report is
    made (`cnrs_partners.error_reports.services.office_of`):

    - a lab: its regional office;
    - a regional office: itself;
    - a site: its one regional office; a site of several offices goes to the national administrators (no
      office knows it alone), and a site with none to the one office all its labs share, if they do;
    - a partner: national (partners are national records);
    - a lab or a site without an office: national.

    A report without an office is *national*: only national administrators see it. Staff see and change
    reports through the scope (`office_path`): a regional editor, those of their offices only. The reporter
    gets `reference`, random rather than sequential so that nobody can list others' reports from theirs;
    the page it opens shows the record and the status, never the message nor the e-mail. `record_label`
    keeps what the record was called, should it be deleted.
    """

    office_path = "office"
    # A report changes nothing the public pages show: saving one leaves their cache alone.
    shown_on_public_pages = False

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.PROTECT, editable=False
    )
    object_id = models.PositiveBigIntegerField(_("record id"), editable=False)
    record = GenericForeignKey("content_type", "object_id")
    record_label = models.CharField(_("record"), max_length=300, editable=False)
    office = models.ForeignKey(
        RegionalOffice,
        verbose_name=_("regional office"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="error_reports",
        help_text=_("Empty: a national report, handled by the national administrators."),
    )
    message = models.TextField(_("what is wrong"), max_length=2000, editable=False)
    email = models.EmailField(_("reporter's e-mail"), blank=True, editable=False)
    language = models.CharField(_("language"), max_length=10, default="fr", editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ErrorReportStatus.choices, default=ErrorReportStatus.NEW
    )
    staff_note = models.TextField(_("internal note"), blank=True, help_text=_("Never shown to the reporter."))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = history()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")
        indexes = [models.Index(fields=["office", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} · {self.record_label}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.reference])
