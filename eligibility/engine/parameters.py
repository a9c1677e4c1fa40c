"""Parameters and legal sources (format v2, `parameters` and `source`).

A parameter is a named figure of the bases (a publication date, a base amount) with the
article or decree it comes from. Conditions and expressions refer to it as
`{"param": NAME}`; compiling replaces each reference by the parameter's value, so that a
parameter costs nothing at evaluation and the engine's meaning of a condition never changes.

A `source` (translated text) may be written on any condition or expression node. Each
outcome reason carries the source of its leaf or of the nearest node above that has one;
`Evaluation.amount_sources` gives the sources on the amount's decided branch.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from eligibility.engine.catalogue import CATALOGUE, DEFAULT_LANGUAGE, FactSpec
from eligibility.engine.facts import DATE_PATTERN, DECIMAL_PATTERN, parse_date, parse_decimal

if TYPE_CHECKING:
    from eligibility.engine.tree import Condition, Expression
    from eligibility.engine.validation import _Meaning

Path = list[str | int]
Text = Mapping[str, str]

PARAMETER_TYPES: tuple[str, ...] = ("int", "decimal", "date", "bool")
EXPRESSION_PARAMETER_TYPES = frozenset({"int", "decimal", "bool"})
FORMAT_V2 = "onestop.programme/v2"
NEEDS_V2 = f"needs format {FORMAT_V2!r}"

_TYPE_WORDS = {
    "int": "a whole number",
    "decimal": 'a whole number or a decimal string such as "800.00"',
    "date": "a date written YYYY-MM-DD",
    "bool": "true or false",
}
# Which parameter types fit a fact of each type (a whole number is a decimal too).
_FITS = {
    "int": ("int",),
    "decimal": ("int", "decimal"),
    "date": ("date",),
    "bool": ("bool",),
}


@dataclass(frozen=True)
class Parameter:
    """One parameter of a programme: its value in the engine's own type (int, Decimal, date,
    bool), the value as written, its label and its source."""

    name: str
    type: str
    value: Any
    raw: Any
    label: Text
    source: Text | None = None

    def label_in(self, lang: str) -> str:
        return _translated(self.label, lang)

    def source_in(self, lang: str) -> str | None:
        return _translated(self.source, lang) if self.source else None


def _translated(text: Text, lang: str) -> str:
    return text.get(lang) or text.get(DEFAULT_LANGUAGE) or ""


def typed_value(kind: str, raw: Any) -> Any:
    """A parameter's value in its type, or None when it does not fit."""
    if kind == "int":
        return raw if type(raw) is int else None
    if kind == "decimal":
        if type(raw) is int or (isinstance(raw, str) and DECIMAL_PATTERN.fullmatch(raw)):
            return parse_decimal(raw)
        return None
    if kind == "date":
        return parse_date(raw) if isinstance(raw, str) else None
    if kind == "bool":
        return raw if isinstance(raw, bool) else None
    return None


def is_reference(node: Any) -> bool:
    return isinstance(node, dict) and "param" in node


def parse_parameters(doc: Mapping[str, Any]) -> tuple[Parameter, ...]:
    """The parameters of a valid definition, in document order."""
    return tuple(
        Parameter(
            name=entry["name"],
            type=entry["type"],
            value=typed_value(entry["type"], entry["value"]),
            raw=entry["value"],
            label=dict(entry["label"]),
            source=dict(entry["source"]) if entry.get("source") else None,
        )
        for entry in doc.get("parameters") or ()
    )


