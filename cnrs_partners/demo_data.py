"""The literal tables the demo database is built from (`cnrs_partners.demo` holds the building code).

Over 400 lines on purpose: plain data, no code, kept apart so that the building code stays short.

Where the values come from:
- places, universities and organisations are real: the seat (city of the presidency or head office) of
  each institution, the cities where its labs are; the sites group them as in the CNRS site agreements;
- the regional offices' phone prefixes are the area code (01 Île-de-France, 02 north-west, 03 north-east,
  04 south-east, 05 south-west) and local prefix of each office's seat city (shared/reference/cnrs-facts.md);
- the README's example lab (UMR 8502, Laboratoire de physique des solides, Orsay) and the Idex, I-site,
  Labex, Equipex and EUR acronyms are those of real projects of each site, their names shortened;
- companies, people, streets, phone line numbers and every identifier (RNSR, UAI, SIRET, ROR, the README
  lab's included) are made up, with valid check characters.

Nothing here is used by the application itself: these are demo values, not reference data.
"""

from typing import Any, NamedTuple

from agreements.models import AgreementStatus, JuryOutcome, PiaAction
from labs.models import PartnerKind


class City(NamedTuple):
    """A city where demo labs are, its university and site, and its office when the département is shared."""

    name: str
    postal_code: str
    university: str
    site: str
    office: str = ""


