"""The shape pass: the JSON Schema, with its errors turned into plain English at a path.

jsonschema reports a failed `oneOf` as "is not valid under any of the given schemas", with the
real cause buried among the failures of every branch. Conditions and expressions are
`oneOf`s, so nearly every mistake would read like that. Instead, the branch the author meant
is picked by the key that tells the branches apart (`all`/`any`/`not`/`fact`, `add`/`sub`/
`tiers`/...), and only that branch's errors are reported.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from eligibility.engine.errors import DefinitionError, format_path
from eligibility.engine.facts import show_value


@cache
def programme_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("programme.schema.json").read_text("utf-8")
    return json.loads(text)


def _enum(key: str) -> tuple[str, ...]:
    return tuple(programme_schema()["properties"][key]["enum"])


# The format's kinds of support, units of an award and ways of awarding, as the schema says.
BENEFITS = _enum("benefit")
UNITS = _enum("unit")
AWARD_MODES = _enum("award_mode")


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(programme_schema())


def shape_errors(doc: Any) -> list[DefinitionError]:
    errors: list[DefinitionError] = []
    seen: set[tuple[str, str]] = set()
    for error in _validator().iter_errors(doc):
        for found in _explain(error):
            key = (found.path, found.message)
            if key not in seen:
                seen.add(key)
                errors.append(found)
    return errors


# --- picking the meant branch of a oneOf -------------------------------------------------

_CONDITION_KEYS = (("all", 0), ("any", 1), ("not", 2), ("fact", 3), ("op", 3))
_EXPRESSION_KEYS = (
    ("fact", 1),
    ("add", 2), ("mul", 2), ("min", 2), ("max", 2),
    ("sub", 3), ("div", 3),
    ("round", 4), ("places", 4), ("mode", 4),
    ("if", 5), ("then", 5), ("else", 5),
    ("lookup", 7), ("columns", 7), ("rows", 7),
    ("tiers", 6), ("bands", 6), ("otherwise", 6),
    ("param", 8),
)  # fmt: skip

_CONDITION_HELP = (
    "must be a condition: an object with 'all', 'any' or 'not', or with 'fact' and 'op'"
)
_EXPRESSION_HELP = (
    "must be an expression: a number, a decimal string, {'fact': NAME}, or an object with "
    "one of add, sub, mul, div, min, max, round, if, tiers, lookup, param"
)
_CHOICE_HELP = (
    "must be a choice: a string, or an object {'value': ..., 'label': {'es': ..., 'eu': ..., "
    "'en': ...}}"
)
_DECIMAL_HELP = 'must be a whole number or a decimal string such as "1250.00"'
_FLOAT_HELP = 'must not be a binary floating-point number: write it as a string, e.g. "{}"'


def _which_oneof(error: ValidationError) -> str:
    defs = programme_schema()["$defs"]
    branches = error.validator_value
    if branches == defs["condition"]["oneOf"]:
        return "condition"
    if branches == defs["expression"]["oneOf"]:
        return "expression"
    if branches == defs["decimal"]["oneOf"]:
        return "decimal"
    if branches == defs["choice"]["oneOf"]:
        return "choice"
    # `window.closes` and `budget`: a value of some kind, or null.
    return "nullable"


def _pick_branch(kind: str, instance: Any, error: ValidationError) -> int | str:
    """The index of the branch the author meant, or a message when none can be told."""
    if kind == "condition":
        if isinstance(instance, dict):
            for key, index in _CONDITION_KEYS:
                if key in instance:
                    return index
        return _CONDITION_HELP
    if kind == "expression":
        if isinstance(instance, float):
            return _FLOAT_HELP.format(instance)
        if isinstance(instance, bool) or instance is None or isinstance(instance, list):
            return _EXPRESSION_HELP
        if isinstance(instance, int | str):
            return 0
        if isinstance(instance, dict):
            for key, index in _EXPRESSION_KEYS:
                if key in instance:
                    return index
        return _EXPRESSION_HELP
    if kind == "choice":
        if isinstance(instance, dict):
            return 1
        if isinstance(instance, str):
            return 0
        return _CHOICE_HELP
    if kind == "decimal":
        if isinstance(instance, float):
            return _FLOAT_HELP.format(instance)
        if isinstance(instance, str):
            return 1
        return _DECIMAL_HELP
    # nullable: the first branch is the value's own schema.
    if isinstance(instance, float):
        return _FLOAT_HELP.format(instance)
    if isinstance(instance, str) or (type(instance) is int and not _is_date_branch(error)):
        return 0
    return ""


_EVIDENCE_HELP = (
    "must be 'declaration', 'consent' or {'document': CODE} (a code of the programme's "
    "documents)"
)


def _explain(error: ValidationError) -> Iterator[DefinitionError]:
    if error.validator == "anyOf" and list(error.absolute_path)[-1:] == ["evidence"]:
        yield DefinitionError(format_path(error.absolute_path), _EVIDENCE_HELP)
        return
    if error.validator == "oneOf":
        kind = _which_oneof(error)
        choice = _pick_branch(kind, error.instance, error)
        path = format_path(error.absolute_path)
        if isinstance(choice, str):
            yield DefinitionError(path, choice or _nullable_message(error))
            return
        branch = [sub for sub in error.context or () if sub.relative_schema_path[0] == choice]
        if not branch:  # pragma: no cover - a failed oneOf always has failing branches
            yield DefinitionError(path, error.message)
            return
        for sub in branch:
            yield from _explain(sub)
        return
    yield from _plain(error)


def _is_date_branch(error: ValidationError) -> bool:
    return str(error.validator_value[0].get("$ref", "")).endswith("/date")


def _nullable_message(error: ValidationError) -> str:
    if _is_date_branch(error):
        return "must be a date written YYYY-MM-DD, or null"
    return 'must be a whole number or a decimal string such as "1250.00", or null'


_TYPE_NAMES = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _plain(error: ValidationError) -> Iterator[DefinitionError]:
    where = list(error.absolute_path)
    path = format_path(where)
    validator = error.validator
    value = error.validator_value
    instance = error.instance
    if validator == "required":
        # The message names the property; its path is where it should have been.
        missing = [key for key in value if isinstance(instance, dict) and key not in instance]
        for key in missing:
            yield DefinitionError(format_path([*where, key]), "is required")
        return
    if validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for key in instance:
            if key not in allowed:
                yield DefinitionError(
                    format_path([*where, key]),
                    "is not allowed here (expected: " + ", ".join(allowed) + ")",
                )
        return
    yield DefinitionError(path, _message(error))


def _message(error: ValidationError) -> str:
    validator = error.validator
    value = error.validator_value
    instance = error.instance
    if validator == "type":
        expected = value if isinstance(value, list) else [value]
        wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in expected)
        if isinstance(instance, float) and "integer" in expected:
            return f"must be a whole number, not {instance!r}"
        return f"must be {wanted}, not {_show(instance)}"
    if validator == "enum":
        return f"{_show(instance)} is not one of " + ", ".join(_show(item) for item in value)
    if validator == "const":
        return f"must be {_show(value)}"
    if validator == "pattern":
        return _pattern_message(value, instance)
    if validator == "minLength":
        return "must not be empty" if value == 1 else f"must be at least {value} characters"
    if validator == "maxLength":
        return f"must be at most {value} characters long"
    if validator == "minItems":
        return f"must have at least {value} item" + ("s" if value != 1 else "")
    if validator == "maxItems":
        return f"must have at most {value} items"
    if validator == "uniqueItems":
        return "must not list the same item twice"
    if validator == "minimum":
        return f"must be at least {value}, not {_show(instance)}"
    if validator == "maximum":
        return f"must be at most {value}, not {_show(instance)}"
    if validator == "minProperties":
        return "must not be empty"
    if validator == "maxProperties":
        keys = ", ".join(key for key in instance if key != "source") if isinstance(instance, dict) else ""
        return f"must have exactly one operator, found: {keys}"
    return error.message  # pragma: no cover - every validator the schema uses is above


_PATTERNS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": (
        "must be lowercase letters and digits in words joined by single hyphens, "
        "e.g. 'hospitality-direct-aid'"
    ),
    "^\\d{4}-\\d{2}-\\d{2}$": "must be a date written YYYY-MM-DD",
    "^-?\\d+(\\.\\d+)?$": (
        "is not a decimal number: write digits with an optional '.' part, e.g. \"1250.00\""
    ),
    "^[A-Za-z0-9_.-]+$": "may contain only letters, digits, '_', '.' and '-'",
    "^[a-z][a-z0-9_]*$": (
        "must start with a lowercase letter and contain only lowercase letters, digits and '_'"
    ),
}


def _pattern_message(pattern: str, instance: Any) -> str:
    explanation = _PATTERNS.get(pattern, f"must match {pattern}")
    return f"{_show(instance)} {explanation}" if explanation.startswith("is ") else explanation


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 60 else text[:57] + "..."
    return show_value(value)
