"""`manage.py screen FACTS.json [--as-of YYYY-MM-DD] [--lang es|eu|en]`

Screens a set of facts against the database's live programmes and prints, as JSON, exactly
what `POST /api/v1/screening` answers: `{"results": [...], "next_question": ... | null}`.
FACTS.json holds the facts object (`{"employees": 5, "district": "abando"}`); `-` reads it
from standard input. Errors are printed on standard error as `{"error": {"fact": ...,
"message": ...}}`: an invalid fact exits with status 1; a file that cannot be used exits
with status 2 (unreadable, larger than 1 MB, not UTF-8, not JSON, not an object, nested too
deep, with NaN, Infinity, an out-of-range number or a key given twice).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from eligibility.engine import FactError, JSONInputError, parse_as_of, parse_json, read_json_file
from eligibility.screening_service import screening_result

# A facts object is a few hundred bytes.
MAX_FILE_BYTES = 1024 * 1024


def _date(text: str) -> dt.date:
    try:
        return parse_as_of(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r}: {error}") from None


class Command(BaseCommand):
    help = "Screen facts (a JSON file) against the live programmes; prints the API's answer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("facts", help="JSON file with the facts object, or - for stdin")
        parser.add_argument("--as-of", type=_date, default=None, help="reference date YYYY-MM-DD")
        parser.add_argument("--lang", choices=["es", "eu", "en"], default="es")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            facts = self._read(options["facts"])
        except JSONInputError as error:
            self._fail({"message": f"cannot read the facts: {error}"}, status=2)
        try:
            result = screening_result(facts=facts, as_of=options["as_of"], lang=options["lang"])
        except FactError as error:
            self._fail({"fact": error.fact, "message": error.message}, status=1)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _read(self, name: str) -> dict[str, Any]:
        if name != "-":
            return read_json_file(name, max_bytes=MAX_FILE_BYTES, expect_object=True)
        stdin = getattr(sys.stdin, "buffer", sys.stdin)  # text when replaced, as in tests
        data = stdin.read(MAX_FILE_BYTES + 1)
        try:
            return parse_json(data, max_bytes=MAX_FILE_BYTES, expect_object=True)
        except JSONInputError as error:
            raise error.in_source("(standard input)") from None

    def _fail(self, error: dict[str, str], *, status: int) -> NoReturn:
        self.stderr.write(json.dumps({"error": error}, ensure_ascii=False))
        raise SystemExit(status)
