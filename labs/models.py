"""Institutes, partners, labs and the links between them (supervisions, successions).

One module, as Django expects an app's models; over 400 lines because each model carries its constraints
and their messages in the database rather than in forms, and its own reading of dates (`phase_on`,
`current_on`: see `regions.periods`); the rules that move records live in `services.py`.
"""

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from regions.models import (
    RegionalOffice,
    SearchableModel,
    TrackedModel,
    check_period,
    history,
    period_constraint,
)
from regions.periods import CURRENT, PAST, UPCOMING, Dated, DatedQuerySet, today_or
from regions.scope import ScopedQuerySet

from .hierarchy import loop_through
from .validators import validate_rnsr, validate_ror, validate_siren_or_siret, validate_uai


class Institute(TrackedModel):
    """One of the ten CNRS institutes that steer the labs' science."""

    acronym = models.CharField(_("acronym"), max_length=10, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    usage_name = models.CharField(
        _("usage name"), max_length=100, blank=True, help_text=_("Since 2024, e.g. “CNRS Chimie”.")
    )

    history = history()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("institute")
        verbose_name_plural = _("institutes")

    def __str__(self) -> str:
        return self.acronym

    @property
    def name(self) -> str:
        """The English name on an English page, else the French one."""
        return self.name_en if (get_language() or "fr").startswith("en") else self.name_fr


class PartnerKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    SCHOOL = "school", _("School")
    RESEARCH_ORGANISATION = "research_organisation", _("Research organisation")
    HOSPITAL = "hospital", _("Hospital")
    COMPANY = "company", _("Company")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    FOUNDATION = "foundation", _("Foundation")
    COMUE = "comue", _("University grouping (ComUE)")
    FOREIGN = "foreign", _("Foreign institution")
    OTHER = "other", _("Other")


class Partner(SearchableModel, TrackedModel):
    """Any institution the CNRS works with: a supervising university, a company, a hospital…"""

    # default="": the language columns (`name_en`…) of a new record start empty, not NULL (labs.translation).
    name = models.CharField(_("name"), max_length=255, default="")
    acronym = models.CharField(_("acronym"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=PartnerKind.choices, default=PartnerKind.OTHER)
    country = models.CharField(
        _("country"), max_length=2, default="FR", help_text=_("ISO 3166 code, e.g. FR.")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    uai = models.CharField(_("UAI"), max_length=8, blank=True, validators=[validate_uai])
    siret = models.CharField(
        _("SIREN or SIRET"), max_length=14, blank=True, validators=[validate_siren_or_siret]
    )
    ror = models.CharField(_("ROR identifier"), max_length=9, blank=True, validators=[validate_ror])
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Never shown to the public.")
    )

    # Columns of each language (labs.translation), beside the original `name`.
    name_fr: str | None
    name_en: str | None
    history: ClassVar[Any]  # labs.translation

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["uai"],
                condition=~models.Q(uai=""),
                name="partner_uai_unique",
                violation_error_message=_("Another partner already has this UAI."),
            ),
            models.UniqueConstraint(
                fields=["siret"],
                condition=~models.Q(siret=""),
                name="partner_siret_unique",
                violation_error_message=_("Another partner already has this SIREN/SIRET."),
            ),
            models.UniqueConstraint(
                fields=["ror"],
                condition=~models.Q(ror=""),
                name="partner_ror_unique",
                violation_error_message=_("Another partner already has this ROR identifier."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:partner_detail", args=[self.slug])

    @property
    def is_cnrs(self) -> bool:
        return self.uai == settings.CNRS_UAI

    def search_text_parts(self) -> list[str]:
        return [
            self.name_fr or "",
            self.name_en or "",
            self.acronym,
            self.city,
            self.uai,
            self.siret,
            self.ror,
        ]

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.acronym or self.name)[:100] or "partner"
        super().save(*args, **kwargs)


class UnitType(models.TextChoices):
    UMR = "UMR", _("Joint research unit (UMR)")
    UPR = "UPR", _("CNRS research unit (UPR)")
    UAR = "UAR", _("Support unit (UAR)")
    IRL = "IRL", _("International research laboratory (IRL)")
    EMR = "EMR", _("Research team (EMR)")
    FRE = "FRE", _("Research unit in evolution (FRE)")
    FR = "FR", _("Research federation (FR)")
    GDR = "GDR", _("Research network (GDR)")
    OTHER = "other", _("Other")


class LabStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


# Some structures are centuries old (the Muséum, 1635; the Collège de France, 1530): a year is kept as given.
OLDEST_YEAR = 1000


# The directory's orders (`labs.filters.LabFilter.SORTS`), each served by an index on the active labs
# (`Lab.Meta.indexes`): without one, the first page of 20,000 labs was a sort of every row. Unit numbers are
# text: ordering by length first sorts "UMR 95" before "UMR 8502"; labs without a number (networks known
# only by their RNSR number) come last. Names sort on their French column in both languages (most English
# names are empty).
class IsEmpty(models.Func):
    """`column = ''`, the empty text written in the SQL rather than bound as a parameter: SQLite serves an
    ORDER BY from an index on an expression only when the two read the same, and a bound value reads as
    `?`. False sorts before true: labs with a number first."""

    template = "(%(expressions)s = '')"
    output_field = models.BooleanField()


DIRECTORY_ORDERS: dict[str, tuple] = {
    "code": (
        IsEmpty("unit_number"),
        Length("unit_number"),
        "unit_number",
        "unit_type",
        "name_fr",
    ),
    "name": ("name_fr", "unit_number"),
    "city": ("city", "name_fr"),
}


def _directory_order_index(sort: str) -> models.Index:
    terms = [models.F(term) if isinstance(term, str) else term for term in DIRECTORY_ORDERS[sort]]
    return models.Index(models.F("status"), *terms, name=f"lab_directory_{sort}_order")


class LabQuerySet(ScopedQuerySet):
    def active_on(self, day: datetime.date | None = None):
        """Labs that existed on `day` (today by default): `Lab.phase_on` says CURRENT."""
        return self.filter(Lab.active_condition(day))


class Lab(SearchableModel, TrackedModel):
    """A research structure (unit, federation, network) known by its national RNSR number.

    Its life runs from its creation year to its closing day, both included (`phase_on`, `active_on`):
    the dates win over the status, so that a page as of a past day shows the lab as it was.
    """

    office_path = "regional_office"

    rnsr = models.CharField(_("RNSR number"), max_length=10, unique=True, validators=[validate_rnsr])
    unit_type = models.CharField(
        _("unit type"), max_length=10, choices=UnitType.choices, default=UnitType.UMR
    )
    unit_number = models.CharField(_("unit number"), max_length=10, blank=True, help_text=_("e.g. 8502"))
    slug = models.SlugField(_("slug"), max_length=40, unique=True, help_text=_("e.g. umr-8502"))
    acronym = models.CharField(_("acronym"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=300, default="")
    primary_institute = models.ForeignKey(
        Institute,
        verbose_name=_("primary institute"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_labs",
    )
    secondary_institutes = models.ManyToManyField(
        Institute, verbose_name=_("secondary institutes"), blank=True, related_name="secondary_labs"
    )
    regional_office = models.ForeignKey(
        RegionalOffice,
        verbose_name=_("regional office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="labs",
    )
    needs_review = models.BooleanField(_("needs review"), default=False)
    review_reason = models.CharField(_("why it needs review"), max_length=255, blank=True)
    address = models.TextField(_("address"), blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # Blank when a file gives a place nobody recognised (`regions.places`): a person sets it then.
    country = CountryField(_("country"), default="FR", blank=True)
    director = models.CharField(_("director"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True, max_length=300)
    creation_year = models.PositiveSmallIntegerField(
        _("creation year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(OLDEST_YEAR), MaxValueValidator(2100)],
    )
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=LabStatus.choices, default=LabStatus.ACTIVE)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent structure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    scientific_domain = models.CharField(_("scientific domain"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, default="")
    keywords = models.CharField(_("keywords"), max_length=500, blank=True, help_text=_("Comma-separated."))
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Never shown to the public.")
    )

    objects: ClassVar = LabQuerySet.as_manager()  # overrides ScopedModel.objects, a ClassVar
    # Columns of each language (labs.translation), beside the original `name` and `description`.
    name_fr: str | None
    name_en: str | None
    history: ClassVar[Any]  # labs.translation

    class Meta:
        ordering = ["unit_type", "unit_number", "name_fr"]
        verbose_name = _("lab")
        verbose_name_plural = _("labs")
        indexes = [
            models.Index(fields=["status", "regional_office"]),
            models.Index(fields=["city"]),
            *(_directory_order_index(sort) for sort in DIRECTORY_ORDERS),
        ]
        constraints = [
            period_constraint(
                "contract_start",
                "contract_end",
                "lab_contract_end_after_start",
                _("The contract end must not be before the contract start."),
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="lab_not_its_own_parent",
                violation_error_message=_("A structure cannot be its own parent."),
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.code} {self.acronym}".strip() if self.code else self.acronym or self.rnsr
        return f"{label} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("directory:lab_detail", args=[self.slug])

    @property
    def code(self) -> str:
        """The CNRS unit code, e.g. “UMR 8502” (empty when the structure has no number)."""
        return self.unit_code(self.unit_type, self.unit_number)

    @staticmethod
    def unit_code(unit_type: str, unit_number: str) -> str:
        """`code` from the two fields, for rows read without a model instance (the exports)."""
        if not unit_number:
            return ""
        prefix = "" if unit_type == UnitType.OTHER else unit_type
        return f"{prefix} {unit_number}".strip()

    @property
    def is_closed(self) -> bool:
        return self.status == LabStatus.CLOSED

    def phase_on(self, day: datetime.date | None = None) -> str:
        """UPCOMING before its creation year, PAST after its closing day, CURRENT in between.

        The Python twin of `active_condition` (`Lab.objects.active_on`): change both together. A lab
        closed without a recorded closing day reads closed on every day: when it closed is not known.
        """
        day = today_or(day)
        if self.creation_year and day.year < self.creation_year:
            return UPCOMING
        if self.closed_on:
            return PAST if self.closed_on < day else CURRENT
        return PAST if self.status == LabStatus.CLOSED else CURRENT

    def status_on(self, day: datetime.date | None = None) -> str | None:
        """The lab's status on `day` (a `LabStatus`), or None when it did not exist yet."""
        return {CURRENT: LabStatus.ACTIVE, PAST: LabStatus.CLOSED}.get(self.phase_on(day))

    @classmethod
    def created_condition(cls, day: datetime.date | None = None, *, through: str = "") -> models.Q:
        """Labs created by `day` (`phase_on` is not UPCOMING), seen from a model that reaches them through
        `through`."""
        p = f"{through}__" if through else ""
        return models.Q(**{f"{p}creation_year__isnull": True}) | models.Q(
            **{f"{p}creation_year__lte": today_or(day).year}
        )

    @classmethod
    def active_condition(cls, day: datetime.date | None = None, *, through: str = "") -> models.Q:
        """Labs that existed on `day` (`phase_on` is CURRENT), seen from a model that reaches them through
        `through`."""
        day = today_or(day)
        p = f"{through}__" if through else ""
        not_closed = models.Q(**{f"{p}closed_on__gte": day}) | models.Q(
            **{f"{p}closed_on__isnull": True, f"{p}status": LabStatus.ACTIVE}
        )
        return cls.created_condition(day, through=through) & not_closed

    def default_slug(self) -> str:
        if self.unit_number and self.unit_type != UnitType.OTHER:
            return slugify(f"{self.unit_type}-{self.unit_number}")
        return self.rnsr.lower()

    def search_text_parts(self) -> list[str]:
        compact = self.code.replace(" ", "")
        return [
            self.code,
            compact,
            self.rnsr,
            self.acronym,
            self.name_fr or "",
            self.name_en or "",
            self.city,
            self.keywords,
        ]

    def clean(self):
        check_period(self, "contract_start", "contract_end")
        errors = {}
        if self.status == LabStatus.CLOSED and not self.closed_on:
            errors["closed_on"] = _("Give the date the lab was closed.")
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = _("A structure cannot be its own parent.")
        elif loop := self.parent_loop():
            errors["parent"] = _(
                "%(parent)s is already below this structure (%(chain)s): choose another parent."
            ) % {
                "parent": loop[0],
                "chain": " → ".join(str(lab) for lab in [*loop, self]),
            }
        if errors:
            raise ValidationError(errors)

    def parent_loop(self) -> list["Lab"]:
        """The structures from the chosen parent down to this one when the parent is already below it
        (`labs.hierarchy`); empty when the hierarchy stays a tree. One query per level walked."""
        if not (self.pk and self.parent_id):
            return []

        def parent_of(pk: int) -> int | None:
            return Lab.objects.filter(pk=pk).values_list("parent_id", flat=True).first()

        chain = loop_through(self.pk, self.parent_id, parent_of)
        if not chain:
            return []
        labs = Lab.objects.in_bulk(chain[:-1])
        return [labs[pk] for pk in chain[:-1]]

    def supervisor_errors(self, supervisors: list["Partner"]) -> list[str | Promise]:
        """Why this set of supervising partners breaks the rules of the lab's unit type, if it does.

        A UMR is supervised by the CNRS and at least one other institution; a UPR by the CNRS alone.
        Closed labs keep whatever history they had.
        """
        if self.status == LabStatus.CLOSED:
            return []
        has_cnrs = any(partner.is_cnrs for partner in supervisors)
        others = [partner for partner in supervisors if not partner.is_cnrs]
        errors: list[str | Promise] = []
        if self.unit_type == UnitType.UMR:
            if not has_cnrs:
                errors.append(
                    _("A joint research unit (UMR) must have the CNRS among its supervising institutions.")
                )
            if not others:
                errors.append(
                    _(
                        "A joint research unit (UMR) needs at least one supervising institution besides the CNRS."
                    )
                )
        elif self.unit_type == UnitType.UPR and others:
            errors.append(
                _(
                    "A CNRS research unit (UPR) has no supervising institution other than the CNRS (found: %(names)s)."
                )
                % {"names": ", ".join(str(partner) for partner in others)}
            )
        return errors

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.default_slug()
        super().save(*args, **kwargs)


class SupervisionKind(models.TextChoices):
    SUPERVISOR = "supervisor", _("Supervising institution")
    PARTICIPANT = "participant", _("Participating institution")


class Supervision(Dated, TrackedModel):
    """The link between a lab and a partner that supervises it (tutelle) or takes part in it.

    Dated (`regions.periods`): from `since` to `until`, both included, either open;
    `Supervision.objects.current_on(day)`, `.ended_before(day)`, and `phase_on(day)` for a loaded row.
    """

    office_path = "lab__regional_office"

    lab = models.ForeignKey(Lab, verbose_name=_("lab"), on_delete=models.CASCADE, related_name="supervisions")
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="supervisions"
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=SupervisionKind.choices, default=SupervisionKind.SUPERVISOR
    )
    unit_code = models.CharField(
        _("unit code given by this partner"), max_length=30, blank=True, help_text=_("e.g. UMR 8502")
    )
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    objects: ClassVar = DatedQuerySet.as_manager()  # overrides ScopedModel.objects, a ClassVar
    history = history()

    class Meta:
        ordering = ["lab", "kind", "partner__name_fr"]
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "partner"],
                name="one_supervision_per_lab_and_partner",
                violation_error_message=_("This partner is already linked to this lab."),
            ),
            models.UniqueConstraint(
                fields=["partner", "unit_code"],
                condition=~models.Q(unit_code=""),
                name="unit_code_unique_per_partner",
                violation_error_message=_("This partner already gives this unit code to another lab."),
            ),
            period_constraint(
                "since", "until", "supervision_until_after_since", _("The end must not be before the start.")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} → {self.lab.code or self.lab.rnsr} ({self.get_kind_display()})"

    def clean(self):
        check_period(self, "since", "until")


class SuccessionKind(models.TextChoices):
    RENEWAL = "renewal", _("Renewal")
    MERGER = "merger", _("Merger")
    SPLIT = "split", _("Split")
    INTEGRATION = "integration", _("Integration")
    SPIN_OFF = "spin_off", _("Spin-off")


class Succession(TrackedModel):
    """A lab that continues (all or part of) an earlier one, at a contract renewal."""

    # A succession belongs to the office of the lab that continues.
    office_path = "successor__regional_office"

    predecessor = models.ForeignKey(
        Lab,
        verbose_name=_("predecessor"),
        on_delete=models.CASCADE,
        related_name="successions_as_predecessor",
    )
    successor = models.ForeignKey(
        Lab, verbose_name=_("successor"), on_delete=models.CASCADE, related_name="successions_as_successor"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SuccessionKind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(OLDEST_YEAR), MaxValueValidator(2100)]
    )

    history = history()

    class Meta:
        ordering = ["-year", "predecessor"]
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="one_succession_per_pair",
                violation_error_message=_("This succession is already recorded."),
            ),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")),
                name="succession_between_two_labs",
                violation_error_message=_("A lab cannot succeed itself."),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.predecessor.code or self.predecessor.rnsr} → {self.successor.code or self.successor.rnsr}"
        )
