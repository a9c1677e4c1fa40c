"""Bands with explicit bounds (`tiers` with min/max/above/below) and lookup tables.

An interval is written with at most one lower bound (`min` inclusive, `above` exclusive) and at
most one upper bound (`max` inclusive, `below` exclusive); a missing bound leaves it open on
that side. What counts as a hole depends on the subject's domain: for a whole-number subject
(an int or bool fact, or `round` to 0 places) `max 3` then `min 4` leaves nothing out, for a
decimal one 3.5 falls between them. This module is the one place that knows these rules: the
validator reports with it, the tree and the generated code choose bands with it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from eligibility.engine.catalogue import FactSpec
from eligibility.engine.facts import parse_decimal

Path = list[str | int]
Report = Callable[[Path, str], None]

BOUND_KEYS = ("min", "above", "max", "below")
LOWER_KEYS = ("min", "above")
UPPER_KEYS = ("max", "below")
# The fact types a lookup's row may name.
ROW_FACT_TYPES = frozenset({"choice", "int", "code"})
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")
_CODE = re.compile(r"[0-9]{2,4}")


@dataclass(frozen=True)
class Interval:
    """One band's interval; `None` bounds are open. `text` is how a message names it."""

    lower: Decimal | None = None
    lower_inclusive: bool = True
    upper: Decimal | None = None
    upper_inclusive: bool = True
    text: str = "any value"

    def contains(self, value: Decimal) -> bool:
        lower, upper = self.lower, self.upper
        if lower is not None and (value < lower or (value == lower and not self.lower_inclusive)):
            return False
        return not (
            upper is not None and (value > upper or (value == upper and not self.upper_inclusive))
        )

    def whole(self) -> tuple[float | int, float | int]:
        """The whole numbers it holds, as a closed range (infinite ends as floats)."""
        low: float | int = -math.inf
        high: float | int = math.inf
        if self.lower is not None:
            floor = int(self.lower.to_integral_value(rounding="ROUND_FLOOR"))
            low = floor + 1 if not self.lower_inclusive or floor < self.lower else floor
        if self.upper is not None:
            ceiling = int(self.upper.to_integral_value(rounding="ROUND_CEILING"))
            high = ceiling - 1 if not self.upper_inclusive or ceiling > self.upper else ceiling
        return low, high

    def is_empty(self, whole: bool) -> bool:
        if whole:
            low, high = self.whole()
            return low > high
        if self.lower is None or self.upper is None:
            return False
        if self.lower == self.upper:
            return not (self.lower_inclusive and self.upper_inclusive)
        return self.lower > self.upper

    def below(self, other: Interval, whole: bool) -> bool:
        """Every value of this interval is less than every value of `other`."""
        if whole:
            return self.whole()[1] < other.whole()[0]
        if self.upper is None or other.lower is None:
            return False
        if self.upper == other.lower:
            return not (self.upper_inclusive and other.lower_inclusive)
        return self.upper < other.lower

    def gap_before(self, other: Interval, whole: bool) -> bool:
        """Some value lies above this interval and below `other` (which starts above it)."""
        if whole:
            return other.whole()[0] > self.whole()[1] + 1
        assert self.upper is not None and other.lower is not None
        if self.upper == other.lower:
            return not self.upper_inclusive and not other.lower_inclusive
        return self.upper < other.lower


def _number(raw: Any) -> str:
    return str(raw)


def interval(band: Mapping[str, Any]) -> Interval | None:
    """A band's interval from its explicit bounds; None when a bound is not a number."""
    values = {}
    for key in BOUND_KEYS:
        if key in band:
            number = parse_decimal(band[key])
            if number is None:
                return None
            values[key] = number
    low_key = next((key for key in LOWER_KEYS if key in values), None)
    high_key = next((key for key in UPPER_KEYS if key in values), None)
    lower = {"min": "from {}", "above": "above {}"}
    upper = {"max": "up to {}", "below": "below {}"}
    if low_key and high_key:
        low, high = _number(band[low_key]), _number(band[high_key])
        if low_key == "min" and high_key == "max":
            text = f"{low} to {high}"
        elif low_key == "min":
            text = f"from {low} to below {high}"
        elif high_key == "max":
            text = f"above {low} up to {high}"
        else:
            text = f"above {low} and below {high}"
    elif low_key:
        text = lower[low_key].format(_number(band[low_key]))
    elif high_key:
        text = upper[high_key].format(_number(band[high_key]))
    else:
        text = "any value"
    return Interval(
        lower=values.get(low_key) if low_key else None,
        lower_inclusive=low_key != "above",
        upper=values.get(high_key) if high_key else None,
        upper_inclusive=high_key != "below",
        text=text,
    )


