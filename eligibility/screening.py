"""The screener's reasoning: where an organisation stands so far, and what to ask it next.

Pure Python over compiled programmes (`eligibility.engine`), nothing from Django, so that it is
fast and tested on its own. The database side (which programmes are live, the visitor's
session) is `eligibility.screening_service`.

Terms, for a set of programmes P, the answers so far A (facts in the engine's input format)
and the facts U the person said they do not know:

- A programme is *undecided* when its outcome with A is `needs_info`.
- The *representative values* R(f) of an input fact f are the values worth trying: every
  choice (only the choices the rules name, plus one they do not, when nothing derives from
  the fact), true and false, each threshold a rule compares f with and its neighbours
  (plus and minus 1 for whole numbers, 0.01 for decimals, a day for dates), the bounds of
  `between`, the bands of `tiers`, the fact's `min` and `max` (or 0), and for derived facts
  the input values that put the derived value on each side of its thresholds (founding dates
  around each `years_active` anniversary, turnovers of 100 and 100 - t around each
  `turnover_drop_pct` threshold t, declared aid around each `de_minimis_total` threshold and 0
  and the ceiling for programmes under the de minimis rules; an anonymous screening has no
  awards of the desk, so the total is what is declared). Values outside the fact's
  `min`/`max` are dropped.
- f *decides* an undecided programme p when f is neither answered nor in U, f is among p's
  `missing_facts`, and some v in R(f) makes p's outcome `eligible` or `ineligible` when added
  to A (every other answer unchanged).
- f *completes* p when f, neither answered nor in U, is among p's `missing_facts` and, for
  another input fact g that p's eligibility or amount reads (directly or through a derived
  fact), neither answered nor in U, some w in R(g) and v in R(f) leave p undecided with
  A + {g: w} but decide it with A + {g: w, f: v}: f's answer changes the outcome once g is
  known too (the two turnovers of a `turnover_drop_pct` rule, say, or a condition whose
  amount depends on another answer).
- f *can change* p when it decides or completes p.

The next question (`Screening.next_fact`) is the fact that decides the most undecided
programmes. When no fact decides any, it is, among the facts that can change at least one
undecided programme, the one in the most undecided programmes' `missing_facts`. When no fact
can change any programme, there is nothing worth asking: None. Ties go to the fixed order of
`Screening.fact_order`: the engine's CATALOGUE order, then programme questions, programme by
programme in the order given (the service gives them by slug) and in the order each programme
declares them. A fact in U is never asked again; a fact that can change no programme is
never asked at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from eligibility.engine import (
    CATALOGUE,
    DEFAULT_DE_MINIMIS_CEILING,
    ELIGIBLE,
    INELIGIBLE,
    NEEDS_INFO,
    CompiledProgramme,
    Evaluation,
    FactError,
    FactSpec,
    compile_programme,
)
from eligibility.engine.parameters import with_parameters

DECIDED = frozenset({ELIGIBLE, INELIGIBLE})

_DECIMAL_STEP = Decimal("0.01")
_HUNDRED = Decimal(100)

# A programme that reads nothing: its `check_facts` checks any standard fact, so the
# screener can tell a bad value from an unknown name even when no programme is live.
_CATALOGUE_CHECKER = compile_programme(
    {
        "format": "onestop.programme/v1",
        "slug": "catalogue-checker",
        "title": {"es": "-"},
        "benefit": "grant",
        "unit": "EUR",
        "window": {"opens": "2000-01-01", "closes": None},
        "budget": None,
        "award_mode": "first_come",
        "eligibility": {"all": []},
        "amount": 0,
    }
)


@dataclass(frozen=True)
class Choice:
    """Why a fact was chosen as the next question (for tests, profiling and curious people)."""

    fact: str
    rule: str  # "decides" or "completes"
    programmes: tuple[str, ...]  # the slugs it decides, or whose missing facts hold it


class Screening:
    """Programmes screened together on one date: evaluate answers and pick the next question."""

    def __init__(
        self,
        programmes: Sequence[CompiledProgramme],
        *,
        as_of: dt.date,
        de_minimis_ceiling: Decimal = DEFAULT_DE_MINIMIS_CEILING,
    ) -> None:
        self.programmes: tuple[CompiledProgramme, ...] = tuple(programmes)
        self.as_of = as_of
        self.de_minimis_ceiling = de_minimis_ceiling
        self.specs: dict[str, FactSpec] = _askable_specs(self.programmes)
        self.fact_order: dict[str, int] = {name: index for index, name in enumerate(self.specs)}
        self.values: dict[str, tuple[Any, ...]] = representative_values(
            self.programmes, self.specs, as_of=as_of, de_minimis_ceiling=de_minimis_ceiling
        )
        # The input facts each programme's outcome can depend on (not its score or documents).
        self.outcome_facts: dict[str, tuple[str, ...]] = {
            programme.slug: _outcome_facts(programme, self.fact_order)
            for programme in self.programmes
        }

    # --- answers -----------------------------------------------------------------------

    def check_facts(self, facts: Mapping[str, Any]) -> list[FactError]:
        """Every problem with a set of facts, in the order given (see `check_facts`)."""
        return check_facts(self.programmes, facts)

    def evaluate(self, facts: Mapping[str, Any]) -> list[Evaluation]:
        """Each programme's evaluation, in the programmes' order. Facts must be checked first."""
        return [
            self._evaluate(programme, _facts_for(programme, facts)) for programme in self.programmes
        ]

    def _evaluate(self, programme: CompiledProgramme, facts: dict[str, Any]) -> Evaluation:
        return programme.evaluate(
            facts, as_of=self.as_of, de_minimis_ceiling=self.de_minimis_ceiling
        )

    # --- the next question ---------------------------------------------------------------

    def next_fact(self, facts: Mapping[str, Any], unknown: Iterable[str] = ()) -> str | None:
        """The fact to ask next, or None when no answer could change any outcome."""
        choice = self.next_choice(facts, unknown)
        return choice.fact if choice else None

    def next_choice(
        self,
        facts: Mapping[str, Any],
        unknown: Iterable[str] = (),
        evaluations: Sequence[Evaluation] | None = None,
    ) -> Choice | None:
        """The next question with the reason it was chosen (see the module's docstring)."""
        closed = set(unknown) | {name for name, value in facts.items() if value is not None}
        if evaluations is None:
            evaluations = self.evaluate(facts)
        undecided = [
            (programme, evaluation)
            for programme, evaluation in zip(self.programmes, evaluations, strict=True)
            if evaluation.outcome == NEEDS_INFO
        ]
        # Which undecided programmes each open fact is missing for, with the other open facts
        # those programmes' outcomes depend on.
        missing_in: dict[str, list[tuple[CompiledProgramme, list[str]]]] = {}
        for programme, evaluation in undecided:
            others = [name for name in self.outcome_facts[programme.slug] if name not in closed]
            for name in evaluation.missing_facts:
                if name not in closed:
                    missing_in.setdefault(name, []).append((programme, others))
        if not missing_in:
            return None
        candidates = sorted(missing_in, key=self._order_key)

        best: tuple[str, list[str]] | None = None
        for name in candidates:
            decided = [
                programme.slug
                for programme, _ in missing_in[name]
                if self._decides(programme, facts, name)
            ]
            if decided and (best is None or len(decided) > len(best[1])):
                best = (name, decided)
        if best is not None:
            return Choice(best[0], "decides", tuple(best[1]))

        best_completing: tuple[str, list[str]] | None = None
        for name in candidates:
            programmes = missing_in[name]
            if best_completing is not None and len(programmes) <= len(best_completing[1]):
                continue  # cannot beat the one found: it comes earlier in the fixed order
            if any(
                self._completes(programme, facts, name, others) for programme, others in programmes
            ):
                best_completing = (name, [programme.slug for programme, _ in programmes])
        if best_completing is not None:
            return Choice(best_completing[0], "completes", tuple(best_completing[1]))
        return None

    def decides(
        self,
        programme: CompiledProgramme,
        facts: Mapping[str, Any],
        fact: str,
        unknown: Iterable[str] = (),
    ) -> bool:
        """Whether `fact` decides `programme` with these answers (see the module's docstring)."""
        others = self._open_missing(programme, facts, fact, unknown)
        return others is not None and self._decides(programme, facts, fact)

    def can_change(
        self,
        programme: CompiledProgramme,
        facts: Mapping[str, Any],
        fact: str,
        unknown: Iterable[str] = (),
    ) -> bool:
        """Whether `fact` decides or completes `programme` with these answers."""
        others = self._open_missing(programme, facts, fact, unknown)
        if others is None:
            return False
        return self._decides(programme, facts, fact) or self._completes(
            programme, facts, fact, others
        )

    def _open_missing(
        self,
        programme: CompiledProgramme,
        facts: Mapping[str, Any],
        fact: str,
        unknown: Iterable[str],
    ) -> list[str] | None:
        """The open facts the programme's outcome reads, if `fact` is open and missing for an
        undecided programme; else None."""
        closed = set(unknown) | {name for name, value in facts.items() if value is not None}
        if fact in closed:
            return None
        evaluation = self._evaluate(programme, _facts_for(programme, facts))
        if evaluation.outcome != NEEDS_INFO or fact not in evaluation.missing_facts:
            return None
        return [name for name in self.outcome_facts[programme.slug] if name not in closed]

    def _order_key(self, name: str) -> tuple[int, str]:
        return (self.fact_order.get(name, len(self.fact_order)), name)

    def _decides(self, programme: CompiledProgramme, facts: Mapping[str, Any], fact: str) -> bool:
        base = _facts_for(programme, facts)
        for value in self.values.get(fact, ()):
            trial = dict(base)
            trial[fact] = value
            if self._evaluate(programme, trial).outcome in DECIDED:
                return True
        return False

    def _completes(
        self,
        programme: CompiledProgramme,
        facts: Mapping[str, Any],
        fact: str,
        others: Sequence[str],
    ) -> bool:
        base = _facts_for(programme, facts)
        values = self.values.get(fact, ())
        for other in others:
            if other == fact:
                continue
            for other_value in self.values.get(other, ()):
                with_other = dict(base)
                with_other[other] = other_value
                if self._evaluate(programme, with_other).outcome in DECIDED:
                    continue  # decided by the other fact alone: not this fact's doing
                for value in values:
                    trial = dict(with_other)
                    trial[fact] = value
                    if self._evaluate(programme, trial).outcome in DECIDED:
                        return True
        return False


# --- facts -------------------------------------------------------------------------------


def _facts_for(programme: CompiledProgramme, facts: Mapping[str, Any]) -> dict[str, Any]:
    """The answers a programme reads: the engine rejects names a programme does not know, and
    another programme's question is such a name."""
    read = programme.input_facts
    return {name: value for name, value in facts.items() if name in read}


def _outcome_facts(programme: CompiledProgramme, order: Mapping[str, int]) -> tuple[str, ...]:
    """The input facts a programme's eligibility and amount read, in the fixed order."""
    names = {fact for fact, _op, _value in programme_operands(programme)}
    if programme.de_minimis:
        names.add("de_minimis_total")
    inputs: set[str] = set()
    for name in names:
        spec = programme.fact_specs.get(name)
        if spec is not None:
            inputs.update(spec.inputs if spec.derived else (name,))
    return tuple(sorted(inputs, key=lambda name: (order.get(name, len(order)), name)))


def _askable_specs(programmes: Sequence[CompiledProgramme]) -> dict[str, FactSpec]:
    """Every input fact the programmes read, in the fixed order used to break ties."""
    read: set[str] = set()
    for programme in programmes:
        read |= programme.input_facts
    specs: dict[str, FactSpec] = {
        name: spec for name, spec in CATALOGUE.items() if name in read and not spec.derived
    }
    for programme in programmes:
        for question in programme.definition.get("questions", ()):
            name = question["name"]
            if name in read and name not in specs:
                specs[name] = programme.fact_specs[name]
    return specs


def fact_spec(programmes: Sequence[CompiledProgramme], name: str) -> FactSpec | None:
    """The spec of a standard fact or of a programme question (the first programme's)."""
    if name in CATALOGUE:
        return CATALOGUE[name]
    for programme in programmes:
        spec = programme.fact_specs.get(name)
        if spec is not None:
            return spec
    return None


def check_facts(
    programmes: Sequence[CompiledProgramme], facts: Mapping[str, Any]
) -> list[FactError]:
    """Every problem with a set of facts given for these programmes, in the order given.

    A standard fact is checked against the catalogue; a programme question against every
    programme that declares it; any other name is an error, as is a derived fact.
    """
    if not isinstance(facts, Mapping):
        return [FactError("(facts)", "must be an object mapping fact names to values")]
    errors: list[FactError] = []
    for name, value in facts.items():
        if not isinstance(name, str) or name in CATALOGUE:
            errors.extend(_CATALOGUE_CHECKER.check_facts({name: value}))
            continue
        declaring = [programme for programme in programmes if name in programme.fact_specs]
        if not declaring:
            errors.append(
                FactError(name, "is not a fact of the catalogue or of any live programme")
            )
            continue
        for programme in declaring:
            found = programme.check_facts({name: value})
            if found:
                errors.append(found[0])
                break
    return errors


# --- representative values ---------------------------------------------------------------


def representative_values(
    programmes: Sequence[CompiledProgramme],
    specs: Mapping[str, FactSpec],
    *,
    as_of: dt.date,
    de_minimis_ceiling: Decimal = DEFAULT_DE_MINIMIS_CEILING,
) -> dict[str, tuple[Any, ...]]:
    """R(f) for every fact in `specs`, in the engine's input format (see the module doc)."""
    operands: dict[str, list[tuple[str, Any]]] = {}
    for programme in programmes:
        for fact, op, value in programme_operands(programme):
            operands.setdefault(fact, []).append((op, value))
    # The facts something is derived from: every one of their values may matter.
    derived_inputs = {
        name
        for spec in CATALOGUE.values()
        if spec.derived and spec.name in operands
        for name in spec.inputs
    }
    de_minimis = any(programme.de_minimis for programme in programmes)

    values: dict[str, tuple[Any, ...]] = {}
    for name, spec in specs.items():
        found = operands.get(name, [])
        if spec.type == "bool":
            candidates: list[Any] = [True, False]
        elif spec.type == "choice":
            candidates = _choice_values(spec, found, every=name in derived_inputs)
        elif spec.type == "code":
            candidates = _code_values(found)
        elif spec.type == "int":
            candidates = _number_values(spec, found, step=1)
        elif spec.type == "decimal":
            candidates = _number_values(spec, found, step=_DECIMAL_STEP)
        else:
            candidates = _date_values(found, as_of)
        candidates += _derived_values(name, operands, as_of, de_minimis, de_minimis_ceiling)
        values[name] = _in_range(spec, candidates)
    return values


def programme_operands(programme: CompiledProgramme) -> tuple[tuple[str, str, Any], ...]:
    """`_operands` of the programme's eligibility, then of its amount, with the parameters'
    values in place (a threshold may be written {"param": NAME}).

    Kept on the compiled programme, which never changes: the screener builds a Screening
    on every request, and walking the definitions again was a third of an API request's time.
    """
    found = programme.__dict__.get("_screening_operands")
    if found is None:
        definition = with_parameters(programme.definition, programme.parameters)
        found = tuple(_operands(definition.get("eligibility"))) + tuple(
            _operands(definition.get("amount"))
        )
        programme.__dict__["_screening_operands"] = found
    return found


def _operands(node: Any) -> Iterator[tuple[str, str, Any]]:
    """(fact, op, value) for every leaf, fact read and tiers band under a definition node."""
    if isinstance(node, list):
        for item in node:
            yield from _operands(item)
        return
    if not isinstance(node, dict):
        return
    if isinstance(node.get("fact"), str):
        yield node["fact"], node.get("op", "read"), node.get("value")
        return
    subject = node.get("tiers")
    if isinstance(subject, dict) and isinstance(subject.get("fact"), str):
        for band in node.get("bands", ()):
            if isinstance(band, dict) and "upto" in band:
                yield subject["fact"], "lte", band["upto"]
            yield from _band_operands(subject["fact"], band)
    lookup = node.get("lookup")
    if isinstance(lookup, dict):
        yield from _lookup_operands(lookup, node)
    for key, part in node.items():
        if key not in ("reason", "id"):
            yield from _operands(part)


_BOUND_OPERATORS = {"min": "gte", "above": "gt", "max": "lte", "below": "lt"}


def _band_operands(fact: str, band: Any) -> Iterator[tuple[str, str, Any]]:
    """An explicit band's bounds (v2), each as the comparison it makes."""
    if isinstance(band, dict):
        for key, op in _BOUND_OPERATORS.items():
            if key in band:
                yield fact, op, band[key]


def _lookup_operands(
    lookup: dict[str, Any], node: dict[str, Any]
) -> Iterator[tuple[str, str, Any]]:
    """A lookup's row keys (the row fact's values worth trying) and its columns' bounds."""
    row, column = lookup.get("row"), lookup.get("column")
    rows = node.get("rows")
    if isinstance(row, str) and isinstance(rows, dict):
        yield row, "in", list(rows)
    if isinstance(column, dict) and isinstance(column.get("fact"), str):
        for band in node.get("columns", ()):
            yield from _band_operands(column["fact"], band)


def _choice_values(spec: FactSpec, found: list[tuple[str, Any]], *, every: bool) -> list[Any]:
    if every:
        return list(spec.choices)
    named: set[Any] = set()
    for _op, value in found:
        named.update(value if isinstance(value, list) else [value])
    chosen = [choice for choice in spec.choices if choice in named]
    others = [choice for choice in spec.choices if choice not in named]
    return chosen + others[:1]


def _code_values(found: list[tuple[str, Any]]) -> list[Any]:
    """Every code the rules name (each is in exactly the sets that list it or an ancestor),
    plus a division none of them names, which is in no set at all."""
    named: list[str] = []
    for _op, value in found:
        named.extend(item for item in (value if isinstance(value, list) else [value])
                     if isinstance(item, str))  # fmt: skip
    outside = next(f"{n:02d}" for n in range(100) if f"{n:02d}" not in named)
    return [*named, outside]


def _thresholds(found: list[tuple[str, Any]]) -> list[Any]:
    thresholds: list[Any] = []
    for op, value in found:
        if op in ("in", "not_in", "between") and isinstance(value, list):
            thresholds.extend(value)
        elif value is not None and op != "read":
            thresholds.append(value)
    return thresholds


def _number_values(spec: FactSpec, found: list[tuple[str, Any]], *, step: Any) -> list[Any]:
    low = spec.min if spec.min is not None else 0
    numbers: list[Decimal] = [Decimal(low), Decimal(low) + step]
    if spec.max is not None:
        numbers.append(Decimal(spec.max))
    for threshold in _thresholds(found):
        try:
            number = Decimal(str(threshold))
        except ArithmeticError:
            continue
        numbers += [number - step, number, number + step]
    if spec.type == "int":
        return [int(number) for number in numbers if number == number.to_integral_value()]
    return [_decimal_text(number) for number in numbers]


def _date_values(found: list[tuple[str, Any]], as_of: dt.date) -> list[Any]:
    dates = [as_of]
    for threshold in _thresholds(found):
        try:
            day = dt.date.fromisoformat(str(threshold))
        except ValueError:
            continue
        dates += _days_around(day)
    return [day.isoformat() for day in dates]


def _days_around(day: dt.date) -> list[dt.date]:
    """The day before, the day, the day after: those the calendar has (it starts on 1 January
    of year 1 and ends on 31 December 9999, and a rule may compare with either)."""
    return [near for near in (_plus_days(day, -1), day, _plus_days(day, 1)) if near is not None]


def _plus_days(day: dt.date, days: int) -> dt.date | None:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def _derived_values(
    name: str,
    operands: Mapping[str, list[tuple[str, Any]]],
    as_of: dt.date,
    de_minimis: bool,
    ceiling: Decimal,
) -> list[Any]:
    """Values of an input that put the facts derived from it on each side of their thresholds."""
    if name == "founded_on":
        dates: list[dt.date] = []
        for threshold in _thresholds(operands.get("years_active", [])):
            if isinstance(threshold, int) and threshold >= 0:
                anniversary = _years_before(as_of, threshold)
                if anniversary is None:
                    continue  # more years than the calendar has before as_of: none to try
                candidates = (
                    anniversary,
                    _plus_days(anniversary, 1),
                    _years_before(as_of, threshold + 1),
                )
                dates += [day for day in candidates if day is not None]
        return [day.isoformat() for day in dates]
    if name in ("turnover_current", "turnover_previous"):
        drops = _thresholds(operands.get("turnover_drop_pct", []))
        if not drops:
            return []
        if name == "turnover_previous":
            return ["0", "100"]
        currents = [Decimal(0), _HUNDRED, _HUNDRED * 2]
        for drop in drops:
            # With a previous turnover of 100, the drop is 100 - current.
            current = _HUNDRED - Decimal(str(drop))
            currents += [current - _DECIMAL_STEP, current, current + _DECIMAL_STEP]
        return [_decimal_text(number) for number in currents]
    if name == "de_minimis_declared":
        # The screener evaluates without the desk's own awards: the total is what is declared.
        totals = [Decimal(str(t)) for t in _thresholds(operands.get("de_minimis_total", []))]
        numbers = [n for t in totals for n in (t - _DECIMAL_STEP, t, t + _DECIMAL_STEP)]
        if de_minimis:
            numbers += [Decimal(0), ceiling]
        return [_decimal_text(number) for number in numbers]
    return []


def _years_before(day: dt.date, years: int) -> dt.date | None:
    """The same day `years` earlier, or None when that is before year 1."""
    if day.year - years < dt.MINYEAR:
        return None
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _decimal_text(number: Decimal) -> str:
    return format(number, "f")


def _in_range(spec: FactSpec, candidates: list[Any]) -> tuple[Any, ...]:
    """The distinct candidates the fact accepts, in a stable order."""
    kept: list[Any] = []
    seen: set[Any] = set()
    for value in candidates:
        if spec.type in ("int", "decimal"):
            number = Decimal(value) if not isinstance(value, Decimal) else value
            if spec.min is not None and number < spec.min:
                continue
            if spec.max is not None and number > spec.max:
                continue
            key: Any = number
        else:
            key = value
        if key in seen:
            continue
        seen.add(key)
        kept.append(value)
    return tuple(kept)


# --- results -----------------------------------------------------------------------------

CAN_APPLY = "can_apply"
MAY_QUALIFY = "may_qualify"
DO_NOT_QUALIFY = "do_not_qualify"
OPENS_SOON = "opens_soon"
GROUPS = (CAN_APPLY, MAY_QUALIFY, DO_NOT_QUALIFY, OPENS_SOON)
_GROUP_OF_OUTCOME = {ELIGIBLE: CAN_APPLY, NEEDS_INFO: MAY_QUALIFY, INELIGIBLE: DO_NOT_QUALIFY}


def group_evaluations(
    evaluations: Iterable[Evaluation], upcoming: Iterable[str] = ()
) -> dict[str, list[Evaluation]]:
    """Evaluations by what they mean for the person: the open programmes by outcome, and the
    programmes whose window has not opened yet (`upcoming` slugs) together, each keeping its
    own outcome. Every group is present, in `GROUPS` order, keeping the evaluations' order."""
    upcoming = set(upcoming)
    groups: dict[str, list[Evaluation]] = {group: [] for group in GROUPS}
    for evaluation in evaluations:
        if evaluation.slug in upcoming:
            groups[OPENS_SOON].append(evaluation)
        else:
            groups[_GROUP_OF_OUTCOME[evaluation.outcome]].append(evaluation)
    return groups
