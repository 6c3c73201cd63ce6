"""Benchmark of the RNSR import on a generated national-size file (4,506 rows by default).

    .venv/bin/python bench/import_rnsr.py [--rows 4506] [--seed 1] [--write FILE] [--sample PATH]
                                          [--database-url URL] [--json]

The file imitates the open data: ~38% of rows with the CNRS, UMR/UPR/UAR/IRL/FR/GDR and legacy prefixes,
teams inside units (parents), predecessors (some in the file, most not), several supervisors per row with
positional unit codes and empty positions, institutions without UAI, quoted addresses with line breaks,
CEDEX cities, Paris and its inner ring. It runs on a fresh SQLite database in a temporary folder unless
`--database-url` names one (which must be migrated: the benchmark writes into it), in production mode
(DJANGO_DEBUG=0 unless set). It times, and counts the SQL statements of: the whole file (`--all`) into an
empty database, an identical second run (nothing to write), and a run on a file where one row in twenty
changed; then the real sample (`--sample`), when it is there.
"""

import argparse
import csv
import io
import json
import os
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CNRS = ("Centre national de la recherche scientifique", "CNRS", "EPST", "0753639Y", "18008901303720")
CITIES = [
    ("91405", "ORSAY CEDEX"),
    ("91190", "Gif-sur-Yvette"),
    ("13331", "MARSEILLE CEDEX 03"),
    ("13009", "Marseille"),
    ("75005", "PARIS CEDEX 05"),
    ("75013", "Paris"),
    ("94200", "IVRY SUR SEINE"),
    ("92190", "MEUDON CEDEX"),
    ("93300", "AUBERVILLIERS"),
    ("69007", "Lyon"),
    ("38041", "GRENOBLE CEDEX 9 - ST MARTIN D HERES"),
    ("31077", "TOULOUSE CEDEX 4"),
    ("33615", "PESSAC CEDEX"),
    ("67000", "STRASBOURG"),
    ("59655", "VILLENEUVE D'ASCQ CEDEX"),
    ("44322", "NANTES CEDEX 3"),
    ("34095", "MONTPELLIER CEDEX 5"),
    ("35042", "RENNES CEDEX"),
    ("06560", "Valbonne"),
    ("14032", "CAEN CEDEX 5"),
    ("54506", "Vandoeuvre-lès-Nancy"),
    ("86073", "POITIERS CEDEX 9"),
    ("97400", "SAINT DENIS"),
    ("", ""),
]
NATURES = ["UNIV", "UNIV", "UNIV", "EPST", "EPIC", "AUT_ETAB", "MEDIC", "FONDATION", "PRIVE", "UNIV_ETR"]
# (code_de_type_de_structure, type_de_structure, CNRS label prefixes, other labels' prefixes, weight)
TYPES = [
    ("22", "Unité mixte", ["UMR", "UMR", "UMR", "UAR", "UMS", "USR", "FRE"], ["UMR", "UMR_S", "U", ""], 45),
    ("21", "Unité propre", ["UPR", "UAR", ""], ["EA", "UR", "UR"], 28),
    ("1", "Equipe interne", ["", "EMR"], [""], 12),
    ("3", "Structures Fédératives de Recherche", ["FR", "FED", "UAR"], ["FED", "IFR", ""], 8),
    ("32", "Groupements de Recherche", ["GDR"], [""], 3),
    ("23", "Unité mixte internationale", ["IRL", "UMI"], [""], 3),
    ("35", "Fondations de coopération scientifique", [""], [""], 1),
]
SUCCESSIONS = [("renouvellement", "R"), ("fusion", "F"), ("éclatement", "E"), ("éclatement - fusion", "EF")]
WORDS = "physique chimie biologie mathématiques informatique histoire sociologie géosciences océanographie".split()
FIRST_NAMES = ["Marie", "JEAN-PIERRE", "Anne", "Gaël", "SOPHIE", "Karim", "Claire", "Nadia", "Luc"]
SURNAMES = ["CURIE", "DUPONT", "MARTIN", "LEIZE-WAGNER", "N'DIAYE", "TEMPLE BOYER", "BERNARD", "PETIT"]


def check_letter(digits: str) -> str:
    return "ABCDEFGHJKLMNPRSTUVWXYZ"[int(digits) % 23]


def luhn_complete(body: str) -> str:
    for digit in "0123456789":
        candidate = body + digit
        total = 0
        for index, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError(body)


