"""Compiling a definition into one Python function that decides, checked once, run many times.

The decision (check the input, derive, evaluate the eligibility, the amount and the score) is
generated as Python source and compiled with `compile()`: a screener evaluates every programme
for every visitor, and a flat function with local variables is several times faster than a
tree of closures. Only names the validator has vetted reach the source (fact names match
`[a-z][a-z0-9_]*` and are prefixed); every value from the definition is passed in as a
constant, never written into the text.

Definitions nested too deeply for Python's parser fall back to walking the tree (`tree.py`),
which gives the same results, more slowly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import partial
from typing import Any

from eligibility.engine.catalogue import SSE_LEGAL_FORMS, FactSpec
from eligibility.engine.codes import CODE_PATTERN, code_in
from eligibility.engine.decimals import ONE, ZERO, round_with
from eligibility.engine.derived import formula_value
from eligibility.engine.facts import (
    DATE_PATTERN,
    DECIMAL_PATTERN,
    FactError,
    check_name,
    check_value,
    completed_years,
    turnover_drop_pct,
)
from eligibility.engine.tree import (
    Condition,
    Constant,
    Expression,
    FactValue,
    Group,
    IfThenElse,
    Leaf,
    Lookup,
    Not,
    Operation,
    Round,
    Tiers,
)

Decide = Callable[[Any, dt.date, Decimal], tuple[Any, Any, Any, tuple[Any, ...]]]

_COMPARISONS = {"eq": "==", "ne": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}

# How each derived fact is computed from its inputs, as source and as a function (fallback).
_DERIVED_SOURCE = {
    "is_sse": "f_legal_form in _SSE",
    "years_active": "_years(f_founded_on, as_of)",
    "turnover_drop_pct": "_drop(f_turnover_current, f_turnover_previous)",
    "de_minimis_total": "f_de_minimis_declared + desk",
}
_DERIVED_FUNCTION: dict[str, Callable[[Mapping[str, Any], dt.date, Decimal], Any]] = {
    "is_sse": lambda r, as_of, desk: r["legal_form"] in SSE_LEGAL_FORMS,
    "years_active": lambda r, as_of, desk: completed_years(r["founded_on"], as_of),
    "turnover_drop_pct": lambda r, as_of, desk: turnover_drop_pct(
        r["turnover_current"], r["turnover_previous"]
    ),
    "de_minimis_total": lambda r, as_of, desk: r["de_minimis_declared"] + desk,
}


def reject_names(facts: Any, accepted: frozenset[str], specs: Mapping[str, FactSpec]) -> dict:
    """The slow path for inputs that are not a plain dict of accepted names."""
    if not isinstance(facts, Mapping):
        raise FactError("(facts)", "must be an object mapping fact names to values")
    for name in facts:
        if name not in accepted:
            check_name(name, specs)  # raises, naming the fact
    return dict(facts)


class _Source:
    """Builds the decision function's text and the namespace its constants live in."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {}
        self.temps = 0

    def constant(self, value: Any) -> str:
        name = f"_k{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def temp(self) -> str:
        self.temps += 1
        return f"_t{self.temps}"

    def literal(self, value: Any) -> str:
        # ints, strs and bools print as themselves; anything else goes by name.
        if type(value) in (int, str, bool):
            return repr(value)
        return self.constant(value)

    def condition(self, node: Condition) -> str:
        if isinstance(node, Leaf):
            return self.leaf(node)
        if isinstance(node, Not):
            t = self.temp()
            return f"(None if ({t} := {self.condition(node.part)}) is None else not {t})"
        assert isinstance(node, Group)
        if not node.parts:
            return "True" if node.kind == "all" else "False"
        if len(node.parts) == 1:
            return self.condition(node.parts[0])
        # A chain of conditional expressions stops at the first decisive part, as `and`
        # and `or` would; only when none is decisive are the parts looked at again.
        decisive, other = ("False", "True") if node.kind == "all" else ("True", "False")
        temps = []
        chain = ""
        for part in node.parts:
            t = self.temp()
            temps.append(t)
            chain += f"{decisive} if ({t} := {self.condition(part)}) is {decisive} else "
        unknown = " or ".join(f"{t} is None" for t in temps)
        return f"({chain}(None if {unknown} else {other}))"

    def fact(self, spec: FactSpec) -> str:
        """A fact's value as source: a local for an input, a computation for a derived fact."""
        if not spec.derived or getattr(spec, "formula", None) is not None:
            # A programme's own derived facts are computed at the top, into locals.
            return f"f_{spec.name}"
        unknown = " or ".join(f"f_{item} is None" for item in spec.inputs)
        return f"(None if {unknown} else {_DERIVED_SOURCE[spec.name]})"

    def leaf(self, node: Leaf) -> str:
        op = node.op
        if node.fact.derived:
            # Computed here, only when the leaf is reached, and kept in a temporary.
            var = self.temp()
            value = f"({var} := {self.fact(node.fact)})"
        else:
            var = value = self.fact(node.fact)
        if op == "is_set":
            return f"({value} is not None)"
        if (
            op == "is_true"
            or (op == "eq" and node.operand is True)
            or (op == "ne" and node.operand is False)
        ):
            return value  # a bool fact is its own three-valued truth
        if op == "is_false" or (op in ("eq", "ne") and node.fact.type == "bool"):
            return f"(None if {value} is None else not {var})"
        if op in _COMPARISONS:
            test = f"{var} {_COMPARISONS[op]} {self.literal(node.operand)}"
        elif op in ("in", "not_in") and node.fact.type == "code":
            # Hierarchical: the code or one of its ancestors is listed (codes.code_in).
            negation = "not " if op == "not_in" else ""
            test = f"{negation}_code_in({var}, {self.constant(node.operand)})"
        elif op == "in":
            test = f"{var} in {self.constant(node.operand)}"
        elif op == "not_in":
            test = f"{var} not in {self.constant(node.operand)}"
        else:
            low, high = node.operand
            test = f"{self.literal(low)} <= {var} <= {self.literal(high)}"
        return f"(None if {value} is None else {test})"

    def expression(self, node: Expression) -> str:
        if isinstance(node, Constant):
            return self.constant(node.number)
        if isinstance(node, FactValue):
            spec = node.fact
            if not spec.derived:
                return f"f_{spec.name}" if spec.type == "decimal" else f"d_{spec.name}"
            t = self.temp()
            number = {"decimal": t, "int": f"_D({t})", "bool": f"(_ONE if {t} else _ZERO)"}
            return f"(None if ({t} := {self.fact(spec)}) is None else {number[spec.type]})"
        if isinstance(node, Operation):
            # `x is None` tests, not `None in (...)`: comparing None with a Decimal by `==`
            # goes through a slow abstract-base-class check.
            temps = [self.temp() for _ in node.parts]
            unknown = " or ".join(
                f"({t} := {self.expression(part)}) is None"
                for t, part in zip(temps, node.parts, strict=True)
            )
            if node.op in ("min", "max"):
                result = f"{node.op}({', '.join(temps)},)" if len(temps) > 1 else temps[0]
            elif node.op == "div":
                return f"(None if {unknown} or not {temps[1]} else {temps[0]} / {temps[1]})"
            else:
                symbol = {"add": " + ", "mul": " * ", "sub": " - "}[node.op]
                result = symbol.join(temps)
            return f"(None if {unknown} else {result})"
        if isinstance(node, Round):
            t = self.temp()
            inner = self.expression(node.part)
            rounded = f"_round({t}, {node.places}, {node.mode!r})"
            return f"(None if ({t} := {inner}) is None else {rounded})"
        if isinstance(node, IfThenElse):
            t = self.temp()
            test = self.condition(node.condition)
            then, otherwise = self.expression(node.then), self.expression(node.otherwise)
            return f"(None if ({t} := {test}) is None else ({then} if {t} else {otherwise}))"
        if isinstance(node, Lookup):
            return self.lookup(node)
        assert isinstance(node, Tiers)
        if node.choose is not None:
            return self.explicit_tiers(node)
        t = self.temp()
        subject = self.expression(node.subject)
        chain = "".join(
            f"{self.expression(band)} if {t} <= {self.constant(upto)} else "
            for upto, band in node.bands
        )
        otherwise = self.expression(node.otherwise)
        return f"(None if ({t} := {subject}) is None else ({chain}{otherwise}))"

    def chain(self, index: str, cells: list[Expression], otherwise: Expression | None) -> str:
        """`cells[i]` for the chosen index, `otherwise` for None: only the chosen one is run."""
        chain = "".join(
            f"{self.expression(cell)} if {index} == {position} else "
            for position, cell in enumerate(cells)
        )
        return chain + (self.expression(otherwise) if otherwise is not None else "None")

    def explicit_tiers(self, node: Tiers) -> str:
        # The interval logic lives in bands.py, passed in as a constant: one truth for both
        # the generated code and the tree.
        t, index = self.temp(), self.temp()
        choose = self.constant(node.choose)
        subject = self.expression(node.subject)
        chosen = self.chain(index, [band for _, band in node.bands], node.otherwise)
        return f"(None if ({t} := {subject}) is None else ({index} := {choose}({t}), {chosen})[1])"

    def lookup(self, node: Lookup) -> str:
        row, column, index = self.temp(), self.temp(), self.temp()
        # The flat index of the chosen cell, or None for `otherwise`.
        width = len(node.columns)
        keys = {key: position * width for position, key in enumerate(node.rows)}
        cells = [cell for cells in node.rows.values() for cell in cells]
        pick = self.constant(partial(_cell_index, keys, node.choose))
        value = self.fact(node.row)
        chosen = self.chain(index, cells, node.otherwise)
        unknown = (
            f"({row} := {value}) is None or ({column} := {self.expression(node.column)}) is None"
        )
        return f"(None if {unknown} else ({index} := {pick}({row}, {column}), {chosen})[1])"


