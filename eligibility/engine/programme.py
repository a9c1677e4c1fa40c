"""A compiled programme: what the rest of the project evaluates applicants against."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from eligibility.engine.application_unit import (
    ESTABLISHMENT,
    ORGANISATION,
    application_unit,
    ceiling_per_organisation,
)
from eligibility.engine.catalogue import FactSpec
from eligibility.engine.compiler import Decide, derive, generate_decider, tree_decider
from eligibility.engine.decimals import ZERO, money
from eligibility.engine.derived import declared_facts, in_dependency_order, needed_facts
from eligibility.engine.describe import describe_amount, describe_condition
from eligibility.engine.errors import InvalidDefinition
from eligibility.engine.evidence import Evidence, evidence_parse, evidence_texts
from eligibility.engine.facts import (
    DATE_PATTERN,
    FactError,
    check_facts,
    check_value,
    parse_date,
    programme_facts,
)
from eligibility.engine.lines import NO_LINE, Line, line_choose, parse_lines
from eligibility.engine.obligations import Obligation, parse_obligations
from eligibility.engine.parameters import (
    Parameter,
    leaf_sources,
    parse_parameters,
    with_parameters,
)
from eligibility.engine.result import Evaluation
from eligibility.engine.tree import (
    Condition,
    Expression,
    FactValue,
    LeafUse,
    facts_read,
    parse_condition,
    parse_expression,
    walk,
    window_dates,
)
from eligibility.engine.validation import validate_definition

CITY_TIME_ZONE = ZoneInfo("Europe/Madrid")
_DATE = dt.date
DEFAULT_DE_MINIMIS_CEILING = Decimal("300000")

ELIGIBLE = "eligible"
INELIGIBLE = "ineligible"
NEEDS_INFO = "needs_info"


# The reference dates (`as_of`) the API and the commands take: any day of any programme's
# lifetime, with room to spare, and far enough from the ends of the calendar that the
# screener's date arithmetic (a founding date so many years before) is never near them.
EARLIEST_AS_OF = dt.date(1900, 1, 1)
LATEST_AS_OF = dt.date(2999, 12, 31)


def city_today() -> dt.date:
    return dt.datetime.now(CITY_TIME_ZONE).date()


def parse_as_of(text: Any) -> dt.date:
    """A reference date written YYYY-MM-DD within EARLIEST_AS_OF..LATEST_AS_OF; else
    ValueError saying what is wrong with it."""
    if type(text) is not str or not DATE_PATTERN.fullmatch(text):
        raise ValueError("must be a date written YYYY-MM-DD")
    day = parse_date(text)
    if day is None:
        raise ValueError(f"{text!r} is not a valid calendar date")
    if not EARLIEST_AS_OF <= day <= LATEST_AS_OF:
        raise ValueError(f"must be between {EARLIEST_AS_OF} and {LATEST_AS_OF}, not {text}")
    return day


class CompiledProgramme:
    """A definition checked and compiled once; `evaluate` as many times as needed."""

    def __init__(self, definition: Mapping[str, Any], *, generate_code: bool = True) -> None:
        errors = validate_definition(definition)
        if errors:
            raise InvalidDefinition(errors)
        # A private copy: a caller editing its dict must not change a compiled programme.
        self.definition: dict[str, Any] = copy.deepcopy(dict(definition))
        # The figures of the bases, for pages and letters; parsed with their values in place.
        self.parameters: tuple[Parameter, ...] = parse_parameters(self.definition)
        doc = with_parameters(self.definition, self.parameters)
        self.slug: str = doc["slug"]
        self.unit: str = doc["unit"]
        self.de_minimis: bool = doc.get("de_minimis", False)
        rounding = doc.get("rounding", {})
        self.rounding: tuple[int, str] = (
            rounding.get("places", 2),
            rounding.get("mode", "half_up"),
        )
        self.opens, self.closes = window_dates(doc["window"])
        # "organisation" or "establishment": what one application is from (format v2).
        self.application_unit: str = application_unit(doc)
        self.ceiling_per_organisation: Decimal | None = ceiling_per_organisation(doc)
        self.fact_specs: dict[str, FactSpec] = programme_facts(doc.get("questions", ()))
        self.fact_specs.update(declared_facts(doc, self.fact_specs))
        specs = self.fact_specs
        self.accepted_facts: frozenset[str] = frozenset(
            name for name, spec in specs.items() if not spec.derived
        )
        self.eligibility: Condition = parse_condition(doc["eligibility"], ["eligibility"], specs)
        self.amount: Expression = parse_expression(doc["amount"], ["amount"], specs)
        self.score: Expression | None = (
            parse_expression(doc["score"], ["score"], specs) if "score" in doc else None
        )
        self.documents: list[tuple[str, Condition | None]] = [
            (
                document["code"],
                parse_condition(document["when"], ["documents", index, "when"], specs)
                if "when" in document
                else None,
            )
            for index, document in enumerate(doc.get("documents", ()))
        ]
        # Per establishment, except for the organisations this condition holds for (a travel
        # agency files one application for all its branches): format v2.
        self.one_application_when: Condition | None = (
            parse_condition(doc["one_application_when"], ["one_application_when"], specs)
            if "one_application_when" in doc
            else None
        )
        self.leaves: list[LeafUse] = list(self.eligibility.leaves())
        self.lines: tuple[Line, ...] = parse_lines(doc, specs)
        self.obligations: tuple[Obligation, ...] = parse_obligations(doc)
        self.award_mode: str = doc.get("award_mode", "first_come")
        # Each leaf's source (its own or the nearest above); v2 reasons carry it.
        self.leaf_sources = leaf_sources(self.eligibility)
        self.reasons_have_sources: bool = doc.get("format") == "onestop.programme/v2"

        whens = [when for _, when in self.documents]
        whens += [line.when for line in self.lines if line.when is not None]
        read = facts_read(self.eligibility, self.amount, self.score, *whens)
        if self.de_minimis:
            read.add("de_minimis_declared")
        read |= needed_facts(read, specs)
        for name in list(read):
            read.update(specs[name].inputs)
        # The decision returns the inputs it read; derived facts are computed again, from
        # them, only when an explanation or the missing facts need them.
        self.read_names: tuple[str, ...] = tuple(
            sorted(name for name in read if not specs[name].derived)
        )
        self.derived_names: tuple[str, ...] = tuple(
            sorted(name for name in read if specs[name].derived)
        )
        self.derived_names = in_dependency_order(self.derived_names, specs)
        self.input_facts: frozenset[str] = frozenset(self.read_names)
        expression_facts = sorted(
            {
                node.fact.name
                for node in walk(self.amount, self.score)
                if isinstance(node, FactValue)
            }
        )
        arguments = {
            "specs": specs,
            "accepted": self.accepted_facts,
            "read": self.read_names,
            "eligibility": self.eligibility,
            "amount": self.amount,
            "score": self.score,
        }
        self.source: str | None = None
        decide: Decide
        if generate_code:
            try:
                decide, self.source = generate_decider(
                    **arguments, expression_facts=expression_facts, derived=self.derived_names
                )
            except (SyntaxError, RecursionError, MemoryError):
                # Python's parser limits nesting; a deep definition is still a valid one.
                decide = tree_decider(**arguments, derived=self.derived_names)
        else:
            decide = tree_decider(**arguments, derived=self.derived_names)
        self._decide = decide
        self._declared_index = (
            self.read_names.index("de_minimis_declared") if self.de_minimis else -1
        )

    def __repr__(self) -> str:
        return f"<CompiledProgramme {self.slug}>"

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """How each requirement that says so is proven (format v2 `evidence`)."""
        found = self.__dict__.get("_evidence")
        if found is None:
            found = self.__dict__["_evidence"] = evidence_parse(self)
        return found

    def evidence_texts(self, lang: str) -> list[dict[str, Any]]:
        """The evidence with each requirement written out in `lang`, for the wizard's
        declarations and the caseworker's checklist."""
        return evidence_texts(self, lang)

    def unit_for(self, facts: Mapping[str, Any], as_of: dt.date | None = None) -> str:
        """What this organisation applies as, from its own facts: "establishment" for a
        per-establishment programme unless its `one_application_when` holds for them, then
        "organisation" (once for all its establishments). A condition that is not known to
        hold leaves the programme's unit: each establishment applies."""
        when = self.one_application_when
        if self.application_unit != ESTABLISHMENT or when is None:
            return self.application_unit
        read = facts_read(when)
        read |= needed_facts(read, self.fact_specs)
        for name in list(read):
            read.update(self.fact_specs[name].inputs)
        inputs: dict[str, Any] = {}
        for name in read:
            spec = self.fact_specs[name]
            if spec.derived:
                continue
            value = facts.get(name)
            try:
                inputs[name] = None if value is None else check_value(spec, value)
            except FactError:
                inputs[name] = None  # an answer the rules refuse is not one they hold on
        derived = in_dependency_order(
            (name for name in read if self.fact_specs[name].derived), self.fact_specs
        )
        r = derive(inputs, derived, self.fact_specs, as_of or city_today(), ZERO)
        return ORGANISATION if when.value(r) is True else ESTABLISHMENT

    def check_facts(self, facts: Mapping[str, Any]) -> list[FactError]:
        """Every problem with a set of facts (evaluate stops at the first)."""
        return check_facts(facts, self.fact_specs)

    def describe_eligibility(self, lang: str) -> dict[str, Any]:
        """Who can apply, as nested requirements in `lang` (see describe.describe_condition)."""
        return describe_condition(self.eligibility, lang)

    def describe_amount(self) -> dict[str, Any]:
        """How much, where the amount's shape can be stated (see describe.describe_amount)."""
        return describe_amount(self.amount)

    def is_open(self, as_of: dt.date) -> bool:
        return self.opens <= as_of and (self.closes is None or as_of <= self.closes)

    def evaluate(
        self,
        facts: Mapping[str, Any],
        *,
        as_of: dt.date | None = None,
        desk_de_minimis: Decimal = ZERO,
        de_minimis_ceiling: Decimal = DEFAULT_DE_MINIMIS_CEILING,
    ) -> Evaluation:
        """Decide for one applicant. Raises FactError for an unacceptable fact."""
        if as_of is None:
            as_of = city_today()
        elif as_of.__class__ is not _DATE:
            as_of = _as_date(as_of)
        if desk_de_minimis.__class__ is not Decimal:
            desk_de_minimis = Decimal(desk_de_minimis)
        desk = desk_de_minimis
        eligible, raw_amount, score, resolved = self._decide(facts, as_of, desk)
        is_open = self.opens <= as_of and (self.closes is None or as_of <= self.closes)
        if eligible is False:
            return Evaluation(
                self, desk, INELIGIBLE, None, [], is_open, as_of, resolved, None, None
            )
        if eligible is None:
            missing: set[str] = set()
            self.eligibility.undecided(
                self.resolved(resolved, as_of, desk), self.fact_specs, missing
            )
            return Evaluation(
                self, desk, NEEDS_INFO, None, sorted(missing), is_open, as_of, resolved, None, None
            )
        if raw_amount is None:
            missing = set()
            r = self.resolved(resolved, as_of, desk)
            self.amount.reads(r, self.fact_specs, missing)
            if self.de_minimis and r["de_minimis_declared"] is None:
                missing.add("de_minimis_declared")
            return Evaluation(
                self, desk, NEEDS_INFO, None, sorted(missing), is_open, as_of, resolved, None, score
            )
        amount = money(raw_amount, *self.rounding)
        line = None
        if self.lines:
            r = self.resolved(resolved, as_of, desk)
            choice = line_choose(self.lines, r)
            if choice.undecided is not None:
                missing = set()
                choice.undecided.undecided(r, self.fact_specs, missing)
                return Evaluation(
                    self, desk, NEEDS_INFO, None, sorted(missing), is_open, as_of, resolved,
                    None, score,
                )  # fmt: skip
            if choice.line is None:
                return Evaluation(
                    self, desk, INELIGIBLE, None, [], is_open, as_of, resolved, None, score,
                    line=NO_LINE,
                )  # fmt: skip
            line = choice.line.ident
        if not self.de_minimis:
            return Evaluation(
                self, desk, ELIGIBLE, amount, [], is_open, as_of, resolved, None, score, line=line
            )
        declared = resolved[self._declared_index]
        if declared is None:
            missing = {"de_minimis_declared"}
            return Evaluation(
                self, desk, NEEDS_INFO, None, sorted(missing), is_open, as_of, resolved, None, score
            )
        total = declared + desk
        # The check's details are kept as a plain tuple; DeMinimisCheck is built if asked.
        check = (total, de_minimis_ceiling)
        if total + amount <= de_minimis_ceiling:
            return Evaluation(
                self, desk, ELIGIBLE, amount, [], is_open, as_of, resolved, check, score, line=line
            )
        return Evaluation(self, desk, INELIGIBLE, None, [], is_open, as_of, resolved, check, score)

    def resolved(self, values: tuple[Any, ...], as_of: dt.date, desk: Decimal) -> dict[str, Any]:
        """The facts read, by name, inputs as returned by the decision plus derived facts."""
        inputs = dict(zip(self.read_names, values, strict=True))
        return derive(inputs, self.derived_names, self.fact_specs, as_of, desk)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"as_of must be a date, not {value!r}")


def compile_programme(definition: Mapping[str, Any]) -> CompiledProgramme:
    """Validate and compile a definition; raises InvalidDefinition listing every error."""
    return CompiledProgramme(definition)
