"""JSON from outside (files, request bodies, lines of a batch) read strictly and within limits.

`json.loads` alone lets through what a programme or a set of facts must never be: NaN and
Infinity, numbers that overflow to infinity, keys given twice (which one wins depends on the
parser, so two systems can read one document differently), and text with lone UTF-16
surrogates that cannot be written out again. It also recurses once per level of nesting, so
a document of ten thousand `[` ends in a RecursionError instead of an error message. Here the
nesting is measured on the raw text first, with a single regular-expression pass, before any
parser recursion starts; the rest is checked while parsing.

Every refusal is a JSONInputError with a message for the person who wrote the document.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from itertools import accumulate, repeat
from os import PathLike
from pathlib import Path
from typing import Any

# Deeper than any sensible rule, and shallow enough for the schema validator's and the
# parser's recursion. A facts object is one level deep.
MAX_DEPTH = 64
# No count, amount or limit needs more; Python itself refuses integers above 4300 digits
# with a message about `sys.set_int_max_str_digits` that means nothing to the writer.
MAX_NUMBER_LENGTH = 100

# A whole string (escapes included, so that brackets inside strings do not count), or a
# bracket. The string alternative is written as an unrolled loop so that a long string is
# one cheap match; an unterminated one runs to the end of the text.
_STRUCTURE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)
_DEPTH_CHANGE = {"[": 1, "{": 1, "]": -1, "}": -1}
# A \u escape in the surrogate range: only then can the parsed text hold a lone surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class JSONInputError(ValueError):
    """A document that cannot be accepted: `message`, at `line` and `column` when the problem
    has a place, in `source` (a file's name) when known. `str()` gives all of it."""

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        source: str | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.source = source
        parts = [source] if source else []
        if line is not None:
            parts.append(f"line {line}, column {column}")
        super().__init__(": ".join([*parts, message]))

    def in_source(self, source: str) -> JSONInputError:
        return JSONInputError(self.message, line=self.line, column=self.column, source=source)


def size_text(size: int) -> str:
    """1048576 -> "1 MB", 65536 -> "64 KB", 1000 -> "1000 bytes"."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


def too_deep_at(text: str, max_depth: int = MAX_DEPTH) -> int | None:
    """The offset of the first bracket that opens level `max_depth + 1`, or None.

    Invalid JSON gives no false alarm that matters: whatever this pass finds or misses in it,
    the parser refuses it afterwards.
    """
    # No document goes deeper than it has opening brackets (counting those inside strings
    # too): a flat facts object, a batch's every line, is settled without the full pass.
    if text.count("{") + text.count("[") <= max_depth:
        return None
    tokens = _STRUCTURE.findall(text)
    # The running depth, computed without a Python-level loop; the slow walk below only runs
    # to find where a document already known to be too deep goes too deep.
    if max(accumulate(map(_DEPTH_CHANGE.get, tokens, repeat(0))), default=0) <= max_depth:
        return None
    depth = 0
    for match in _STRUCTURE.finditer(text):
        depth += _DEPTH_CHANGE.get(match.group(), 0)
        if depth > max_depth:
            return match.start()
    return None  # pragma: no cover - the first pass found it


def parse_json(
    data: str | bytes,
    *,
    max_depth: int = MAX_DEPTH,
    max_bytes: int | None = None,
    expect_object: bool = False,
) -> Any:
    """The JSON value of `data` (UTF-8 when bytes), or JSONInputError saying what is wrong.

    `max_bytes` counts characters when `data` is already text.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise JSONInputError(f"larger than {size_text(max_bytes)}")
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise JSONInputError(f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    else:
        text = data
    offset = too_deep_at(text, max_depth)
    if offset is not None:
        line, column = _position(text, offset)
        raise JSONInputError(f"nested more than {max_depth} levels deep", line=line, column=column)
    try:
        if text.startswith("\ufeff"):  # as json.loads refuses it
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        value = _decode(text)
    except json.JSONDecodeError as error:
        raise JSONInputError(
            f"invalid JSON: {error.msg}", line=error.lineno, column=error.colno
        ) from None
    except RecursionError:  # only with a max_depth beyond what the parser can recurse
        raise JSONInputError(f"nested more than {max_depth} levels deep") from None
    if _SURROGATE_ESCAPE.search(text):
        _refuse_lone_surrogates(value)
    if expect_object and not isinstance(value, dict):
        raise JSONInputError(f"must be a JSON object, not {json_kind(value)}")
    return value


def read_json_file(
    path: str | PathLike[str],
    *,
    max_bytes: int,
    max_depth: int = MAX_DEPTH,
    expect_object: bool = False,
) -> Any:
    """`parse_json` of a file's content, read no further than `max_bytes` + 1 bytes.

    Every error, unreadable file included, is a JSONInputError whose `source` is the path.
    """
    name = str(path)
    try:
        with Path(path).open("rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as error:
        raise JSONInputError(f"cannot be read ({error.strerror or error})", source=name) from None
    try:
        return parse_json(
            data, max_depth=max_depth, max_bytes=max_bytes, expect_object=expect_object
        )
    except JSONInputError as error:
        raise error.in_source(name) from None


def json_kind(value: Any) -> str:
    """What a parsed JSON value is, in words: "an array", "a string", ..."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return "a number"


def _position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _refuse_constant(name: str) -> Any:
    raise JSONInputError(f"{name} is not a JSON number")


def _float(text: str) -> float:
    _check_length(text)
    number = float(text)
    if not math.isfinite(number):
        raise JSONInputError(f"the number {text} is out of range")
    return number


def _int(text: str) -> int:
    _check_length(text)
    return int(text)


def _check_length(text: str) -> None:
    if len(text) > MAX_NUMBER_LENGTH:
        raise JSONInputError(
            f"a number is written with more than {MAX_NUMBER_LENGTH} characters ({text[:12]}...)"
        )


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) < len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise JSONInputError(f"the key {_shown(key)} appears twice in one object")
            seen.add(key)
    return result


# json.loads with these hooks builds a new decoder on every call; a batch reads a million
# lines, so the decoder is built once (it keeps no state between documents).
_decode = json.JSONDecoder(
    parse_constant=_refuse_constant,
    parse_float=_float,
    parse_int=_int,
    object_pairs_hook=_object,
).decode


def _shown(key: str) -> str:
    text = json.dumps(key)
    return text if len(text) <= 40 else text[:36] + '..."'


def _strings(value: Any) -> Iterator[str]:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _refuse_lone_surrogates(value: Any) -> None:
    for text in _strings(value):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            code = ord(text[error.start])
            raise JSONInputError(
                f"\\u{code:04x} is half of a UTF-16 surrogate pair, not a character"
            ) from None
