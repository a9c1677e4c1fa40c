"""A programme's rules stated for a reader who has not answered anything yet: who can apply
(the eligibility tree as nested requirements) and how much (the amount, where its shape
allows a plain statement)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from eligibility.engine.explain import language, requirement
from eligibility.engine.tree import Condition, Constant, FactValue, Group, Leaf, Not, Tiers


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
    """
    if isinstance(amount, Constant):
        return {"kind": "fixed", "value": Decimal(amount.number)}
    if (
        isinstance(amount, Tiers)
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
