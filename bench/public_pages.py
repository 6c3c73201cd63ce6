"""Benchmark: median time and query count of the main pages on an already seeded database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cnrs_bench .venv/bin/python manage.py seed_demo --labs 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cnrs_bench .venv/bin/python bench/public_pages.py [--runs 7] [--json]

Requests go through Django's test client (no network, no web server): this measures the application. Each
page is requested once to warm up, once to count its queries, then `--runs` times to time it (a streamed
response is read to its end). The public pages are read anonymously, the review pages as a coordinator and
the admin's lab list as a regional editor of DR04: both accounts (`bench-coordinator`, `bench-editor`) are
created in the database when missing. The CSV export of every lab is also measured for its peak memory
(tracemalloc, in a run of its own). `--json` prints the results for `python -m bench`.
"""

import argparse
import json
import logging
import os
import resource
import secrets
import statistics
import sys
import time
import tracemalloc
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnrs_partners.settings")

EXPORT = "/labs/export.csv?status=all"


@dataclass
class Page:
    """One page to measure: a label, its address, and who reads it (None: anonymous)."""

    label: str
    url: str
    role: str | None = None


@dataclass
class Result:
    label: str
    url: str
    role: str | None
    status: int
    median_ms: float
    queries: int
    bytes: int
    runs: int
    peak_mb: float | None = None  # the export only: tracemalloc's peak while it is read
    max_rss_growth_mb: float | None = None  # the export only: how far it pushed the process's peak RSS


def pages() -> list[Page]:
    """The pages of the issue "Performance at national scale", on the seeded database."""
    from django.db.models import Count

    from agreements.models import Site
    from labs.models import Lab, Partner

    lab = Lab.objects.filter(unit_type="UMR").order_by("pk").first()
    site = Site.objects.annotate(lab_count=Count("labs")).order_by("-lab_count", "pk").first()
    if lab is None or site is None:
        sys.exit("The database has no demo data: run seed_demo first.")
    partner = Partner.objects.get(acronym="CNRS")
    return [
        Page("healthz", "/healthz"),
        Page("home", "/"),
        Page("labs", "/labs/"),
        Page("labs, q of one word", "/labs/?q=physique"),
        Page("labs, q of three words", "/labs/?q=laboratoire+physique+toulouse"),
        Page("labs, institute + region", "/labs/?institute=INP&region=DR04"),
        Page("labs, sorted by code", "/labs/?sort=code"),
        Page("labs, sorted by name", "/labs/?sort=name"),
        Page("labs, sorted by city", "/labs/?sort=city"),
        Page("lab page", lab.get_absolute_url()),
        Page("partner page (CNRS)", partner.get_absolute_url()),
        Page("site page (largest)", site.get_absolute_url()),
        Page("office page", "/regions/dr04/"),
        Page("review dashboard", "/review/", "coordinator"),
        Page("review site file", f"/review/sites/{site.slug}/", "coordinator"),
        Page("admin lab list", "/admin/labs/lab/", "editor"),
        Page("CSV export, all labs", EXPORT),
    ]


def clients() -> "dict[str | None, Client]":
    """A test client per role: anonymous, a coordinator, a regional editor of DR04."""
    from django.test import Client

    from cnrs_partners.services import staff_create_or_update

    result: dict[str | None, Client] = {None: Client(HTTP_HOST="127.0.0.1")}
    for role, offices in (("coordinator", []), ("editor", ["DR04"])):
        # A password of its own: an account with a one-time password must change it first.
        user, _, _ = staff_create_or_update(
            username=f"bench-{role}", role=role, office_codes=offices, password=secrets.token_urlsafe(24)
        )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        result[role] = client
    return result


def fetch(client, url: str) -> tuple[int, int]:
    """GETs `url`, reading a streamed response to its end: its status and size."""
    response = client.get(url)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return response.status_code, size


def measure(client, page: Page, runs: int) -> Result:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    fetch(client, page.url)
    reset_queries()  # in debug mode the log is full after 9,000 queries, and would count none
    with CaptureQueriesContext(connection) as queries:
        status, size = fetch(client, page.url)
    count = len(queries)  # now: the next request empties the log it reads
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        fetch(client, page.url)
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    result = Result(page.label, page.url, page.role, status, median, count, size, runs)
    if page.url == EXPORT:
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        fetch(client, page.url)
        result.peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        result.max_rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1e3
    return result


def measure_all(runs: int) -> list[Result]:
    by_role = clients()
    return [measure(by_role[page.role], page, runs) for page in pages()]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    import django

    django.setup()
    logging.disable(logging.CRITICAL)
    from django.db import connection

    from labs.models import Lab

    labs = Lab.objects.count()
    results = measure_all(args.runs)
    if args.json:
        print(
            json.dumps({"labs": labs, "vendor": connection.vendor, "results": [asdict(r) for r in results]})
        )
        return
    print(f"{labs} labs on {connection.vendor}; median of {args.runs} runs after one warm-up")
    for r in results:
        print(f"{r.status} {r.median_ms:8.1f} ms {r.queries:3d} queries  {r.label:<28} {r.url}")


if __name__ == "__main__":
    main()