def institutions(rng: random.Random, count: int) -> list[tuple]:
    result = []
    for n in range(count):
        nature = rng.choice(NATURES)
        uai_digits = f"{(1300000 + n * 7919) % 10000000:07d}"
        uai = uai_digits + check_letter(uai_digits) if rng.random() > 0.15 else ""
        siren = luhn_complete(f"{(19100000 + n * 104729) % 100000000:08d}")
        siret = luhn_complete(siren + f"{n % 10000:04d}") if rng.random() > 0.05 else ""
        name = {"UNIV": "Université", "MEDIC": "Centre hospitalier universitaire"}.get(nature, "Institut")
        result.append((f"{name} de test {n}", f"INST{n}", nature, uai, siret))
    return result


def generate(rows: int, seed: int) -> bytes:
    from labs.rnsr.columns import KNOWN_COLUMNS

    rng = random.Random(seed)
    pool = institutions(rng, max(50, rows // 15))
    rnsrs = []
    for n in range(rows):
        digits = f"{1995 + n % 30}{n * 37 % 100000:05d}"
        rnsrs.append(digits + check_letter(digits))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(KNOWN_COLUMNS)
    weights = [entry[-1] for entry in TYPES]
    for n, rnsr in enumerate(rnsrs):
        code, type_label, cnrs_prefixes, other_prefixes, _weight = rng.choices(TYPES, weights)[0]
        with_cnrs = rng.random() < 0.38
        partners = rng.sample(pool, rng.choice([1, 1, 2, 2, 3, 4]))
        if with_cnrs:
            partners.insert(rng.randrange(len(partners) + 1), CNRS)
        number = 1000 + n
        labels, kinds = [], []
        for partner in partners:
            prefix = rng.choice(cnrs_prefixes if partner is CNRS else other_prefixes)
            labels.append(f"{prefix} {number}" if prefix else "")
            kinds.append("PART" if partner is not CNRS and rng.random() < 0.15 else "TUTE")
        postal_code, city = rng.choice(CITIES)
        heads = rng.choice([1, 1, 2, 3])
        parent = rnsrs[rng.randrange(n)] if code == "1" and n else ""
        history = []
        if rng.random() < 0.2:
            for _index in range(rng.choice([1, 1, 2, 3])):
                old = (
                    rnsrs[rng.randrange(n)] if n and rng.random() < 0.3 else f"19900{rng.randrange(9999):04d}"
                )
                if len(old) == 9:
                    old += check_letter(old)
                history.append((old, *rng.choice(SUCCESSIONS), str(rng.randrange(1998, 2024))))
        name = f"Laboratoire de {rng.choice(WORDS)} {n}"
        row = {
            "numero_national_de_structure": rnsr,
            "libelle": name.upper() if rng.random() < 0.2 else name,
            "sigle": f"L{n}",
            "annee_de_creation": str(rng.randrange(1970, 2024)),
            "type_de_structure": type_label,
            "code_de_type_de_structure": code,
            "code_de_niveau_de_structure": code[0],
            "site_web": f"https://lab{n}.example.fr" if rng.random() < 0.7 else "",
            "adresse": f"{n} rue de la Recherche" + ("\nBâtiment B" if rng.random() < 0.1 else ""),
            "code_postal": postal_code,
            "commune": city,
            "nom_du_responsable": ";".join(rng.choice(SURNAMES) for _ in range(heads)),
            "prenom_du_responsable": ";".join(rng.choice(FIRST_NAMES) for _ in range(heads)),
            "titre_du_responsable": ";".join(["Directeur"] + ["Directeur adjoint"] * (heads - 1)),
            "label_numero": ";".join(labels),
            "tutelles": ";".join(partner[0] for partner in partners),
            "sigles_des_tutelles": ";".join(partner[1] for partner in partners),
            "code_de_nature_de_tutelle": ";".join(partner[2] for partner in partners),
            "nature_de_tutelle": ";".join(partner[2].title() for partner in partners),
            "uai_des_tutelles": ";".join(partner[3] for partner in partners),
            "siret_des_tutelles": ";".join(partner[4] for partner in partners),
            "code_de_type_de_tutelle": ";".join(kinds),
            "type_de_tutelle": ";".join(
                "établissement tutelle" if k == "TUTE" else "établissement participant" for k in kinds
            ),
            "numero_de_structure_parent": parent,
            "numero_de_structure_historique": ";".join(entry[0] for entry in history),
            "type_de_succession": ";".join(entry[1] for entry in history),
            "code_de_type_de_succession": ";".join(entry[2] for entry in history),
            "annee_d_effet_historique": ";".join(entry[3] for entry in history),
            "code_domaine_scientifique": str(rng.randrange(1, 11)),
            "domaine_scientifique": rng.choice(["Physique", "Chimie", "Biologie, médecine et santé", ""]),
            "fiche_rnsr": f"https://appliweb.dgri.education.fr/rnsr/PresenteStruct.jsp?numNatStruct={rnsr}",
        }
        writer.writerow([row.get(column, "") for column in KNOWN_COLUMNS])
    return "\ufeff".encode() + out.getvalue().encode()


def changed(data: bytes, every: int = 20) -> bytes:
    """The same file with the director of one row in `every` replaced."""
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    header = lines[0]
    surname, first_name = header.index("nom_du_responsable"), header.index("prenom_du_responsable")
    title = header.index("titre_du_responsable")
    for index, row in enumerate(lines[1:]):
        if index % every == 0:
            row[surname], row[first_name], row[title] = "NOUVEAU", "Directeur", "Directeur"
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(lines)
    return out.getvalue().encode()


def run(data: bytes, **options) -> tuple[float, dict]:
    """Imports `data` (options of `import_rnsr`): the seconds it took, the plan's counts and the number
    of SQL statements it sent (counted by an execute wrapper: Django's query log would format every
    statement, tens of thousands of parameters each, and time that instead)."""
    from django.db import connection

    from labs.rnsr import import_rnsr

    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started, cpu = time.monotonic(), time.process_time()
        plan = import_rnsr(data, **options)
        elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
    return elapsed, {**plan.counts(), "blocked": plan.blocked, "queries": statements, "cpu_seconds": cpu}


def timed(label: str, data: bytes, **options) -> None:
    elapsed, counts = run(data, **options)
    print(
        f"{label:<42} {elapsed:6.2f} s (this process's CPU: {counts['cpu_seconds']:.2f} s)  rows {counts['rows']}, created {counts['created']}, "
        f"updated {counts['updated']}, unchanged {counts['unchanged']}, invalid {counts['invalid']}, "
        f"partners +{counts['partners_created']}, supervisions +{counts['supervisions_created']}, "
        f"successions +{counts['successions_created']}, {counts['queries']} queries"
        f"{' BLOCKED' if counts['blocked'] else ''}"
    )


def setup(database_url: str | None) -> None:
    """Django on `database_url` (migrated), or on a fresh SQLite database in a temporary folder."""
    folder = tempfile.mkdtemp(prefix="bench-rnsr-")
    # Production mode, as the application runs: with DJANGO_DEBUG on, Django also formats every statement
    # for its debug log.
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnrs_partners.settings")
    import django

    django.setup()
    from django.core.management import call_command

    if not database_url:
        call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=4506)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", help="also write the generated file there")
    parser.add_argument("--sample", default=str(ROOT.parent / "shared" / "data" / "rnsr-sample.csv"))
    parser.add_argument(
        "--database-url", help="a migrated database to write into (default: a fresh SQLite file)"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="only the first import of every row (--all) and the same file again, printed as JSON",
    )
    args = parser.parse_args()
    setup(args.database_url)
    from django.db import connection

    data = generate(args.rows, args.seed)
    if args.write:
        Path(args.write).write_bytes(data)
    if args.json:
        runs = []
        for label in ("first import, --all", "same file again, --all"):
            seconds, counts = run(data, include_all=True)
            runs.append(
                {"label": label, "seconds": seconds, "rows_per_s": counts["rows"] / seconds, **counts}
            )
        print(json.dumps({"vendor": connection.vendor, "rows": args.rows, "runs": runs}))
        return
    print(
        f"{connection.vendor}, generated {args.rows} rows ({len(data) / 1e6:.1f} MB), {os.cpu_count()} CPUs"
    )
    timed("generated, --all, into an empty database", data, include_all=True)
    timed("generated, --all, same file again", data, include_all=True)
    timed("generated, --all, 1 row in 20 changed", changed(data), include_all=True)
    sample = Path(args.sample)
    if sample.exists():
        timed("sample, CNRS rows", sample.read_bytes())
        timed("sample, --all", sample.read_bytes(), include_all=True)
        timed("sample, --all, again", sample.read_bytes(), include_all=True)
    else:
        print(f"(no sample at {sample})")


if __name__ == "__main__":
    main()