def _cell_index(
    keys: Mapping[Any, int], choose: Callable[[Decimal], int | None], row: Any, column: Decimal
) -> int | None:
    start = keys.get(row)
    if start is None:
        return None
    offset = choose(column)
    return None if offset is None else start + offset


def _input_lines(spec: FactSpec, source: _Source, *, keep: bool) -> list[str]:
    """Read one supplied fact, check it and convert it, leaving it in `f_<name>` if `keep`.

    The generated test is only a fast way to accept the common good values; anything else
    goes through `check_value`, which converts what it may and raises FactError otherwise.
    """
    name = spec.name
    check = source.constant(partial(check_value, spec))
    lines = [f"    v = get({name!r})"]
    kind = spec.type
    if kind in ("bool", "int", "choice", "code"):
        if kind == "code":
            suspect = "v.__class__ is not str or not _code_text(v)"
        elif kind == "bool":
            suspect = "v.__class__ is not bool"
        elif kind == "int":
            suspect = "v.__class__ is not int" + "".join(
                f" or v {symbol} {source.literal(bound)}"
                for symbol, bound in (("<", spec.min), (">", spec.max))
                if bound is not None
            )
        else:
            choices = source.constant(frozenset(spec.choices))
            suspect = f"v.__class__ is not str or v not in {choices}"
        lines += [f"    if v is not None and ({suspect}):", f"        v = {check}(v)"]
    elif kind == "decimal" and not keep and spec.min == 0 and spec.max is None:
        # Not read, so not converted: only checked (a non-negative integer or decimal text).
        lines += [
            "    if v is not None and not (v.__class__ is int and v >= 0 or "
            "v.__class__ is str and v[:1] != '-' and _decimal_text(v)):",
            f"        v = {check}(v)",
        ]
    elif kind == "decimal":
        bounds = " or ".join(
            f"v {symbol} {source.constant(Decimal(bound))}"
            for symbol, bound in (("<", spec.min), (">", spec.max))
            if bound is not None
        )
        lines += [
            "    if v is not None:",
            "        if v.__class__ is int or v.__class__ is str and _decimal_text(v):",
            "            v = _D(v)",
        ]
        if bounds:
            lines += [f"            if {bounds}:", f"                {check}(get({name!r}))"]
        lines += ["        else:", f"            v = {check}(v)"]
    else:  # date
        lines += [
            "    if v is not None:",
            "        if v.__class__ is str and _date_text(v):",
            "            try:",
            "                v = _fromisoformat(v)",
            "            except ValueError:",
            f"                v = {check}(v)",
            "        elif v.__class__ is not _date:",
            f"            v = {check}(v)",
        ]
    if keep:
        lines.append(f"    f_{name} = v")
    return lines


