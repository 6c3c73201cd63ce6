"""Build `regions/data/communes.json.gz`, the French communes the application ships (`regions.places`),
from the official reference: INSEE's Code officiel géographique, as packaged by Etalab's
`@etalab/decoupage-administratif` (`communes-2026.json`, MIT licence: see README, "Reference data").

Run again when a new year's reference comes out:
    python manage.py build_communes ../shared/data/geo/communes-2026.json
"""

import gzip
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from regions.places import COMMUNES_FILE, place_key

# Current communes first: a postal code or a name resolves to one of them before a former (delegated or
# associated) commune or a municipal arrondissement of the same name.
KINDS = {"commune-actuelle": 0, "commune-deleguee": 1, "commune-associee": 2, "arrondissement-municipal": 3}


class Command(BaseCommand):
    help = "Builds the communes reference the application ships, from INSEE's list with postal codes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="communes-YYYY.json of @etalab/decoupage-administratif")

    def handle(self, *args, source: str, **options) -> None:
        communes = json.loads(Path(source).read_text(encoding="utf-8"))
        rows = sorted(
            (
                KINDS[item["type"]],
                item["nom"],
                place_key(item["nom"]),
                item["departement"],
                " ".join(item.get("codesPostaux") or []),
            )
            for item in communes
            if item.get("type") in KINDS and item.get("departement")
        )
        text = "".join("\t".join(str(value) for value in row) + "\n" for row in rows)
        # mtime=0: the same source gives the same bytes, so a rebuild shows in git only when data changed.
        with gzip.GzipFile(COMMUNES_FILE, "wb", compresslevel=9, mtime=0) as out:
            out.write(text.encode("utf-8"))
        self.stdout.write(
            f"{len(rows)} communes → {COMMUNES_FILE} ({COMMUNES_FILE.stat().st_size // 1024} KiB)"
        )
