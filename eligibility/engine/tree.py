"""A valid definition parsed into typed nodes, and the slow, thorough way of walking them.

The compiler turns these nodes into fast code for the decision. The walks here are what the
decision does not need but an explanation does: each leaf's value, and which unknown facts
the undecided part of an evaluation reads (`missing_facts`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from eligibility.engine.bands import Interval, row_key
from eligibility.engine.bands import chooser as band_chooser
from eligibility.engine.catalogue import FactSpec
from eligibility.engine.codes import code_test
from eligibility.engine.decimals import ONE, ZERO, round_with
from eligibility.engine.errors import format_path
from eligibility.engine.facts import parse_date, parse_decimal

Resolved = Mapping[str, Any]
Text = Mapping[str, str]


# --- conditions --------------------------------------------------------------------------


@dataclass(eq=False)
class Condition:
    path: str
    ident: str | None
    reason: Text | None
    # The node's legal source (v2 "source"), set by parse_condition; not a field, so that
    # the subclasses' fields keep their order.
    source = None

    def value(self, r: Resolved) -> bool | None:
        raise NotImplementedError

    def undecided(self, r: Resolved, specs: Mapping[str, FactSpec], out: set[str]) -> None:
        """Add the unknown input facts under this node, descending through unknown nodes."""
        raise NotImplementedError

    def leaves(
        self, negated: bool = False, reason: Text | None = None, owner: Condition | None = None
    ) -> Iterator[LeafUse]:
        """Each leaf with its `not`s, its reason and the node that reason belongs to."""
        raise NotImplementedError


@dataclass(eq=False)
class Group(Condition):
    kind: str  # "all" or "any"
    parts: tuple[Condition, ...]

    def value(self, r: Resolved) -> bool | None:
        values = [part.value(r) for part in self.parts]
        decisive = self.kind == "any"  # the value that settles the group on its own
        if decisive in values:
            return decisive
        return None if None in values else not decisive

    def undecided(self, r: Resolved, specs: Mapping[str, FactSpec], out: set[str]) -> None:
        if self.value(r) is None:
            for part in self.parts:
                part.undecided(r, specs, out)

    def leaves(
        self, negated: bool = False, reason: Text | None = None, owner: Condition | None = None
    ) -> Iterator[LeafUse]:
        if self.reason:
            reason, owner = self.reason, self
        for part in self.parts:
            yield from part.leaves(negated, reason, owner)


@dataclass(eq=False)
class Not(Condition):
    part: Condition

    def value(self, r: Resolved) -> bool | None:
        inner = self.part.value(r)
        return None if inner is None else not inner

    def undecided(self, r: Resolved, specs: Mapping[str, FactSpec], out: set[str]) -> None:
        self.part.undecided(r, specs, out)

    def leaves(
        self, negated: bool = False, reason: Text | None = None, owner: Condition | None = None
    ) -> Iterator[LeafUse]:
        if self.reason:
            reason, owner = self.reason, self
        yield from self.part.leaves(not negated, reason, owner)


@dataclass(eq=False)
class Leaf(Condition):
    fact: FactSpec
    op: str
    operand: Any  # the value parsed to the fact's type: a scalar, frozenset or (low, high)
    raw: Any  # the value as written, for explanations (kept in document order)
    test: Callable[[Any], bool] = field(repr=False)

    @property
    def name(self) -> str:
        return self.ident or self.path

    def value(self, r: Resolved) -> bool | None:
        known = r[self.fact.name]
        if self.op == "is_set":
            return known is not None
        return None if known is None else self.test(known)

    def undecided(self, r: Resolved, specs: Mapping[str, FactSpec], out: set[str]) -> None:
        if self.value(r) is None:
            out.update(unknown_inputs(self.fact, r))

    def leaves(
        self, negated: bool = False, reason: Text | None = None, owner: Condition | None = None
    ) -> Iterator[LeafUse]:
        if self.reason:
            reason, owner = self.reason, self
        yield LeafUse(self, negated, reason, owner)


@dataclass(frozen=True)
class LeafUse:
    """A leaf as it sits in the tree: under an odd number of `not`s or not, with its reason."""

    leaf: Leaf
    negated: bool
    reason: Text | None
    # The node whose `reason` this is: the leaf itself or a group (or `not`) above it.
    owner: Condition | None = field(default=None, compare=False, repr=False)
    # Generated sentences by (language, answer): the same few answers recur endlessly.
    texts: dict[tuple[str, str], str] = field(default_factory=dict, compare=False, repr=False)

    def met(self, r: Resolved) -> bool | None:
        value = self.leaf.value(r)
        if value is None or not self.negated:
            return value
        return not value

    def undecided(self, r: Resolved, specs: Mapping[str, FactSpec]) -> list[str]:
        """The unknown input facts that keep this leaf's explanation open, sorted: those of
        the leaf, or of the whole group its reason speaks for ("years active" leaves a
        track-record group open even when "is social economy" is known to be false)."""
        out: set[str] = set()
        node = self.owner if self.owner is not None else self.leaf
        if node.value(r) is None:
            node.undecided(r, specs, out)
        return sorted(out)


def unknown_inputs(spec: FactSpec, r: Resolved) -> list[str]:
    """The input facts a fact stands for when it is unknown (itself, unless derived)."""
    formula = getattr(spec, "formula", None)
    if formula is not None:
        # A programme's own derived fact: the unknown facts its formula reads.
        out: set[str] = set()
        if isinstance(formula, Condition):
            formula.undecided(r, {}, out)
        else:
            formula.reads(r, {}, out)
        return sorted(out)
    if spec.derived:
        return [name for name in spec.inputs if r.get(name) is None]
    return [spec.name]


# --- expressions ---------------------------------------------------------------------------


@dataclass(eq=False)
class Expression:
    source = None  # the node's legal source (v2 "source"), set by parse_expression

    def value(self, r: Resolved) -> Decimal | None:
        raise NotImplementedError

    def reads(self, r: Resolved, specs: Mapping[str, FactSpec], out: set[str]) -> None:
        """Add the unknown input facts this expression reads (the `missing_facts` rules)."""
        raise NotImplementedError


@dataclass(eq=False)
class Constant(Expression):
    number: Decimal

    def value(self, r: Resolved) -> Decimal | None:
        return self.number

    def reads(self, r: Resolved, specs: Mapping[str, FactSpec], out: set[str]) -> None:
        return None


@dataclass(eq=False)
class FactValue(Expression):
    fact: FactSpec

    def value(self, r: Resolved) -> Decimal | None:
        known = r[self.fact.name]
        if known is None:
            return None
        if known is True or known is False:
            return ONE if known else ZERO
        return known if isinstance(known, Decimal) else Decimal(known)

    def reads(self, r: Resolved, specs: Mapping[str, FactSpec], out: set[str]) -> None:
        if r[self.fact.name] is None:
            out.update(unknown_inputs(self.fact, r))


@dataclass(eq=False)
class Operation(Expression):
    op: str  # add, mul, min, max, sub, div
    parts: tuple[Expression, ...]

    def value(self, r: Resolved) -> Decimal | None:
        values = [part.value(r) for part in self.parts]
        if None in values:
            return None
        op = self.op
        if op == "min":
            return min(values)
        if op == "max":
            return max(values)
        if op == "div" and values[1] == ZERO:
            return None
        result = values[0]
        for number in values[1:]:
            if op == "add":
                result = result + number
            elif op == "mul":
                result = result * number
            elif op == "sub":
                result = result - number
            else:
                result = result / number
        return result

    def reads(self, r: Resolved, specs: Mapping[str, FactSpec], out: set[str]) -> None:
        for part in self.parts:
            part.reads(r, specs, out)


@dataclass(eq=False)
class Round(Expression):
    part: Expression
    places: int
    mode: str = "half_up"

    def value(self, r: Resolved) -> Decimal | None:
        number = self.part.value(r)
        return None if number is None else round_with(number, self.places, self.mode)

    def reads(self, r: Resolved, specs: Mapping[str, FactSpec], out: set[str]) -> None:
        self.part.reads(r, specs, out)


@dataclass(eq=False)
class IfThenElse(Expression):
    condition: Condition
    then: Expression
    otherwise: Expression

    def value(self, r: Resolved) -> Decimal | None:
        chosen = self.condition.value(r)
        if chosen is None:
            return None
        return (self.then if chosen else self.otherwise).value(r)

    def reads(self, r: Resolved, specs: Mapping[str, FactSpec], out: set[str]) -> None:
        chosen = self.condition.value(r)
        if chosen is None:
            self.condition.undecided(r, specs, out)
            self.then.reads(r, specs, out)
            self.otherwise.reads(r, specs, out)
        else:
            (self.then if chosen else self.otherwise).reads(r, specs, out)


@dataclass(eq=False)
class Tiers(Expression):
    subject: Expression
    # (upto, value) for the v1 form; with explicit bounds (v2), (Interval, value).
    bands: tuple[tuple[Any, Expression], ...]
    otherwise: Expression | None  # None only for explicit bands that cover every value
    choose: Callable[[Decimal], int | None] | None = field(default=None, repr=False)

    def chosen(self, subject: Decimal) -> Expression:
        if self.choose is not None:
            index = self.choose(subject)
            if index is not None:
                return self.bands[index][1]
        else:
            for upto, band in self.bands:
                if subject <= upto:
                    return band
        assert self.otherwise is not None, "validation ensures the bands cover every value"
        return self.otherwise

    def value(self, r: Resolved) -> Decimal | None:
        subject = self.subject.value(r)
        return None if subject is None else self.chosen(subject).value(r)

    def reads(self, r: Resolved, specs: Mapping[str, FactSpec], out: set[str]) -> None:
        subject = self.subject.value(r)
        if subject is None:
            self.subject.reads(r, specs, out)
            for _, band in self.bands:
                band.reads(r, specs, out)
            if self.otherwise is not None:
                self.otherwise.reads(r, specs, out)
        else:
            self.chosen(subject).reads(r, specs, out)


@dataclass(eq=False)
class Lookup(Expression):
    """A table: the row fact's value picks a row, the column expression's value a column."""

    row: FactSpec
    column: Expression
    columns: tuple[Interval, ...]
    rows: Mapping[Any, tuple[Expression, ...]]  # keyed by the row fact's value
    otherwise: Expression | None  # None only when every row and column value has a cell
    choose: Callable[[Decimal], int | None] = field(repr=False)

    def chosen(self, row: Any, column: Decimal) -> Expression:
        cells = self.rows.get(row)
        index = self.choose(column)
        if cells is not None and index is not None:
            return cells[index]
        assert self.otherwise is not None, "validation ensures every value has a cell"
        return self.otherwise

    def value(self, r: Resolved) -> Decimal | None:
        row = r[self.row.name]
        column = self.column.value(r)
        if row is None or column is None:
            return None
        return self.chosen(row, column).value(r)

    def reads(self, r: Resolved, specs: Mapping[str, FactSpec], out: set[str]) -> None:
        row = r[self.row.name]
        column = self.column.value(r)
        if row is not None and column is not None:
            self.chosen(row, column).reads(r, specs, out)
            return
        if row is None:
            out.update(unknown_inputs(self.row, r))
        self.column.reads(r, specs, out)
        for cells in self.rows.values():
            for cell in cells:
                cell.reads(r, specs, out)
        if self.otherwise is not None:
            self.otherwise.reads(r, specs, out)


# --- parsing --------------------------------------------------------------------------------

_TESTS: dict[str, Callable[[Any], Callable[[Any], bool]]] = {
    "eq": lambda v: lambda x: x == v,
    "ne": lambda v: lambda x: x != v,
    "lt": lambda v: lambda x: x < v,
    "lte": lambda v: lambda x: x <= v,
    "gt": lambda v: lambda x: x > v,
    "gte": lambda v: lambda x: x >= v,
    "in": lambda v: lambda x: x in v,
    "not_in": lambda v: lambda x: x not in v,
    "between": lambda v: lambda x: v[0] <= x <= v[1],
    "is_true": lambda v: lambda x: x is True,
    "is_false": lambda v: lambda x: x is False,
    "is_set": lambda v: lambda x: True,
}


def parse_operand(spec: FactSpec, raw: Any) -> Any:
    """A condition's value (already validated) in the fact's own type."""
    kind = spec.type
    if kind == "decimal":
        return parse_decimal(raw)
    if kind == "date":
        return parse_date(raw)
    return raw


def parse_condition(node: Mapping[str, Any], path: list[str | int], specs: Mapping[str, FactSpec]
                    ) -> Condition:  # fmt: skip
    parsed = _parse_condition(node, path, specs)
    if node.get("source"):
        parsed.source = node["source"]
    return parsed


def _parse_condition(node: Mapping[str, Any], path: list[str | int], specs: Mapping[str, FactSpec]
                     ) -> Condition:  # fmt: skip
    where = format_path(path)
    ident = node.get("id")
    reason = node.get("reason")
    for kind in ("all", "any"):
        if kind in node:
            parts = tuple(
                parse_condition(part, [*path, kind, index], specs)
                for index, part in enumerate(node[kind])
            )
            return Group(where, ident, reason, kind, parts)
    if "not" in node:
        return Not(where, ident, reason, parse_condition(node["not"], [*path, "not"], specs))
    spec = specs[node["fact"]]
    op = node["op"]
    raw = node.get("value")
    operand: Any
    if op in ("in", "not_in"):
        operand = frozenset(parse_operand(spec, item) for item in raw)
    elif op == "between":
        operand = (parse_operand(spec, raw[0]), parse_operand(spec, raw[1]))
    else:
        operand = parse_operand(spec, raw)
    # A code fact's in/not_in is hierarchical (codes.py); its other tests are the usual ones.
    test = code_test(op, operand) if spec.type == "code" else None
    return Leaf(where, ident, reason, spec, op, operand, raw, test or _TESTS[op](operand))


def parse_expression(node: Any, path: list[str | int], specs: Mapping[str, FactSpec]
                     ) -> Expression:  # fmt: skip
    parsed = _parse_expression(node, path, specs)
    if isinstance(node, dict) and node.get("source"):
        parsed.source = node["source"]
    return parsed


def _parse_expression(node: Any, path: list[str | int], specs: Mapping[str, FactSpec]
                      ) -> Expression:  # fmt: skip
    if not isinstance(node, dict):
        number = parse_decimal(node)
        assert number is not None
        return Constant(number)
    if "fact" in node:
        return FactValue(specs[node["fact"]])
    for op in ("add", "mul", "min", "max", "sub", "div"):
        if op in node:
            return Operation(
                op,
                tuple(
                    parse_expression(part, [*path, op, index], specs)
                    for index, part in enumerate(node[op])
                ),
            )
    if "round" in node:
        return Round(
            parse_expression(node["round"], [*path, "round"], specs),
            node["places"],
            node.get("mode", "half_up"),
        )
    if "if" in node:
        return IfThenElse(
            parse_condition(node["if"], [*path, "if"], specs),
            parse_expression(node["then"], [*path, "then"], specs),
            parse_expression(node["else"], [*path, "else"], specs),
        )
    if "lookup" in node:
        return parse_lookup(node, path, specs)
    if not any("upto" in band for band in node["bands"]):  # explicit bounds (v2)
        return parse_explicit_tiers(node, path, specs)
    bands = tuple(
        (
            parse_decimal(band["upto"]),
            parse_expression(band["value"], [*path, "bands", index, "value"], specs),
        )
        for index, band in enumerate(node["bands"])
    )
    return Tiers(
        parse_expression(node["tiers"], [*path, "tiers"], specs),
        bands,  # type: ignore[arg-type]
        parse_expression(node["otherwise"], [*path, "otherwise"], specs),
    )


def _optional_otherwise(node: Mapping[str, Any], path: list[str | int],
                        specs: Mapping[str, FactSpec]) -> Expression | None:  # fmt: skip
    if "otherwise" not in node:
        return None
    return parse_expression(node["otherwise"], [*path, "otherwise"], specs)


def parse_explicit_tiers(node: Mapping[str, Any], path: list[str | int],
                         specs: Mapping[str, FactSpec]) -> Tiers:  # fmt: skip
    choose = band_chooser(node["bands"])
    bands = tuple(
        (interval, parse_expression(band["value"], [*path, "bands", index, "value"], specs))
        for index, (interval, band) in enumerate(zip(choose.intervals, node["bands"], strict=True))
    )
    return Tiers(
        parse_expression(node["tiers"], [*path, "tiers"], specs),
        bands,
        _optional_otherwise(node, path, specs),
        choose,
    )


def parse_lookup(node: Mapping[str, Any], path: list[str | int],
                 specs: Mapping[str, FactSpec]) -> Lookup:  # fmt: skip
    spec = specs[node["lookup"]["row"]]
    choose = band_chooser(node["columns"])
    rows = {
        row_key(spec, key): tuple(
            parse_expression(cell, [*path, "rows", key, index], specs)
            for index, cell in enumerate(cells)
        )
        for key, cells in node["rows"].items()
    }
    return Lookup(
        spec,
        parse_expression(node["lookup"]["column"], [*path, "lookup", "column"], specs),
        choose.intervals,
        rows,
        _optional_otherwise(node, path, specs),
        choose,
    )


def walk(*roots: Condition | Expression | None) -> Iterator[Condition | Expression]:
    """Every node under the roots, conditions and expressions, on every branch."""
    stack: list[Any] = [root for root in roots if root is not None]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, Group | Operation):
            stack.extend(node.parts)
        elif isinstance(node, Not | Round):
            stack.append(node.part)
        elif isinstance(node, IfThenElse):
            stack.extend((node.condition, node.then, node.otherwise))
        elif isinstance(node, Tiers):
            stack.extend((node.subject, *(band for _, band in node.bands)))
            if node.otherwise is not None:
                stack.append(node.otherwise)
        elif isinstance(node, Lookup):
            stack.extend((node.column, *(cell for cells in node.rows.values() for cell in cells)))
            if node.otherwise is not None:
                stack.append(node.otherwise)


def facts_read(*roots: Condition | Expression | None) -> set[str]:
    """Every fact the roots can read, on any branch."""
    nodes = list(walk(*roots))
    read = {node.fact.name for node in nodes if isinstance(node, Leaf | FactValue)}
    return read | {node.row.name for node in nodes if isinstance(node, Lookup)}


def window_dates(window: Mapping[str, Any]) -> tuple[dt.date, dt.date | None]:
    opens = parse_date(window["opens"])
    closes = window.get("closes")
    assert opens is not None
    return opens, parse_date(closes) if closes is not None else None
