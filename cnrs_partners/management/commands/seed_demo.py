import time

from django.core.management.base import CommandError
from django.db import connection

from cnrs_partners.demo import DemoBuilder, flush_demo_data
from labs.models import Lab
from regions.audit import AuditedCommand


class Command(AuditedCommand):
    help = "Fill the database with realistic, deterministic demo data (labs, partners, sites, agreements…)."

    def add_arguments(self, parser):
        parser.add_argument("--labs", type=int, default=1100, help="Number of labs (default 1,100).")
        parser.add_argument(
            "--seed", type=int, default=2024, help="Random seed: the same seed gives the same data."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete the existing labs, partners and sites first."
        )

    def handle(self, *args, labs, seed, replace, **options):
        if labs < 1:
            raise CommandError("--labs must be at least 1.")
        if Lab.objects.exists():
            if not replace:
                raise CommandError("The database already holds labs: use --replace to delete them first.")
            flush_demo_data()
        started = time.monotonic()
        report = DemoBuilder(labs=labs, seed=seed).build()
        # Fresh statistics for the query planner: without them, PostgreSQL plans the review dashboard's
        # joins over 20,000 labs as if the tables were empty (a second instead of 50 ms) until autovacuum
        # comes round. ANALYZE is the same statement on SQLite.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for name, count in report.counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s."))
