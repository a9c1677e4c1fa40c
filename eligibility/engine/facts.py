"""Input facts: checking what an applicant supplied, and deriving the computed facts.

A wrong value is an error naming the fact, never a silent "unknown": a typo in an import or
a form bug must not quietly turn an applicant into a `needs_info`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from eligibility.engine.catalogue import CATALOGUE, SSE_LEGAL_FORMS, FactSpec
from eligibility.engine.codes import CODE_WORDS, is_code, names_for
from eligibility.engine.decimals import ZERO, round_half_up

# ASCII only: `\d` would also take Arabic-Indic and other digits, which Decimal accepts.
DECIMAL_PATTERN = re.compile(r"-?\d+(\.\d+)?", re.ASCII)
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)

_HUNDRED = Decimal(100)
_ZERO_PCT = Decimal("0.00")


class FactError(ValueError):
    """A supplied fact that cannot be accepted, named so the caller can point at it."""

    def __init__(self, fact: str, message: str) -> None:
        super().__init__(f"{fact}: {message}")
        self.fact = fact
        self.message = message


def parse_date(text: str) -> dt.date | None:
    """A `YYYY-MM-DD` calendar date, or None (`date.fromisoformat` alone is too lenient)."""
    if type(text) is not str or not DATE_PATTERN.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_decimal(value: Any) -> Decimal | None:
    """A finite Decimal from an integer, a decimal string or a Decimal; None otherwise.

    Binary floats are *not* accepted here: this is for programme definitions, where the
    format forbids them. Input facts go through `check_value`, which converts floats.
    """
    if type(value) is int:
        return Decimal(value)
    if type(value) is str and DECIMAL_PATTERN.fullmatch(value):
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    return None


def show_value(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    return repr(value) if not isinstance(value, Decimal) else str(value)


def _type_error(spec: FactSpec, value: Any) -> FactError:
    expected = {
        "bool": "true or false",
        "int": "a whole number",
        "decimal": 'a number or a decimal string such as "1250.00"',
        "date": "a date written YYYY-MM-DD",
        "choice": "one of: " + ", ".join(spec.choices),
        "code": CODE_WORDS,
    }[spec.type]
    return FactError(spec.name, f"must be {expected}, not {show_value(value)}")


def _check_range(spec: FactSpec, value: Any, shown: Any) -> None:
    if spec.min is not None and value < spec.min:
        raise FactError(spec.name, f"must be at least {spec.min}, not {shown}")
    if spec.max is not None and value > spec.max:
        raise FactError(spec.name, f"must be at most {spec.max}, not {shown}")


def check_value(spec: FactSpec, value: Any) -> Any:
    """The value in the engine's own type (Decimal, date, ...) or FactError; None stays None."""
    if value is None:
        return None
    kind = spec.type
    if kind == "bool":
        if type(value) is not bool:
            raise _type_error(spec, value)
        return value
    if kind == "int":
        # bool is a subclass of int in Python; an applicant's "true" is not 1 employee.
        if type(value) is not int:
            raise _type_error(spec, value)
        _check_range(spec, value, value)
        return value
    if kind == "decimal":
        number = _to_decimal(value)
        if number is None:
            raise _type_error(spec, value)
        _check_range(spec, number, value)
        return number
    if kind == "date":
        if type(value) is dt.date:
            return value
        parsed = parse_date(value)
        if parsed is None:
            if type(value) is str and DATE_PATTERN.fullmatch(value):
                raise FactError(spec.name, f"{value!r} is not a valid calendar date")
            raise _type_error(spec, value)
        return parsed
    if kind == "choice":
        if type(value) is not str or value not in spec.choices:
            raise _type_error(spec, value)
        return value
    if kind == "code":
        if not is_code(value):
            raise _type_error(spec, value)
        return value
    raise AssertionError(f"unknown fact type {kind!r}")  # pragma: no cover


