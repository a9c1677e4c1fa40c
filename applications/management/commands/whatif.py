"""`manage.py whatif PROGRAMME.json --against SLUG [--as-of YYYY-MM-DD] [--json] [--limit N]`

Runs a programme definition (a draft, before it is published) against the frozen answers of
every past application of programme SLUG, and prints what would change: the outcomes before
(as evaluated at submission) and after, the applications whose outcome or amount changes,
and the total amount after against the definition's budget. A readable table by default,
the report as JSON with --json. Nothing is written.

Exit status: 0; 2 if the definition cannot be read (not JSON, not an object, too large: the
message names the file and the place), is invalid (its errors on standard error, one per
line as `path: message`), or SLUG names no programme.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from applications.services.whatif import (
    CHANGES_SHOWN,
    UnknownProgramme,
    WhatIfReport,
    programme_whatif,
)
from eligibility.engine import InvalidDefinition, JSONInputError, parse_as_of, read_json_file

MAX_FILE_BYTES = 1024 * 1024
CHANGES_PRINTED = 50


def _date(text: str) -> dt.date:
    try:
        return parse_as_of(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r}: {error}") from None


class Command(BaseCommand):
    help = (
        "Run a programme definition against the frozen answers of a programme's past "
        "applications and show which outcomes and amounts would change."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("programme", help="the programme definition to try (JSON)")
        parser.add_argument(
            "--against", required=True, metavar="SLUG", help="whose past applications to use"
        )
        parser.add_argument(
            "--as-of",
            type=_date,
            default=None,
            help="evaluate every application as of this day (default: each its own day)",
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument(
            "--limit",
            type=int,
            default=CHANGES_SHOWN,
            metavar="N",
            help=f"list at most N changed applications (default {CHANGES_SHOWN}; the count is whole)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["programme"])
        try:
            definition = read_json_file(path, max_bytes=MAX_FILE_BYTES, expect_object=True)
        except JSONInputError as error:
            self._refuse(f"cannot read the programme: {error}")
        try:
            report = programme_whatif(
                definition=definition,
                against=options["against"],
                as_of=options["as_of"],
                changes_shown=max(options["limit"], 0),
            )
        except InvalidDefinition as invalid:
            self.stderr.write(f"{path}: the programme definition is invalid:")
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise SystemExit(2) from None
        except UnknownProgramme as unknown:
            self._refuse(f"--against: {unknown}")
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report_table(report))

    def _refuse(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(2)


def report_table(report: WhatIfReport) -> str:
    """The report as plain text for a terminal."""
    data = report.as_dict()
    when = data["as_of"] or "each application's own evaluation day"
    lines = [
        f"What if: {data['programme']} against the past applications of {data['against']}",
        f"{data['applications']} applications, evaluated as of {when}",
    ]
    if data["anonymised_left_out"]:
        lines.append(f"{data['anonymised_left_out']} anonymised applications left out")
    lines += ["", f"{'outcome':<12} {'before':>10} {'after':>10} {'change':>10}"]
    outcomes = [*data["after"], *(name for name in data["before"] if name not in data["after"])]
    for outcome in outcomes:
        before = data["before"].get(outcome, 0)
        after = data["after"].get(outcome, 0)
        lines.append(f"{outcome:<12} {before:>10} {after:>10} {after - before:>+10}")
    if data["refused_answers"]:
        lines.append(
            f"({data['refused_answers']} of the after's needs_info: an answer this definition "
            "no longer accepts)"
        )
    unit = data["unit"]
    amounts = data["total_amount"]
    lines += ["", f"total amount before: {amounts['before']} {unit}"]
    lines.append(f"total amount after:  {amounts['after']} {unit}")
    if data["budget"] is None:
        lines.append("budget: none (uncapped)")
    else:
        over = report.over_budget
        verdict = f"{over} {unit} over it" if over > 0 else f"{-over} {unit} left"
        lines.append(f"budget: {data['budget']} {unit} ({verdict})")
    changed = data["changed"]
    lines += ["", f"{changed['count']} applications change"]
    if changed["shown"]:
        lines.append(f"{'reference':<18} {'status':<17} {'before':<24} {'after':<24}")
        for change in changed["shown"][:CHANGES_PRINTED]:
            lines.append(
                f"{change['reference']:<18} {change['status']:<17} "
                f"{_outcome(change['before']):<24} {_outcome(change['after']):<24}"
                + (f" ({change['refused_answer']})" if change["refused_answer"] else "")
            )
        listed = min(len(changed["shown"]), CHANGES_PRINTED)
        if changed["count"] > listed:
            lines.append(f"... and {changed['count'] - listed} more (--json --limit N lists them)")
    return "\n".join(lines)


def _outcome(side: dict[str, Any]) -> str:
    return side["outcome"] + (f" {side['amount']}" if side["amount"] is not None else "")
