from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from cnrs_partners import roles
from cnrs_partners.services import staff_create_or_update
from regions.audit import AuditedCommand


class Command(AuditedCommand):
    help = "Create or update a back-office account with its role and regional offices."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=list(roles.GROUP_NAMES))
        parser.add_argument(
            "--office", action="append", default=[], help="Office code, e.g. DR04 (repeatable)."
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default=None)

    def handle(self, *args, **options):
        try:
            user, created, password = staff_create_or_update(
                username=options["username"],
                role=options["role"],
                office_codes=options["office"],
                email=options["email"],
                password=options["password"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        offices = ", ".join(user.office_memberships.values_list("office__code", flat=True)) or "-"
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {user.username}: role {options['role']}, offices {offices}")
        if password:
            self.stdout.write(f"One-time password: {password}")