def generate_decider(
    *,
    specs: Mapping[str, FactSpec],
    accepted: frozenset[str],
    read: Iterable[str],
    eligibility: Condition,
    amount: Expression,
    score: Expression | None,
    expression_facts: Iterable[str],
    derived: Iterable[str] = (),
) -> tuple[Decide, str]:
    """The decision function and its source text (kept for debugging and tests).

    `read` names the input facts the decision returns, in order; derived facts are computed
    where they are read, and again by `derive` for an explanation.
    """
    source = _Source()
    read = list(read)
    lines = [
        "def decide(facts, as_of, desk):",
        "    if facts.__class__ is not dict or not _accepted.issuperset(facts):",
        "        facts = _reject(facts)",
        "    get = facts.get",
    ]
    for name in sorted(accepted):
        lines.extend(_input_lines(specs[name], source, keep=name in read))
    resolved = "(" + "".join(f"f_{name}, " for name in read) + ")"
    derived = list(derived)
    declared = [name for name in derived if getattr(specs[name], "formula", None) is not None]
    if declared:
        # The programme's own derived facts, in dependency order, by walking their formulas:
        # rare and small, so the tree's code serves, and locals hold the results.
        inputs = "{" + "".join(f"{name!r}: f_{name}, " for name in read) + "}"
        lines.append(f"    _r = _derive({inputs}, as_of=as_of, desk=desk)")
        lines.extend(f"    f_{name} = _r[{name!r}]" for name in declared)
    lines.append(f"    e = {source.condition(eligibility)}")
    lines.append("    if e is not True:")
    lines.append(f"        return e, None, None, {resolved}")
    for name in expression_facts:
        spec = specs[name]
        if spec.derived:
            continue  # computed where it is read
        if spec.type == "int":
            lines.append(f"    d_{name} = None if f_{name} is None else _D(f_{name})")
        elif spec.type == "bool":
            lines.append(
                f"    d_{name} = None if f_{name} is None else (_ONE if f_{name} else _ZERO)"
            )  # noqa: E501
    lines.append(f"    a = {source.expression(amount)}")
    lines.append(f"    s = {source.expression(score) if score is not None else 'None'}")
    lines.append(f"    return e, a, s, {resolved}")
    text = "\n".join(lines) + "\n"
    namespace = {
        **source.namespace,
        "_accepted": accepted,
        "_reject": partial(reject_names, accepted=accepted, specs=specs),
        "_SSE": SSE_LEGAL_FORMS,
        "_years": completed_years,
        "_drop": turnover_drop_pct,
        "_round": round_with,
        "_derive": partial(derive, derived=derived, specs=specs),
        "_D": Decimal,
        "_decimal_text": DECIMAL_PATTERN.fullmatch,
        "_date_text": DATE_PATTERN.fullmatch,
        "_code_text": CODE_PATTERN.fullmatch,
        "_code_in": code_in,
        "_fromisoformat": dt.date.fromisoformat,
        "_date": dt.date,
        "ValueError": ValueError,
        "_ONE": ONE,
        "_ZERO": ZERO,
        "__builtins__": {
            "dict": dict,
            "bool": bool,
            "int": int,
            "str": str,
            "min": min,
            "max": max,
        },
    }
    code = compile(text, "<programme>", "exec")
    exec(code, namespace)  # noqa: S102 - generated from a validated definition, see module doc
    return namespace["decide"], text


