"""Run the back-office imports' jobs queued on Redis (`regions.jobs`): their previews and their writes.

Needed only when `REDIS_URL` is set (without it, each phase runs in the web request). Run it beside the
web servers, on the same database and settings, e.g. as a systemd service:
    .venv/bin/python manage.py import_worker
RQ's worker forks a process per job; it stops at SIGTERM once the current job is done.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from rq import Worker

from regions.jobs import import_queue


class Command(BaseCommand):
    help = (
        "Runs the back-office imports queued on Redis (REDIS_URL): the previews and writes of uploaded files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--burst", action="store_true", help="stop once the queue is empty")

    def handle(self, *args, burst: bool = False, **options) -> None:
        if not settings.REDIS_URL:
            raise CommandError("REDIS_URL is not set: imports run in the web request and need no worker.")
        queue = import_queue()
        # Each job runs in a forked process: it must not share the parent's database connections.
        connections.close_all()
        Worker([queue], connection=queue.connection).work(burst=burst)