# Paris is shared between offices by agreement: the demo gives the 6th and 16th arrondissements to DR16.
CITIES = [
    City("Orsay", "91405", "Université Paris-Saclay", "Paris-Saclay"),
    City("Gif-sur-Yvette", "91190", "Université Paris-Saclay", "Paris-Saclay"),
    City("Palaiseau", "91120", "Institut Polytechnique de Paris", "Paris-Saclay"),
    City("Évry-Courcouronnes", "91000", "Université d'Évry", "Paris-Saclay"),
    City("Champs-sur-Marne", "77420", "Université Gustave Eiffel", "Paris-Est"),
    City("Villejuif", "94800", "Université Paris-Est Créteil", "Paris-Est"),
    City("Créteil", "94010", "Université Paris-Est Créteil", "Paris-Est"),
    City("Paris", "75005", "Sorbonne Université", "Sorbonne Université"),
    City("Paris", "75013", "Université Paris Cité", "Université Paris Cité"),
    City("Paris", "75006", "Université PSL", "PSL", office="DR16"),
    City("Paris", "75016", "Université Paris Dauphine-PSL", "PSL", office="DR16"),
    City("Meudon", "92190", "Observatoire de Paris", "PSL"),
    City("Nanterre", "92000", "Université Paris Nanterre", "Paris Lumières"),
    City("Saint-Denis", "93200", "Université Paris 8", "Paris Lumières"),
    City("Versailles", "78000", "Université de Versailles Saint-Quentin", "Paris-Saclay"),
    City("Cergy", "95000", "CY Cergy Paris Université", "CY Cergy"),
    City("Vandœuvre-lès-Nancy", "54500", "Université de Lorraine", "Lorraine"),
    City("Metz", "57000", "Université de Lorraine", "Lorraine"),
    City("Dijon", "21000", "Université de Bourgogne", "Bourgogne-Franche-Comté"),
    City("Besançon", "25000", "Université de Franche-Comté", "Bourgogne-Franche-Comté"),
    City("Reims", "51100", "Université de Reims Champagne-Ardenne", "Champagne"),
    City("Lyon", "69007", "Université Claude Bernard Lyon 1", "Lyon"),
    City("Villeurbanne", "69100", "Université Claude Bernard Lyon 1", "Lyon"),
    City("Saint-Étienne", "42000", "Université Jean Monnet", "Lyon"),
    City("Clermont-Ferrand", "63000", "Université Clermont Auvergne", "Clermont Auvergne"),
    City("Orléans", "45100", "Université d'Orléans", "Centre-Val de Loire"),
    City("Tours", "37000", "Université de Tours", "Centre-Val de Loire"),
    City("Poitiers", "86000", "Université de Poitiers", "Poitiers"),
    City("Limoges", "87000", "Université de Limoges", "Poitiers"),
    City("Strasbourg", "67000", "Université de Strasbourg", "Strasbourg"),
    City("Mulhouse", "68100", "Université de Haute-Alsace", "Strasbourg"),
    City("Grenoble", "38000", "Université Grenoble Alpes", "Grenoble Alpes"),
    City("Saint-Martin-d'Hères", "38400", "Université Grenoble Alpes", "Grenoble Alpes"),
    City("Chambéry", "73000", "Université Savoie Mont Blanc", "Grenoble Alpes"),
    City("Marseille", "13009", "Aix-Marseille Université", "Aix-Marseille"),
    City("Aix-en-Provence", "13100", "Aix-Marseille Université", "Aix-Marseille"),
    City("Avignon", "84000", "Avignon Université", "Aix-Marseille"),
    City("Corte", "20250", "Université de Corse Pascal Paoli", "Corse"),
    City("Montpellier", "34090", "Université de Montpellier", "Montpellier"),
    City("Perpignan", "66860", "Université de Perpignan Via Domitia", "Montpellier"),
    City("Nîmes", "30000", "Université de Nîmes", "Montpellier"),
    City("Toulouse", "31400", "Université Toulouse III – Paul Sabatier", "Toulouse"),
    City("Albi", "81000", "IMT Mines Albi", "Toulouse"),
    City("Talence", "33400", "Université de Bordeaux", "Bordeaux"),
    City("Pessac", "33600", "Université de Bordeaux", "Bordeaux"),
    City("Pau", "64000", "Université de Pau et des Pays de l'Adour", "Pau"),
    City("Rennes", "35000", "Université de Rennes", "Rennes"),
    City("Brest", "29200", "Université de Bretagne Occidentale", "Bretagne Ouest"),
    City("Nantes", "44300", "Nantes Université", "Nantes"),
    City("Angers", "49000", "Université d'Angers", "Nantes"),
    City("Le Mans", "72000", "Le Mans Université", "Nantes"),
    City("Villeneuve-d'Ascq", "59650", "Université de Lille", "Lille"),
    City("Lille", "59000", "Université de Lille", "Lille"),
    City("Amiens", "80000", "Université de Picardie Jules Verne", "Amiens"),
    City("Caen", "14000", "Université de Caen Normandie", "Normandie"),
    City("Rouen", "76000", "Université de Rouen Normandie", "Normandie"),
    City("Nice", "06100", "Université Côte d'Azur", "Côte d'Azur"),
    City("Sophia Antipolis", "06560", "Université Côte d'Azur", "Côte d'Azur"),
    City("Toulon", "83000", "Université de Toulon", "Côte d'Azur"),
]