def has_bounds(band: Any) -> bool:
    return isinstance(band, dict) and any(key in band for key in BOUND_KEYS)


@dataclass(frozen=True)
class Chooser:
    """The index of the band that holds a value, or None when no band does."""

    intervals: tuple[Interval, ...]

    def __call__(self, value: Decimal) -> int | None:
        for index, band in enumerate(self.intervals):
            if band.contains(value):
                return index
        return None


def chooser(bands: Sequence[Mapping[str, Any]]) -> Chooser:
    """For a validated list of explicit bands (or lookup columns)."""
    found = [interval(band) for band in bands]
    assert all(item is not None for item in found)
    return Chooser(tuple(found))  # type: ignore[arg-type]


def row_key(spec: FactSpec, key: str) -> Any:
    """A lookup row's key as a value of the row fact (an int for an int fact)."""
    return int(key) if spec.type == "int" else key


# --- the subject's domain -----------------------------------------------------------------


def whole_numbers(node: Any, specs: Mapping[str, FactSpec]) -> bool:
    """Whether an expression (as written) only takes whole-number values: an int or bool
    fact, a `round` to 0 places, a whole literal, and add/sub/mul/min/max/if of those.
    Anything else (division, tiers, lookup, decimal facts) is treated as decimal."""
    if not isinstance(node, dict):
        # A whole-number literal; sums, products, minima and maxima of whole numbers are
        # whole too, so `employees + 1` keeps the integer domain.
        return type(node) is int or (
            isinstance(node, str) and _WHOLE_NUMBER.fullmatch(node) is not None
        )
    if "fact" in node:
        spec = specs.get(node["fact"]) if isinstance(node["fact"], str) else None
        return spec is not None and spec.type in ("int", "bool")
    if "round" in node:
        return node.get("places") == 0
    for key in ("add", "sub", "mul", "min", "max"):
        if key in node:
            parts = node[key]
            return isinstance(parts, list) and all(whole_numbers(part, specs) for part in parts)
    if "if" in node:
        return whole_numbers(node.get("then"), specs) and whole_numbers(node.get("else"), specs)
    return False


# --- validation ---------------------------------------------------------------------------


def check_bounds(
    bands: Sequence[Any], path: Path, whole: bool, report: Report, word: str = "band"
) -> list[Interval] | None:
    """Report bad bounds, empty, overlapping and hole-leaving bands at the band's path.

    Returns the intervals sorted from lowest, for the caller's check of the ends, or None
    when some band's bounds could not be read (the shape pass has said why).
    """
    name = f"{word}s"  # bands, columns
    intervals: list[tuple[int, Interval]] = []
    readable = True
    for index, band in enumerate(bands):
        if not isinstance(band, dict):
            readable = False
            continue
        if "upto" in band:
            continue  # a tiers that mixes forms: reported as such
        here: Path = [*path, index]
        for pair in (LOWER_KEYS, UPPER_KEYS):
            if all(key in band for key in pair):
                side = "lower" if pair is LOWER_KEYS else "upper"
                report(
                    [*here, pair[1]],
                    f"cannot be given with {pair[0]!r}: a {word} has at most one {side} bound",
                )
        found = interval(band)
        if found is None:
            readable = False
            continue
        if found.is_empty(whole):
            numbers = "whole number" if whole else "value"
            report(here, f"is empty: no {numbers} is {found.text}")
            continue
        for other_index, other in intervals:
            if not (found.below(other, whole) or other.below(found, whole)):
                report(here, f"overlaps {name}[{other_index}] ({other.text})")
                break
        intervals.append((index, found))
    if not readable:
        return None
    ordered = sorted(
        intervals, key=lambda item: item[1].whole()[0] if whole else _lower_key(item[1])
    )
    # Sweep from the lowest band up, keeping the band that reaches highest so far: a hole is
    # a stretch above it and below the next band's start.
    reach_index, reach = ordered[0] if ordered else (0, Interval())
    for index, after in ordered[1:]:
        if reach.upper is not None and after.lower is not None and reach.gap_before(after, whole):
            report(
                [*path, index],
                f"leaves a hole after {name}[{reach_index}]: {_hole(reach, after, word)}",
            )
        if _upper_key(after) > _upper_key(reach):
            reach_index, reach = index, after
    return [item for _, item in ordered]


