"""`manage.py evaluate PROGRAMME.json FACTS [--as-of YYYY-MM-DD] [--lang es|eu|en]`

Evaluates one programme definition for facts, without the database. FACTS is a `.json` file
holding one facts object (prints one outcome object), or a `.jsonl` file with one facts
object per line (prints one outcome per line, in order, streaming). A set of facts that is
invalid, or a line that is not acceptable JSON, prints `{"error": {"fact": NAME | null,
"message": TEXT}}` in its place and the run goes on. Exit status: 0; 1 if any set of facts
failed; 2 if the programme is invalid (its errors on standard error, one per line as
`path: message`) or a file cannot be used: unreadable, larger than 1 MB (a .json file), not
UTF-8, not JSON, not an object, nested too deep, with NaN, Infinity, an out-of-range number
or a key given twice (the message names the file and says which).

The desk's own de minimis awards are not counted (there is no database here); the ceiling
is the `ONESTOP_DE_MINIMIS_CEILING` setting.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from eligibility.engine import (
    DEFAULT_DE_MINIMIS_CEILING,
    InvalidDefinition,
    JSONInputError,
    compile_programme,
    parse_as_of,
    read_json_file,
)
from eligibility.engine.batch import evaluate_facts, evaluate_lines, read_lines

STREAMED_SUFFIXES = (".jsonl", ".ndjson")
# A programme definition or one set of facts is a few kilobytes.
MAX_FILE_BYTES = 1024 * 1024
# Results per write when streaming: a few hundred kilobytes at most, so memory stays flat.
OUTPUT_CHUNK = 256


def _date(text: str) -> dt.date:
    try:
        return parse_as_of(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r}: {error}") from None


class Command(BaseCommand):
    help = "Evaluate a programme definition for the facts in a .json or .jsonl file."
    # Nothing here touches the database or the project's other apps.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("programme", help="the programme definition (JSON)")
        parser.add_argument("facts", help=".json: one facts object; .jsonl: one per line")
        parser.add_argument("--as-of", type=_date, default=None, help="reference date")
        parser.add_argument("--lang", choices=["es", "eu", "en"], default="es")

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = self._compile(Path(options["programme"]))
        ceiling = Decimal(
            str(getattr(settings, "ONESTOP_DE_MINIMIS_CEILING", DEFAULT_DE_MINIMIS_CEILING))
        )
        facts_path = Path(options["facts"])
        arguments = {"as_of": options["as_of"], "lang": options["lang"]}
        if facts_path.suffix.lower() in STREAMED_SUFFIXES:
            failed = False
            # Written some hundred results at a time: one write per line through
            # OutputWrapper costs as much as rendering a line's reasons.
            chunk: list[str] = []
            try:
                with facts_path.open("rb") as stream:
                    for text, line_failed in evaluate_lines(
                        compiled, read_lines(stream), de_minimis_ceiling=ceiling, **arguments
                    ):
                        chunk.append(text)
                        failed = failed or line_failed
                        if len(chunk) == OUTPUT_CHUNK:
                            self.stdout.write("\n".join(chunk))
                            chunk.clear()
                if chunk:
                    self.stdout.write("\n".join(chunk))
            except OSError as error:
                if chunk:  # the results made before the failure are still given
                    self.stdout.write("\n".join(chunk))
                self._refuse(f"cannot read the facts: {facts_path}: {error.strerror or error}")
        else:
            try:
                facts = read_json_file(facts_path, max_bytes=MAX_FILE_BYTES, expect_object=True)
            except JSONInputError as error:
                self._refuse(f"cannot read the facts: {error}")
            result, failed = evaluate_facts(
                compiled, facts, de_minimis_ceiling=ceiling, **arguments
            )
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        if failed:
            raise SystemExit(1)

    def _compile(self, path: Path) -> Any:
        try:
            definition = read_json_file(path, max_bytes=MAX_FILE_BYTES, expect_object=True)
        except JSONInputError as error:
            self._refuse(f"cannot read the programme: {error}")
        try:
            return compile_programme(definition)
        except InvalidDefinition as invalid:
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise SystemExit(2) from None

    def _refuse(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(2)