# university → (acronym, kind, city and postal code of its seat): a lab's city is not its university's.
UNIVERSITIES = {
    "Université Paris-Saclay": ("UPSaclay", PartnerKind.UNIVERSITY, "Gif-sur-Yvette", "91190"),
    "Institut Polytechnique de Paris": ("IP Paris", PartnerKind.SCHOOL, "Palaiseau", "91120"),
    "Université d'Évry": ("UEVE", PartnerKind.UNIVERSITY, "Évry-Courcouronnes", "91000"),
    "Université Gustave Eiffel": ("UGE", PartnerKind.UNIVERSITY, "Champs-sur-Marne", "77420"),
    "Université Paris-Est Créteil": ("UPEC", PartnerKind.UNIVERSITY, "Créteil", "94000"),
    "Sorbonne Université": ("SU", PartnerKind.UNIVERSITY, "Paris", "75006"),
    "Université Paris Cité": ("UPCité", PartnerKind.UNIVERSITY, "Paris", "75006"),
    "Université PSL": ("PSL", PartnerKind.UNIVERSITY, "Paris", "75006"),
    "Université Paris Dauphine-PSL": ("Dauphine-PSL", PartnerKind.UNIVERSITY, "Paris", "75016"),
    "Observatoire de Paris": ("OBSPM", PartnerKind.SCHOOL, "Paris", "75014"),
    "Université Paris Nanterre": ("UPN", PartnerKind.UNIVERSITY, "Nanterre", "92000"),
    "Université Paris 8": ("UP8", PartnerKind.UNIVERSITY, "Saint-Denis", "93200"),
    "Université de Versailles Saint-Quentin": ("UVSQ", PartnerKind.UNIVERSITY, "Versailles", "78000"),
    "CY Cergy Paris Université": ("CYU", PartnerKind.UNIVERSITY, "Cergy", "95000"),
    "Université de Lorraine": ("UL", PartnerKind.UNIVERSITY, "Nancy", "54000"),
    "Université de Bourgogne": ("uB", PartnerKind.UNIVERSITY, "Dijon", "21000"),
    "Université de Franche-Comté": ("UFC", PartnerKind.UNIVERSITY, "Besançon", "25000"),
    "Université de Reims Champagne-Ardenne": ("URCA", PartnerKind.UNIVERSITY, "Reims", "51100"),
    "Université Claude Bernard Lyon 1": ("UCBL", PartnerKind.UNIVERSITY, "Villeurbanne", "69100"),
    "Université Jean Monnet": ("UJM", PartnerKind.UNIVERSITY, "Saint-Étienne", "42000"),
    "Université Clermont Auvergne": ("UCA", PartnerKind.UNIVERSITY, "Clermont-Ferrand", "63000"),
    "Université d'Orléans": ("UO", PartnerKind.UNIVERSITY, "Orléans", "45100"),
    "Université de Tours": ("UT", PartnerKind.UNIVERSITY, "Tours", "37000"),
    "Université de Poitiers": ("UP", PartnerKind.UNIVERSITY, "Poitiers", "86000"),
    "Université de Limoges": ("Unilim", PartnerKind.UNIVERSITY, "Limoges", "87000"),
    "Université de Strasbourg": ("Unistra", PartnerKind.UNIVERSITY, "Strasbourg", "67000"),
    "Université de Haute-Alsace": ("UHA", PartnerKind.UNIVERSITY, "Mulhouse", "68100"),
    "Université Grenoble Alpes": ("UGA", PartnerKind.UNIVERSITY, "Saint-Martin-d'Hères", "38400"),
    "Université Savoie Mont Blanc": ("USMB", PartnerKind.UNIVERSITY, "Chambéry", "73000"),
    "Aix-Marseille Université": ("AMU", PartnerKind.UNIVERSITY, "Marseille", "13007"),
    "Avignon Université": ("AU", PartnerKind.UNIVERSITY, "Avignon", "84000"),
    "Université de Corse Pascal Paoli": ("UCPP", PartnerKind.UNIVERSITY, "Corte", "20250"),
    "Université de Montpellier": ("UM", PartnerKind.UNIVERSITY, "Montpellier", "34090"),
    "Université de Perpignan Via Domitia": ("UPVD", PartnerKind.UNIVERSITY, "Perpignan", "66860"),
    "Université de Nîmes": ("Unîmes", PartnerKind.UNIVERSITY, "Nîmes", "30000"),
    "Université Toulouse III – Paul Sabatier": ("UT3", PartnerKind.UNIVERSITY, "Toulouse", "31400"),
    "IMT Mines Albi": ("IMT Mines Albi", PartnerKind.SCHOOL, "Albi", "81000"),
    "Université de Bordeaux": ("UB", PartnerKind.UNIVERSITY, "Bordeaux", "33000"),
    "Université de Pau et des Pays de l'Adour": ("UPPA", PartnerKind.UNIVERSITY, "Pau", "64000"),
    "Université de Rennes": ("UR", PartnerKind.UNIVERSITY, "Rennes", "35000"),
    "Université de Bretagne Occidentale": ("UBO", PartnerKind.UNIVERSITY, "Brest", "29200"),
    "Nantes Université": ("NU", PartnerKind.UNIVERSITY, "Nantes", "44000"),
    "Université d'Angers": ("UA", PartnerKind.UNIVERSITY, "Angers", "49000"),
    "Le Mans Université": ("LMU", PartnerKind.UNIVERSITY, "Le Mans", "72000"),
    "Université de Lille": ("ULille", PartnerKind.UNIVERSITY, "Lille", "59000"),
    "Université de Picardie Jules Verne": ("UPJV", PartnerKind.UNIVERSITY, "Amiens", "80000"),
    "Université de Caen Normandie": ("Unicaen", PartnerKind.UNIVERSITY, "Caen", "14000"),
    "Université de Rouen Normandie": ("URN", PartnerKind.UNIVERSITY, "Mont-Saint-Aignan", "76130"),
    "Université Côte d'Azur": ("UniCA", PartnerKind.UNIVERSITY, "Nice", "06100"),
    "Université de Toulon": ("UTLN", PartnerKind.UNIVERSITY, "La Garde", "83130"),
}


