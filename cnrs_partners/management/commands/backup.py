"""`manage.py backup FILE`: the whole database, audit trail included, in one file (see cnrs_partners.backups)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cnrs_partners.backups import BackupError, backup


class Command(BaseCommand):
    help = "Backs up the whole database (records, history, accounts) to FILE, with the engine's own tool."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *args, file: Path, database: str, **options) -> None:
        try:
            backup(file, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {file} ({file.stat().st_size // 1024} KiB).")
