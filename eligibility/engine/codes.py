"""Activity codes: the `code` fact type, its hierarchical membership, and the names of codes.

A code is a string of 2 to 4 digits without dots, read as a position in a classification:
in CNAE-2009 "56" is a division, "561" a group (56.1) and "5610" a class (56.10). `in` and
`not_in` are hierarchical: a code is in a set when the set holds the code itself or one of
its ancestors (its prefixes of 2 to 4 digits), so `in ["561", "563"]` holds for "5610" and
"5630" but not for "5621", nor for "56", which is broader than either group. `eq` and `ne`
compare the codes exactly.

The engine knows the lists by name only (`CODE_LISTS`). What each code is called lives with
the app that keeps the list (the CMS, for CNAE-2009), which hands the names over at start-up
with `set_code_names(list_name, names)`: any `Mapping` from code to translated text
(`{"es": ..., "eu": ..., "en": ...}`), which may load itself lazily; the engine only calls
`get`, `__contains__` and iterates it. A fact's `code_names` (see `names_for`) is a live view
of what was handed over, so explanations and forms name the codes as the list stands now,
without recompiling a programme. Without names, a code is shown as itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from eligibility.engine.errors import format_path

Text = Mapping[str, str]

# The code lists a `code` fact or question may name with `"list"`.
CNAE_2009 = "cnae-2009"
CODE_LISTS: tuple[str, ...] = (CNAE_2009,)

# ASCII only: `\d` would also take other scripts' digits.
CODE_PATTERN = re.compile(r"\d{2,4}", re.ASCII)
CODE_OPERATORS: tuple[str, ...] = ("eq", "ne", "in", "not_in", "is_set")
CODE_WORDS = 'a code of 2 to 4 digits without dots, such as "5610"'

_EMPTY: Mapping[str, Text] = {}
_names: dict[str, Mapping[str, Text]] = {}


def is_code(value: Any) -> bool:
    return type(value) is str and CODE_PATTERN.fullmatch(value) is not None


def code_in(code: str, codes: frozenset[str] | set[str]) -> bool:
    """Whether `code` or one of its ancestors is in `codes`.

    A prefix longer than the code is the code itself, so three lookups serve every length.
    """
    return code[:2] in codes or code[:3] in codes or code[:4] in codes


def code_test(op: str, operand: Any) -> Any:
    """The leaf test for a code fact's `in`/`not_in`; None for the other operators."""
    if op == "in":
        return lambda code: code_in(code, operand)
    if op == "not_in":
        return lambda code: not code_in(code, operand)
    return None


def value_error(value: Any) -> str | None:
    """Why a condition's value is not a code, or None when it is one."""
    if is_code(value):
        return None
    return f"must be {CODE_WORDS}"


# --- names ---------------------------------------------------------------------------------


def set_code_names(list_name: str, names: Mapping[str, Text]) -> None:
    """Hand over the names of a list's codes (replacing any given before)."""
    if list_name not in CODE_LISTS:
        raise ValueError(f"{list_name!r} is not a code list (lists: {', '.join(CODE_LISTS)})")
    _names[list_name] = names


def clear_code_names(list_name: str) -> None:
    _names.pop(list_name, None)


class _ListNames(Mapping[str, Text]):
    """The names of one list's codes as last handed over, looked up at each use."""

    def __init__(self, list_name: str) -> None:
        self.list_name = list_name

    def _current(self) -> Mapping[str, Text]:
        return _names.get(self.list_name, _EMPTY)

    def __getitem__(self, code: str) -> Text:
        return self._current()[code]

    def get(self, code: str, default: Any = None) -> Any:
        return self._current().get(code, default)

    def __contains__(self, code: object) -> bool:
        return code in self._current()

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ListNames) and other.list_name == self.list_name

    def __hash__(self) -> int:
        return hash(self.list_name)

    def __repr__(self) -> str:
        return f"<code names of {self.list_name}>"


def names_for(list_name: str | None) -> Mapping[str, Text]:
    """A live view of a list's code names (empty for no list)."""
    return _ListNames(list_name) if list_name else _EMPTY


# --- the codes a definition names ------------------------------------------------------------


def code_values(doc: Any) -> Iterator[tuple[str, str, str]]:
    """(path, list name, code) for every code written in a definition's conditions, in
    document order.

    For the app that keeps the lists to check, on save, that every code exists: the engine
    itself accepts any well-formed code. Malformed parts are skipped (validation reports them).
    """
    if not isinstance(doc, Mapping):
        return
    lists = _fact_lists(doc)
    for key in ("eligibility", "amount", "score", "documents"):
        if key in doc:
            yield from _codes_under(doc[key], [key], lists)


def _codes_under(
    node: Any, path: list[str | int], lists: Mapping[str, str]
) -> Iterator[tuple[str, str, str]]:
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _codes_under(item, [*path, index], lists)
        return
    if not isinstance(node, Mapping):
        return
    fact = node.get("fact")
    list_name = lists.get(fact) if isinstance(fact, str) else None
    if list_name is not None and "op" in node:
        value = node.get("value")
        if isinstance(value, list):
            for index, item in enumerate(value):
                if is_code(item):
                    yield format_path([*path, "value", index]), list_name, item
        elif is_code(value):
            yield format_path([*path, "value"]), list_name, value
        return
    for key, child in node.items():
        if key not in ("reason", "source", "label", "id"):
            yield from _codes_under(child, [*path, key], lists)


def _fact_lists(doc: Mapping[str, Any]) -> dict[str, str]:
    """The code facts a definition may read, with their lists."""
    from eligibility.engine.catalogue import CATALOGUE

    lists = {name: spec.code_list for name, spec in CATALOGUE.items() if spec.code_list}
    questions = doc.get("questions")
    if isinstance(questions, list):
        for question in questions:
            if (
                isinstance(question, Mapping)
                and question.get("type") == "code"
                and isinstance(question.get("name"), str)
                and question.get("list") in CODE_LISTS
            ):
                lists[question["name"]] = question["list"]
    return lists


# --- validation ----------------------------------------------------------------------------


def question_errors(question: Mapping[str, Any], v2: bool) -> Iterator[tuple[str, str]]:
    """(key, message) for what is wrong with a question's code parts: a `code` question needs
    the v2 format and a known `list`; only code questions have a list."""
    kind = question.get("type")
    if kind == "code":
        if not v2:
            yield "type", "needs format 'onestop.programme/v2'"
        name = question.get("list")
        if "list" not in question:
            yield "list", f"is required for a code question (lists: {', '.join(CODE_LISTS)})"
        elif isinstance(name, str) and name not in CODE_LISTS:
            yield "list", f"{name!r} is not a code list (lists: {', '.join(CODE_LISTS)})"
    elif "list" in question and isinstance(kind, str):
        yield "list", f"only code questions have a list, not {kind}"