class Organisation(NamedTuple):
    """A research organisation, school, hospital… at its seat; `national` ones supervise labs anywhere."""

    name: str
    acronym: str
    kind: str
    city: str
    postal_code: str
    country: str = "FR"
    national: bool = False


# National organisations co-supervise labs anywhere; the others only labs of their own city, but foreign
# institutions, which take part in labs anywhere.
ORGANISATIONS = [
    Organisation(
        "Institut national de la santé et de la recherche médicale",
        "Inserm",
        PartnerKind.RESEARCH_ORGANISATION,
        "Paris",
        "75013",
        national=True,
    ),
    Organisation(
        "Commissariat à l'énergie atomique et aux énergies alternatives",
        "CEA",
        PartnerKind.RESEARCH_ORGANISATION,
        "Paris",
        "75015",
        national=True,
    ),
    Organisation(
        "Institut national de recherche pour l'agriculture, l'alimentation et l'environnement",
        "INRAE",
        PartnerKind.RESEARCH_ORGANISATION,
        "Paris",
        "75007",
        national=True,
    ),
    Organisation(
        "Institut national de recherche en informatique et en automatique",
        "Inria",
        PartnerKind.RESEARCH_ORGANISATION,
        "Le Chesnay-Rocquencourt",
        "78150",
        national=True,
    ),
    Organisation(
        "Institut de recherche pour le développement",
        "IRD",
        PartnerKind.RESEARCH_ORGANISATION,
        "Marseille",
        "13002",
        national=True,
    ),
    Organisation(
        "Centre national d'études spatiales",
        "CNES",
        PartnerKind.RESEARCH_ORGANISATION,
        "Paris",
        "75001",
        national=True,
    ),
    Organisation("Institut Pasteur", "Pasteur", PartnerKind.FOUNDATION, "Paris", "75015"),
    Organisation("Assistance publique – Hôpitaux de Paris", "AP-HP", PartnerKind.HOSPITAL, "Paris", "75004"),
    Organisation("Hospices civils de Lyon", "HCL", PartnerKind.HOSPITAL, "Lyon", "69002"),
    Organisation("École normale supérieure", "ENS", PartnerKind.SCHOOL, "Paris", "75005"),
    Organisation("École polytechnique", "X", PartnerKind.SCHOOL, "Palaiseau", "91120"),
    Organisation("École centrale de Marseille", "ECM", PartnerKind.SCHOOL, "Marseille", "13013"),
    Organisation(
        "Institut national des sciences appliquées de Lyon",
        "INSA Lyon",
        PartnerKind.SCHOOL,
        "Villeurbanne",
        "69100",
    ),
    Organisation(
        "École nationale supérieure de chimie de Montpellier",
        "ENSCM",
        PartnerKind.SCHOOL,
        "Montpellier",
        "34090",
    ),
    Organisation("Sciences Po", "Sciences Po", PartnerKind.SCHOOL, "Paris", "75007"),
    Organisation(
        "École des hautes études en sciences sociales", "EHESS", PartnerKind.SCHOOL, "Paris", "75006"
    ),
    Organisation(
        "Muséum national d'histoire naturelle", "MNHN", PartnerKind.RESEARCH_ORGANISATION, "Paris", "75005"
    ),
    Organisation("Région Auvergne-Rhône-Alpes", "AURA", PartnerKind.LOCAL_AUTHORITY, "Lyon", "69002"),
    Organisation("Max-Planck-Gesellschaft", "MPG", PartnerKind.FOREIGN, "Munich", "", "DE"),
    Organisation("University of Tokyo", "UTokyo", PartnerKind.FOREIGN, "Tokyo", "", "JP"),
]

