from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.services.programme_definitions import definition_write, definitions_export


class Command(BaseCommand):
    help = (
        "Export programme definitions as onestop.programme JSON (v1 or v2, as each was written): one <slug>.json per "
        "programme into the folder OUT, or into the file OUT (ending in .json) with --slug."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="a folder, or a .json file when --slug is given")
        parser.add_argument("--slug", help="only the programme with this slug")

    def handle(self, *args, out, slug, **options):
        definitions = definitions_export(slug=slug)
        if slug and not definitions:
            raise CommandError(f"No programme with slug {slug!r}.")
        out_path = Path(out)
        if out_path.suffix == ".json":
            if not slug:
                raise CommandError("Exporting to one .json file needs --slug.")
            out_path.parent.mkdir(parents=True, exist_ok=True)
            definition_write(definitions[0], out_path)
            self.stdout.write(f"{slug}: {out_path}")
            return
        out_path.mkdir(parents=True, exist_ok=True)
        for definition in definitions:
            target = out_path / f"{definition['slug']}.json"
            definition_write(definition, target)
            self.stdout.write(f"{definition['slug']}: {target}")