def tree_decider(
    *,
    specs: Mapping[str, FactSpec],
    accepted: frozenset[str],
    read: Iterable[str],
    eligibility: Condition,
    amount: Expression,
    score: Expression | None,
    derived: Iterable[str],
) -> Decide:
    """The same decision by walking the tree: for definitions too deep to generate."""
    read = list(read)
    derived = list(derived)

    def decide(facts: Any, as_of: dt.date, desk: Decimal) -> tuple[Any, Any, Any, tuple]:
        if type(facts) is not dict or not accepted.issuperset(facts):
            facts = reject_names(facts, accepted, specs)
        r: dict[str, Any] = {}
        for name in sorted(accepted):
            value = check_value(specs[name], facts.get(name))
            if name in read:
                r[name] = value
        resolved = tuple(r[name] for name in read)
        r = derive(r, derived, specs, as_of, desk)
        e = eligibility.value(r)
        if e is not True:
            return e, None, None, resolved
        a = amount.value(r)
        s = score.value(r) if score is not None else None
        return e, a, s, resolved

    return decide


def derive(
    inputs: Mapping[str, Any],
    derived: Iterable[str],
    specs: Mapping[str, FactSpec],
    as_of: dt.date,
    desk: Decimal,
) -> dict[str, Any]:
    """The input facts with the derived facts computed from them (None when unknown)."""
    r = dict(inputs)
    for name in derived:
        if getattr(specs[name], "formula", None) is not None:
            r[name] = formula_value(specs[name], r)
            continue
        known = all(r[item] is not None for item in specs[name].inputs)
        r[name] = _DERIVED_FUNCTION[name](r, as_of, desk) if known else None
    return r