# Made-up companies, each in a city that fits its name.
COMPANIES = [
    ("Société Alpine des Matériaux Avancés", "Grenoble", "38000"),
    ("Océanique Énergies", "Brest", "29200"),
    ("Pharmalys Thérapeutiques", "Lyon", "69007"),
    ("Photonis Lumière", "Pessac", "33600"),
    ("Aéronautique du Sud-Ouest", "Blagnac", "31700"),
    ("Chimie Verte de Normandie", "Rouen", "76000"),
    ("Quantique Systèmes", "Palaiseau", "91120"),
    ("Agrosol Innovation", "Montpellier", "34000"),
    ("Batteries de l'Isère", "Échirolles", "38130"),
    ("Données & Santé", "Paris", "75013"),
    ("Métallurgie de Lorraine", "Metz", "57000"),
    ("Robotique Armoricaine", "Rennes", "35000"),
]

# (name, acronym, city and postal code of its seat, founding year): groupings the CNRS founded.
COMUES = [
    ("Université Paris-Saclay (ComUE)", "UPSaclay-ComUE", "Saint-Aubin", "91190", 2015),
    ("Communauté Université Grenoble Alpes", "ComUE UGA", "Saint-Martin-d'Hères", "38400", 2015),
    ("Université de Lyon", "UdL", "Lyon", "69007", 2015),
    ("Université Paris-Est", "UPE", "Champs-sur-Marne", "77420", 2015),
    ("Université fédérale Toulouse Midi-Pyrénées", "UFTMP", "Toulouse", "31000", 2015),
    ("Paris Sciences et Lettres", "PSL-ComUE", "Paris", "75005", 2015),
    ("Sorbonne Universités", "SU-ComUE", "Paris", "75005", 2015),
]

# The README's example, UMR 8502 (fields of `labs.Lab`): always the first demo lab, whatever the size.
README_LAB: dict[str, Any] = {
    "rnsr": "199812919F",
    "unit_number": "8502",
    "acronym": "LPS",
    "name": "Laboratoire de physique des solides",
    "name_en": "Solid State Physics Laboratory",
    "address": "Bâtiment 510, 1 rue Nicolas Appert",
    "postal_code": "91405",
    "city": "Orsay",
    "website": "https://lps.demo.example",
    "creation_year": 1959,
    "scientific_domain": "Physique de la matière condensée",
    "description": "Matière condensée : supraconductivité, nanosciences, matière molle et systèmes quantiques.",
    "keywords": "matière condensée, supraconductivité, nanosciences",
}
README_LAB_INSTITUTE = "INP"

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

# Office → phone prefix: the area code and local prefix of the office's seat city (the last four digits
# are drawn). An office missing here (created by an administrator) is given no demo phone.
OFFICE_PHONE_PREFIXES = {
    "DR01": "+33 1 49 58",  # Villejuif
    "DR02": "+33 1 42 34",  # Paris
    "DR04": "+33 1 69 82",  # Gif-sur-Yvette
    "DR05": "+33 1 45 07",  # Meudon
    "DR06": "+33 3 83 85",  # Vandœuvre-lès-Nancy
    "DR07": "+33 4 72 44",  # Villeurbanne
    "DR08": "+33 2 38 25",  # Orléans
    "DR10": "+33 3 88 10",  # Strasbourg
    "DR11": "+33 4 76 88",  # Grenoble
    "DR12": "+33 4 91 16",  # Marseille
    "DR13": "+33 4 67 61",  # Montpellier
    "DR14": "+33 5 61 33",  # Toulouse
    "DR15": "+33 5 57 35",  # Talence
    "DR16": "+33 1 44 96",  # Paris
    "DR17": "+33 2 99 28",  # Rennes
    "DR18": "+33 3 20 12",  # Lille
    "DR19": "+33 2 31 43",  # Caen
    "DR20": "+33 4 93 95",  # Sophia Antipolis
}

