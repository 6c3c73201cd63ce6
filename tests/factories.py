"""factory_boy factories for every model, producing valid identifiers (checksums included)."""

import datetime
from typing import TypeVar

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Model

from agreements.models import (
    AgreementSignatory,
    AgreementStatus,
    BoardSeat,
    IndustrialKind,
    IndustrialPartnership,
    PiaAction,
    PiaProject,
    ReviewDecision,
    ReviewNote,
    Site,
    SiteAgreement,
)
from cnrs_partners.models import ErrorReport
from labs.models import Institute, Lab, Partner, PartnerKind, Supervision, SupervisionKind, UnitType
from labs.validators import CHECK_LETTERS, luhn_ok, rnsr_check_letter
from regions.languages import source_language
from regions.models import OfficeMembership, RegionalOffice


def make_rnsr(n: int) -> str:
    digits = f"2020{n % 100000:05d}"
    return digits + rnsr_check_letter(digits)


def make_uai(n: int) -> str:
    digits = f"{(1000000 + n) % 10000000:07d}"
    return digits + CHECK_LETTERS[int(digits) % 23]


def make_siren(n: int) -> str:
    body = f"{(19000000 + n) % 100000000:08d}"
    for check in "0123456789":
        if luhn_ok(body + check):
            return body + check
    raise AssertionError("no Luhn digit")


def today() -> datetime.date:
    """Date defaults are relative to the day the tests run, so that they never expire on their own."""
    return datetime.date.today()


def office(code: str) -> RegionalOffice:
    """A regional office of the reference data (loaded by migrations)."""
    return RegionalOffice.objects.get(code=code)


def institute(acronym: str) -> Institute:
    return Institute.objects.get(acronym=acronym)


def cnrs() -> Partner:
    return Partner.objects.get(uai=settings.CNRS_UAI)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@cnrs.example")
    password = factory.django.Password("correct-horse-battery")
    is_staff = True


class OfficeMembershipFactory(factory.django.DjangoModelFactory[OfficeMembership]):
    class Meta:
        model = OfficeMembership

    user = factory.SubFactory(UserFactory)
    office = factory.LazyFunction(lambda: office("DR04"))


T = TypeVar("T", bound=Model)


class FrenchTextFactory(factory.django.DjangoModelFactory[T]):
    """A factory of a model with translated fields (`name_fr`, `name_en`…): `name="…"` is the French
    text, also in a test that runs in English (django-modeltranslation writes to the active language)."""

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        with source_language():
            return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with source_language():
            return super()._create(model_class, *args, **kwargs)


class PartnerFactory(FrenchTextFactory[Partner]):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Université de test n° {n}")
    acronym = factory.Sequence(lambda n: f"UT{n}")
    slug = factory.Sequence(lambda n: f"universite-test-{n}")
    kind = PartnerKind.UNIVERSITY
    city = "Orsay"
    uai = factory.Sequence(make_uai)
    siret = factory.Sequence(make_siren)


class LabFactory(FrenchTextFactory[Lab]):
    class Meta:
        model = Lab

    rnsr = factory.Sequence(make_rnsr)
    unit_type = UnitType.UPR
    unit_number = factory.Sequence(lambda n: str(9000 + n))
    slug = ""
    acronym = factory.Sequence(lambda n: f"LAB{n}")
    name = factory.Sequence(lambda n: f"Laboratoire de physique n° {n}")
    city = "Orsay"
    postal_code = "91405"
    primary_institute = factory.LazyFunction(lambda: institute("INP"))
    regional_office = factory.LazyFunction(lambda: office("DR04"))


class SupervisionFactory(factory.django.DjangoModelFactory[Supervision]):
    class Meta:
        model = Supervision

    lab = factory.SubFactory(LabFactory)
    partner = factory.SubFactory(PartnerFactory)
    kind = SupervisionKind.SUPERVISOR
    unit_code = factory.LazyAttribute(lambda s: s.lab.code)


