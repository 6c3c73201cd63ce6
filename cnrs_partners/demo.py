"""Deterministic, realistic demo data: labs, partners, sites, agreements, PIA, seats, industrial partnerships.

Everything comes from one `random.Random(seed)`, so the same seed, size and day give the same database.
The tables (cities, universities, names, PIA projects…) are in `cnrs_partners.demo_data`, the sites and
what is signed with them in `cnrs_partners.demo_agreements`. The identifiers are made up but valid
(checksums), the names French with accents, every partner in its real city and every lab in its city's
regional office, each office with labs. The first lab is always the README's example, UMR 8502. Dates are
relative to `today`. Writes are bulk inserts with their history rows, so 20,000 labs take seconds.
"""

import datetime
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from agreements.models import (
    AgreementSignatory,
    BoardSeat,
    IndustrialPartnership,
    PiaProject,
    Site,
    SiteAgreement,
)
from cnrs_partners.demo_agreements import build_sites_and_agreements
from cnrs_partners.demo_data import (
    CITIES,
    COMPANIES,
    COMUES,
    DISCIPLINES,
    ENGLISH_PREFIXES,
    FIRST_NAMES,
    LAST_NAMES,
    ORGANISATIONS,
    PREFIXES,
    README_LAB,
    README_LAB_INSTITUTE,
    STREET_NAMES,
    STREETS,
    UNIVERSITIES,
    City,
)
from cnrs_partners.demo_offices import fill_office_contacts
from labs.models import (
    Institute,
    Lab,
    LabStatus,
    Partner,
    PartnerKind,
    Succession,
    SuccessionKind,
    Supervision,
    SupervisionKind,
    UnitType,
)
from labs.validators import CHECK_LETTERS, luhn_ok, rnsr_check_letter, ror_checksum
from regions.audit import COMMAND, DEMO_DATA, audit_source, bulk_history_kwargs
from regions.bulk import create_with_history
from regions.freshness import public_data_changed
from regions.models import Department, RegionalOffice
from regions.places import resolve_place
from regions.text import fold

FLUSH_ORDER = [
    IndustrialPartnership,
    BoardSeat,
    PiaProject,
    AgreementSignatory,
    SiteAgreement,
    Site,
    Succession,
    Supervision,
    Lab,
]


def _of(word: str) -> str:
    """French “de” before a word, elided before a vowel: “de physique”, “d'optique”, “d'Orsay”."""
    return f"d'{word}" if word[0].lower() in "aeéèêiîoôuhœ" else f"de {word}"


def _initials(name: str) -> str:
    """Acronym from the initials of a name's significant words: “Université Paris-Saclay” → “UPS”."""
    return "".join(word[0] for word in fold(name).split() if len(word) > 2 or word.isdigit()).upper()


def _with_check_letter(digits: str) -> str:
    return digits + CHECK_LETTERS[int(digits) % 23]


def _siret(body8: int) -> str:
    siren_body = f"{body8:08d}"
    siren = next(siren_body + d for d in "0123456789" if luhn_ok(siren_body + d))
    nic_body = siren + "0001"
    return next(nic_body + d for d in "0123456789" if luhn_ok(nic_body + d))


def _ror(number: int) -> str:
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    body = ""
    for _ in range(6):
        number, digit = divmod(number, 32)
        body = alphabet[digit] + body
    body = "0" + body
    return body + ror_checksum(body)


@dataclass
class DemoReport:
    counts: dict[str, int] = field(default_factory=dict)