# site: (action, acronym, name, jury outcome, start year, end year) of its Idex or I-site.
SITE_EXCELLENCE = {
    "Aix-Marseille": (
        PiaAction.IDEX,
        "A*MIDEX",
        "Initiative d'excellence d'Aix-Marseille Université",
        JuryOutcome.CONFIRMED,
        2012,
        None,
    ),
    "Bordeaux": (
        PiaAction.IDEX,
        "IdEx Bordeaux",
        "Initiative d'excellence de l'université de Bordeaux",
        JuryOutcome.CONFIRMED,
        2011,
        None,
    ),
    "Strasbourg": (
        PiaAction.IDEX,
        "IdEx Unistra",
        "Initiative d'excellence de l'Université de Strasbourg",
        JuryOutcome.CONFIRMED,
        2011,
        None,
    ),
    "Toulouse": (
        PiaAction.IDEX,
        "UNITI",
        "Université de Toulouse – Initiative d'excellence",
        JuryOutcome.STOPPED,
        2012,
        2016,
    ),
    "Université Paris Cité": (
        PiaAction.IDEX,
        "USPC",
        "Université Sorbonne Paris Cité – Initiative d'excellence",
        JuryOutcome.STOPPED,
        2012,
        2016,
    ),
    "Grenoble Alpes": (
        PiaAction.IDEX,
        "IDEX UGA",
        "Initiative d'excellence Université Grenoble Alpes",
        JuryOutcome.SELECTED,
        2016,
        None,
    ),
    "Côte d'Azur": (
        PiaAction.IDEX,
        "UCA JEDI",
        "Université Côte d'Azur – Joint, Excellent and Dynamic Initiative",
        JuryOutcome.SELECTED,
        2016,
        None,
    ),
    "Paris-Saclay": (
        PiaAction.IDEX,
        "IDEX Paris-Saclay",
        "Initiative d'excellence Paris-Saclay",
        JuryOutcome.CONFIRMED,
        2012,
        None,
    ),
    "Bourgogne-Franche-Comté": (
        PiaAction.ISITE,
        "ISITE-BFC",
        "Initiative science, innovation, territoires, économie Bourgogne-Franche-Comté",
        JuryOutcome.PROBATION,
        2016,
        None,
    ),
    "Lorraine": (
        PiaAction.ISITE,
        "LUE",
        "Lorraine Université d'Excellence",
        JuryOutcome.CONFIRMED,
        2016,
        None,
    ),
    "Lille": (
        PiaAction.ISITE,
        "ULNE",
        "Université Lille Nord-Europe",
        JuryOutcome.STOPPED,
        2017,
        None,
    ),
    "Clermont Auvergne": (
        PiaAction.ISITE,
        "CAP 2025",
        "Clermont Auvergne Project 2025",
        JuryOutcome.CONFIRMED,
        2017,
        None,
    ),
    "Paris-Est": (
        PiaAction.ISITE,
        "FUTURE",
        "FUTURE – Inventer la ville de demain",
        JuryOutcome.CONFIRMED,
        2017,
        None,
    ),
    "Pau": (
        PiaAction.ISITE,
        "E2S",
        "Energy and Environment Solutions",
        JuryOutcome.CONFIRMED,
        2017,
        None,
    ),
    "Montpellier": (
        PiaAction.ISITE,
        "MUSE",
        "Montpellier Université d'Excellence",
        JuryOutcome.CONFIRMED,
        2017,
        None,
    ),
}

