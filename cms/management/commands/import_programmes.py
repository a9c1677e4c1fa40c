from django.core.management.base import BaseCommand, CommandError

from cms.services.programme_definitions import ImportRefused, definitions_import


class Command(BaseCommand):
    help = (
        "Import programme definitions (onestop.programme v1 or v2 JSON) from files or folders. "
        "A programme is matched by its slug: a changed definition becomes a new revision."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="JSON files, or folders of them")
        parser.add_argument(
            "--draft", action="store_true", help="save as a draft revision without publishing"
        )

    def handle(self, *args, paths, draft, **options):
        try:
            outcomes = definitions_import(paths, publish=not draft)
        except ImportRefused as refused:
            for file_error in refused.file_errors:
                for message in file_error.errors:
                    self.stderr.write(f"{file_error.path}: {message}")
            # 2, as for any input refused: every file named is unusable or invalid as it is.
            raise CommandError(
                f"Nothing imported: {len(refused.file_errors)} invalid file(s).", returncode=2
            ) from refused
        for outcome in outcomes:
            state = "published" if outcome.published else "draft"
            self.stdout.write(f"{outcome.slug}: {outcome.action} ({state})")
