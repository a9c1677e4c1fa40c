"""Validation of a programme definition: the shape (JSON Schema), then what it means.

Both passes run on every definition and every error is collected, so that a policy editor
sees the whole list at once. The meaning pass is written defensively: where the shape is
already wrong it skips quietly, because the shape pass has said so.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from eligibility.engine import codes
from eligibility.engine.application_unit import application_unit_errors
from eligibility.engine.bands import (
    band_form,
    check_explicit_tiers,
    check_lookup,
    check_upto_tiers,
)
from eligibility.engine.catalogue import CATALOGUE, FactSpec
from eligibility.engine.ceilings import ceiling_errors
from eligibility.engine.decimals import ZERO
from eligibility.engine.derived import check_derived, declare_derived
from eligibility.engine.errors import DefinitionError, format_path, repeated_keys
from eligibility.engine.facts import (
    DATE_PATTERN,
    DECIMAL_PATTERN,
    parse_date,
    parse_decimal,
    question_spec,
    show_value,
)
from eligibility.engine.json_input import (
    MAX_DEPTH,  # one limit for the text and for the parsed document
)
from eligibility.engine.parameters import (
    Parameter,
    check_expression_reference,
    check_source,
    check_value_reference,
    declare_parameters,
    is_reference,
)
from eligibility.engine.schema import shape_errors

Path = list[str | int]

OPERATORS: tuple[str, ...] = (
    "eq", "ne", "lt", "lte", "gt", "gte", "in", "not_in", "between",
    "is_true", "is_false", "is_set",
)  # fmt: skip

_ORDERED = ("eq", "ne", "lt", "lte", "gt", "gte", "in", "not_in", "between", "is_set")
OPERATORS_BY_TYPE: Mapping[str, tuple[str, ...]] = {
    "bool": ("eq", "ne", "is_true", "is_false", "is_set"),
    "int": _ORDERED,
    "decimal": _ORDERED,
    "date": _ORDERED,
    "choice": ("eq", "ne", "in", "not_in", "is_set"),
    "code": codes.CODE_OPERATORS,
}
OPERATORS_WITHOUT_VALUE = frozenset({"is_true", "is_false", "is_set"})
LIST_OPERATORS = frozenset({"in", "not_in"})
EXPRESSION_FACT_TYPES = frozenset({"int", "decimal", "bool"})

# Ids the outcome itself uses for its own reasons.
RESERVED_IDS = frozenset({"de_minimis", "one_per", "exclusive_with", "line"})

_GROUP_KEYS = ("all", "any", "not")
_OPERAND_KEYS = ("add", "mul", "min", "max", "sub", "div")
_TYPE_WORDS = {
    "bool": "true or false",
    "int": "a whole number",
    "decimal": 'a whole number or a decimal string such as "1250.00"',
    "date": "a date written YYYY-MM-DD",
}

# Keys new in v2 are accepted only in documents that declare it.
FORMAT_V2 = "onestop.programme/v2"


def validate_definition(doc: Any) -> list[DefinitionError]:
    """Every problem with a definition; an empty list means it can be compiled."""
    too_deep = _too_deep(doc)
    if too_deep is not None:
        return [
            DefinitionError(format_path(too_deep), f"is nested more than {MAX_DEPTH} levels deep")
        ]
    errors = shape_errors(doc)
    if isinstance(doc, dict):
        seen = {(error.path, error.message) for error in errors}
        for error in _Meaning(doc).check():
            if (error.path, error.message) not in seen:
                seen.add((error.path, error.message))
                errors.append(error)
    return errors


def _too_deep(doc: Any) -> list[str | int] | None:
    """The path of the first value nested deeper than MAX_DEPTH, if any."""
    stack: list[tuple[Any, list[str | int]]] = [(doc, [])]
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return path
        if isinstance(node, dict):
            stack.extend((value, [*path, key]) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, [*path, index]) for index, value in enumerate(node))
    return None


class _Meaning:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.errors: list[DefinitionError] = []
        self.specs: dict[str, FactSpec] = dict(CATALOGUE)
        self.ids: dict[str, str] = {}
        self.parameters: dict[str, Parameter] = {}
        self.parameter_index: dict[str, int] = {}

    def error(self, path: Path, message: str) -> None:
        self.errors.append(DefinitionError(format_path(path), message))

    def check(self) -> list[DefinitionError]:
        doc = self.doc
        self.check_window(doc.get("window"))
        budget = parse_decimal(doc.get("budget"))
        if budget is not None and budget < ZERO:
            self.error(["budget"], "must not be negative")
        if doc.get("de_minimis") is True and doc.get("unit", "EUR") != "EUR":
            self.error(
                ["unit"],
                f"must be 'EUR' when de_minimis is true, not {show_value(doc.get('unit'))}",
            )
        if doc.get("award_mode") == "competitive" and "score" not in doc:
            self.error(["score"], "is required when award_mode is 'competitive'")
        for key in ("rounding", "publish_natural_persons"):
            if key in doc and doc.get("format") != FORMAT_V2:
                self.error([key], f"needs format {FORMAT_V2!r}")
        if doc.get("award_mode") == "prorata":
            if doc.get("format") != FORMAT_V2:
                self.error(["award_mode"], f"'prorata' needs format {FORMAT_V2!r}")
            if "budget" in doc and doc.get("budget") is None:
                self.error(
                    ["budget"],
                    "is required when award_mode is 'prorata': the budget is what is shared",
                )
        for path, message in application_unit_errors(doc):
            self.error(path, message)
        self.check_exclusions(doc.get("exclusive_with"), doc.get("slug"))
        self.check_questions(doc.get("questions"))
        declare_parameters(self)
        declare_derived(self)
        # Eligibility first: a repeated id is reported where it repeats the eligibility's.
        if "eligibility" in doc:
            self.check_condition(doc["eligibility"], ["eligibility"])
        for key in ("amount", "score"):
            if key in doc:
                self.check_expression(doc[key], [key])
        if "one_application_when" in doc:
            self.check_condition(doc["one_application_when"], ["one_application_when"])
        self.check_documents(doc.get("documents"))
        self.check_lines(doc.get("lines"), budget)
        self.check_obligations(doc.get("obligations"))
        for path, message in ceiling_errors(doc, doc.get("format") == FORMAT_V2):
            self.error(path, message)
        check_derived(self)
        return self.errors

    # --- top level -----------------------------------------------------------------------

    def check_window(self, window: Any) -> None:
        if not isinstance(window, dict):
            return
        opens = self.calendar_date(window.get("opens"), ["window", "opens"])
        closes = self.calendar_date(window.get("closes"), ["window", "closes"])
        if opens is not None and closes is not None and closes < opens:
            self.error(
                ["window", "closes"],
                f"must not be before window.opens ({opens.isoformat()})",
            )

    def calendar_date(self, value: Any, path: Path) -> Any:
        if not isinstance(value, str) or not DATE_PATTERN.fullmatch(value):
            return None  # absent, null, or already reported by the shape pass
        parsed = parse_date(value)
        if parsed is None:
            self.error(path, f"{value!r} is not a valid calendar date")
        return parsed

    def check_exclusions(self, slugs: Any, own_slug: Any) -> None:
        if not isinstance(slugs, list):
            return
        for index, slug in enumerate(slugs):
            if slug == own_slug:
                self.error(["exclusive_with", index], "a programme cannot exclude itself")

    def check_questions(self, questions: Any) -> None:
        if not isinstance(questions, list):
            return
        declared: dict[str, int] = {}
        for index, question in enumerate(questions):
            if not isinstance(question, dict):
                continue
            path: Path = ["questions", index]
            name = question.get("name")
            kind = question.get("type")
            self.check_question_fields(question, kind, path)
            if not isinstance(name, str):
                continue
            if name in CATALOGUE:
                self.error(
                    [*path, "name"],
                    f"{name!r} is a standard fact of the catalogue; a question cannot redefine it",
                )
                continue
            if name in declared:
                self.error(
                    [*path, "name"], f"{name!r} is already declared by questions[{declared[name]}]"
                )
                continue
            declared[name] = index
            if kind in OPERATORS_BY_TYPE and (kind != "choice" or question.get("choices")):
                try:
                    self.specs[name] = question_spec(question)
                except (KeyError, TypeError, ValueError):
                    continue  # a malformed question: the shape pass has said what is wrong

    def check_question_fields(self, question: dict[str, Any], kind: Any, path: Path) -> None:
        choices = question.get("choices")
        if kind == "choice" and choices is None:
            self.error([*path, "choices"], "is required for a choice question")
        elif kind in OPERATORS_BY_TYPE and kind != "choice" and choices is not None:
            self.error([*path, "choices"], f"only choice questions have choices, not {kind}")
        if isinstance(choices, list):
            seen: set[str] = set()
            for position, choice in enumerate(choices):
                value = choice.get("value") if isinstance(choice, dict) else choice
                if isinstance(value, str):
                    if value in seen:
                        self.error([*path, "choices", position], f"{value!r} is listed twice")
                    seen.add(value)
        bounds = {}
        for key, word in (("min", "minimum"), ("max", "maximum")):
            if key not in question:
                continue
            if kind not in ("int", "decimal"):
                if kind in OPERATORS_BY_TYPE:
                    self.error([*path, key], f"only int and decimal questions can have a {word}")
                continue
            number = parse_decimal(question[key])
            if number is None:
                continue
            if kind == "int" and number != number.to_integral_value():
                self.error([*path, key], "must be a whole number for an int question")
                continue
            bounds[key] = number
        if "min" in bounds and "max" in bounds and bounds["max"] < bounds["min"]:
            self.error([*path, "max"], f"must not be less than min ({question['min']})")
        for key, message in codes.question_errors(question, self.doc.get("format") == FORMAT_V2):
            self.error([*path, key], message)

    def check_documents(self, documents: Any) -> None:
        if not isinstance(documents, list):
            return
        codes: dict[str, int] = {}
        for index, document in enumerate(documents):
            if not isinstance(document, dict):
                continue
            code = document.get("code")
            if isinstance(code, str):
                if code in codes:
                    self.error(
                        ["documents", index, "code"],
                        f"{code!r} is already used by documents[{codes[code]}]",
                    )
                else:
                    codes[code] = index
            if "when" in document:
                self.check_condition(document["when"], ["documents", index, "when"])

    def check_obligations(self, obligations: Any) -> None:
        if not isinstance(obligations, list):
            return
        if self.doc.get("format") != FORMAT_V2:
            self.error(["obligations"], f"needs format {FORMAT_V2!r}")
        for where, message in repeated_keys(obligations, ["obligations"]):
            self.error(where, message)
        for index, item in enumerate(obligations):
            if not isinstance(item, dict):
                continue
            path: Path = ["obligations", index]
            if ("by" in item) == ("months" in item):
                self.error(
                    path,
                    "give its due date either as 'by' (a date) or as 'months' from the award, not both",
                )
            if "by" in item:
                self.calendar_date(item["by"], [*path, "by"])
            if "from" in item and "months" not in item:
                self.error([*path, "from"], "goes with 'months'")
            for where, message in repeated_keys(
                item.get("documents"), [*path, "documents"], "code"
            ):
                self.error(where, message)

    def check_lines(self, lines: Any, budget: Any) -> None:
        if lines is None or not isinstance(lines, list):
            return
        if self.doc.get("format") != FORMAT_V2:
            self.error(["lines"], f"needs format {FORMAT_V2!r}")
        for where, message in repeated_keys(lines, ["lines"]):
            self.error(where, message)
        total = ZERO
        for index, line in enumerate(lines):
            if not isinstance(line, dict):
                continue
            amount = parse_decimal(line.get("budget"))
            if amount is not None:
                if amount < ZERO:
                    self.error(["lines", index, "budget"], "must not be negative")
                total += amount
            if "when" in line:
                self.check_condition(line["when"], ["lines", index, "when"])
        if budget is not None and total > budget:
            self.error(
                ["lines"],
                f"the lines' budgets add up to {total}, more than the programme's budget ({budget})",
            )

    # --- conditions ------------------------------------------------------------------------

    def check_condition(self, node: Any, path: Path) -> None:
        if not isinstance(node, dict):
            return
        check_source(self, node, path)
        self.check_id(node.get("id"), path)
        if "evidence" in node:
            self.check_evidence(node["evidence"], [*path, "evidence"])
        for key in _GROUP_KEYS:
            if key in node:
                parts = node[key]
                if key == "not":
                    self.check_condition(parts, [*path, "not"])
                elif isinstance(parts, list):
                    for index, part in enumerate(parts):
                        self.check_condition(part, [*path, key, index])
                return
        if "fact" in node:
            self.check_leaf(node, path)

    def check_evidence(self, evidence: Any, path: Path) -> None:
        if self.doc.get("format") != FORMAT_V2:
            self.error(path, f"needs format {FORMAT_V2!r}")
            return
        if not isinstance(evidence, dict) or not isinstance(evidence.get("document"), str):
            return  # a declaration or a consent, or a shape error already reported
        code = evidence["document"]
        documents = self.doc.get("documents")
        codes = [
            item.get("code")
            for item in (documents if isinstance(documents, list) else ())
            if isinstance(item, dict)
        ]
        if code not in codes:
            listed = ", ".join(repr(item) for item in codes if isinstance(item, str)) or "none"
            self.error(
                [*path, "document"],
                f"{code!r} is not one of the programme's documents (documents: {listed})",
            )

    def check_id(self, ident: Any, path: Path) -> None:
        if not isinstance(ident, str):
            return
        if ident in RESERVED_IDS:
            self.error([*path, "id"], f"{ident!r} is reserved for the outcome's own reasons")
        elif ident in self.ids:
            self.error([*path, "id"], f"{ident!r} is already the id of {self.ids[ident]}")
        else:
            self.ids[ident] = format_path(path)

    def check_leaf(self, node: dict[str, Any], path: Path) -> None:
        spec = self.fact(node.get("fact"), [*path, "fact"])
        op = node.get("op")
        if spec is not None and spec.type == "code" and self.doc.get("format") != FORMAT_V2:
            self.error([*path, "fact"], f"needs format {FORMAT_V2!r}")
            return
        if spec is None or op not in OPERATORS:
            return
        allowed = OPERATORS_BY_TYPE[spec.type]
        if op not in allowed:
            self.error(
                [*path, "op"],
                f"{op!r} cannot be used with {spec.type} fact {spec.name!r} "
                f"(use one of: {', '.join(allowed)})",
            )
            return
        if op in OPERATORS_WITHOUT_VALUE:
            if "value" in node:
                self.error([*path, "value"], f"must be left out with {op!r}")
            return
        if "value" not in node:
            self.error([*path, "value"], f"is required with {op!r}")
            return
        value = node["value"]
        value_path: Path = [*path, "value"]
        if op in LIST_OPERATORS:
            if not isinstance(value, list):
                self.error(value_path, f"must be a list of values with {op!r}")
            elif not value:
                self.error(value_path, "must list at least one value")
            else:
                for index, item in enumerate(value):
                    self.check_value(spec, item, [*value_path, index])
        elif op == "between":
            if not isinstance(value, list) or len(value) != 2:
                self.error(value_path, "must be a pair [low, high] with 'between'")
                return
            low = self.check_value(spec, value[0], [*value_path, 0])
            high = self.check_value(spec, value[1], [*value_path, 1])
            if low is not None and high is not None and low > high:
                self.error(
                    value_path,
                    f"the low end ({show_value(value[0])}) is greater than the high end "
                    f"({show_value(value[1])})",
                )
        else:
            self.check_value(spec, value, value_path)

    def fact(self, name: Any, path: Path) -> FactSpec | None:
        if not isinstance(name, str):
            return None
        spec = self.specs.get(name)
        if spec is None:
            message = f"unknown fact {name!r}"
            close = difflib.get_close_matches(name, list(self.specs), n=1)
            if close:
                message += f" (did you mean {close[0]!r}?)"
            self.error(path, message)
        return spec

    def check_value(self, spec: FactSpec, value: Any, path: Path) -> Any:
        """The value parsed to the fact's type, or None after reporting why it does not fit."""
        if is_reference(value):
            return check_value_reference(self, spec, value, path)
        kind = spec.type
        where = f"{spec.name!r} is a {kind} fact"
        if kind == "code":
            problem = codes.value_error(value)
            if problem is None:
                return value
            self.error(path, f"{problem} ({where}), not {_show(value)}")
            return None
        if kind == "choice":
            if isinstance(value, str) and value in spec.choices:
                return value
            self.error(
                path,
                f"{show_value(value)} is not a choice of {spec.name!r} "
                f"(choices: {', '.join(spec.choices)})",
            )
            return None
        if kind == "decimal" and isinstance(value, float):
            self.error(
                path,
                f'must not be a binary floating-point number: write it as a string, e.g. "{value}"',
            )
            return None
        if kind == "date" and isinstance(value, str) and DATE_PATTERN.fullmatch(value):
            parsed = parse_date(value)
            if parsed is None:
                self.error(path, f"{value!r} is not a valid calendar date")
            return parsed
        fits = {
            "bool": isinstance(value, bool),
            "int": type(value) is int,
            "decimal": type(value) is int
            or (isinstance(value, str) and DECIMAL_PATTERN.fullmatch(value) is not None),
        }
        if fits.get(kind):
            return parse_decimal(value) if kind == "decimal" else value
        self.error(path, f"must be {_TYPE_WORDS[kind]} ({where}), not {_show(value)}")
        return None

    # --- expressions -------------------------------------------------------------------------

    def check_expression(self, node: Any, path: Path) -> None:
        if not isinstance(node, dict):
            return
        check_source(self, node, path)
        if is_reference(node):
            check_expression_reference(self, node, path)
            return
        if "fact" in node:
            spec = self.fact(node["fact"], [*path, "fact"])
            if spec is not None and spec.type not in EXPRESSION_FACT_TYPES:
                self.error(
                    [*path, "fact"],
                    f"{spec.name!r} is a {spec.type} fact; expressions can read only int, "
                    "decimal and bool facts",
                )
            return
        for key in _OPERAND_KEYS:
            if key in node:
                parts = node[key]
                if isinstance(parts, list):
                    for index, part in enumerate(parts):
                        self.check_expression(part, [*path, key, index])
                return
        if "round" in node:
            self.check_expression(node["round"], [*path, "round"])
            if "mode" in node and self.doc.get("format") != FORMAT_V2:
                self.error([*path, "mode"], f"needs format {FORMAT_V2!r}")
        elif "if" in node or "then" in node or "else" in node:
            if "if" in node:
                self.check_condition(node["if"], [*path, "if"])
            for key in ("then", "else"):
                if key in node:
                    self.check_expression(node[key], [*path, key])
        elif "lookup" in node or "columns" in node or "rows" in node:
            check_lookup(self, node, path)
        elif "tiers" in node or "bands" in node or "otherwise" in node:
            self.check_tiers(node, path)

    def check_tiers(self, node: dict[str, Any], path: Path) -> None:
        if "tiers" in node:
            self.check_expression(node["tiers"], [*path, "tiers"])
        bands = node.get("bands")
        v2 = self.doc.get("format") == FORMAT_V2
        if isinstance(bands, list) and band_form(bands, v2) == "explicit":
            check_explicit_tiers(self, node, path)
        elif isinstance(bands, list):
            check_upto_tiers(self, node, path)
            previous = None
            for index, band in enumerate(bands):
                if not isinstance(band, dict):
                    continue
                upto = parse_decimal(band.get("upto"))
                if upto is not None:
                    if previous is not None and upto <= previous:
                        self.error(
                            [*path, "bands", index, "upto"],
                            f"must be greater than the previous band's upto ({previous}): "
                            "bands are tried in order, so this one could never be chosen",
                        )
                    else:
                        previous = upto
                if "value" in band:
                    self.check_expression(band["value"], [*path, "bands", index, "value"])
        if "otherwise" in node:
            self.check_expression(node["otherwise"], [*path, "otherwise"])


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "an object"
    return show_value(value)