def _to_decimal(value: Any) -> Decimal | None:
    kind = type(value)
    if kind is int:
        return Decimal(value)
    if kind is str:
        return Decimal(value) if DECIMAL_PATTERN.fullmatch(value) else None
    if kind is float:
        # Through str() so that 0.1 becomes Decimal("0.1"), not its binary expansion.
        try:
            number = Decimal(str(value))
        except InvalidOperation:  # pragma: no cover - str(float) always parses
            return None
        return number if number.is_finite() else None
    if kind is Decimal:
        return value if value.is_finite() else None
    return None


def check_name(name: Any, specs: Mapping[str, FactSpec]) -> FactSpec:
    spec = specs.get(name) if isinstance(name, str) else None
    if spec is None:
        raise FactError(str(name), "is not a fact of the catalogue or of this programme")
    if spec.derived:
        inputs = ", ".join(spec.inputs)
        raise FactError(name, f"is derived (from {inputs}) and cannot be supplied")
    return spec


def check_facts(facts: Mapping[str, Any], specs: Mapping[str, FactSpec]) -> list[FactError]:
    """Every problem with the supplied facts, in the order they were supplied."""
    if not isinstance(facts, Mapping):
        return [FactError("(facts)", "must be an object mapping fact names to values")]
    errors: list[FactError] = []
    for name, value in facts.items():
        try:
            check_value(check_name(name, specs), value)
        except FactError as error:
            errors.append(error)
    return errors


def question_spec(question: Mapping[str, Any]) -> FactSpec:
    """A programme question as a fact spec (the definition must already be valid)."""
    kind = question["type"]
    bounds: dict[str, Any] = {}
    for key in ("min", "max"):
        if key in question:
            number = parse_decimal(question[key])
            bounds[key] = int(number) if kind == "int" and number is not None else number
    label = dict(question["label"])
    choices = [choice_parts(choice) for choice in question.get("choices", ())]
    code: dict[str, Any] = {}
    if kind == "code":
        code = {"code_list": question.get("list"), "code_names": names_for(question.get("list"))}
    return FactSpec(
        name=question["name"],
        type=kind,
        label=label,
        choices=tuple(value for value, _labels in choices),
        choice_labels={value: labels for value, labels in choices if labels},
        help=dict(question.get("help", {})),
        standard=False,
        **bounds,
        **code,
    )


def choice_parts(choice: Any) -> tuple[str, dict[str, str]]:
    """A question's choice as (value, labels): a bare string (v1) has no labels of its own;
    an object `{"value": ..., "label": {"es": ..., ...}}` carries them."""
    if isinstance(choice, Mapping):
        value, labels = choice["value"], dict(choice.get("label") or {})
    else:
        value, labels = choice, {}
    if not isinstance(value, str):
        raise TypeError(f"a choice must be a string, not {value!r}")
    return value, labels


def programme_facts(questions: Iterable[Mapping[str, Any]]) -> dict[str, FactSpec]:
    specs = dict(CATALOGUE)
    for question in questions:
        specs[question["name"]] = question_spec(question)
    return specs


# Derivations. Each is only called with known inputs; unknown inputs give an unknown result
# before these are reached.


def is_sse(legal_form: str) -> bool:
    return legal_form in SSE_LEGAL_FORMS


def completed_years(founded_on: dt.date, as_of: dt.date) -> int:
    """Whole years from `founded_on` to `as_of`; never negative.

    Founded on 29 February: in a non-leap year the anniversary falls on 1 March (the tuple
    comparison below makes (2, 28) < (2, 29), so 28 February does not complete the year).
    A founding date after `as_of` gives 0, not a negative age.
    """
    years = (
        as_of.year
        - founded_on.year
        - ((as_of.month, as_of.day) < (founded_on.month, founded_on.day))
    )
    return years if years > 0 else 0


def turnover_drop_pct(current: Decimal, previous: Decimal) -> Decimal:
    """Percentage drop from `previous` to `current`, half-up to 2 places; 0 when previous is 0."""
    if previous == ZERO:
        return _ZERO_PCT
    # Multiplying before dividing keeps the quotient exact whenever it can be.
    return round_half_up((previous - current) * _HUNDRED / previous, 2)


def de_minimis_total(declared: Decimal, desk: Decimal) -> Decimal:
    return declared + desk