LABEX, EQUIPEX, EUR = PiaAction.LABEX, PiaAction.EQUIPEX, PiaAction.EUR

# site: its Labex, Equipex and graduate schools (action, acronym, name, start year, end year).
SITE_PROJECTS = {
    "Paris-Saclay": [
        (LABEX, "NanoSaclay", "Nanosciences et nanotechnologies sur le plateau de Saclay", 2012, 2024),
        (LABEX, "PALM", "Physique : atomes, lumière, matière", 2011, 2024),
        (LABEX, "P2IO", "Physique des deux infinis et des origines", 2011, 2024),
    ],
    "Paris-Est": [
        (LABEX, "Bézout", "Mathématiques, informatique et leurs interactions", 2011, 2024),
        (LABEX, "Futurs urbains", "Futurs urbains", 2011, 2024),
        (
            LABEX,
            "MMCD",
            "Modélisation et expérimentation multi-échelle des matériaux pour la construction durable",
            2012,
            2024,
        ),
    ],
    "Sorbonne Université": [
        (LABEX, "MiChem", "Chimie intégrative multi-échelle", 2011, 2024),
        (LABEX, "MATISSE", "Matériaux, interfaces, surfaces, environnement", 2011, 2024),
    ],
    "Université Paris Cité": [
        (LABEX, "GR-Ex", "Laboratoire d'excellence du globule rouge", 2011, 2024),
        (LABEX, "UnivEarthS", "Univers, Terre, planètes : observation, modélisation, transfert", 2011, 2024),
        (LABEX, "SEAM", "Science et ingénierie des matériaux et dispositifs avancés", 2011, 2024),
    ],
    "PSL": [
        (EQUIPEX, "IPGG", "Institut Pierre-Gilles de Gennes pour la microfluidique", 2011, 2020),
        (LABEX, "CelTisPhyBio", "Des cellules aux tissus : physique et biologie", 2011, 2024),
        (LABEX, "TransferS", "Transferts culturels", 2011, 2024),
    ],
    "Paris Lumières": [
        (LABEX, "Arts-H2H", "Laboratoire des arts et médiations humaines", 2011, 2024),
        (LABEX, "PasP", "Les passés dans le présent", 2011, 2024),
    ],
    "CY Cergy": [
        (LABEX, "Patrima", "Patrimoines matériels : savoirs, patrimonialisation, transmission", 2011, 2024),
    ],
    "Lorraine": [
        (LABEX, "DAMAS", "Design des alliages métalliques pour allègement des structures", 2011, 2024),
        (LABEX, "Ressources21", "Métaux stratégiques du XXIe siècle", 2011, 2024),
        (LABEX, "ARBRE", "Recherches avancées sur l'arbre et les écosystèmes forestiers", 2011, 2024),
    ],
    "Bourgogne-Franche-Comté": [
        (LABEX, "ACTION", "Systèmes intelligents intégrés au cœur de la matière", 2011, 2024),
        (LABEX, "LipSTIC", "Lipoprotéines et santé", 2011, 2024),
        (EUR, "EIPHI", "Ingénierie et innovation par les sciences physiques", 2018, 2028),
    ],
    "Lyon": [
        (LABEX, "IMUST", "Institut de la matière multi-échelle et des systèmes", 2011, 2024),
        (LABEX, "MILYON", "Mathématiques et informatique fondamentale de Lyon", 2011, 2024),
        (LABEX, "LIO", "Lyon Institute of Origins", 2011, 2024),
    ],
    "Clermont Auvergne": [
        (LABEX, "ClerVolc", "Centre clermontois de recherche sur le volcanisme", 2011, 2024),
        (LABEX, "IMobS3", "Mobilité innovante : solutions intelligentes et durables", 2011, 2024),
    ],
    "Centre-Val de Loire": [
        (LABEX, "VOLTAIRE", "Géofluides et éléments volatils : Terre, atmosphère, interfaces", 2011, 2024),
        (
            LABEX,
            "CAPRYSSES",
            "Cinétique chimique et aérothermodynamique pour une propulsion propre",
            2011,
            2024,
        ),
        (LABEX, "MAbImprove", "Anticorps monoclonaux thérapeutiques", 2011, 2024),
    ],
    "Poitiers": [
        (LABEX, "SigmaLim", "Céramiques et télécommunications en Limousin", 2011, 2024),
    ],
    "Strasbourg": [
        (LABEX, "NIE", "Nanostructures en interaction avec leur environnement", 2011, 2024),
        (LABEX, "CSC", "Chimie des systèmes complexes", 2011, 2024),
        (LABEX, "NetRNA", "Réseaux d'ARN", 2011, 2024),
    ],
    "Grenoble Alpes": [
        (LABEX, "LANEF", "Laboratoire d'alliances nanosciences – énergies du futur", 2011, 2024),
        (LABEX, "Persyval-Lab", "Systèmes et algorithmes pervasifs", 2011, 2024),
        (LABEX, "OSUG@2020", "Observer et modéliser les systèmes naturels", 2011, 2024),
    ],
    "Aix-Marseille": [
        (LABEX, "OCEVU", "Origines, constituants et évolution de l'Univers", 2011, 2024),
        (LABEX, "Archimède", "Mathématiques et informatique", 2011, 2024),
        (LABEX, "MEC", "Mécanique et complexité", 2011, 2024),
    ],
    "Montpellier": [
        (LABEX, "NUMEV", "Solutions numériques pour l'environnement et le vivant", 2011, 2024),
        (LABEX, "CeMEB", "Centre méditerranéen de l'environnement et de la biodiversité", 2011, 2024),
        (LABEX, "CheMISyst", "Chimie des systèmes moléculaires et interfaces", 2011, 2024),
    ],
    "Toulouse": [
        (LABEX, "NEXT", "Nano, mesures extrêmes et théorie", 2011, 2024),
        (LABEX, "TULIP", "Vers une théorie unifiée des interactions biotiques", 2011, 2024),
        (LABEX, "CIMI", "Centre international de mathématiques et d'informatique", 2012, 2024),
    ],
    "Bordeaux": [
        (LABEX, "LaPhIA", "Lasers et photonique en Aquitaine", 2011, 2024),
        (LABEX, "AMADEus", "Matériaux avancés par conception", 2011, 2024),
        (LABEX, "BRAIN", "Initiative bordelaise pour les neurosciences", 2011, 2024),
    ],
    "Rennes": [
        (LABEX, "CominLabs", "Communications et systèmes numériques", 2011, 2024),
        (LABEX, "Lebesgue", "Centre de mathématiques Henri Lebesgue", 2011, 2024),
    ],
    "Bretagne Ouest": [
        (LABEX, "MER", "L'océan dans le changement", 2011, 2024),
        (EUR, "ISblue", "École universitaire de recherche pour la planète bleue", 2018, 2028),
    ],
    "Nantes": [
        (LABEX, "IRON", "Radiopharmaceutiques innovants en oncologie et neurologie", 2011, 2024),
        (LABEX, "IGO", "Immunothérapies Grand Ouest", 2011, 2024),
    ],
    "Lille": [
        (
            LABEX,
            "CEMPI",
            "Centre européen pour les mathématiques, la physique et leurs interactions",
            2011,
            2024,
        ),
        (LABEX, "CaPPA", "Propriétés physiques et chimiques de l'atmosphère", 2011, 2024),
    ],
    "Amiens": [
        (LABEX, "STORE-EX", "Stockage électrochimique de l'énergie", 2011, 2024),
    ],
    "Normandie": [
        (LABEX, "SYNORG", "Synthèse organique", 2011, 2024),
        (LABEX, "EMC3", "Matériaux pour l'énergie et combustion propre", 2011, 2024),
    ],
    "Côte d'Azur": [
        (LABEX, "SIGNALIFE", "Voies de signalisation en sciences de la vie", 2011, 2024),
        (EUR, "DS4H", "Systèmes numériques pour l'humain", 2018, 2028),
    ],
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
