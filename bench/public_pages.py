"""Benchmark: median time and query count of the main public pages on an already seeded database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cnrs_bench .venv/bin/python manage.py seed_demo --labs 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cnrs_bench .venv/bin/python bench/public_pages.py [--runs 7]

Requests go through Django's test client (no network, no web server): this measures the application.
"""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnrs_partners.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from agreements.models import Site  # noqa: E402
from labs.models import Lab, Partner  # noqa: E402


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)

    lab = Lab.objects.filter(unit_type="UMR").order_by("pk").first()
    partner = Partner.objects.get(acronym="CNRS")
    site = Site.objects.order_by("pk").first()
    if lab is None or site is None:
        sys.exit("The database has no demo data: run seed_demo first.")
    urls = [
        "/",
        "/labs/",
        "/labs/?q=universite+paris+saclay",
        "/labs/?q=chimie+orsay&institute=INC",
        "/labs/?q=8502",
        "/labs/?region=DR04&status=all&sort=city",
        lab.get_absolute_url(),
        "/partners/",
        partner.get_absolute_url(),
        "/sites/",
        site.get_absolute_url(),
        "/regions/dr04/",
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{Lab.objects.count()} labs on {connection.vendor}; median of {args.runs} runs after one warm-up")
    for url in urls:
        client.get(url)
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
        print(f"{response.status_code} {statistics.median(timings):8.1f} ms {len(queries):3d} queries  {url}")


if __name__ == "__main__":
    main()
