"""Delete the back-office imports' uploads and jobs left behind (`regions.jobs.import_jobs_cleanup`): files
never confirmed nor cancelled, and finished jobs, untouched for a day (`IMPORT_KEEP_HOURS`).

Daily, e.g.: `30 3 * * * cd /srv/cnrs_partners && .venv/bin/python manage.py cleanup_imports`
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from regions.jobs import import_jobs_cleanup


class Command(BaseCommand):
    help = "Deletes the import uploads and jobs untouched for IMPORT_KEEP_HOURS (a day by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours", type=int, default=None, help="age in hours past which they go (IMPORT_KEEP_HOURS)"
        )

    def handle(self, *args, hours: int | None = None, **options) -> None:
        hours = settings.IMPORT_KEEP_HOURS if hours is None else hours
        jobs, files = import_jobs_cleanup(older_than=datetime.timedelta(hours=hours))
        self.stdout.write(f"{jobs} import jobs and {files} stray uploaded files deleted.")
