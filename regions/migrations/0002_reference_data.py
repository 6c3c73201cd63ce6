"""The 18 regional offices, their five services, and the départements with their default office.

Facts from shared/reference/cnrs-facts.md. Several are unconfirmed (office codes, the département map):
they are loaded with get_or_create, so a second run changes nothing and administrators' corrections stay.
"""

from django.db import migrations

OFFICES = [
    ("DR01", "Île-de-France Villejuif", "Villejuif"),
    ("DR02", "Paris-Centre", "Paris"),
    ("DR04", "Île-de-France Gif-sur-Yvette", "Gif-sur-Yvette"),
    ("DR05", "Île-de-France Meudon", "Meudon"),
    ("DR06", "Centre-Est", "Vandœuvre-lès-Nancy"),
    ("DR07", "Rhône Auvergne", "Villeurbanne"),
    ("DR08", "Centre Limousin Poitou-Charentes", "Orléans"),
    ("DR10", "Alsace", "Strasbourg"),
    ("DR11", "Alpes", "Grenoble"),
    ("DR12", "Provence et Corse", "Marseille"),
    ("DR13", "Occitanie Est", "Montpellier"),
    ("DR14", "Occitanie Ouest", "Toulouse"),
    ("DR15", "Aquitaine", "Talence"),
    ("DR16", "Paris Michel-Ange", "Paris"),
    ("DR17", "Bretagne et Pays de la Loire", "Rennes"),
    ("DR18", "Hauts-de-France", "Lille"),
    ("DR19", "Normandie", "Caen"),
    ("DR20", "Côte d'Azur", "Sophia Antipolis"),
]

SERVICE_KINDS = ["hr", "finance", "partnerships", "information_systems", "hygiene_security"]

DEFAULT_OFFICE = {
    "DR04": "91 77",
    "DR05": "92 78 95 93",
    "DR01": "94",
    "DR02": "75",
    "DR06": "54 55 57 88 08 10 51 52 21 58 71 89 25 39 70 90",
    "DR07": "69 01 42 03 15 43 63",
    "DR08": "18 28 36 37 41 45 19 23 87 16 17 79 86",
    "DR10": "67 68",
    "DR11": "38 73 74 26 07",
    "DR12": "13 84 04 05 2A 2B",
    "DR13": "34 30 11 48 66",
    "DR14": "31 09 12 32 46 65 81 82",
    "DR15": "33 24 40 47 64",
    "DR17": "35 22 29 56 44 49 53 72 85",
    "DR18": "59 62 02 60 80",
    "DR19": "14 27 50 61 76",
    "DR20": "06 83",
}

# Paris and the inner ring are shared between DR01, DR02 and DR16 by agreement: imports flag them.
SHARED = {"75", "92", "93", "94"}

DEPARTMENTS = [
    ("01", "Ain"), ("02", "Aisne"), ("03", "Allier"), ("04", "Alpes-de-Haute-Provence"), ("05", "Hautes-Alpes"),
    ("06", "Alpes-Maritimes"), ("07", "Ardèche"), ("08", "Ardennes"), ("09", "Ariège"), ("10", "Aube"),
    ("11", "Aude"), ("12", "Aveyron"), ("13", "Bouches-du-Rhône"), ("14", "Calvados"), ("15", "Cantal"),
    ("16", "Charente"), ("17", "Charente-Maritime"), ("18", "Cher"), ("19", "Corrèze"), ("2A", "Corse-du-Sud"),
    ("2B", "Haute-Corse"), ("21", "Côte-d'Or"), ("22", "Côtes-d'Armor"), ("23", "Creuse"), ("24", "Dordogne"),
    ("25", "Doubs"), ("26", "Drôme"), ("27", "Eure"), ("28", "Eure-et-Loir"), ("29", "Finistère"), ("30", "Gard"),
    ("31", "Haute-Garonne"), ("32", "Gers"), ("33", "Gironde"), ("34", "Hérault"), ("35", "Ille-et-Vilaine"),
    ("36", "Indre"), ("37", "Indre-et-Loire"), ("38", "Isère"), ("39", "Jura"), ("40", "Landes"),
    ("41", "Loir-et-Cher"), ("42", "Loire"), ("43", "Haute-Loire"), ("44", "Loire-Atlantique"), ("45", "Loiret"),
    ("46", "Lot"), ("47", "Lot-et-Garonne"), ("48", "Lozère"), ("49", "Maine-et-Loire"), ("50", "Manche"),
    ("51", "Marne"), ("52", "Haute-Marne"), ("53", "Mayenne"), ("54", "Meurthe-et-Moselle"), ("55", "Meuse"),
    ("56", "Morbihan"), ("57", "Moselle"), ("58", "Nièvre"), ("59", "Nord"), ("60", "Oise"), ("61", "Orne"),
    ("62", "Pas-de-Calais"), ("63", "Puy-de-Dôme"), ("64", "Pyrénées-Atlantiques"), ("65", "Hautes-Pyrénées"),
    ("66", "Pyrénées-Orientales"), ("67", "Bas-Rhin"), ("68", "Haut-Rhin"), ("69", "Rhône"), ("70", "Haute-Saône"),
    ("71", "Saône-et-Loire"), ("72", "Sarthe"), ("73", "Savoie"), ("74", "Haute-Savoie"), ("75", "Paris"),
    ("76", "Seine-Maritime"), ("77", "Seine-et-Marne"), ("78", "Yvelines"), ("79", "Deux-Sèvres"), ("80", "Somme"),
    ("81", "Tarn"), ("82", "Tarn-et-Garonne"), ("83", "Var"), ("84", "Vaucluse"), ("85", "Vendée"),
    ("86", "Vienne"), ("87", "Haute-Vienne"), ("88", "Vosges"), ("89", "Yonne"), ("90", "Territoire de Belfort"),
    ("91", "Essonne"), ("92", "Hauts-de-Seine"), ("93", "Seine-Saint-Denis"), ("94", "Val-de-Marne"),
    ("95", "Val-d'Oise"), ("971", "Guadeloupe"), ("972", "Martinique"), ("973", "Guyane"), ("974", "La Réunion"),
    ("976", "Mayotte"),
]


def load(apps, schema_editor):
    RegionalOffice = apps.get_model("regions", "RegionalOffice")
    OfficeService = apps.get_model("regions", "OfficeService")
    Department = apps.get_model("regions", "Department")
    offices = {}
    for code, name, seat in OFFICES:
        offices[code], _ = RegionalOffice.objects.get_or_create(
            code=code, defaults={"name": name, "seat_city": seat}
        )
        for kind in SERVICE_KINDS:
            OfficeService.objects.get_or_create(office=offices[code], kind=kind)
    office_of = {dep: code for code, deps in DEFAULT_OFFICE.items() for dep in deps.split()}
    for code, name in DEPARTMENTS:
        office_code = office_of.get(code)
        Department.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "default_office": offices.get(office_code) if office_code else None,
                "needs_review": code in SHARED or office_code is None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
