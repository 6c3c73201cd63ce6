"""The small, realistic directory the public and browser tests share, built from the shared factories."""

import datetime

from agreements.models import AgreementStatus
from labs.models import LabStatus, Succession, SuccessionKind, SupervisionKind
from tests.factories import (
    AgreementSignatoryFactory,
    IndustrialPartnershipFactory,
    LabFactory,
    PartnerFactory,
    PiaProjectFactory,
    SiteAgreementFactory,
    SiteFactory,
    SupervisionFactory,
    cnrs,
    institute,
    office,
    today,
    umr,
)


def build_paris_saclay():
    return PartnerFactory(name="Université Paris-Saclay", acronym="UPSaclay", slug="universite-paris-saclay")


def build_lps(paris_saclay):
    """UMR 8502, Laboratoire de physique des solides, Orsay (DR04, INP), supervised by the CNRS and Paris-Saclay."""
    lab = umr(
        unit_number="8502",
        acronym="LPS",
        name="Laboratoire de physique des solides",
        name_en="Solid State Physics Laboratory",
        city="Orsay",
        address="1 rue Nicolas Appert",
        director="Jeanne Dupont",
        university=paris_saclay,
        internal_notes="SECRET-LAB-NOTE",
    )
    return lab


def build_directory(lps=None, paris_saclay=None):
    """LPS plus a chemistry lab in Marseille, a closed lab, a site with public and draft agreements."""
    paris_saclay = paris_saclay or build_paris_saclay()
    lps = lps or build_lps(paris_saclay)
    marseille = PartnerFactory(name="Aix-Marseille Université", acronym="AMU", slug="amu", city="Marseille")
    chem = umr(
        unit_number="7313",
        acronym="ISM2",
        name="Institut des sciences moléculaires de Marseille",
        city="Marseille",
        postal_code="13013",
        primary_institute=institute("INC"),
        regional_office=office("DR12"),
        university=marseille,
    )
    chem.secondary_institutes.add(institute("INSB"))
    closed = LabFactory(
        unit_number="8000",
        acronym="OLD",
        name="École de physique disparue",
        status=LabStatus.CLOSED,
        closed_on=datetime.date(2020, 12, 31),
    )
    site = SiteFactory(
        name="Paris-Saclay", slug="paris-saclay", city="Orsay", internal_notes="SECRET-SITE-NOTE"
    )
    site.members.add(paris_saclay, cnrs())
    site.regional_offices.add(office("DR04"))
    site.labs.add(lps, closed)
    signed = SiteAgreementFactory(
        site=site,
        title="Convention de site Paris-Saclay 2022-2026",
        start_date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2099, 12, 31),
        internal_notes="SECRET-AGREEMENT-NOTE",
    )
    signed.covered_labs.add(lps)
    AgreementSignatoryFactory(agreement=signed, partner=paris_saclay)
    AgreementSignatoryFactory(agreement=signed, partner=cnrs())
    SiteAgreementFactory(
        site=site,
        title="Brouillon de la future convention",
        status=AgreementStatus.DRAFT,
        signed_on=None,
        start_date=today() + datetime.timedelta(days=400),
        end_date=today() + datetime.timedelta(days=400 + 5 * 365),
    )
    SiteAgreementFactory(
        site=site, title="Convention en négociation", status=AgreementStatus.NEGOTIATING, signed_on=None
    )
    SiteAgreementFactory(
        site=site, title="Convention en relecture", status=AgreementStatus.UNDER_REVIEW, signed_on=None
    )
    pia = PiaProjectFactory(acronym="IDEX-PS", name="Idex Paris-Saclay", site=site, lead_partner=paris_saclay)
    pia.labs.add(lps)
    company = PartnerFactory(name="Thales", acronym="", slug="thales", kind="company")
    partnership = IndustrialPartnershipFactory(title="Laboratoire commun LPS-Thales")
    partnership.labs.add(lps)
    partnership.companies.add(company)
    SupervisionFactory(lab=lps, partner=company, kind=SupervisionKind.PARTICIPANT, unit_code="")
    return {
        "lps": lps,
        "chem": chem,
        "closed": closed,
        "site": site,
        "paris_saclay": paris_saclay,
        "marseille": marseille,
        "company": company,
        "signed": signed,
    }


def build_history(directory: dict) -> dict:
    """LPS's dated history, on top of `build_directory`: created in 2008; supervised by Paris-Sud from
    1 January 2010 to 31 December 2015; a part of the FR 2500 federation, which closed on 30 June 2018;
    covered by a site agreement from 2015 to 2019 (expired since), then by the 2022 one; it continues
    UPR 8001 (merged in 2009)."""
    lps = directory["lps"]
    paris_sud = PartnerFactory(name="Université Paris-Sud", acronym="UPSud", slug="paris-sud")
    SupervisionFactory(
        lab=lps,
        partner=paris_sud,
        since=datetime.date(2010, 1, 1),
        until=datetime.date(2015, 12, 31),
        unit_code="",
    )
    federation = LabFactory.create(
        unit_type="FR",
        unit_number="2500",
        acronym="FED",
        name="Fédération de physique",
        creation_year=2005,
        status=LabStatus.CLOSED,
        closed_on=datetime.date(2018, 6, 30),
    )
    lps.parent = federation
    lps.creation_year = 2008
    lps.save()
    former = SiteAgreementFactory.create(
        site=directory["site"],
        title="Ancienne convention 2015-2019",
        status=AgreementStatus.EXPIRED,
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    former.covered_labs.add(lps, directory["closed"])
    old = LabFactory.create(
        unit_number="8001",
        acronym="ANC",
        name="Ancien laboratoire",
        status=LabStatus.CLOSED,
        closed_on=datetime.date(2008, 12, 31),
    )
    Succession.objects.create(predecessor=old, successor=lps, kind=SuccessionKind.MERGER, year=2009)
    return {**directory, "paris_sud": paris_sud, "federation": federation, "former": former}