def umr(**kwargs) -> Lab:
    """A joint research unit supervised by the CNRS and one university (or the given `university`)."""
    university = kwargs.pop("university", None) or PartnerFactory()
    lab = LabFactory.create(unit_type=UnitType.UMR, **kwargs)
    SupervisionFactory(lab=lab, partner=cnrs())
    SupervisionFactory(lab=lab, partner=university)
    return lab


class SiteFactory(FrenchTextFactory[Site]):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Site universitaire {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    city = "Orsay"


class SiteAgreementFactory(FrenchTextFactory[SiteAgreement]):
    class Meta:
        model = SiteAgreement

    site = factory.SubFactory(SiteFactory)
    title = factory.Sequence(lambda n: f"Convention de site n° {n}")
    reference = factory.Sequence(lambda n: f"CS-{n:04d}")
    status = AgreementStatus.SIGNED
    # In force whatever the day the tests run: from January two years ago to the end of the year after next.
    signed_on = factory.LazyFunction(lambda: datetime.date(today().year - 2, 1, 15))
    start_date = factory.LazyFunction(lambda: datetime.date(today().year - 2, 1, 1))
    end_date = factory.LazyFunction(lambda: datetime.date(today().year + 2, 12, 31))


class AgreementSignatoryFactory(factory.django.DjangoModelFactory[AgreementSignatory]):
    class Meta:
        model = AgreementSignatory

    agreement = factory.SubFactory(SiteAgreementFactory)
    partner = factory.SubFactory(PartnerFactory)


class PiaProjectFactory(FrenchTextFactory[PiaProject]):
    class Meta:
        model = PiaProject

    action = PiaAction.IDEX
    acronym = factory.Sequence(lambda n: f"IDEX{n}")
    name = factory.Sequence(lambda n: f"Initiative d'excellence {n}")
    start_year = factory.LazyFunction(lambda: today().year - 8)
    end_year = factory.LazyFunction(lambda: today().year + 2)


class BoardSeatFactory(factory.django.DjangoModelFactory[BoardSeat]):
    class Meta:
        model = BoardSeat

    partner = factory.SubFactory(PartnerFactory)
    body = "Conseil d'administration"


class IndustrialPartnershipFactory(factory.django.DjangoModelFactory[IndustrialPartnership]):
    class Meta:
        model = IndustrialPartnership

    kind = IndustrialKind.JOINT_LAB
    title = factory.Sequence(lambda n: f"Laboratoire commun {n}")
    start_date = factory.LazyFunction(lambda: datetime.date(today().year - 2, 1, 1))


class ReviewNoteFactory(factory.django.DjangoModelFactory[ReviewNote]):
    class Meta:
        model = ReviewNote

    site = factory.SubFactory(SiteFactory)
    author = factory.SubFactory(UserFactory)
    reviewed_on = factory.LazyFunction(today)
    decision = ReviewDecision.FOLLOW_UP
    comment = "Relancer l'université sur l'annexe des unités."


def site_in(*codes: str, name: str | None = None) -> Site:
    """A site attached to the regional offices `codes` (its agreements are edited by those offices)."""
    site = SiteFactory.create(**({"name": name} if name else {}))
    site.regional_offices.add(*(office(code) for code in codes))
    return site


def agreement_at(status: str, code: str = "DR04", **kwargs) -> SiteAgreement:
    """An agreement of a site of office `code`, put in `status` directly (no workflow rule applied)."""
    agreement = SiteAgreementFactory.create(
        site=site_in(code), status=AgreementStatus.DRAFT, signed_on=None, **kwargs
    )
    SiteAgreement.objects.filter(pk=agreement.pk).update(status=status)
    agreement.refresh_from_db()
    return agreement


class ErrorReportFactory(factory.django.DjangoModelFactory[ErrorReport]):
    """A new report about a lab of DR04 (pass `record` and `office` for another)."""

    class Meta:
        model = ErrorReport

    reference = factory.Sequence(lambda n: f"ERR-2026-T{n:07d}")
    record = factory.SubFactory(LabFactory)
    record_label = factory.LazyAttribute(lambda report: str(report.record))
    office = factory.LazyAttribute(lambda report: getattr(report.record, "regional_office", None))
    message = "Le directeur a changé en janvier."
    email = "visiteur@example.org"