def with_parameters(doc: dict[str, Any], parameters: tuple[Parameter, ...]) -> dict[str, Any]:
    """The definition with every `{"param": NAME}` replaced by the parameter's value: as
    written in a condition's value, as a constant in an expression (a bool counts 1 or 0).
    An expression reference with a `source` keeps it, as a one-part sum. Without parameters
    the definition itself is returned."""
    if not parameters:
        return doc
    by_name = {parameter.name: parameter for parameter in parameters}

    def replaced(node: Any, as_value: bool) -> Any:
        if is_reference(node) and node["param"] in by_name:
            parameter = by_name[node["param"]]
            if as_value:
                return parameter.raw
            constant: Any = parameter.raw
            if parameter.type == "bool":
                constant = 1 if parameter.raw else 0
            if node.get("source"):
                return {"add": [constant], "source": node["source"]}
            return constant
        if isinstance(node, dict):
            leaf = "op" in node and "fact" in node
            return {
                key: child if key == "parameters" and node is doc else
                replaced(child, as_value=leaf and key == "value")
                for key, child in node.items()
            }  # fmt: skip
        if isinstance(node, list):
            return [replaced(child, as_value) for child in node]
        return node

    return replaced(doc, False)


# --- validation ----------------------------------------------------------------------------


def declare_parameters(meaning: _Meaning) -> None:
    """Check each parameter (name, value against its type) and register the good ones."""
    doc = meaning.doc
    declared = doc.get("parameters")
    if "parameters" in doc and doc.get("format") != FORMAT_V2:
        meaning.error(["parameters"], NEEDS_V2)
        return
    if not isinstance(declared, list):
        return
    questions = {
        question.get("name"): index
        for index, question in enumerate(doc.get("questions") or ())
        if isinstance(question, dict)
    }
    for index, entry in enumerate(declared):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        name, kind = entry["name"], entry.get("type")
        path: Path = ["parameters", index]
        if name in CATALOGUE:
            meaning.error(
                [*path, "name"],
                f"{name!r} is a standard fact of the catalogue; choose another name",
            )
            continue
        if name in questions:
            meaning.error(
                [*path, "name"], f"{name!r} is already declared by questions[{questions[name]}]"
            )
            continue
        if name in meaning.parameters:
            earlier = meaning.parameter_index[name]
            meaning.error([*path, "name"], f"{name!r} is already declared by parameters[{earlier}]")
            continue
        if kind not in PARAMETER_TYPES or "value" not in entry:
            continue  # the shape pass has said what is wrong
        raw = entry["value"]
        value = typed_value(kind, raw)
        if value is None:
            if kind == "date" and isinstance(raw, str) and DATE_PATTERN.fullmatch(raw):
                meaning.error([*path, "value"], f"{raw!r} is not a valid calendar date")
            else:
                meaning.error(
                    [*path, "value"],
                    f"must be {_TYPE_WORDS[kind]} (the parameter is {kind}), not {_show(raw)}",
                )
            continue
        meaning.parameter_index[name] = index
        meaning.parameters[name] = Parameter(
            name, kind, value, raw, dict(entry.get("label") or {}), entry.get("source")
        )


def _unknown(meaning: _Meaning, name: Any, path: Path) -> None:
    message = f"unknown parameter {name!r}"
    close = difflib.get_close_matches(str(name), list(meaning.parameters), n=1)
    if close:
        message += f" (did you mean {close[0]!r}?)"
    meaning.error([*path, "param"], message)


def check_value_reference(meaning: _Meaning, spec: FactSpec, node: dict, path: Path) -> Any:
    """A condition value written `{"param": NAME}`: the parameter's value converted to the
    fact's type, or None after reporting why it cannot be used there."""
    if meaning.doc.get("format") != FORMAT_V2:
        meaning.error([*path, "param"], NEEDS_V2)
        return None
    extra = sorted(set(node) - {"param"})
    if extra:
        meaning.error([*path, extra[0]], "is not allowed here (expected: param)")
        return None
    name = node["param"]
    parameter = meaning.parameters.get(name) if isinstance(name, str) else None
    if parameter is None:
        _unknown(meaning, name, path)
        return None
    if parameter.type not in _FITS.get(spec.type, ()):
        meaning.error(
            [*path, "param"],
            f"parameter {name!r} is {_a(parameter.type)}, but {spec.name!r} is {_a(spec.type)} fact",
        )
        return None
    if spec.type == "decimal":
        return Decimal(parameter.value)
    return parameter.value