def _lower_key(band: Interval) -> tuple[int, Decimal, int]:
    if band.lower is None:
        return (0, Decimal(0), 0)
    return (1, band.lower, 0 if band.lower_inclusive else 1)


def _hole(before: Interval, after: Interval, word: str) -> str:
    assert before.upper is not None and after.lower is not None
    if before.upper == after.lower:
        return f"the value {after.lower} falls in no {word}"
    low = f"above {before.upper}" if before.upper_inclusive else f"from {before.upper}"
    high = f"below {after.lower}" if after.lower_inclusive else f"up to {after.lower}"
    return f"values {low} and {high} fall in no {word}"


def uncovered_end(ordered: Sequence[Interval], word: str = "band") -> str | None:
    """What falls outside every band at the ends ("values below 1 fall in no band")."""
    if not ordered:
        return None
    lowest, highest = ordered[0], max(ordered, key=_upper_key)
    if lowest.lower is not None:
        side = "below" if lowest.lower_inclusive else "up to"
        return f"values {side} {lowest.lower} fall in no {word}"
    if highest.upper is not None:
        side = "above" if highest.upper_inclusive else "from"
        return f"values {side} {highest.upper} fall in no {word}"
    return None


def _upper_key(band: Interval) -> tuple[int, Decimal, int]:
    if band.upper is None:
        return (1, Decimal(0), 0)
    return (0, band.upper, 1 if band.upper_inclusive else 0)


def band_form(bands: Sequence[Any], v2: bool) -> str:
    """`explicit` when any band gives min/max/above/below, `upto` when one gives upto; bands
    with neither (one band for every value) are explicit in v2, missing their upto in v1."""
    if any(has_bounds(band) for band in bands):
        return "explicit"
    if any(isinstance(band, dict) and "upto" in band for band in bands):
        return "upto"
    return "explicit" if v2 else "upto"


def check_mixed_forms(bands: Sequence[Any], path: Path, report: Report) -> None:
    """Every band of one tiers in one form: the first band's (explicit when it has neither)."""
    forms = [
        "upto" if "upto" in band else "explicit" if has_bounds(band) else None
        for band in bands
        if isinstance(band, dict)
    ]
    first = next((form for form in forms if form is not None), "explicit")
    for index, band in enumerate(bands):
        if not isinstance(band, dict):
            continue
        if "upto" in band and has_bounds(band):
            report([*path, index], "mixes 'upto' with min/max/above/below: use one form")
        elif first == "explicit" and "upto" in band:
            report(
                [*path, index],
                "uses 'upto' but bands[0] uses explicit bounds: all bands of one tiers "
                "use the same form",
            )
        elif first == "upto" and has_bounds(band):
            report(
                [*path, index],
                "uses explicit bounds but bands[0] uses 'upto': all bands of one tiers "
                "use the same form",
            )


def check_row_keys(
    spec: FactSpec, rows: Mapping[str, Any], columns: int | None, path: Path,
    has_otherwise: bool, report: Report,
) -> None:  # fmt: skip
    """Row keys that the row fact can take, one value per column, and (without `otherwise`)
    a row for every value of the fact."""
    for key, cells in rows.items():
        here: Path = [*path, key]
        problem = _row_key_problem(spec, key)
        if problem:
            report(here, problem)
        if columns is not None and isinstance(cells, list) and len(cells) != columns:
            values = "value" if len(cells) == 1 else "values"
            report(here, f"has {len(cells)} {values} for {columns} columns")
    if has_otherwise:
        return
    every = _every_value(spec)
    if every is None:
        report(
            [*path[:-1], "otherwise"],
            f"is required: {spec.name!r} is a {spec.type} fact, whose values cannot all have a row",
        )
        return
    missing = [value for value in every if value not in rows]
    if len(missing) == 1:
        report(path, f"has no row for {missing[0]!r}; add it or give otherwise")
    elif missing:
        listed = ", ".join(repr(value) for value in missing)
        report(path, f"has no row for {listed}; add them or give otherwise")


def _row_key_problem(spec: FactSpec, key: str) -> str | None:
    if spec.type == "choice":
        if key in spec.choices:
            return None
        return f"{key!r} is not a choice of {spec.name!r} (choices: {', '.join(spec.choices)})"
    if spec.type == "int":
        if not _WHOLE_NUMBER.fullmatch(key):
            return f"{key!r} is not a whole number ({spec.name!r} is an int fact)"
        number = int(key)
        if (spec.min is not None and number < spec.min) or (
            spec.max is not None and number > spec.max
        ):
            return f"{key!r} is outside the values {spec.name!r} can take"
        return None
    if not _CODE.fullmatch(key):
        return f"{key!r} is not a code of 2 to 4 digits"
    return None


