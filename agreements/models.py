"""Sites, site agreements and their workflow log, PIA projects, board seats, industrial partnerships,
review notes.

One module, as Django expects an app's models; over 400 lines because it holds the app's eight models
with their constraints; the rules that move them live in `services.py`.
"""

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labs.models import Lab, Partner
from regions.models import (
    RegionalOffice,
    SearchableModel,
    TrackedModel,
    check_period,
    history,
    period_constraint,
)
from regions.periods import CURRENT, PAST, UPCOMING, Dated, DatedQuerySet, phase_of, running_on, today_or
from regions.scope import ScopedModel, ScopedQuerySet

from .validators import agreement_document_path, validate_pdf_document


class Site(SearchableModel, TrackedModel):
    """A university site (Paris-Saclay, Grenoble Alpes…) with which the CNRS signs site agreements."""

    # default="": the language columns (`name_en`…) of a new record start empty, not NULL.
    name = models.CharField(_("name"), max_length=200, default="")
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True, default="")
    members = models.ManyToManyField(
        Partner, verbose_name=_("member partners"), blank=True, related_name="sites"
    )
    regional_offices = models.ManyToManyField(
        RegionalOffice, verbose_name=_("regional offices"), blank=True, related_name="sites"
    )
    labs = models.ManyToManyField(
        Lab,
        verbose_name=_("labs on the site"),
        blank=True,
        related_name="sites",
        help_text=_("Every unit located on the site, covered by an agreement or not."),
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Never shown to the public.")
    )

    # Columns of each language (agreements.translation), beside the original `name` and `description`.
    name_fr: str | None
    name_en: str | None
    history: ClassVar[Any]  # agreements.translation

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:site_detail", args=[self.slug])

    def search_text_parts(self) -> list[str]:
        return [self.name_fr or "", self.name_en or "", self.city]


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATING = "negotiating", _("Negotiating")
    UNDER_REVIEW = "under_review", _("Under review")
    SIGNED = "signed", _("Signed")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


PUBLIC_AGREEMENT_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)


class SiteAgreementQuerySet(ScopedQuerySet):
    def public(self):
        """Agreements the public may see: never drafts, negotiations or agreements under review."""
        return self.filter(status__in=PUBLIC_AGREEMENT_STATUSES)

    def in_force(self, on: datetime.date | None = None):
        """Agreements in force on `on` (today by default): the one definition of "in force".

        Signed, and `on` within its period (start and end included, either open: `regions.periods`). An
        agreement that has since expired was signed while it ran: it counts on the days of its period once
        its end has passed (the workflow expires an agreement only then), so that a page as of a past day
        shows it; never on or after today. A terminated agreement never counts: the model keeps no date of
        its termination.

        `SiteAgreement.is_in_force` is its Python twin, for agreements already loaded: change both together
        (tests/cnrs_partners/directory/test_in_force.py checks that they agree on every status and date edge).
        """
        was_signed = models.Q(status=AgreementStatus.SIGNED) | models.Q(
            status=AgreementStatus.EXPIRED, end_date__lt=timezone.localdate()
        )
        return self.filter(was_signed & running_on("start_date", "end_date", today_or(on)))


def private_document_storage() -> Storage:
    """The storage of agreement documents, outside every path the web server or `/media/` serves: they are
    only read through the document view, which checks who may see the agreement."""
    return storages["agreement_documents"]


