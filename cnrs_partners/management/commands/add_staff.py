from django.conf import settings
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
        password = parser.add_mutually_exclusive_group()
        password.add_argument(
            "--password", default=None, help="The account's password (checked by AUTH_PASSWORD_VALIDATORS)."
        )
        password.add_argument(
            "--one-time-password",
            action="store_true",
            help="Give an existing account a new one-time password (forgotten or expired password).",
        )

    def handle(self, *args, **options):
        try:
            user, created, password = staff_create_or_update(
                username=options["username"],
                role=options["role"],
                office_codes=options["office"],
                email=options["email"],
                password=options["password"],
                new_one_time_password=options["one_time_password"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        offices = ", ".join(user.office_memberships.values_list("office__code", flat=True)) or "-"
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {user.username}: role {options['role']}, offices {offices}")
        if password:
            self.stdout.write(
                f"The one-time password below works for {settings.ONE_TIME_PASSWORD_DAYS} days, only to "
                "choose the account's own password at its first login."
            )
            self.stdout.write(f"One-time password: {password}")