_MOST_ROWS = 1000  # an int fact with more values than this cannot be listed row by row


def _every_value(spec: FactSpec) -> list[str] | None:
    if spec.type == "choice":
        return list(spec.choices)
    if spec.type == "int" and spec.min is not None and spec.max is not None:
        low, high = int(spec.min), int(spec.max)
        if high - low < _MOST_ROWS:
            return [str(number) for number in range(low, high + 1)]
    return None


# --- the validator's checks of tiers and lookup -------------------------------------------

FORMAT_V2 = "onestop.programme/v2"


class Checker(Protocol):
    """What these checks need of the validator's meaning pass."""

    doc: dict[str, Any]
    specs: dict[str, FactSpec]

    def error(self, path: Path, message: str) -> None: ...

    def fact(self, name: Any, path: Path) -> FactSpec | None: ...

    def check_expression(self, node: Any, path: Path) -> None: ...


def _needs_v2(checker: Checker, path: Path) -> None:
    if checker.doc.get("format") != FORMAT_V2:
        checker.error(path, f"needs format {FORMAT_V2!r}")


def check_upto_tiers(checker: Checker, node: dict[str, Any], path: Path) -> None:
    """The v1 form: every band has `upto`, and `otherwise` is required (values above the
    last upto need it). The order of the uptos is checked by the validator itself."""
    for index, band in enumerate(node["bands"]):
        if isinstance(band, dict) and "upto" not in band:
            checker.error([*path, "bands", index, "upto"], "is required")
    if "otherwise" not in node:
        checker.error([*path, "otherwise"], "is required")


def check_explicit_tiers(checker: Checker, node: dict[str, Any], path: Path) -> None:
    bands = node["bands"]
    for index, band in enumerate(bands):
        if isinstance(band, dict):
            for key in BOUND_KEYS:
                if key in band:
                    _needs_v2(checker, [*path, "bands", index, key])
    check_mixed_forms(bands, [*path, "bands"], checker.error)
    whole = whole_numbers(node.get("tiers"), checker.specs)
    ordered = check_bounds(bands, [*path, "bands"], whole, checker.error)
    for index, band in enumerate(bands):
        if isinstance(band, dict) and "value" in band:
            checker.check_expression(band["value"], [*path, "bands", index, "value"])
    # `otherwise` itself is checked by the validator's check_tiers, for both forms.
    if "otherwise" not in node and ordered:
        end = uncovered_end(ordered)
        if end:
            checker.error([*path, "otherwise"], f"is required: {end}")


def check_lookup(checker: Checker, node: dict[str, Any], path: Path) -> None:
    _needs_v2(checker, [*path, "lookup"])
    head = node.get("lookup")
    spec = None
    whole = False
    if isinstance(head, dict):
        spec = checker.fact(head.get("row"), [*path, "lookup", "row"])
        if spec is not None and spec.type not in ROW_FACT_TYPES:
            checker.error(
                [*path, "lookup", "row"],
                f"{spec.name!r} is a {spec.type} fact; a lookup's row must be a choice, int "
                "or code fact",
            )
            spec = None
        if "column" in head:
            checker.check_expression(head["column"], [*path, "lookup", "column"])
            whole = whole_numbers(head["column"], checker.specs)
    columns = node.get("columns")
    ordered = None
    if isinstance(columns, list):
        ordered = check_bounds(columns, [*path, "columns"], whole, checker.error, "column")
    rows = node.get("rows")
    has_otherwise = "otherwise" in node
    if isinstance(rows, dict):
        if spec is not None:
            width = len(columns) if isinstance(columns, list) else None
            check_row_keys(spec, rows, width, [*path, "rows"], has_otherwise, checker.error)
        for key, cells in rows.items():
            if isinstance(cells, list):
                for index, cell in enumerate(cells):
                    checker.check_expression(cell, [*path, "rows", key, index])
    if has_otherwise:
        checker.check_expression(node["otherwise"], [*path, "otherwise"])
    elif ordered:
        end = uncovered_end(ordered, "column")
        if end:
            checker.error([*path, "otherwise"], f"is required: {end}")