class SiteAgreement(TrackedModel):
    """A site agreement: shared scientific strategy and framework for the joint units of a site.

    Seen by every staff member and, once signed, by the public; drafted and negotiated by the editors of its
    site's regional offices (`edit_office_path`); its status moves only through
    `agreements.services.agreement_change_status`.
    """

    edit_office_path = "site__regional_offices"

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="agreements"
    )
    title = models.CharField(_("title"), max_length=300, default="")
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    # Annotated: django-stubs cannot infer the types of a field whose `through` model comes later.
    signatories: "models.ManyToManyField[Partner, AgreementSignatory]" = models.ManyToManyField(
        Partner,
        verbose_name=_("signatory partners"),
        through="AgreementSignatory",
        blank=True,
        related_name="signed_agreements",
    )
    status = models.CharField(
        _("status"), max_length=15, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    strategy = models.TextField(_("shared scientific strategy"), blank=True, default="")
    joint_unit_framework = models.TextField(
        _("framework for joint units"), blank=True, help_text=_("Resources, contracts, fees, publications…")
    )
    covered_labs = models.ManyToManyField(
        Lab, verbose_name=_("covered labs"), blank=True, related_name="site_agreements"
    )
    document = models.FileField(
        _("signed document"),
        upload_to=agreement_document_path,
        storage=private_document_storage,
        validators=[validate_pdf_document],
        blank=True,
        help_text=_("PDF only. Served through a page that checks who may see the agreement."),
    )
    document_is_public = models.BooleanField(
        _("document is public"),
        default=False,
        help_text=_("Once the agreement is signed, the public directory offers its document for download."),
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Never shown to the public.")
    )

    objects: ClassVar = SiteAgreementQuerySet.as_manager()  # overrides ScopedModel.objects, a ClassVar
    history: ClassVar[Any]  # agreements.translation

    class Meta:
        ordering = ["site__name_fr", "-start_date"]
        verbose_name = _("site agreement")
        verbose_name_plural = _("site agreements")
        permissions = [
            (
                "review_siteagreement",
                _("Can put a site agreement under review, sign or terminate it"),
            ),
        ]
        constraints = [
            period_constraint(
                "start_date",
                "end_date",
                "agreement_end_after_start",
                _("The end must not be before the start."),
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~models.Q(reference=""),
                name="agreement_reference_unique",
                violation_error_message=_("Another agreement already has this reference."),
            ),
            models.CheckConstraint(
                condition=~models.Q(renews=models.F("pk")),
                name="agreement_does_not_renew_itself",
                violation_error_message=_("An agreement cannot renew itself."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_AGREEMENT_STATUSES

    @property
    def display_status(self) -> str:
        """The status as shown everywhere: a signed agreement whose end date has passed reads "expired"
        before the daily `agreements_due` command records the move."""
        if self.status == AgreementStatus.SIGNED and self.end_date and self.end_date < timezone.localdate():
            return AgreementStatus.EXPIRED
        return self.status

    @property
    def display_status_label(self) -> str:
        return str(AgreementStatus(self.display_status).label)

    def is_in_force(self, on: datetime.date | None = None) -> bool:
        """Whether this agreement is in force on `on` (today by default), without a query.

        The Python twin of `SiteAgreementQuerySet.in_force`, for agreements already loaded: the two must
        agree (tests/cnrs_partners/directory/test_in_force.py checks every status and date edge); change them together.
        """
        was_signed = self.status == AgreementStatus.SIGNED or (
            self.status == AgreementStatus.EXPIRED
            and self.end_date is not None
            and self.end_date < timezone.localdate()
        )
        return was_signed and phase_of(self.start_date, self.end_date, today_or(on)) == CURRENT

    def phase_on(self, day: datetime.date | None = None) -> str:
        """CURRENT when in force on `day`, UPCOMING when it starts later, PAST otherwise (ended or
        terminated): the parts of a public page. For public agreements only: a draft is none of them."""
        if self.is_in_force(day):
            return CURRENT
        return UPCOMING if phase_of(self.start_date, None, today_or(day)) == UPCOMING else PAST

    def clean(self):
        check_period(self, "start_date", "end_date")
        if self.status == AgreementStatus.SIGNED and not self.signed_on:
            raise ValidationError({"signed_on": _("A signed agreement needs its signature date.")})


class AgreementStatusChange(models.Model):
    """One move of an agreement's workflow: from which status to which, by whom, when and why.

    Written by `agreements.services.agreement_change_status` only; it is itself the log, so it keeps no
    history of its own.
    """

    agreement = models.ForeignKey(
        SiteAgreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=15, choices=AgreementStatus.choices)
    to_status = models.CharField(_("to"), max_length=15, choices=AgreementStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class AgreementSignatory(ScopedModel):
    """A partner that signs a site agreement; PROTECT keeps a signatory from being deleted."""

    edit_office_path = "agreement__site__regional_offices"

    agreement = models.ForeignKey(SiteAgreement, on_delete=models.CASCADE, related_name="signatory_links")
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="agreement_signatures"
    )

    history = history()

    class Meta:
        ordering = ["agreement", "partner__name_fr"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "partner"],
                name="one_signature_per_partner",
                violation_error_message=_("This partner already signs this agreement."),
            )
        ]

    def __str__(self) -> str:
        return str(self.partner)


class PiaAction(models.TextChoices):
    IDEX = "idex", "Idex"
    ISITE = "isite", "I-site"
    LABEX = "labex", "Labex"
    EQUIPEX = "equipex", "Equipex"
    EUR = "eur", "EUR"


class JuryOutcome(models.TextChoices):
    SELECTED = "selected", _("Selected")
    PROBATION = "probation", _("On probation")
    CONFIRMED = "confirmed", _("Confirmed")
    STOPPED = "stopped", _("Stopped")


def _year_field(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )


class PiaProject(Dated, TrackedModel):
    """A project of the Investments for the Future Programme (PIA) the CNRS takes part in.

    Dated by years (`regions.periods`): from `start_year` to `end_year`, both included.
    """

    period = ("start_year", "end_year")
    period_in_years = True

    action = models.CharField(_("action"), max_length=10, choices=PiaAction.choices)
    acronym = models.CharField(_("acronym"), max_length=60)
    name = models.CharField(_("name"), max_length=300, default="")
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pia_projects",
    )
    lead_partner = models.ForeignKey(
        Partner,
        verbose_name=_("lead partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_pia_projects",
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partners"), blank=True, related_name="pia_projects"
    )
    labs = models.ManyToManyField(Lab, verbose_name=_("labs"), blank=True, related_name="pia_projects")
    outcome = models.CharField(_("jury outcome"), max_length=10, choices=JuryOutcome.choices, blank=True)
    cnrs_role = models.CharField(_("CNRS role"), max_length=200, blank=True)
    start_year = _year_field(_("start year"))
    end_year = _year_field(_("end year"))
    funding = models.DecimalField(
        _("funding (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    objects: ClassVar = DatedQuerySet.as_manager()  # overrides ScopedModel.objects, a ClassVar
    history: ClassVar[Any]  # agreements.translation

    class Meta:
        ordering = ["action", "acronym"]
        verbose_name = _("PIA project")
        verbose_name_plural = _("PIA projects")
        constraints = [
            period_constraint(
                "start_year",
                "end_year",
                "pia_end_after_start",
                _("The end year must not be before the start year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.acronym}"

    def clean(self):
        check_period(self, "start_year", "end_year")


class SeatKind(models.TextChoices):
    BOARD_SEAT = "board_seat", _("Seat on the governing board")
    FOUNDING_MEMBER = "founding_member", _("Founding member")
    OBSERVER = "observer", _("Observer")


class BoardSeat(Dated, TrackedModel):
    """A seat the CNRS holds on a partner's governing body, or its founding membership (ComUE).

    Dated (`regions.periods`): from `since` to `until`, both included, either open;
    `BoardSeat.objects.current_on(day)`, `.ended_before(day)`, and `phase_on(day)` for a loaded row.
    """

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="board_seats"
    )
    body = models.CharField(_("governing body"), max_length=200, help_text=_("e.g. Conseil d'administration"))
    kind = models.CharField(_("kind"), max_length=20, choices=SeatKind.choices, default=SeatKind.BOARD_SEAT)
    holder = models.CharField(_("held by"), max_length=200, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    objects: ClassVar = DatedQuerySet.as_manager()  # overrides ScopedModel.objects, a ClassVar
    history = history()

    class Meta:
        ordering = ["partner__name_fr", "body"]
        verbose_name = _("board seat")
        verbose_name_plural = _("board seats")
        constraints = [
            period_constraint(
                "since", "until", "seat_until_after_since", _("The end must not be before the start.")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.body}"

    def clean(self):
        check_period(self, "since", "until")


class IndustrialKind(models.TextChoices):
    JOINT_LAB = "joint_lab", _("Joint laboratory")
    JOINT_PROJECT = "joint_project", _("Joint research project")
    FRAMEWORK = "framework", _("Framework agreement")
    PATENT = "patent", _("Patent")
    START_UP = "start_up", _("Start-up")
    PUBLIC_PRIVATE = "public_private", _("Public-private organisation")


class IndustrialStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class IndustrialPartnership(Dated, TrackedModel):
    """A partnership with companies: joint lab, project, patent, start-up, framework agreement…

    Dated (`regions.periods`) from `start_date` to `end_date`, both included; one marked ended without
    an end date reads ended on every day, since when it ended is not known.
    """

    period = ("start_date", "end_date")

    kind = models.CharField(_("kind"), max_length=20, choices=IndustrialKind.choices)
    title = models.CharField(_("title"), max_length=300)
    companies = models.ManyToManyField(
        Partner, verbose_name=_("companies"), blank=True, related_name="industrial_partnerships"
    )
    labs = models.ManyToManyField(
        Lab, verbose_name=_("labs"), blank=True, related_name="industrial_partnerships"
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=IndustrialStatus.choices, default=IndustrialStatus.ACTIVE
    )
    description = models.TextField(_("description"), blank=True)

    objects: ClassVar = DatedQuerySet.as_manager()  # overrides ScopedModel.objects, a ClassVar
    history = history(m2m_fields=[companies, labs])

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("industrial partnership")
        verbose_name_plural = _("industrial partnerships")
        constraints = [
            period_constraint(
                "start_date",
                "end_date",
                "industrial_end_after_start",
                _("The end must not be before the start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def ended_undated_condition(cls, prefix: str) -> models.Q | None:
        return models.Q(**{f"{prefix}status": IndustrialStatus.ENDED, f"{prefix}end_date__isnull": True})

    def has_ended_undated(self) -> bool:
        return self.status == IndustrialStatus.ENDED and self.end_date is None

    def clean(self):
        check_period(self, "start_date", "end_date")


class ReviewDecision(models.TextChoices):
    NO_ACTION = "no_action", _("Nothing to do")
    FOLLOW_UP = "follow_up", _("Follow up")
    PREPARE_RENEWAL = "prepare_renewal", _("Prepare the renewal")
    FIX_DATA = "fix_data", _("Fix the data")
    ESCALATE = "escalate", _("Refer to the management")


class ReviewNote(TrackedModel):
    """A coordinator's dated review of a site: the decision taken, why, and when to look at it again.

    A national record, like the site it reviews: the review pages show a site's notes to whoever may read
    that site. Notes are kept in the audit trail like every other record.
    """

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="review_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_notes",
    )
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    decision = models.CharField(_("decision"), max_length=20, choices=ReviewDecision.choices)
    comment = models.TextField(_("comment"), blank=True)
    follow_up_on = models.DateField(
        _("follow up on"), null=True, blank=True, help_text=_("The dashboard lists the site from that day.")
    )

    history = history()

    class Meta:
        ordering = ["-reviewed_on", "-created_at", "-pk"]
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")
        constraints = [
            period_constraint(
                "reviewed_on",
                "follow_up_on",
                "review_follow_up_after_review",
                _("The follow-up must not be before the review."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.reviewed_on:%d/%m/%Y} · {self.get_decision_display()}"

    def get_absolute_url(self) -> str:
        return reverse("review:site_detail", args=[self.site.slug]) + "#review-notes"

    def clean(self):
        check_period(self, "reviewed_on", "follow_up_on")
