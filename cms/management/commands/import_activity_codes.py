from django.core.management.base import BaseCommand, CommandError

from cms.models import CodeScheme
from cms.services.activity_codes import CodeFileError, activity_codes_import, code_file_read


class Command(BaseCommand):
    help = (
        "Import an activity code list from the INE's CNAE-2009 CSV (COD_CNAE2009 and "
        "TITULO_CNAE2009 columns; ; or , separated; UTF-8 or Latin-1). Codes already stored "
        "are updated; running it again with the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")
        parser.add_argument(
            "--scheme",
            default=CodeScheme.CNAE_2009.value,
            choices=CodeScheme.values,
            help="the code list the file holds (default: %(default)s)",
        )

    def handle(self, *args, file, scheme, **options):
        try:
            parsed = code_file_read(file)
        except CodeFileError as error:
            raise CommandError(f"Nothing imported: {error}", returncode=2) from error
        counts = activity_codes_import(rows=parsed.rows, scheme=scheme, skipped=parsed.skipped)
        self.stdout.write(
            f"{scheme}: {counts.created} created, {counts.updated} updated, "
            f"{counts.unchanged} unchanged, {counts.skipped} skipped"
        )
