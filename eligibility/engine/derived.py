"""Derived facts a programme declares for itself (format v2, `derived`).

A bases document often defines a figure once and uses it in several articles: "the weighted
headcount (full-time staff plus half the part-time staff)". A declared derived fact names that
figure, with a `formula` (decimal) or a `condition` (bool) over the other facts, so that the
eligibility and the amount read it like any catalogue fact, and explanations show it with its
label and the applicant's computed value ("in your case: 4.5").

Declared facts may read one another; they are computed in dependency order, and a cycle is an
error that shows the loop (`x -> y -> x`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eligibility.engine.catalogue import CATALOGUE, FactSpec

if TYPE_CHECKING:
    from eligibility.engine.validation import _Meaning

Path = list[str | int]

# The key that holds a declared fact's definition, by its type.
FORMULA_KEYS: Mapping[str, str] = {"decimal": "formula", "bool": "condition"}
NEEDS_V2 = "needs format 'onestop.programme/v2'"


@dataclass(frozen=True)
class DeclaredFact(FactSpec):
    """A programme's own derived fact: a FactSpec with its parsed formula (an Expression for
    decimal facts, a Condition for bool facts) and the facts the formula names directly."""

    formula: Any = field(default=None, compare=False, repr=False)
    reads: tuple[str, ...] = ()


def entries(doc: Mapping[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """The well-formed `derived` entries with their index (the shape pass reports the rest)."""
    declared = doc.get("derived")
    if not isinstance(declared, list):
        return []
    return [
        (index, entry)
        for index, entry in enumerate(declared)
        if isinstance(entry, dict) and isinstance(entry.get("name"), str)
    ]


def named_facts(node: Any) -> list[str]:
    """Every fact name a formula or condition mentions, in document order, once each."""
    names: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            fact = value.get("fact")
            if isinstance(fact, str) and fact not in names:
                names.append(fact)
            # A lookup table names its row fact under "lookup".
            table = value.get("lookup")
            row = table.get("row") if isinstance(table, dict) else None
            if isinstance(row, str) and row not in names:
                names.append(row)
            for child in value.values():
                visit(child)
        elif isinstance(value, list):
            for child in value:
                visit(child)

    visit(node)
    return names


def spec_for(entry: Mapping[str, Any], **extra: Any) -> DeclaredFact:
    label = dict(entry.get("label") or {})
    return DeclaredFact(
        name=entry["name"],
        type=entry["type"],
        label=label,
        subject=label,
        help=dict(entry.get("help") or {}),
        derived=True,
        standard=False,
        answer="derived",
        **extra,
    )


def dependency_order(graph: Mapping[str, Iterable[str]]) -> tuple[list[str], list[list[str]]]:
    """The names in an order where each comes after those it reads, and every cycle found
    (each as its path, first name repeated at the end). `graph` keeps declaration order."""
    order: list[str] = []
    cycles: list[list[str]] = []
    state: dict[str, str] = {}  # "open" while on the current path, "done" after

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        path.append(name)
        for needed in graph.get(name, ()):
            if needed not in graph:
                continue
            if state.get(needed) == "open":
                cycles.append([*path[path.index(needed) :], needed])
            elif needed not in state:
                visit(needed, path)
        path.pop()
        state[name] = "done"
        order.append(name)

    for name in graph:
        if name not in state:
            visit(name, [])
    return order, cycles


# --- validation ----------------------------------------------------------------------------


def declare_derived(meaning: _Meaning) -> None:
    """Check the declarations' names and register them as facts, before any condition is
    checked, so that the eligibility (and other formulas) may read them."""
    doc = meaning.doc
    if "derived" in doc and doc.get("format") != "onestop.programme/v2":
        meaning.error(["derived"], NEEDS_V2)
        return
    questions = {
        question.get("name"): index
        for index, question in enumerate(doc.get("questions") or ())
        if isinstance(question, dict)
    }
    parameters = {
        parameter.get("name"): index
        for index, parameter in enumerate(doc.get("parameters") or ())
        if isinstance(parameter, dict)
    }
    declared: dict[str, int] = {}
    for index, entry in entries(doc):
        name = entry["name"]
        path: Path = ["derived", index, "name"]
        if name in CATALOGUE:
            meaning.error(
                path, f"{name!r} is a standard fact of the catalogue; choose another name"
            )
        elif name in questions:
            meaning.error(path, f"{name!r} is already declared by questions[{questions[name]}]")
        elif name in parameters:
            meaning.error(path, f"{name!r} is already declared by parameters[{parameters[name]}]")
        elif name in declared:
            meaning.error(path, f"{name!r} is already declared by derived[{declared[name]}]")
        else:
            declared[name] = index
            if entry.get("type") in FORMULA_KEYS:
                meaning.specs[name] = spec_for(entry)


def check_derived(meaning: _Meaning) -> None:
    """Each declaration's formula or condition, at its path, and the cycles between them."""
    doc = meaning.doc
    if doc.get("format") != "onestop.programme/v2":
        return
    graph: dict[str, list[str]] = {}
    where: dict[str, Path] = {}
    position: dict[str, int] = {}
    for index, entry in entries(doc):
        kind = entry.get("type")
        key = FORMULA_KEYS.get(kind)
        if key is None:
            continue
        other = "condition" if key == "formula" else "formula"
        path: Path = ["derived", index]
        if other in entry:
            meaning.error(
                [*path, other],
                f"a {kind} derived fact is defined by its {key}, not by a {other}",
            )
        if key not in entry:
            meaning.error([*path, key], f"is required for a {kind} derived fact")
            continue
        if key == "formula":
            meaning.check_expression(entry[key], [*path, key])
        else:
            meaning.check_condition(entry[key], [*path, key])
        name = entry["name"]
        if name not in graph:
            graph[name] = list(named_facts(entry[key]))
            where[name] = [*path, key]
            position[name] = index
    _order, cycles = dependency_order(graph)
    for cycle in cycles:
        # Reported at the member declared last: that is where the loop closes.
        members = cycle[:-1]
        last = max(members, key=lambda name: position[name])
        start = members.index(last)
        loop = [*members[start:], *members[:start], last]
        meaning.error(where[last], f"{last} depends on itself ({' -> '.join(loop)})")