def check_expression_reference(meaning: _Meaning, node: dict, path: Path) -> None:
    """An expression `{"param": NAME}`: a known int, decimal or bool parameter."""
    if meaning.doc.get("format") != FORMAT_V2:
        meaning.error([*path, "param"], NEEDS_V2)
        return
    name = node["param"]
    parameter = meaning.parameters.get(name) if isinstance(name, str) else None
    if parameter is None:
        _unknown(meaning, name, path)
    elif parameter.type not in EXPRESSION_PARAMETER_TYPES:
        meaning.error(
            [*path, "param"],
            f"parameter {name!r} is {_a(parameter.type)}; expressions can use only int, decimal "
            "and bool parameters",
        )


def check_source(meaning: _Meaning, node: Mapping[str, Any], path: Path) -> None:
    if "source" in node and meaning.doc.get("format") != FORMAT_V2:
        meaning.error([*path, "source"], NEEDS_V2)


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "an object"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


# --- sources at evaluation -----------------------------------------------------------------


def leaf_sources(root: Condition) -> list[Text | None]:
    """The source of each leaf, in the order of `root.leaves()`: the leaf's own, else the
    nearest node above it that has one."""
    from eligibility.engine.tree import Group, Leaf, Not

    found: list[Text | None] = []

    def visit(node: Condition, inherited: Text | None) -> None:
        source = getattr(node, "source", None) or inherited
        if isinstance(node, Group):
            for part in node.parts:
                visit(part, source)
        elif isinstance(node, Not):
            visit(node.part, source)
        elif isinstance(node, Leaf):
            found.append(source)

    visit(root, None)
    return found


def decided_sources(node: Expression, r: Mapping[str, Any]) -> Iterator[Text]:
    """The sources on the expression nodes of the branch that decided the value, in
    document order: an `if` goes down the branch taken, a `tiers` down the band chosen."""
    from eligibility.engine.tree import IfThenElse, Operation, Round, Tiers

    source = getattr(node, "source", None)
    if source:
        yield source
    if isinstance(node, Operation):
        for part in node.parts:
            yield from decided_sources(part, r)
    elif isinstance(node, Round):
        yield from decided_sources(node.part, r)
    elif isinstance(node, IfThenElse):
        chosen = node.condition.value(r)
        if chosen is not None:
            yield from decided_sources(node.then if chosen else node.otherwise, r)
    elif isinstance(node, Tiers):
        yield from decided_sources(node.subject, r)
        subject = node.subject.value(r)
        if subject is not None:
            yield from decided_sources(node.chosen(subject), r)
    else:
        # Other forms: their parts' sources, on every branch (no branch is chosen).
        for child in _children(node):
            yield from decided_sources(child, r)


def _children(node: Any) -> list[Expression]:
    from eligibility.engine.tree import Expression

    children: list[Expression] = []
    for value in vars(node).values():
        items = value if isinstance(value, tuple | list) else (value,)
        for item in items:
            if isinstance(item, Expression):
                children.append(item)
            elif isinstance(item, tuple):
                children.extend(part for part in item if isinstance(part, Expression))
    return children


def sources_text(sources: Iterator[Text], lang: str) -> list[str]:
    """The sources in `lang`, each once, in the order met."""
    texts: list[str] = []
    for source in sources:
        text = _translated(source, lang)
        if text and text not in texts:
            texts.append(text)
    return texts


def with_reason_sources(
    reasons: list[dict[str, Any]], sources: list[Text | None], lang: str
) -> list[dict[str, Any]]:
    """The reasons with their `source` (null for the outcome's own, such as de_minimis)."""
    for index, reason in enumerate(reasons):
        source = sources[index] if index < len(sources) else None
        reason["source"] = _translated(source, lang) if source else None
    return reasons
