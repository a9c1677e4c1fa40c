"""manage.py bdns_export: the calls and awards in the shape the national subsidies database
(BDNS) asks of a local entity, as CSV (one file each) or one XML document."""

from pathlib import Path

from django.core.management.base import BaseCommand

from desk.selectors.publication import bdns_export


class Command(BaseCommand):
    help = "Export calls and awards for the national subsidies database (BDNS)."

    def add_arguments(self, parser):
        parser.add_argument("--programme", help="only this programme (its slug)")
        parser.add_argument("--format", choices=("csv", "xml"), default="csv")
        parser.add_argument("--output", default=".", help="folder to write the files in")

    def handle(self, *args, **options):
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        kinds = ("xml",) if options["format"] == "xml" else ("calls", "awards")
        for what in kinds:
            body, _type, name = bdns_export(
                what=what, file_format=options["format"], programme_slug=options["programme"]
            )
            path = folder / name
            path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
            self.stdout.write(str(path))