class DemoBuilder:
    def __init__(self, *, labs: int, seed: int, today: datetime.date | None = None):
        self.size = labs
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today or datetime.date.today()
        self.identifiers = itertools.count(1)
        self.slugs: set[str] = set(Partner.objects.values_list("slug", flat=True))
        self.cnrs = Partner.objects.get(uai=settings.CNRS_UAI)
        self.institutes = {institute.acronym: institute for institute in Institute.objects.all()}
        self.office_of_department = {
            department.code: department.default_office_id for department in Department.objects.all()
        }
        self.office_ids = dict(RegionalOffice.objects.values_list("code", "pk"))

    # identifiers ---------------------------------------------------------------------------------------
    def _slug(self, *texts: str) -> str:
        """The first of `texts` whose slug is free, else the first one numbered."""
        bases = [slugify(text)[:90] for text in texts if slugify(text)] or ["partenaire"]
        for base in bases:
            if base not in self.slugs:
                self.slugs.add(base)
                return base
        n = 2
        while f"{bases[0]}-{n}" in self.slugs:
            n += 1
        self.slugs.add(f"{bases[0]}-{n}")
        return f"{bases[0]}-{n}"

    def _partner(self, name, acronym, kind, city="", postal_code="", country="FR") -> Partner:
        n = next(self.identifiers)
        department = resolve_place(postal_code, city).department
        dep_digits = department if department.isdigit() else "20"
        french = country == "FR"
        return Partner(
            name=name,
            acronym=acronym,
            slug=self._slug(acronym, name),
            kind=kind,
            country=country,
            city=city,
            website=f"https://www.{slugify(acronym or name)[:30]}.example",
            email=f"partenariats@{slugify(acronym or name)[:30]}.example",
            uai=_with_check_letter(f"0{dep_digits[:2]}{n:04d}")
            if french and kind != PartnerKind.COMPANY
            else "",
            siret=_siret(19000000 + n) if french else "",
            ror=_ror(10_000_000 + n * 7919),
        )

    def _person(self, rng: random.Random | None = None) -> str:
        rng = rng or self.rng
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    def _office_of(self, city: City) -> int | None:
        """The office of a city: its own when the département is shared, else the département's default."""
        if city.office:
            return self.office_ids.get(city.office)
        return self.office_of_department.get(resolve_place(city.postal_code, city.name).department)

    # building -----------------------------------------------------------------------------------------
    @transaction.atomic
    def build(self) -> DemoReport:
        # Demo records are French whatever the command's language (choice labels end up in titles).
        with audit_source(COMMAND, detail=DEMO_DATA), translation.override("fr"):
            # Its own generator: whether offices were already filled must not change the labs.
            offices_rng = random.Random(f"{self.seed}-offices")
            fill_office_contacts(rng=offices_rng, person=lambda: self._person(offices_rng))
            partners = self._build_partners()
            labs = self._build_labs(partners)
            build_sites_and_agreements(
                rng=self.rng,
                today=self.today,
                cnrs=self.cnrs,
                partners=partners,
                labs=labs,
                person=self._person,
            )
        public_data_changed()  # bulk inserts send no signals
        report = DemoReport()
        counted = [Partner, Lab, Supervision, Succession, Site, SiteAgreement, PiaProject, BoardSeat]
        for model in [*counted, IndustrialPartnership]:
            report.counts[str(model._meta.verbose_name_plural)] = model.objects.count()
        return report

    def _build_partners(self) -> dict:
        """Universities (by the city of their labs), organisations, companies and ComUEs, at their seats."""
        by_name = {
            name: self._partner(name, acronym, kind, city, postal_code)
            for name, (acronym, kind, city, postal_code) in UNIVERSITIES.items()
        }
        universities = {(city.name, city.postal_code): by_name[city.university] for city in CITIES}
        organisations = [
            self._partner(org.name, org.acronym, org.kind, org.city, org.postal_code, org.country)
            for org in ORGANISATIONS
        ]
        companies = [
            self._partner(name, "", PartnerKind.COMPANY, city, postal_code)
            for name, city, postal_code in COMPANIES
        ]
        comues = [
            self._partner(name, acronym, PartnerKind.COMUE, city, postal_code)
            for name, acronym, city, postal_code, _founded in COMUES
        ]
        everyone = list(by_name.values()) + organisations + companies + comues
        for partner in everyone:
            partner.refresh_search_text()
        create_with_history(everyone, Partner, batch_size=500, **bulk_history_kwargs())
        return {
            "universities": universities,
            "organisations": organisations,
            "companies": companies,
            "comues": comues,
        }

    def _lab_cities(self) -> list[City]:
        """The city of each lab: the README's lab first, then one in every other office, then at random."""
        readme_city = next(city for city in CITIES if city.name == README_LAB["city"])
        by_office = defaultdict(list)
        for city in CITIES:
            by_office[self._office_of(city)].append(city)
        cities = [readme_city]
        for office, office_cities in by_office.items():
            if office not in (None, self._office_of(readme_city)):
                cities.append(self.rng.choice(office_cities))
        cities += [self.rng.choice(CITIES) for _ in range(self.size - len(cities))]
        return cities[: self.size]

    def _build_labs(self, partners: dict) -> list[Lab]:
        rng, today = self.rng, self.today
        readme_number = int(README_LAB["unit_number"])
        population = range(1000, 1000 + max(9000, self.size * 3))
        numbers = [n for n in rng.sample(population, self.size) if n != readme_number][: self.size - 1]
        cities = self._lab_cities()
        labs = [self._readme_lab(cities[0])]
        for index, city in enumerate(cities[1:], start=1):
            discipline, discipline_en, institute = rng.choice(DISCIPLINES)
            if rng.random() < 0.9:
                unit_type = UnitType.UMR
            else:
                unit_type = rng.choice([UnitType.UPR, UnitType.UAR, UnitType.IRL, UnitType.FR, UnitType.GDR])
            prefix = rng.choice(PREFIXES)
            acronym = _initials(f"{prefix} {discipline} {city.name}")
            closed = rng.random() < 0.04
            # Five-year contracts: the current one for active labs, the last one for closed labs.
            contract_start = datetime.date(
                today.year - rng.randint(5, 12) if closed else today.year - rng.randint(0, 4), 1, 1
            )
            contract_end = contract_start.replace(year=contract_start.year + 5) - datetime.timedelta(days=1)
            year = rng.randint(1966, contract_start.year)
            name_en = (
                f"{ENGLISH_PREFIXES[prefix]} of {discipline_en}, {city.name}" if rng.random() < 0.6 else ""
            )
            lab = Lab(
                rnsr=self._rnsr(year, index),
                unit_type=unit_type,
                unit_number=str(numbers[index - 1]),
                acronym=acronym,
                name=f"{prefix} {_of(discipline)} {_of(city.name)}",
                primary_institute=self.institutes[institute],
                regional_office_id=self._office_of(city),
                address=f"{rng.randint(1, 180)} {rng.choice(STREETS)} {rng.choice(STREET_NAMES)}",
                postal_code=city.postal_code,
                city=city.name,
                director=self._person(),
                website=f"https://{acronym.lower()}.demo.example",
                creation_year=year,
                contract_start=contract_start,
                contract_end=contract_end,
                status=LabStatus.CLOSED if closed else LabStatus.ACTIVE,
                closed_on=contract_end if closed else None,
                scientific_domain=discipline.capitalize(),
                description=f"Unité de recherche en {discipline}, implantée à {city.name}.",
                keywords=", ".join(
                    rng.sample([discipline, city.name, institute, "recherche", "innovation"], 3)
                ),
            )
            lab.name_en = name_en
            labs.append(lab)
        for lab in labs:
            lab.slug = lab.default_slug()
            lab.refresh_search_text()
        create_with_history(labs, Lab, batch_size=1000, **bulk_history_kwargs())
        labs = list(Lab.objects.filter(rnsr__in=[lab.rnsr for lab in labs]).order_by("pk"))
        self._build_supervisions(partners, labs)
        self._build_structure(labs)
        return labs

    def _readme_lab(self, city: City) -> Lab:
        """The README's example, UMR 8502 in Orsay (supervised by the CNRS and its city's university)."""
        start = datetime.date(self.today.year - 2, 1, 1)
        return Lab(
            unit_type=UnitType.UMR,
            primary_institute=self.institutes[README_LAB_INSTITUTE],
            regional_office_id=self._office_of(city),
            director=self._person(random.Random(f"{self.seed}-readme")),
            contract_start=start,
            contract_end=start.replace(year=start.year + 5) - datetime.timedelta(days=1),
            **README_LAB,
        )

    def _rnsr(self, year: int, index: int) -> str:
        digits = f"{year:04d}{index % 100000:05d}"
        if digits == README_LAB["rnsr"][:9]:
            digits = f"{year - 1:04d}{index % 100000:05d}"
        return digits + rnsr_check_letter(digits)

    def _build_supervisions(self, partners: dict, labs: list[Lab]):
        """CNRS and the city's university for joint units, with national organisations or local ones."""
        rng = self.rng
        national, local, foreign = [], defaultdict(list), []
        for partner, organisation in zip(partners["organisations"], ORGANISATIONS, strict=True):
            if organisation.country != "FR":
                foreign.append(partner)
            elif organisation.national:
                national.append(partner)
            else:
                local[organisation.city].append(partner)
        supervisions, secondary = [], []
        for lab in labs:
            supervisions.append(Supervision(lab=lab, partner=self.cnrs, unit_code=lab.code))
            if lab.rnsr == README_LAB["rnsr"]:
                university = partners["universities"][(lab.city, lab.postal_code)]
                supervisions.append(Supervision(lab=lab, partner=university, unit_code=lab.code))
                continue
            if lab.unit_type in (UnitType.UMR, UnitType.IRL, UnitType.FR):
                university = partners["universities"][(lab.city, lab.postal_code)]
                supervisions.append(Supervision(lab=lab, partner=university, unit_code=lab.code))
                extras = rng.sample(national + local[lab.city], rng.choice([0, 0, 1, 1, 2]))
                for extra in extras:
                    supervisions.append(Supervision(lab=lab, partner=extra, unit_code=lab.code))
                if rng.random() < 0.2:
                    participant = rng.choice(foreign + local[lab.city])
                    if participant not in extras:
                        supervisions.append(
                            Supervision(lab=lab, partner=participant, kind=SupervisionKind.PARTICIPANT)
                        )
            if rng.random() < 0.3:
                primary = lab.primary_institute_id
                choices = [inst for inst in self.institutes.values() if inst.pk != primary]
                for institute in rng.sample(choices, rng.choice([1, 1, 2])):
                    secondary.append(
                        Lab.secondary_institutes.through(lab_id=lab.pk, institute_id=institute.pk)
                    )
        create_with_history(supervisions, Supervision, batch_size=2000, **bulk_history_kwargs())
        Lab.secondary_institutes.through.objects.bulk_create(secondary, batch_size=2000)

    def _build_structure(self, labs: list[Lab]):
        """Successions (closed labs continued by active ones) and federations with member units."""
        active = [lab for lab in labs if not lab.is_closed and lab.unit_type != UnitType.FR]
        successions = []
        pairs = set()
        for lab in labs:
            if lab.is_closed and lab.closed_on and active:
                successor = self.rng.choice(active)
                kind = self.rng.choice(list(SuccessionKind))
                if (lab.pk, successor.pk) not in pairs:
                    pairs.add((lab.pk, successor.pk))
                    successions.append(
                        Succession(
                            predecessor=lab, successor=successor, kind=kind, year=lab.closed_on.year + 1
                        )
                    )
        create_with_history(successions, Succession, batch_size=1000, **bulk_history_kwargs())
        federations = [lab for lab in labs if lab.unit_type == UnitType.FR]
        by_city = defaultdict(list)
        for lab in active:
            by_city[lab.city].append(lab)
        children = []
        for federation in federations:
            for member in self.rng.sample(by_city[federation.city], min(4, len(by_city[federation.city]))):
                if member.parent_id is None:
                    member.parent = federation
                    children.append(member)
        Lab.objects.bulk_update(children, ["parent"], batch_size=1000)


def flush_demo_data():
    """Delete every lab, site, agreement and partner but the reference data (the CNRS, offices…)."""
    for model in FLUSH_ORDER:
        model.objects.all().delete()
    Partner.objects.exclude(uai=settings.CNRS_UAI).delete()
