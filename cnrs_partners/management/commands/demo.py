import io

from django.core.management import call_command
from django.core.management.base import BaseCommand

from labs.models import Lab

# username → (role, offices, password): one demo login per role, printed at start-up. The passwords pass
# AUTH_PASSWORD_VALIDATORS like any other (add_staff checks them).
DEMO_LOGINS = {
    "nadia": ("admin", [], "demo-admin-cnrs"),
    "karim": ("coordinator", [], "demo-coordinator-cnrs"),
    "claire": ("editor", ["DR04"], "demo-editor-cnrs"),
    "victor": ("viewer", [], "demo-viewer-cnrs"),
}


class Command(BaseCommand):
    help = "The newcomer's one command: migrate, seed demo data if empty, create demo logins and serve."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--labs", type=int, default=1100)
        parser.add_argument("--no-serve", action="store_true", help="Prepare everything but do not serve.")

    def handle(self, *args, addrport, labs, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not Lab.objects.exists():
            self.stdout.write(f"Seeding {labs} demo labs…")
            call_command("seed_demo", labs=labs, stdout=self.stdout)
        for username, (role, offices, password) in DEMO_LOGINS.items():
            call_command(
                "add_staff", username, role=role, office=offices, password=password, stdout=io.StringIO()
            )

        url = f"http://{addrport}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"cnrs_partners is ready: {url}  (English: {url}en/)"))
        self.stdout.write(f"Back-office: {url}admin/")
        self.stdout.write("Demo logins (username / password — role):")
        for username, (role, offices, password) in DEMO_LOGINS.items():
            scope = f" of {', '.join(offices)}" if offices else ""
            self.stdout.write(f"  {username} / {password} — {role}{scope}")
        self.stdout.write("")
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)
