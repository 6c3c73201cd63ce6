"""RNSR files for the import tests, in the open-data format: `structure(n)` is a valid row, `rnsr_file`
writes rows as the national export does (`;`, BOM), `run` imports through the `import_rnsr` command."""

import csv
import io

from django.core.management import call_command

from labs.models import Lab, Partner, Succession, Supervision
from labs.rnsr import Level
from labs.rnsr.columns import KNOWN_COLUMNS
from tests.factories import make_rnsr, make_siren, make_uai

CNRS_UAI, CNRS_SIRET = "0753639Y", "18008901303720"
UNIV_UAI, UNIV_SIREN = make_uai(777), make_siren(777)


def structure(n: int, **overrides) -> dict:
    """A valid row: UMR 8000+n, supervised by the CNRS and a university, in Orsay (DR04)."""
    row = dict.fromkeys(KNOWN_COLUMNS, "")
    row.update(
        {
            "numero_national_de_structure": make_rnsr(n),
            "libelle": f"Laboratoire de physique {n}",
            "sigle": f"LP{n}",
            "annee_de_creation": "2010",
            "type_de_structure": "Unité mixte",
            "code_de_type_de_structure": "22",
            "code_de_niveau_de_structure": "2",
            "site_web": f"https://lp{n}.example.fr",
            "adresse": "1 rue de la Physique",
            "code_postal": "91405",
            "commune": "ORSAY CEDEX",
            "nom_du_responsable": "CURIE;JOLIOT",
            "prenom_du_responsable": "MARIE;Frédéric",
            "titre_du_responsable": "Directeur;Directeur adjoint",
            "label_numero": f"UMR {8000 + n};UMR {8000 + n}",
            "tutelles": "Centre national de la recherche scientifique;Université Paris-Saclay",
            "sigles_des_tutelles": "CNRS;UPSACLAY",
            "code_de_nature_de_tutelle": "EPST;UNIV",
            "nature_de_tutelle": "Organismes de type EPST;Université",
            "uai_des_tutelles": f"{CNRS_UAI};{UNIV_UAI}",
            "siret_des_tutelles": f"{CNRS_SIRET};{UNIV_SIREN}",
            "code_de_type_de_tutelle": "TUTE;TUTE",
            "type_de_tutelle": "établissement tutelle;établissement tutelle",
            "domaine_scientifique": "Physique;Chimie",
        }
    )
    row.update(overrides)
    return row


def rnsr_file(rows: list[dict], columns: list[str] | None = None, bom: bool = True) -> bytes:
    columns = columns or KNOWN_COLUMNS
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def write_file(tmp_path, rows, **kwargs) -> str:
    path = tmp_path / "rnsr.csv"
    path.write_bytes(rnsr_file(rows, **kwargs) if isinstance(rows, list) else rows)
    return str(path)


def run(path, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_rnsr", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def history_rows() -> int:
    return sum(model.history.count() for model in (Lab, Partner, Supervision, Succession))


def errors_of(plan) -> list[tuple[str, int, str]]:
    return [
        (problem.kind, problem.line, problem.column)
        for problem in plan.problems
        if problem.level == Level.ERROR
    ]
