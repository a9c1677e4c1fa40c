"""`manage.py screen FACTS.json [--as-of YYYY-MM-DD] [--lang es|eu|en]`

Screens a set of facts against the database's live programmes and prints, as JSON, exactly
what `POST /api/v1/screening` answers: `{"results": [...], "next_question": ... | null}`.
FACTS.json holds the facts object (`{"employees": 5, "district": "abando"}`); `-` reads it
from standard input. An invalid fact prints `{"error": {"fact": ..., "message": ...}}` on
standard error and exits with status 1; so does an unreadable file.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from eligibility.engine import FactError
from eligibility.screening_service import screening_result


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Screen facts (a JSON file) against the live programmes; prints the API's answer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("facts", help="JSON file with the facts object, or - for stdin")
        parser.add_argument("--as-of", type=_date, default=None, help="reference date YYYY-MM-DD")
        parser.add_argument("--lang", choices=["es", "eu", "en"], default="es")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            facts = self._read(options["facts"])
        except (OSError, ValueError) as error:
            self._fail({"message": f"cannot read the facts: {error}"})
        if not isinstance(facts, dict):
            self._fail({"message": "the facts must be a JSON object of fact names to values"})
        try:
            result = screening_result(facts=facts, as_of=options["as_of"], lang=options["lang"])
        except FactError as error:
            self._fail({"fact": error.fact, "message": error.message})
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _read(self, name: str) -> Any:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        return json.loads(text)

    def _fail(self, error: dict[str, str]) -> None:
        self.stderr.write(json.dumps({"error": error}, ensure_ascii=False))
        raise SystemExit(1)
