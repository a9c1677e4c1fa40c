"""Anonymise, by hand, the files past their retention period, as the daily task does;
--dry-run lists them and changes nothing."""

import datetime
import getpass

from django.core.management.base import BaseCommand, CommandError

from applications.models.lifecycle import VIA_COMMAND
from applications.retention import retention_last_day
from applications.services.lifecycle import retention_anonymise_due


class Command(BaseCommand):
    help = (
        "Replace the personal data of the files past their retention period and delete their "
        "documents and letters' PDFs, keeping the figures for statistics."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be anonymised; change nothing."
        )
        parser.add_argument(
            "--date",
            help="Count the periods as on this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args, dry_run=False, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date {date!r} is not a date like 2030-01-31") from None
        run = retention_anonymise_due(
            today=today, via=VIA_COMMAND, operator=_operator(), dry_run=dry_run
        )
        for application in run.applications:
            last_day = retention_last_day(
                outcome=application.retention_outcome, start=application.retention_start
            )
            self.stdout.write(
                f"{application.reference or application.pk}\t{application.retention_outcome}\t"
                f"{application.programme_slug}\tkept until {last_day.isoformat()}"
            )
        count = len(run.applications)
        if dry_run:
            self.stdout.write(f"{count} application(s) would be anonymised (dry run).")
            return
        self.stdout.write(
            f"{count} application(s) and {run.organisations} organisation(s) anonymised; "
            f"{run.documents_deleted} document(s) and {run.letters_removed} letter PDF(s) "
            f"deleted."
        )
        if run.failed:
            raise CommandError(f"{run.failed} application(s) failed; see the log.")


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
