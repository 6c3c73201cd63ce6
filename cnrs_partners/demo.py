"""Deterministic, realistic demo data: labs, partners, sites, agreements, PIA, seats, industrial partnerships.

Everything comes from one `random.Random(seed)`, so the same seed and size give the same database. The
identifiers are made up but valid (checksums), the names French with accents, the cities real and in the
right regional office. Writes are bulk inserts with their history rows, so 20,000 labs take seconds.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from agreements.models import (
    PUBLIC_AGREEMENT_STATUSES,
    AgreementSignatory,
    AgreementStatus,
    BoardSeat,
    IndustrialKind,
    IndustrialPartnership,
    IndustrialStatus,
    JuryOutcome,
    PiaAction,
    PiaProject,
    SeatKind,
    Site,
    SiteAgreement,
)
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
from regions.audit import COMMAND, audit_source, source_attrs
from regions.models import Department, OfficeService, RegionalOffice, ServiceKind
from regions.text import fold

# (city, postal code, university, site) — real cities; the site groups them as in the site agreements.
CITIES = [
    ("Orsay", "91405", "Université Paris-Saclay", "Paris-Saclay"),
    ("Gif-sur-Yvette", "91190", "Université Paris-Saclay", "Paris-Saclay"),
    ("Palaiseau", "91120", "Institut Polytechnique de Paris", "Paris-Saclay"),
    ("Évry-Courcouronnes", "91000", "Université d'Évry", "Paris-Saclay"),
    ("Champs-sur-Marne", "77420", "Université Gustave Eiffel", "Paris-Est"),
    ("Villejuif", "94800", "Université Paris-Est Créteil", "Paris-Est"),
    ("Créteil", "94010", "Université Paris-Est Créteil", "Paris-Est"),
    ("Paris", "75005", "Sorbonne Université", "Sorbonne Université"),
    ("Paris", "75013", "Université Paris Cité", "Université Paris Cité"),
    ("Paris", "75006", "Université PSL", "PSL"),
    ("Meudon", "92190", "Observatoire de Paris", "PSL"),
    ("Nanterre", "92000", "Université Paris Nanterre", "Paris Lumières"),
    ("Saint-Denis", "93200", "Université Paris 8", "Paris Lumières"),
    ("Versailles", "78000", "Université de Versailles Saint-Quentin", "Paris-Saclay"),
    ("Cergy", "95000", "CY Cergy Paris Université", "CY Cergy"),
    ("Vandœuvre-lès-Nancy", "54500", "Université de Lorraine", "Lorraine"),
    ("Metz", "57000", "Université de Lorraine", "Lorraine"),
    ("Dijon", "21000", "Université de Bourgogne", "Bourgogne-Franche-Comté"),
    ("Besançon", "25000", "Université de Franche-Comté", "Bourgogne-Franche-Comté"),
    ("Reims", "51100", "Université de Reims Champagne-Ardenne", "Champagne"),
    ("Lyon", "69007", "Université Claude Bernard Lyon 1", "Lyon"),
    ("Villeurbanne", "69100", "Université Claude Bernard Lyon 1", "Lyon"),
    ("Saint-Étienne", "42000", "Université Jean Monnet", "Lyon"),
    ("Clermont-Ferrand", "63000", "Université Clermont Auvergne", "Clermont Auvergne"),
    ("Orléans", "45100", "Université d'Orléans", "Centre-Val de Loire"),
    ("Tours", "37000", "Université de Tours", "Centre-Val de Loire"),
    ("Poitiers", "86000", "Université de Poitiers", "Poitiers"),
    ("Limoges", "87000", "Université de Limoges", "Poitiers"),
    ("Strasbourg", "67000", "Université de Strasbourg", "Strasbourg"),
    ("Mulhouse", "68100", "Université de Haute-Alsace", "Strasbourg"),
    ("Grenoble", "38000", "Université Grenoble Alpes", "Grenoble Alpes"),
    ("Saint-Martin-d'Hères", "38400", "Université Grenoble Alpes", "Grenoble Alpes"),
    ("Chambéry", "73000", "Université Savoie Mont Blanc", "Grenoble Alpes"),
    ("Marseille", "13009", "Aix-Marseille Université", "Aix-Marseille"),
    ("Aix-en-Provence", "13100", "Aix-Marseille Université", "Aix-Marseille"),
    ("Avignon", "84000", "Avignon Université", "Aix-Marseille"),
    ("Corte", "20250", "Université de Corse Pascal Paoli", "Corse"),
    ("Montpellier", "34090", "Université de Montpellier", "Montpellier"),
    ("Perpignan", "66860", "Université de Perpignan Via Domitia", "Montpellier"),
    ("Nîmes", "30000", "Université de Nîmes", "Montpellier"),
    ("Toulouse", "31400", "Université Toulouse III – Paul Sabatier", "Toulouse"),
    ("Albi", "81000", "IMT Mines Albi", "Toulouse"),
    ("Talence", "33400", "Université de Bordeaux", "Bordeaux"),
    ("Pessac", "33600", "Université de Bordeaux", "Bordeaux"),
    ("Pau", "64000", "Université de Pau et des Pays de l'Adour", "Pau"),
    ("Rennes", "35000", "Université de Rennes", "Rennes"),
    ("Brest", "29200", "Université de Bretagne Occidentale", "Bretagne Ouest"),
    ("Nantes", "44300", "Nantes Université", "Nantes"),
    ("Angers", "49000", "Université d'Angers", "Nantes"),
    ("Le Mans", "72000", "Le Mans Université", "Nantes"),
    ("Villeneuve-d'Ascq", "59650", "Université de Lille", "Lille"),
    ("Lille", "59000", "Université de Lille", "Lille"),
    ("Amiens", "80000", "Université de Picardie Jules Verne", "Amiens"),
    ("Caen", "14000", "Université de Caen Normandie", "Normandie"),
    ("Rouen", "76000", "Université de Rouen Normandie", "Normandie"),
    ("Nice", "06100", "Université Côte d'Azur", "Côte d'Azur"),
    ("Sophia Antipolis", "06560", "Université Côte d'Azur", "Côte d'Azur"),
    ("Toulon", "83000", "Université de Toulon", "Côte d'Azur"),
]

ORGANISATIONS = [
    (
        "Institut national de la santé et de la recherche médicale",
        "Inserm",
        PartnerKind.RESEARCH_ORGANISATION,
    ),
    (
        "Commissariat à l'énergie atomique et aux énergies alternatives",
        "CEA",
        PartnerKind.RESEARCH_ORGANISATION,
    ),
    (
        "Institut national de recherche pour l'agriculture, l'alimentation et l'environnement",
        "INRAE",
        PartnerKind.RESEARCH_ORGANISATION,
    ),
    (
        "Institut national de recherche en informatique et en automatique",
        "Inria",
        PartnerKind.RESEARCH_ORGANISATION,
    ),
    ("Institut de recherche pour le développement", "IRD", PartnerKind.RESEARCH_ORGANISATION),
    ("Centre national d'études spatiales", "CNES", PartnerKind.RESEARCH_ORGANISATION),
    ("Institut Pasteur", "Pasteur", PartnerKind.FOUNDATION),
    ("Assistance publique – Hôpitaux de Paris", "AP-HP", PartnerKind.HOSPITAL),
    ("Hospices civils de Lyon", "HCL", PartnerKind.HOSPITAL),
    ("École normale supérieure", "ENS", PartnerKind.SCHOOL),
    ("École polytechnique", "X", PartnerKind.SCHOOL),
    ("École centrale de Marseille", "ECM", PartnerKind.SCHOOL),
    ("Institut national des sciences appliquées de Lyon", "INSA Lyon", PartnerKind.SCHOOL),
    ("École nationale supérieure de chimie de Montpellier", "ENSCM", PartnerKind.SCHOOL),
    ("Sciences Po", "Sciences Po", PartnerKind.SCHOOL),
    ("École des hautes études en sciences sociales", "EHESS", PartnerKind.SCHOOL),
    ("Muséum national d'histoire naturelle", "MNHN", PartnerKind.RESEARCH_ORGANISATION),
    ("Région Auvergne-Rhône-Alpes", "AURA", PartnerKind.LOCAL_AUTHORITY),
    ("Max-Planck-Gesellschaft", "MPG", PartnerKind.FOREIGN),
    ("University of Tokyo", "UTokyo", PartnerKind.FOREIGN),
]

COMPANIES = [
    "Société Alpine des Matériaux Avancés",
    "Océanique Énergies",
    "Pharmalys Thérapeutiques",
    "Photonis Lumière",
    "Aéronautique du Sud-Ouest",
    "Chimie Verte de Normandie",
    "Quantique Systèmes",
    "Agrosol Innovation",
    "Batteries de l'Isère",
    "Données & Santé",
    "Métallurgie de Lorraine",
    "Robotique Armoricaine",
]

COMUES = [
    ("Université Paris-Saclay (ComUE)", "UPSaclay-ComUE"),
    ("Communauté Université Grenoble Alpes", "ComUE UGA"),
    ("Université de Lyon", "UdL"),
    ("Université Paris-Est", "UPE"),
    ("Université fédérale Toulouse Midi-Pyrénées", "UFTMP"),
    ("Paris Sciences et Lettres", "PSL-ComUE"),
    ("Sorbonne Universités", "SU-ComUE"),
]

# (discipline in a lab's French name, in its English name, primary institute)
DISCIPLINES = [
    ("physique des solides", "Solid-State Physics", "INP"),
    ("optique et photonique", "Optics and Photonics", "INP"),
    ("physique théorique", "Theoretical Physics", "INP"),
    ("chimie moléculaire", "Molecular Chemistry", "INC"),
    ("chimie des matériaux", "Materials Chemistry", "INC"),
    ("catalyse et spectrochimie", "Catalysis and Spectrochemistry", "INC"),
    ("écologie fonctionnelle", "Functional Ecology", "INEE"),
    ("biodiversité et évolution", "Biodiversity and Evolution", "INEE"),
    ("écotoxicologie", "Ecotoxicology", "INEE"),
    ("physique nucléaire", "Nuclear Physics", "IN2P3"),
    ("physique des particules", "Particle Physics", "IN2P3"),
    ("astroparticules", "Astroparticle Physics", "IN2P3"),
    ("biologie cellulaire", "Cell Biology", "INSB"),
    ("neurosciences", "Neuroscience", "INSB"),
    ("génétique et génomique", "Genetics and Genomics", "INSB"),
    ("immunologie", "Immunology", "INSB"),
    ("histoire et archéologie", "History and Archaeology", "INSHS"),
    ("sociologie", "Sociology", "INSHS"),
    ("économie", "Economics", "INSHS"),
    ("linguistique", "Linguistics", "INSHS"),
    ("informatique", "Computer Science", "INS2I"),
    ("robotique", "Robotics", "INS2I"),
    ("signaux et systèmes", "Signals and Systems", "INS2I"),
    ("mécanique des fluides", "Fluid Mechanics", "INSIS"),
    ("génie des procédés", "Process Engineering", "INSIS"),
    ("électronique", "Electronics", "INSIS"),
    ("mathématiques", "Mathematics", "INSMI"),
    ("probabilités et statistique", "Probability and Statistics", "INSMI"),
    ("géosciences", "Geosciences", "INSU"),
    ("astrophysique", "Astrophysics", "INSU"),
    ("océanographie", "Oceanography", "INSU"),
    ("climat et atmosphère", "Climate and Atmosphere", "INSU"),
]
PREFIXES = ["Laboratoire", "Institut", "Laboratoire interdisciplinaire"]
ENGLISH_PREFIXES = {
    "Laboratoire": "Laboratory",
    "Institut": "Institute",
    "Laboratoire interdisciplinaire": "Interdisciplinary Laboratory",
}
FIRST_NAMES = [
    "Hélène",
    "François",
    "Amélie",
    "Jérôme",
    "Cécile",
    "Benoît",
    "Élodie",
    "Stéphane",
    "Noémie",
    "Loïc",
    "Agnès",
    "Frédéric",
    "Inès",
    "Maël",
    "Zoé",
    "Grégoire",
    "Léa",
    "Raphaël",
    "Anaïs",
    "Théo",
]
LAST_NAMES = [
    "Martin",
    "Lefèvre",
    "Dubois",
    "Moreau",
    "Girard",
    "Bonnet",
    "Durand",
    "Lemaître",
    "Faure",
    "Rousseau",
    "Mercier",
    "Blanchard",
    "Guérin",
    "Boyer",
    "Gaillard",
    "Perrin",
    "Château",
    "Noël",
    "Roussel",
    "Brunet",
]
STREETS = ["rue", "avenue", "boulevard", "allée", "place"]
STREET_NAMES = [
    "de la Recherche",
    "Pierre et Marie Curie",
    "Jean Jaurès",
    "des Sciences",
    "du Campus",
    "Victor Hugo",
    "Louis Pasteur",
    "de l'Université",
    "Émile Zola",
    "des Martyrs",
]

SITE_FACTS = {
    # site: (PIA action, acronym, outcome, start year)
    "Aix-Marseille": (PiaAction.IDEX, "A*MIDEX", JuryOutcome.CONFIRMED, 2012),
    "Bordeaux": (PiaAction.IDEX, "IdEx Bordeaux", JuryOutcome.CONFIRMED, 2011),
    "Strasbourg": (PiaAction.IDEX, "IdEx Unistra", JuryOutcome.CONFIRMED, 2011),
    "Toulouse": (PiaAction.IDEX, "UNITI", JuryOutcome.STOPPED, 2012),
    "Grenoble Alpes": (PiaAction.IDEX, "UGA", JuryOutcome.SELECTED, 2016),
    "Côte d'Azur": (PiaAction.IDEX, "UCA JEDI", JuryOutcome.SELECTED, 2016),
    "Paris-Saclay": (PiaAction.IDEX, "Paris-Saclay", JuryOutcome.CONFIRMED, 2012),
    "Bourgogne-Franche-Comté": (PiaAction.ISITE, "ISITE-BFC", JuryOutcome.PROBATION, 2016),
    "Lorraine": (PiaAction.ISITE, "LUE", JuryOutcome.CONFIRMED, 2016),
    "Lille": (PiaAction.ISITE, "ULNE", JuryOutcome.STOPPED, 2017),
    "Clermont Auvergne": (PiaAction.ISITE, "CAP 2025", JuryOutcome.CONFIRMED, 2017),
    "Paris-Est": (PiaAction.ISITE, "FUTURE", JuryOutcome.CONFIRMED, 2017),
    "Pau": (PiaAction.ISITE, "E2S", JuryOutcome.CONFIRMED, 2017),
    "Montpellier": (PiaAction.ISITE, "MUSE", JuryOutcome.CONFIRMED, 2017),
}

# Current agreements of the sites: most signed, every other status present.
STATUS_CYCLE = [
    AgreementStatus.SIGNED,
    AgreementStatus.SIGNED,
    AgreementStatus.NEGOTIATING,
    AgreementStatus.SIGNED,
    AgreementStatus.DRAFT,
    AgreementStatus.SIGNED,
    AgreementStatus.UNDER_REVIEW,
    AgreementStatus.SIGNED,
    AgreementStatus.EXPIRED,
    AgreementStatus.SIGNED,
    AgreementStatus.TERMINATED,
]

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
        self.identifier = 0
        self.slugs: set[str] = set(Partner.objects.values_list("slug", flat=True))
        self.cnrs = Partner.objects.get(uai=settings.CNRS_UAI)
        self.institutes = {institute.acronym: institute for institute in Institute.objects.all()}
        self.office_of_department = {
            department.code: department.default_office_id for department in Department.objects.all()
        }
        self.offices = {office.pk: office for office in RegionalOffice.objects.all()}

    # identifiers ---------------------------------------------------------------------------------------
    def _next(self) -> int:
        self.identifier += 1
        return self.identifier

    def _slug(self, text: str) -> str:
        base = slugify(text)[:90] or "partenaire"
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def _partner(self, name, acronym, kind, city="", postal_code="", country="FR") -> Partner:
        n = self._next()
        department = Department.code_from_postal_code(postal_code)
        dep_digits = department if department.isdigit() else "20"
        french = country == "FR"
        return Partner(
            name=name,
            acronym=acronym,
            slug=self._slug(acronym or name),
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

    # building -----------------------------------------------------------------------------------------
    @transaction.atomic
    def build(self) -> DemoReport:
        # Demo records are French whatever the command's language (choice labels end up in titles).
        with audit_source(COMMAND), translation.override("fr"):
            self._fill_offices(random.Random(f"{self.seed}-offices"))
            partners = self._build_partners()
            labs = self._build_labs(partners)
            self._build_sites_and_agreements(partners, labs)
        report = DemoReport()
        for model in [
            Partner,
            Lab,
            Supervision,
            Succession,
            Site,
            SiteAgreement,
            PiaProject,
            BoardSeat,
            IndustrialPartnership,
        ]:
            report.counts[model._meta.verbose_name_plural] = model.objects.count()
        return report

    def _fill_offices(self, rng: random.Random):
        """Give the reference offices and services demo contacts where administrators left them blank.

        It draws from its own generator: whether offices were already filled must not change the labs.
        """
        for office in RegionalOffice.objects.filter(representative=""):
            office.representative = self._person(rng)
            office.email = office.email or f"{office.code.lower()}@demo.cnrs.example"
            office.phone = office.phone or f"+33 1 {rng.randint(10, 99)} {rng.randint(10, 99)} 00 00"
            office.save()
        for service in OfficeService.objects.filter(head="").select_related("office"):
            service.head = self._person(rng)
            slug = {ServiceKind.HUMAN_RESOURCES: "rh", ServiceKind.FINANCE: "finances"}.get(
                service.kind, service.kind
            )
            service.email = f"{slug.replace('_', '-')}.{service.office.code.lower()}@demo.cnrs.example"
            service.phone = f"+33 {rng.randint(1, 5)} {rng.randint(10, 99)} {rng.randint(10, 99)} 00 01"
            service.save()

    def _build_partners(self) -> dict:
        universities, seen = {}, {}
        for city, postal_code, university, _site in CITIES:
            if university not in seen:
                acronym = _initials(university)
                seen[university] = self._partner(
                    university, acronym, PartnerKind.UNIVERSITY, city, postal_code
                )
            universities[city] = seen[university]
        organisations = [
            self._partner(
                name,
                acronym,
                kind,
                "Paris",
                "75016",
                "DE" if acronym == "MPG" else "JP" if acronym == "UTokyo" else "FR",
            )
            for name, acronym, kind in ORGANISATIONS
        ]
        companies = [
            self._partner(name, "", PartnerKind.COMPANY, *self.rng.choice(CITIES)[:2]) for name in COMPANIES
        ]
        comues = [
            self._partner(name, acronym, PartnerKind.COMUE, "Paris", "75005") for name, acronym in COMUES
        ]
        everyone = list(seen.values()) + organisations + companies + comues
        bulk_create_with_history(everyone, Partner, batch_size=500, custom_historical_attrs=source_attrs())
        for partner in everyone:
            partner.refresh_search_text()
        Partner.objects.bulk_update(everyone, ["search_text"], batch_size=500)
        return {
            "universities": universities,
            "organisations": organisations,
            "companies": companies,
            "comues": comues,
            "university_list": list(seen.values()),
        }

    def _build_labs(self, partners: dict) -> list[Lab]:
        rng = self.rng
        numbers = rng.sample(range(1000, 1000 + max(9000, self.size * 3)), self.size)
        labs, supervisions, secondary = [], [], []
        for index in range(self.size):
            city, postal_code, _university, _site = rng.choice(CITIES)
            discipline, discipline_en, institute = rng.choice(DISCIPLINES)
            roll = rng.random()
            if roll < 0.9:
                unit_type = UnitType.UMR
            else:
                unit_type = rng.choice([UnitType.UPR, UnitType.UAR, UnitType.IRL, UnitType.FR, UnitType.GDR])
            number = str(numbers[index])
            prefix = rng.choice(PREFIXES)
            name = f"{prefix} {_of(discipline)} {_of(city)}"
            acronym = _initials(f"{prefix} {discipline} {city}")
            year = rng.randint(1966, 2024)
            contract_start = datetime.date(rng.choice([2020, 2021, 2022, 2023, 2024, 2025]), 1, 1)
            closed = rng.random() < 0.04
            department = Department.code_from_postal_code(postal_code)
            lab = Lab(
                rnsr=self._rnsr(year, index),
                unit_type=unit_type,
                unit_number=number,
                acronym=acronym,
                name=name,
                name_en=f"{ENGLISH_PREFIXES[prefix]} of {discipline_en}, {city}"
                if rng.random() < 0.6
                else "",
                primary_institute=self.institutes[institute],
                regional_office_id=self.office_of_department.get(department),
                address=f"{rng.randint(1, 180)} {rng.choice(STREETS)} {rng.choice(STREET_NAMES)}",
                postal_code=postal_code,
                city=city,
                director=self._person(),
                website=f"https://{acronym.lower()}.demo.example",
                creation_year=year,
                contract_start=contract_start,
                contract_end=contract_start.replace(year=contract_start.year + 5)
                - datetime.timedelta(days=1),
                status=LabStatus.CLOSED if closed else LabStatus.ACTIVE,
                closed_on=contract_start - datetime.timedelta(days=1) if closed else None,
                scientific_domain=discipline.capitalize(),
                description=f"Unité de recherche en {discipline}, implantée à {city}.",
                keywords=", ".join(rng.sample([discipline, city, institute, "recherche", "innovation"], 3)),
            )
            lab.slug = lab.default_slug()
            lab.refresh_search_text()
            labs.append(lab)
        bulk_create_with_history(labs, Lab, batch_size=1000, custom_historical_attrs=source_attrs())
        labs = list(Lab.objects.filter(rnsr__in=[lab.rnsr for lab in labs]).order_by("pk"))

        others = partners["organisations"][:10]
        for lab in labs:
            if lab.unit_type in (UnitType.UMR, UnitType.IRL, UnitType.FR):
                supervisions.append(Supervision(lab=lab, partner=self.cnrs, unit_code=lab.code))
                university = partners["universities"][lab.city]
                supervisions.append(Supervision(lab=lab, partner=university, unit_code=lab.code))
                for extra in self.rng.sample(others, self.rng.choice([0, 0, 1, 1, 2])):
                    supervisions.append(Supervision(lab=lab, partner=extra, unit_code=lab.code))
                if self.rng.random() < 0.2:
                    participant = self.rng.choice(partners["organisations"][10:])
                    if participant not in others:
                        supervisions.append(
                            Supervision(lab=lab, partner=participant, kind=SupervisionKind.PARTICIPANT)
                        )
            else:
                supervisions.append(Supervision(lab=lab, partner=self.cnrs, unit_code=lab.code))
            if self.rng.random() < 0.3:
                primary = lab.primary_institute_id
                choices = [inst for inst in self.institutes.values() if inst.pk != primary]
                for institute in self.rng.sample(choices, self.rng.choice([1, 1, 2])):
                    secondary.append(
                        Lab.secondary_institutes.through(lab_id=lab.pk, institute_id=institute.pk)
                    )
        bulk_create_with_history(
            supervisions, Supervision, batch_size=2000, custom_historical_attrs=source_attrs()
        )
        Lab.secondary_institutes.through.objects.bulk_create(secondary, batch_size=2000)
        self._build_structure(labs)
        return labs

    def _rnsr(self, year: int, index: int) -> str:
        digits = f"{year:04d}{index % 100000:05d}"
        return digits + rnsr_check_letter(digits)

    def _build_structure(self, labs: list[Lab]):
        """Successions (closed labs continued by active ones) and federations with member units."""
        active = [lab for lab in labs if not lab.is_closed and lab.unit_type != UnitType.FR]
        successions = []
        pairs = set()
        for lab in labs:
            if lab.is_closed and active:
                successor = self.rng.choice(active)
                kind = self.rng.choice(list(SuccessionKind))
                if (lab.pk, successor.pk) not in pairs:
                    pairs.add((lab.pk, successor.pk))
                    successions.append(
                        Succession(
                            predecessor=lab, successor=successor, kind=kind, year=lab.closed_on.year + 1
                        )
                    )
        bulk_create_with_history(
            successions, Succession, batch_size=1000, custom_historical_attrs=source_attrs()
        )
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

    def _build_sites_and_agreements(self, partners: dict, labs: list[Lab]):
        rng, today = self.rng, self.today
        site_cities = defaultdict(list)
        for city, _postal_code, _university, site in CITIES:
            site_cities[site].append(city)
        labs_by_city = defaultdict(list)
        for lab in labs:
            labs_by_city[lab.city].append(lab)
        for index, (site_name, cities) in enumerate(site_cities.items()):
            site = Site.objects.create(
                name=site_name,
                slug=slugify(site_name),
                city=cities[0],
                description=f"Site universitaire {site_name}.",
            )
            site_labs = [lab for city in cities for lab in labs_by_city[city]]
            members = list({partners["universities"][city] for city in cities})
            site.members.add(*members, self.cnrs)
            site.regional_offices.add(
                *{lab.regional_office_id for lab in site_labs if lab.regional_office_id}
            )
            site.labs.add(*site_labs)

            # Current agreement: every status appears; some end within the next twelve months.
            status = STATUS_CYCLE[index % len(STATUS_CYCLE)]
            start = datetime.date(today.year - rng.randint(0, 4), 1, 1)
            if index % 3 == 0:
                end = today + datetime.timedelta(days=rng.randint(30, 330))
            else:
                end = start.replace(year=start.year + 5) - datetime.timedelta(days=1)
            if index % len(STATUS_CYCLE) == 5:
                # A data-quality case coordinators must see: still marked signed after its end.
                end = today - datetime.timedelta(days=rng.randint(10, 90))
            if status in (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED):
                start, end = start.replace(year=start.year - 5), start - datetime.timedelta(days=1)
            previous = SiteAgreement.objects.create(
                site=site,
                title=f"Convention de site {site_name} {start.year - 5}–{start.year - 1}",
                reference=f"CS-{index + 1:03d}-A",
                status=AgreementStatus.EXPIRED,
                signed_on=datetime.date(start.year - 5, 3, 1),
                start_date=datetime.date(start.year - 5, 1, 1),
                end_date=start - datetime.timedelta(days=1),
                strategy=f"Politique scientifique partagée du site {site_name}.",
            )
            agreement = SiteAgreement.objects.create(
                site=site,
                title=f"Convention de site {site_name} {start.year}–{end.year}",
                reference=f"CS-{index + 1:03d}-B",
                status=status,
                signed_on=start - datetime.timedelta(days=20)
                if status in PUBLIC_AGREEMENT_STATUSES
                else None,
                start_date=start,
                end_date=end,
                renews=previous,
                strategy=f"Stratégie scientifique commune du CNRS et des établissements du site {site_name}.",
                joint_unit_framework="Frais de gestion, valorisation et signature des publications des unités mixtes.",
                internal_notes="Point d'attention : calendrier de renouvellement à caler avec l'évaluation.",
            )
            for current in (previous, agreement):
                AgreementSignatory.objects.bulk_create(
                    [
                        AgreementSignatory(agreement=current, partner=partner)
                        for partner in [self.cnrs, *members]
                    ]
                )
                covered = [lab for lab in site_labs if not lab.is_closed and rng.random() < 0.85]
                current.covered_labs.add(*covered)

            if site_name in SITE_FACTS:
                action, acronym, outcome, year = SITE_FACTS[site_name]
                project = PiaProject.objects.create(
                    action=action,
                    acronym=acronym,
                    name=f"Initiative d'excellence {site_name}",
                    site=site,
                    lead_partner=members[0],
                    outcome=outcome,
                    cnrs_role="Membre fondateur",
                    start_year=year,
                    end_year=None if outcome == JuryOutcome.STOPPED else year + 10,
                    funding=rng.randint(200, 900) * 1_000_000,
                )
                project.partners.add(self.cnrs, *members)
                project.labs.add(*site_labs[:40])
            for n in range(rng.randint(1, 3)):
                labex = PiaProject.objects.create(
                    action=rng.choice([PiaAction.LABEX, PiaAction.EQUIPEX, PiaAction.EUR]),
                    acronym=f"{slugify(site_name)[:6].upper()}-{n + 1}",
                    name=f"Projet {n + 1} du site {site_name}",
                    site=site,
                    lead_partner=members[0],
                    outcome=JuryOutcome.SELECTED,
                    cnrs_role="Partenaire",
                    start_year=2019,
                    end_year=2029,
                    funding=rng.randint(2, 20) * 1_000_000,
                )
                labex.partners.add(*members)
                labex.labs.add(*rng.sample(site_labs, min(5, len(site_labs))))
            for member in members:
                BoardSeat.objects.create(
                    partner=member,
                    body="Conseil d'administration",
                    kind=SeatKind.BOARD_SEAT,
                    holder=self._person(),
                    since=datetime.date(2020, 1, 1),
                )
        for comue in partners["comues"]:
            BoardSeat.objects.create(
                partner=comue,
                body="Membres fondateurs",
                kind=SeatKind.FOUNDING_MEMBER,
                since=datetime.date(2014, 1, 1),
            )
        for index, company in enumerate(partners["companies"] * 2):
            kind = list(IndustrialKind)[index % len(IndustrialKind)]
            start = datetime.date(2016 + index % 9, 1 + index % 12, 1)
            partnership = IndustrialPartnership.objects.create(
                kind=kind,
                title=f"{kind.label} {company.name}",
                start_date=start,
                end_date=start.replace(year=start.year + 4),
                status=IndustrialStatus.ENDED if start.year + 4 < today.year else IndustrialStatus.ACTIVE,
                description="Partenariat de recherche et de valorisation.",
            )
            partnership.companies.add(company)
            partnership.labs.add(*rng.sample(labs, min(3, len(labs))))


def flush_demo_data():
    """Delete every lab, site, agreement and partner but the reference data (the CNRS, offices…)."""
    for model in FLUSH_ORDER:
        model.objects.all().delete()
    Partner.objects.exclude(uai=settings.CNRS_UAI).delete()
