"""The ten CNRS institutes and the CNRS itself as a partner (facts from shared/reference/cnrs-facts.md).

get_or_create keeps the migration idempotent and leaves administrators' later corrections alone.
"""

from django.db import migrations

INSTITUTES = [
    ("INC", "Institut de chimie", "Institute of Chemistry", "CNRS Chimie"),
    ("INEE", "Institut écologie et environnement", "Institute of Ecology and Environment", "CNRS Écologie & Environnement"),
    ("INP", "Institut de physique", "Institute of Physics", "CNRS Physique"),
    (
        "IN2P3",
        "Institut national de physique nucléaire et de physique des particules",
        "National Institute of Nuclear and Particle Physics",
        "CNRS Nucléaire & Particules",
    ),
    ("INSB", "Institut des sciences biologiques", "Institute of Biological Sciences", "CNRS Biologie"),
    (
        "INSHS",
        "Institut des sciences humaines et sociales",
        "Institute for Humanities and Social Sciences",
        "CNRS Sciences humaines & sociales",
    ),
    (
        "INS2I",
        "Institut des sciences de l'information et de leurs interactions",
        "Institute for Information Sciences and Technologies",
        "CNRS Sciences informatiques",
    ),
    (
        "INSIS",
        "Institut des sciences de l'ingénierie et des systèmes",
        "Institute for Engineering and Systems Sciences",
        "CNRS Ingénierie",
    ),
    (
        "INSMI",
        "Institut national des sciences mathématiques et de leurs interactions",
        "National Institute for Mathematical Sciences and their Interactions",
        "CNRS Mathématiques",
    ),
    (
        "INSU",
        "Institut national des sciences de l'Univers",
        "National Institute for Earth Sciences and Astronomy",
        "CNRS Terre & Univers",
    ),
]

CNRS = {
    "name": "Centre national de la recherche scientifique",
    "acronym": "CNRS",
    "slug": "cnrs",
    "kind": "research_organisation",
    "country": "FR",
    "city": "Paris",
    "address": "3 rue Michel-Ange, 75016 Paris",
    "website": "https://www.cnrs.fr",
    "siret": "18008901303720",
    "ror": "02feahw73",
    "search_text": "centre national de la recherche scientifique cnrs paris 0753639y 18008901303720 02feahw73",
}


def load(apps, schema_editor):
    Institute = apps.get_model("labs", "Institute")
    Partner = apps.get_model("labs", "Partner")
    for acronym, name_fr, name_en, usage_name in INSTITUTES:
        Institute.objects.get_or_create(
            acronym=acronym, defaults={"name_fr": name_fr, "name_en": name_en, "usage_name": usage_name}
        )
    Partner.objects.get_or_create(uai="0753639Y", defaults=CNRS)


class Migration(migrations.Migration):
    dependencies = [("labs", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
