from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.content import DEMO_USERS, demo_load


class Command(BaseCommand):
    help = "Load the demo desk: programmes, pages and one user per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even with DEBUG off (the demo users have published passwords)",
        )
        parser.add_argument(
            "--with-applications",
            action="store_true",
            help="also submit a few applications as the demo applicant, for the desk to work",
        )

    def handle(self, *args, force, with_applications=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo users with known passwords while DEBUG is off; "
                "pass --force if this really is a demo."
            )
        outcomes = demo_load()
        for outcome in outcomes:
            self.stdout.write(f"programme {outcome.slug}: {outcome.action}")
        if with_applications:
            from demo.applications import demo_applications_ensure

            for application in demo_applications_ensure():
                self.stdout.write(f"application {application.reference}: {application.status}")
        self.stdout.write("")
        self.stdout.write(
            "Demo users: everyone signs in at /es/accounts/login/ with the email and password;"
        )
        self.stdout.write(
            "staff then type the 6-digit code of their second factor: add the secret to an "
        )
        self.stdout.write(
            "authenticator app, or print the current code with `python3 dev.py code USERNAME`."
        )
        for user in DEMO_USERS:
            line = f"  {user.role:<18} {user.email:<34} {user.password}"
            if user.is_staff_role:
                line += f"  second factor: {user.totp_secret}"
            self.stdout.write(line)
