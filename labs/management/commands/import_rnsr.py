"""`python manage.py import_rnsr FILE [--dry-run] [--all] [--skip-invalid] [--user USERNAME]`."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from labs.rnsr import ImportPlan, Level, group_problems, import_rnsr
from regions.audit import IMPORT, AuditedCommand, audit_source


def _show(value) -> str:
    if isinstance(value, tuple):
        return ", ".join(value) or "—"
    return "—" if value in ("", None) else str(value)


class Command(AuditedCommand):
    help = _(
        "Import the national directory of research structures (RNSR open-data CSV): the structures the CNRS "
        "supervises or takes part in, with their partners, unit codes, parents and successions."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The RNSR CSV file (UTF-8, “;”-separated)."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Show what would change; write nothing.")
        )
        parser.add_argument(
            "--all", action="store_true", help=_("Import every structure, not only the CNRS's.")
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help=_("Import the valid rows and list the invalid ones.")
        )
        parser.add_argument(
            "--user",
            help=_("Import as this staff member: only their regional offices, and they sign the history."),
        )

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist as exc:
                raise CommandError(_("No user named “%(name)s”.") % {"name": options["user"]}) from exc
        try:
            with open(options["file"], "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": options["file"], "error": exc}
            ) from exc
        started = time.monotonic()
        # The history rows name the file: "RNSR import (file fr-esr-….csv)".
        with audit_source(IMPORT, detail=Path(options["file"]).name):
            plan = import_rnsr(
                data,
                user=user,
                include_all=options["all"],
                skip_invalid=options["skip_invalid"],
                dry_run=options["dry_run"],
                progress=lambda message: self.stderr.write(f"… {message}"),
            )
        self.report(plan, options["verbosity"], options["dry_run"])
        elapsed = time.monotonic() - started
        counts = plan.counts()
        if plan.blocked:
            errors = sum(1 for problem in plan.problems if problem.level == Level.ERROR)
            hint = (
                ""
                if plan.parsed.fatal
                else " " + _("Fix them, or use --skip-invalid to import the valid rows.")
            )
            raise CommandError(
                _("Nothing was imported: the file has %(count)s error(s).") % {"count": errors} + hint
            )
        verb = _("Would import") if options["dry_run"] else _("Imported")
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(verb)s %(rows)s rows in %(seconds).1f s: %(created)s labs created, %(updated)s updated, "
                    "%(unchanged)s unchanged, %(outside)s outside your regional offices, %(invalid)s invalid rows "
                    "skipped, %(ignored)s rows without the CNRS ignored; %(partners_created)s partners created, "
                    "%(supervisions_created)s supervisions created and %(supervisions_updated)s updated, "
                    "%(successions_created)s successions created and %(successions_updated)s updated."
                )
                % {"verb": verb, "seconds": elapsed, **counts}
            )
        )

    def report(self, plan: ImportPlan, verbosity: int, dry_run: bool) -> None:
        for group in group_problems(plan.problems):
            style = {Level.ERROR: self.style.ERROR, Level.WARNING: self.style.WARNING}.get(group.level, str)
            self.stderr.write(style(f"[{group.level}] {group.summary()}"))
            if verbosity > 1 and group.count > 1:
                for problem in group.problems:
                    self.stderr.write(f"    {problem}")
        if not dry_run and verbosity < 2:
            return
        for item in plan.created:
            lab = item.lab
            self.stdout.write(f"+ {lab.rnsr} {lab.code} {lab.acronym} – {lab.name}".replace("  ", " "))
        for item in plan.updated:
            lab = item.lab
            self.stdout.write(f"~ {lab.rnsr} {lab.code} {lab.acronym}".replace("  ", " "))
            for name, change in item.changes.items():
                self.stdout.write(f"    {name}: {_show(change.old)} → {_show(change.new)}")
        if verbosity > 1:
            for item in plan.unchanged:
                self.stdout.write(f"= {item.lab.rnsr} {item.lab.code}")
        else:
            self.stdout.write(_("= %(count)s labs unchanged") % {"count": len(plan.unchanged)})
