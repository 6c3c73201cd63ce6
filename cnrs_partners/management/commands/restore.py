"""`manage.py restore FILE`: replace the whole database with a backup (see cnrs_partners.backups)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cnrs_partners.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replaces the whole database with the backup in FILE (made by `backup` on the same engine)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, file: Path, database: str, yes: bool, **options) -> None:
        if not yes and input(f"Replace the whole database with {file}? Type 'yes': ").strip() != "yes":
            raise CommandError("Restore cancelled.")
        try:
            restore(file, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Database restored from {file}.")