# --- compiling -----------------------------------------------------------------------------


def declared_facts(doc: Mapping[str, Any], specs: Mapping[str, FactSpec]) -> dict[str, FactSpec]:
    """The declared facts of a valid definition, parsed, in dependency order; `specs` holds
    the catalogue and the questions."""
    from eligibility.engine.tree import parse_condition, parse_expression

    found = {entry["name"]: (index, entry) for index, entry in entries(doc)}
    graph = {
        name: named_facts(entry[FORMULA_KEYS[entry["type"]]])
        for name, (_index, entry) in found.items()
    }
    order, _cycles = dependency_order(graph)
    known: dict[str, FactSpec] = dict(specs)
    declared: dict[str, FactSpec] = {}
    for name in order:
        index, entry = found[name]
        key = FORMULA_KEYS[entry["type"]]
        path: Path = ["derived", index, key]
        formula = (
            parse_expression(entry[key], path, known)
            if key == "formula"
            else parse_condition(entry[key], path, known)
        )
        inputs: list[str] = []
        for fact in graph[name]:
            spec = known[fact]
            for item in spec.inputs if spec.derived else (fact,):
                if item not in inputs:
                    inputs.append(item)
        spec = spec_for(entry, formula=formula, reads=tuple(graph[name]), inputs=tuple(inputs))
        known[name] = declared[name] = spec
    return declared


def needed_facts(read: Iterable[str], specs: Mapping[str, FactSpec]) -> set[str]:
    """Every fact that computing the declared facts among `read` needs: the facts their
    formulas name, and theirs in turn (catalogue derived facts bring their inputs)."""
    needed: set[str] = set()
    stack = list(read)
    while stack:
        name = stack.pop()
        spec = specs[name]
        more: Iterator[str] | tuple[str, ...]
        if isinstance(spec, DeclaredFact):
            more = spec.reads
        elif spec.derived:
            more = spec.inputs
        else:
            more = ()
        for item in more:
            if item not in needed:
                needed.add(item)
                stack.append(item)
    return needed


def in_dependency_order(names: Iterable[str], specs: Mapping[str, FactSpec]) -> tuple[str, ...]:
    """Derived fact names in the order they can be computed: the catalogue's first, then the
    declared ones as `declared_facts` ordered them (the specs mapping keeps that order)."""
    wanted = set(names)
    return tuple(name for name in specs if name in wanted)


def formula_value(spec: FactSpec, r: Mapping[str, Any]) -> Any:
    """A declared fact's value from the facts resolved so far (None when unknown)."""
    return spec.formula.value(r)  # type: ignore[attr-defined]
