from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.content import DEMO_USERS, demo_totp_code


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo member of staff (demo only)."

    def add_arguments(self, parser):
        parser.add_argument("username", choices=[u.username for u in DEMO_USERS if u.is_staff_role])

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("Demo codes are for the demo only (DEBUG is off).")
        demo_user = next(u for u in DEMO_USERS if u.username == username)
        self.stdout.write(demo_totp_code(demo_user))
