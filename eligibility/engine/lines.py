"""Lines: sub-budgets of one programme, and which one an eligible applicant falls in.

A call such as Irun's 2020 aid splits its money into lines with budgets of their own (line 1
for a suspended activity or a fall in turnover above 75 %, line 2 for a fall of 50 to 75 %).
An eligible applicant belongs to the first line, in document order, whose `when` holds; a
line without `when` takes everyone who reaches it. The desk commits each award against its
line's budget as well as the programme's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from eligibility.engine.catalogue import FactSpec
from eligibility.engine.facts import parse_decimal
from eligibility.engine.tree import Condition, parse_condition

Resolved = Mapping[str, Any]
Text = Mapping[str, str]

# The reason id an eligible applicant who fits no line is refused with.
NO_LINE = "line"


@dataclass(frozen=True)
class Line:
    ident: str
    label: Text
    budget: Decimal | None
    when: Condition | None
    source: Text | None = None


def parse_lines(doc: Mapping[str, Any], specs: Mapping[str, FactSpec]) -> tuple[Line, ...]:
    """The programme's lines (already validated), in document order."""
    return tuple(
        Line(
            ident=line["id"],
            label=line["label"],
            budget=parse_decimal(line.get("budget")),
            when=(
                parse_condition(line["when"], ["lines", index, "when"], specs)
                if "when" in line
                else None
            ),
            source=line.get("source"),
        )
        for index, line in enumerate(doc.get("lines", ()))
    )


@dataclass(frozen=True)
class LineChoice:
    """The line an applicant falls in: `line` when settled, `undecided` (the condition that
    keeps it open) when a line before any true one is unknown, neither when none fits."""

    line: Line | None
    undecided: Condition | None = None


def line_choose(lines: tuple[Line, ...], r: Resolved) -> LineChoice:
    for line in lines:
        if line.when is None:
            return LineChoice(line)
        value = line.when.value(r)
        if value is None:
            # An earlier line cannot be passed over while it might still hold.
            return LineChoice(None, line.when)
        if value:
            return LineChoice(line)
    return LineChoice(None)
