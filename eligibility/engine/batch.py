"""Evaluating one programme for many sets of facts, as `manage.py evaluate` does.

Results are produced one at a time from an iterable of lines, so a file of a million
applicants is streamed in constant memory. A line whose facts are invalid, or that is not
acceptable JSON (see `json_input`), gives an error object in its place and the run goes on.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, BinaryIO

from eligibility.engine.decimals import ZERO
from eligibility.engine.explain import LeafReasonsMemo
from eligibility.engine.facts import FactError
from eligibility.engine.json_input import JSONInputError, parse_json
from eligibility.engine.programme import DEFAULT_DE_MINIMIS_CEILING, CompiledProgramme

# A set of facts is a few hundred bytes; a line of a megabyte is a mistake or an attack.
MAX_LINE_BYTES = 1024 * 1024

# json.dumps(value, ensure_ascii=False) builds a new encoder on every call; this is the same
# encoder (same separators, same text), built once.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def error_object(fact: str | None, message: str) -> dict[str, Any]:
    return {"error": {"fact": fact, "message": message}}


def evaluate_facts(
    compiled: CompiledProgramme,
    facts: Any,
    *,
    as_of: dt.date | None = None,
    lang: str = "es",
    de_minimis_ceiling: Decimal = DEFAULT_DE_MINIMIS_CEILING,
    desk_de_minimis: Decimal = ZERO,
    memo: LeafReasonsMemo | None = None,
) -> tuple[dict[str, Any], bool]:
    """The outcome object for one set of facts, or an error object; and whether it failed.
    With a `memo` (of this programme, in `lang`) the object shares its reasons: read only."""
    if not isinstance(facts, Mapping):
        return error_object(None, "the facts must be a JSON object of fact names to values"), True
    try:
        evaluation = compiled.evaluate(
            facts,
            as_of=as_of,
            desk_de_minimis=desk_de_minimis,
            de_minimis_ceiling=de_minimis_ceiling,
        )
    except FactError as error:
        return error_object(error.fact, error.message), True
    return evaluation.to_dict(lang, memo=memo), False


def evaluate_lines(
    compiled: CompiledProgramme,
    lines: Iterable[str | bytes],
    *,
    as_of: dt.date | None = None,
    lang: str = "es",
    de_minimis_ceiling: Decimal = DEFAULT_DE_MINIMIS_CEILING,
) -> Iterator[tuple[str, bool]]:
    """One JSON text per non-blank line of JSON Lines input, in order, and whether it failed.

    Lines given as bytes are decoded one by one, so that a line that is not UTF-8 is an error
    of that line only.
    """
    # Thousands of applicants answer alike: their leaf reasons are rendered once.
    memo = LeafReasonsMemo(compiled, lang)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue  # a trailing newline or a blank line is not an applicant
        try:
            facts = parse_json(line, max_bytes=MAX_LINE_BYTES)
        except JSONInputError as error:
            place = f"line {number}" + (f", column {error.column}" if error.column else "")
            result, failed = error_object(None, f"{place}: {error.message}"), True
        else:
            result, failed = evaluate_facts(
                compiled,
                facts,
                as_of=as_of,
                lang=lang,
                de_minimis_ceiling=de_minimis_ceiling,
                memo=memo,
            )
        yield _encode(result), failed


def read_lines(stream: BinaryIO, max_bytes: int = MAX_LINE_BYTES) -> Iterator[bytes]:
    """The lines of a binary stream, never holding more than `max_bytes` + 1 bytes of one: a
    longer line comes cut there (and is then refused as too large), the rest of it skipped."""
    while line := stream.readline(max_bytes + 1):
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(max_bytes + 1)) and not rest.endswith(b"\n"):
                pass
        yield line
