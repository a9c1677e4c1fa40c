"""A programme's rules stated for a reader who has not answered anything yet: who can apply
(the eligibility tree as nested requirements) and how much (the amount, where its shape
allows a plain statement)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from eligibility.engine.explain import language, requirement
from eligibility.engine.tree import (
    Condition,
    Constant,
    Expression,
    FactValue,
    Group,
    Leaf,
    Lookup,
    Not,
    Tiers,
)


def describe_condition(condition: Condition, lang: str, negated: bool = False) -> dict[str, Any]:
    """`{"kind": "requirement", "text": ...}` or `{"kind": "all"|"any", "parts": [...]}`.

    `not` is pushed down to the leaves (De Morgan), so that every sentence states the
    requirement as it really stands and no "none of these" groups are needed.
    """
    lang = language(lang)
    if isinstance(condition, Leaf):
        return {
            "kind": "requirement",
            "text": requirement(condition, negated, None, lang, with_answer=False),
        }
    if isinstance(condition, Not):
        return describe_condition(condition.part, lang, not negated)
    assert isinstance(condition, Group)
    kind = condition.kind
    if negated:
        kind = "any" if kind == "all" else "all"
    return {
        "kind": kind,
        "parts": [describe_condition(part, lang, negated) for part in condition.parts],
    }


def describe_amount(amount: Any) -> dict[str, Any]:
    """The amount's shape where a page can state it plainly, else `{"kind": "computed"}`:

    - `{"kind": "fixed", "value": Decimal}`
    - `{"kind": "tiers", "fact": FactSpec, "bands": [(upto, Decimal), ...], "otherwise": Decimal}`
      for tiers on a fact whose band values are all fixed.
    - `{"kind": "bands", "fact": FactSpec, "bands": [(Interval, Decimal), ...], "otherwise":
      Decimal | None}` for the same with explicit bounds (v2), lowest band first.
    - `{"kind": "table", "row": FactSpec, "column": FactSpec, "columns": [Interval, ...],
      "rows": [(key, [Decimal, ...]), ...], "otherwise": Decimal | None}` for a lookup on a
      fact whose cells are all fixed.
    """
    if isinstance(amount, Constant):
        return {"kind": "fixed", "value": Decimal(amount.number)}
    if isinstance(amount, Tiers | Lookup) and (described := _describe_bands(amount)):
        return described
    if (
        isinstance(amount, Tiers)
        and amount.choose is None
        and isinstance(amount.subject, FactValue)
        and all(isinstance(value, Constant) for _upto, value in amount.bands)
        and isinstance(amount.otherwise, Constant)
    ):
        return {
            "kind": "tiers",
            "fact": amount.subject.fact,
            "bands": [(upto, Decimal(value.number)) for upto, value in amount.bands],
            "otherwise": Decimal(amount.otherwise.number),
        }
    return {"kind": "computed"}


def _fixed(node: Expression | None) -> bool:
    return node is None or isinstance(node, Constant)


def _number(node: Expression | None) -> Decimal | None:
    return Decimal(node.number) if isinstance(node, Constant) else None


def _describe_bands(amount: Tiers | Lookup) -> dict[str, Any] | None:
    """Explicit-bounds tiers and lookup tables with fixed values; None for other shapes."""
    if isinstance(amount, Tiers):
        if amount.choose is None or not isinstance(amount.subject, FactValue):
            return None
        if not all(_fixed(value) for _, value in amount.bands) or not _fixed(amount.otherwise):
            return None
        bands = sorted(amount.bands, key=lambda band: _lowest_first(band[0]))
        return {
            "kind": "bands",
            "fact": amount.subject.fact,
            "bands": [(interval, _number(value)) for interval, value in bands],
            "otherwise": _number(amount.otherwise),
        }
    cells = [cell for cells in amount.rows.values() for cell in cells]
    if not isinstance(amount.column, FactValue) or not all(_fixed(cell) for cell in cells):
        return None
    if not _fixed(amount.otherwise):
        return None
    return {
        "kind": "table",
        "row": amount.row,
        "column": amount.column.fact,
        "columns": list(amount.columns),
        "rows": [(key, [_number(cell) for cell in row]) for key, row in amount.rows.items()],
        "otherwise": _number(amount.otherwise),
    }


def _lowest_first(interval: Any) -> tuple[int, Decimal]:
    return (0, Decimal(0)) if interval.lower is None else (1, interval.lower)
