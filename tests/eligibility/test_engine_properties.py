"""Property tests: random valid definitions and facts against a separate reference."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import os
from decimal import Decimal
from typing import Any

from engine_builders import programme
from engine_reference import Reference, ReferenceWithDeclared
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eligibility.engine import CompiledProgramme, validate_definition

QUESTIONS = [
    {"name": "q_flag", "type": "bool", "label": {"es": "Bandera"}},
    {"name": "q_count", "type": "int", "min": 0, "max": 50, "label": {"es": "Cuenta"}},
    {"name": "q_ratio", "type": "decimal", "label": {"es": "Ratio"}},
    {"name": "q_when", "type": "date", "label": {"es": "Cuándo"}},
    {"name": "q_zone", "type": "choice", "choices": ["I", "II", "III"], "label": {"es": "Zona"}},
]
CHOICES = {
    "sector": ["retail", "hospitality", "care", "other"],
    "legal_form": ["cooperative", "association", "sole_trader", "limited_company"],
    "q_zone": ["I", "II", "III"],
}
CONDITION_FACTS = {
    "women_led": "bool", "debts_with_city": "bool", "is_sse": "bool", "q_flag": "bool",
    "employees": "int", "years_active": "int", "q_count": "int",
    "monthly_rent": "decimal", "turnover_drop_pct": "decimal", "de_minimis_total": "decimal",
    "q_ratio": "decimal", "founded_on": "date", "q_when": "date",
    "sector": "choice", "legal_form": "choice", "q_zone": "choice",
}  # fmt: skip
EXPRESSION_FACTS = [name for name, kind in CONDITION_FACTS.items() if kind != "date"]
EXPRESSION_FACTS = [name for name in EXPRESSION_FACTS if CONDITION_FACTS[name] != "choice"]
INPUT_FACTS = {
    "legal_form": "choice", "employees": "int", "founded_on": "date",
    "turnover_current": "decimal", "turnover_previous": "decimal", "sector": "choice",
    "monthly_rent": "decimal", "women_led": "bool", "debts_with_city": "bool",
    "de_minimis_declared": "decimal", "q_flag": "bool", "q_count": "int",
    "q_ratio": "decimal", "q_when": "date", "q_zone": "choice",
}  # fmt: skip
OPERATORS = {
    "bool": ["eq", "ne", "is_true", "is_false", "is_set"],
    "int": ["eq", "ne", "lt", "lte", "gt", "gte", "in", "not_in", "between", "is_set"],
    "choice": ["eq", "ne", "in", "not_in", "is_set"],
}
OPERATORS["decimal"] = OPERATORS["date"] = OPERATORS["int"]

# Small pools, shared by definitions and facts, so that values meet at the boundaries.
DECIMAL_TEXTS = ["0", "0.5", "1", "2", "2.25", "-5", "3", "10", "33.333", "99.99", "100", "1000"]
SMALL_INTS = st.integers(0, 4) | st.integers(-1, 40)
decimal_literals = st.sampled_from(DECIMAL_TEXTS) | SMALL_INTS
leap_days = st.sampled_from([dt.date(2016, 2, 29), dt.date(2020, 2, 29), dt.date(2024, 2, 29)])
some_days = st.sampled_from([dt.date(2020, 1, 1), dt.date(2021, 3, 1), dt.date(2023, 6, 15)])
dates = some_days | leap_days | st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31))


@functools.cache
def literal(kind: str, name: str) -> st.SearchStrategy[Any]:
    if kind == "bool":
        return st.booleans()
    if kind == "int":
        return SMALL_INTS
    if kind == "decimal":
        return decimal_literals
    if kind == "date":
        return dates.map(dt.date.isoformat)
    return st.sampled_from(CHOICES.get(name, ["I", "II", "III"]))


@functools.cache
def fact_value(kind: str, name: str) -> st.SearchStrategy[Any]:
    if kind == "bool":
        return st.booleans()
    if kind == "int":
        return st.integers(0, 4) | st.integers(0, 40)
    if kind == "decimal":
        money = st.sampled_from([t for t in DECIMAL_TEXTS if not t.startswith("-")])
        return money | st.integers(0, 4) | st.integers(0, 300000).map(str)
    if kind == "date":
        return dates.map(dt.date.isoformat)
    return st.sampled_from(CHOICES[name])


def sort_key(kind: str, value: Any) -> Any:
    return Decimal(str(value)) if kind == "decimal" else value


@st.composite
def leaves(draw: st.DrawFn, with_is_set: bool = True) -> dict[str, Any]:
    name = draw(st.sampled_from(sorted(CONDITION_FACTS)))
    kind = CONDITION_FACTS[name]
    ops = [op for op in OPERATORS[kind] if with_is_set or op != "is_set"]
    op = draw(st.sampled_from(ops))
    node: dict[str, Any] = {"fact": name, "op": op}
    if op in ("is_true", "is_false", "is_set"):
        return node
    value = literal(kind, name)
    if op in ("in", "not_in"):
        node["value"] = draw(st.lists(value, min_size=1, max_size=3))
    elif op == "between":
        pair = sorted([draw(value), draw(value)], key=lambda item: sort_key(kind, item))
        node["value"] = pair
    else:
        node["value"] = draw(value)
    return node


@functools.cache
def conditions(with_is_set: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    return st.recursive(
        leaves(with_is_set),  # type: ignore[call-arg]
        lambda parts: st.one_of(
            st.lists(parts, max_size=4).map(lambda items: {"all": items}),
            st.lists(parts, max_size=4).map(lambda items: {"any": items}),
            parts.map(lambda part: {"not": part}),
        ),
        max_leaves=8,
    )


@st.composite
def tiers(draw: st.DrawFn, expressions: st.SearchStrategy[Any]) -> dict[str, Any]:
    bounds = st.sampled_from(["-1", "0", "1", "2", "2.25", "3", "10", "100"]) | st.integers(-5, 40)
    uptos = sorted(
        {Decimal(str(b)): b for b in draw(st.lists(bounds, min_size=1, max_size=3))}.items()
    )
    uptos = [upto for _, upto in uptos]
    return {
        "tiers": draw(expressions),
        "bands": [{"upto": upto, "value": draw(expressions)} for upto in uptos],
        "otherwise": draw(expressions),
    }


# --- v2: tiers with explicit bounds and lookup tables ----------------------------------------
# Valid by construction: contiguous segments between sorted cut points, each cut written in
# one of the ways that leave no hole and no overlap; the ends dropped at random (then
# `otherwise` is required), the bands shuffled.

WHOLE_SUBJECTS = ["employees", "q_count", "years_active", "q_flag"]
DECIMAL_SUBJECTS = ["monthly_rent", "q_ratio", "turnover_drop_pct"]
DECIMAL_CUTS = ["-1", "0", "0.5", "1", "2", "2.25", "3", "10", "33.333", "100", "1000"]


@st.composite
def band_bounds(draw: st.DrawFn, whole: bool) -> tuple[list[dict[str, Any]], bool]:
    """A list of bounds objects and whether they cover every value."""
    pool = st.integers(-2, 12) if whole else st.sampled_from(DECIMAL_CUTS) | st.integers(-2, 12)
    raw = draw(st.lists(pool, min_size=0, max_size=3))
    cuts = [cut for _, cut in sorted({Decimal(str(c)): c for c in raw}.items())]
    if whole:  # at least two apart, so that "max c, min c + 1" never meets the next cut
        spaced: list[Any] = []
        for cut in cuts:
            if not spaced or cut >= spaced[-1] + 2:
                spaced.append(cut)
        cuts = spaced
    segments: list[dict[str, Any]] = [{} for _ in range(len(cuts) + 1)]
    styles = ["max_above", "below_min", "max_min_next"] if whole else ["max_above", "below_min"]
    for index, cut in enumerate(cuts):
        style = draw(st.sampled_from(styles))
        left, right = segments[index], segments[index + 1]
        if style == "max_above":
            left["max"], right["above"] = cut, cut
        elif style == "below_min":
            left["below"], right["min"] = cut, cut
        else:
            left["max"], right["min"] = cut, cut + 1
    covers = True
    if len(segments) > 1 and draw(st.booleans()):
        segments.pop(0)
        covers = False
    if len(segments) > 1 and draw(st.booleans()):
        segments.pop()
        covers = False
    return draw(st.permutations(segments)), covers


@st.composite
def band_subject(draw: st.DrawFn, expressions: st.SearchStrategy[Any]) -> tuple[Any, bool]:
    """A subject and whether it is whole-numbered (an arbitrary expression is made decimal)."""
    kind = draw(st.sampled_from(["whole", "decimal", "expression"]))
    if kind == "whole":
        return {"fact": draw(st.sampled_from(WHOLE_SUBJECTS))}, True
    if kind == "decimal":
        return {"fact": draw(st.sampled_from(DECIMAL_SUBJECTS))}, False
    return {"add": [draw(expressions), "0.5"]}, False


@st.composite
def explicit_tiers(draw: st.DrawFn, expressions: st.SearchStrategy[Any]) -> dict[str, Any]:
    subject, whole = draw(band_subject(expressions))
    bounds, covers = draw(band_bounds(whole))
    node: dict[str, Any] = {
        "tiers": subject,
        "bands": [{**band, "value": draw(expressions)} for band in bounds],
    }
    if not covers or draw(st.booleans()):
        node["otherwise"] = draw(expressions)
    return node


@st.composite
def lookups(draw: st.DrawFn, expressions: st.SearchStrategy[Any]) -> dict[str, Any]:
    column, whole = draw(band_subject(expressions))
    columns, covers = draw(band_bounds(whole))
    row = draw(st.sampled_from(["q_zone", "q_count"]))
    if row == "q_zone":
        keys = draw(st.lists(st.sampled_from(CHOICES["q_zone"]), min_size=1, unique=True))
        complete = len(keys) == len(CHOICES["q_zone"])
    else:
        keys = [str(key) for key in draw(st.lists(st.integers(0, 6), min_size=1, unique=True))]
        complete = False
    node: dict[str, Any] = {
        "lookup": {"row": row, "column": column},
        "columns": columns,
        "rows": {key: [draw(expressions) for _ in columns] for key in keys},
    }
    if not (covers and complete) or draw(st.booleans()):
        node["otherwise"] = draw(expressions)
    return node


def uses_v2(node: Any) -> bool:
    if isinstance(node, list):
        return any(uses_v2(item) for item in node)
    if not isinstance(node, dict):
        return False
    if "lookup" in node or ("bands" in node and not any("upto" in band for band in node["bands"])):
        return True
    return any(uses_v2(value) for value in node.values())


@functools.cache
def expressions(with_is_set: bool = True) -> st.SearchStrategy[Any]:
    base = decimal_literals | st.sampled_from(EXPRESSION_FACTS).map(lambda name: {"fact": name})
    condition = conditions(with_is_set)

    def extend(parts: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        operands = st.lists(parts, min_size=1, max_size=3)
        pair = st.tuples(parts, parts).map(list)
        return st.one_of(
            st.builds(lambda op, items: {op: items}, st.sampled_from(["add", "mul", "min", "max"]),
                      operands),
            st.builds(lambda op, items: {op: items}, st.sampled_from(["sub", "div"]), pair),
            st.builds(lambda e, places: {"round": e, "places": places}, parts, st.integers(0, 3)),
            st.builds(lambda c, a, b: {"if": c, "then": a, "else": b}, condition, parts, parts),
            tiers(parts),
            explicit_tiers(parts),
            lookups(parts),
        )  # fmt: skip

    return st.recursive(base, extend, max_leaves=6)


def name_some_leaves(node: Any, counter: list[int]) -> None:
    if isinstance(node, dict):
        if "op" in node:
            counter[0] += 1
            if counter[0] % 3 == 0:
                node["id"] = f"leaf{counter[0]}"
            return
        for value in node.values():
            name_some_leaves(value, counter)
    elif isinstance(node, list):
        for value in node:
            name_some_leaves(value, counter)


@st.composite
def definitions(draw: st.DrawFn, with_is_set: bool = True) -> dict[str, Any]:
    doc = programme(
        draw(conditions(with_is_set)),
        draw(expressions(with_is_set)),
        questions=QUESTIONS,
        de_minimis=draw(st.booleans()),
    )
    name_some_leaves(doc["eligibility"], [0])
    name_some_leaves(doc["amount"], [1000])
    if uses_v2(doc["amount"]):
        doc["format"] = "onestop.programme/v2"
    return doc


@st.composite
def fact_sets(draw: st.DrawFn) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for name, kind in INPUT_FACTS.items():
        presence = draw(st.sampled_from(["value", "value", "absent", "null"]))
        if presence == "value":
            facts[name] = draw(fact_value(kind, name))
        elif presence == "null":
            facts[name] = None
    return facts


as_of_dates = st.sampled_from(
    [dt.date(2025, 2, 28), dt.date(2025, 3, 1), dt.date(2026, 1, 20), dt.date(2024, 2, 29)]
)
desk_awards = st.sampled_from([Decimal(0), Decimal("1000"), Decimal("299000.50")])

# ENGINE_PROPERTY_EXAMPLES=5000 for a long hunt; the default keeps the suite quick.
EXAMPLES = int(os.environ.get("ENGINE_PROPERTY_EXAMPLES", "200"))
PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def engine_view(compiled: CompiledProgramme, facts: dict, as_of: dt.date, desk: Decimal
                ) -> dict[str, Any]:  # fmt: skip
    evaluation = compiled.evaluate(facts, as_of=as_of, desk_de_minimis=desk)
    return {
        "outcome": evaluation.outcome,
        "amount": evaluation.amount,
        "missing": evaluation.missing_facts,
        "met": evaluation.met(),
    }


@PROPERTY_SETTINGS
@given(doc=definitions(), facts=fact_sets(), as_of=as_of_dates, desk=desk_awards)
def test_the_compiled_evaluator_agrees_with_the_reference(
    doc: dict, facts: dict, as_of: dt.date, desk: Decimal
):
    assert validate_definition(doc) == []
    # The same amount again under an eligibility that always holds, so that every example
    # checks the amount expression, not only the eligible ones.
    always = {**doc, "eligibility": {"all": []}}
    for definition in (doc, always):
        expected = Reference(definition, facts, as_of, desk).outcome()
        for generate_code in (True, False):
            compiled = CompiledProgramme(definition, generate_code=generate_code)
            found = engine_view(compiled, facts, as_of, desk)
            assert found == expected, compiled.source
            # Eligible never comes with an unknown amount.
            if found["outcome"] == "eligible":
                assert found["amount"] is not None
            else:
                assert found["amount"] is None
            if found["outcome"] != "needs_info":
                assert found["missing"] == []


@settings(PROPERTY_SETTINGS, max_examples=EXAMPLES * 3 // 4)
@given(doc=definitions(with_is_set=False), facts=fact_sets(), data=st.data())
def test_supplying_a_missing_fact_never_flips_a_decided_outcome(
    doc: dict, facts: dict, data: st.DataObject
):
    compiled = CompiledProgramme(doc)
    as_of = dt.date(2026, 1, 20)
    before = compiled.evaluate(facts, as_of=as_of)
    absent = sorted(name for name in INPUT_FACTS if facts.get(name) is None)
    if before.outcome == "needs_info" or not absent:
        return
    name = data.draw(st.sampled_from(absent))
    more = {**facts, name: data.draw(fact_value(INPUT_FACTS[name], name))}
    after = compiled.evaluate(more, as_of=as_of)
    assert (after.outcome, after.amount) == (before.outcome, before.amount)


@settings(PROPERTY_SETTINGS, max_examples=EXAMPLES // 2)
@given(doc=definitions(), facts=fact_sets())
def test_eligible_always_has_an_amount_and_reasons_render(doc: dict, facts: dict):
    evaluation = CompiledProgramme(doc).evaluate(facts, as_of=dt.date(2026, 1, 20))
    if evaluation.outcome == "eligible":
        assert evaluation.amount is not None and evaluation.amount >= 0
    for lang in ("es", "eu", "en"):
        result = evaluation.to_dict(lang)
        assert all(isinstance(reason["text"], str) and reason["text"]
                   for reason in result["reasons"])  # fmt: skip
        assert [reason["met"] for reason in result["reasons"]] == [
            met for _, met in evaluation.met()
        ]


# --- v2: declared derived facts and parameters ---------------------------------------------

DECLARED_PARAMETERS = {"p_count": "int", "p_ratio": "decimal", "p_when": "date", "p_on": "bool"}


@st.composite
def declared_parameters(draw: st.DrawFn) -> list[dict[str, Any]]:
    return [
        {"name": name, "type": kind, "value": draw(literal(kind, name)), "label": {"es": name}}
        for name, kind in DECLARED_PARAMETERS.items()
    ]


@st.composite
def declared_leaves(draw: st.DrawFn) -> dict[str, Any]:
    """A leaf on a declared derived fact, or on a catalogue fact compared with a parameter."""
    # A copy each time: ids are written into the leaves afterwards.
    return copy.deepcopy(
        draw(
            st.sampled_from(
                [
                    {"fact": "d_bool", "op": "is_true"},
                    {"fact": "d_bool", "op": "is_false"},
                    {"fact": "d_chain", "op": "is_true"},
                    {"fact": "d_sum", "op": "lte", "value": {"param": "p_ratio"}},
                    {"fact": "d_sum", "op": "between", "value": [{"param": "p_count"}, 100]},
                    {"fact": "d_double", "op": "gt", "value": {"param": "p_count"}},
                    {"fact": "d_sum", "op": "is_set"},
                    {"fact": "employees", "op": "gte", "value": {"param": "p_count"}},
                    {"fact": "q_ratio", "op": "in", "value": [{"param": "p_ratio"}, "1"]},
                    {"fact": "founded_on", "op": "lt", "value": {"param": "p_when"}},
                    {"fact": "q_flag", "op": "eq", "value": {"param": "p_on"}},
                ]
            )
        )
    )


@st.composite
def declared_definitions(draw: st.DrawFn) -> dict[str, Any]:
    """Definitions with derived facts reading one another (declared in a random order) and
    parameters in conditions and expressions."""
    derived = [
        {"name": "d_sum", "type": "decimal", "label": {"es": "Suma"},
         "formula": draw(expressions(False))},
        {"name": "d_bool", "type": "bool", "label": {"es": "Condición"},
         "condition": draw(conditions(False))},
        {"name": "d_double", "type": "decimal", "label": {"es": "Doble"},
         "formula": {"if": {"fact": "d_bool", "op": "is_true"},
                     "then": {"mul": [{"fact": "d_sum"}, {"param": "p_ratio"}]},
                     "else": {"add": [{"fact": "d_sum"}, {"param": "p_on"}]}}},
        {"name": "d_chain", "type": "bool", "label": {"es": "Cadena"},
         "condition": {"any": [{"fact": "d_double", "op": "gte", "value": "2.25"},
                               draw(declared_leaves().filter(lambda leaf: leaf["fact"] != "d_chain"))]}},
    ]  # fmt: skip
    derived = draw(st.permutations(derived))
    parts = draw(st.lists(declared_leaves() | conditions(False), min_size=1, max_size=3))
    eligibility = {draw(st.sampled_from(["all", "any"])): parts}
    amount = draw(
        st.sampled_from(
            [
                {"fact": "d_double"},
                {"add": [{"fact": "d_sum"}, {"param": "p_count"}]},
                {"if": {"fact": "d_chain", "op": "is_true"}, "then": {"param": "p_ratio"},
                 "else": {"fact": "d_sum"}},
            ]
        )
    )  # fmt: skip
    doc = programme(
        eligibility,
        amount,
        format="onestop.programme/v2",
        questions=QUESTIONS,
        de_minimis=draw(st.booleans()),
        parameters=draw(declared_parameters()),
        derived=list(derived),
    )
    name_some_leaves(doc["eligibility"], [0])
    return doc


@PROPERTY_SETTINGS
@given(doc=declared_definitions(), facts=fact_sets(), as_of=as_of_dates, desk=desk_awards)
def test_declared_derived_facts_and_parameters_agree_with_the_reference(
    doc: dict, facts: dict, as_of: dt.date, desk: Decimal
):
    assert validate_definition(doc) == []
    always = {**doc, "eligibility": {"all": []}}
    for definition in (doc, always):
        expected = ReferenceWithDeclared(definition, facts, as_of, desk).outcome()
        for generate_code in (True, False):
            compiled = CompiledProgramme(definition, generate_code=generate_code)
            assert engine_view(compiled, facts, as_of, desk) == expected, compiled.source


# -- v2: lines ----------------------------------------------------------------------------


@st.composite
def lined_definitions(draw: st.DrawFn) -> dict[str, Any]:
    """A generated definition with one to three lines, each with or without a condition."""
    doc = draw(definitions())
    lines = []
    for index in range(draw(st.integers(min_value=1, max_value=3))):
        line: dict[str, Any] = {
            "id": f"line-{index + 1}",
            "label": {"es": f"Línea {index + 1}"},
            "budget": "1000",
        }
        if draw(st.integers(min_value=0, max_value=4)):
            line["when"] = draw(conditions())
        lines.append(line)
    return {**doc, "format": "onestop.programme/v2", "lines": lines}


@PROPERTY_SETTINGS
@given(doc=lined_definitions(), facts=fact_sets(), as_of=as_of_dates, desk=desk_awards)
def test_lines_agree_with_the_reference(doc: dict, facts: dict, as_of: dt.date, desk: Decimal):
    assert validate_definition(doc) == []
    expected = Reference(doc, facts, as_of, desk).outcome()
    for generate_code in (True, False):
        compiled = CompiledProgramme(doc, generate_code=generate_code)
        assert engine_view(compiled, facts, as_of, desk) == expected, compiled.source


# -- v2: activity codes -------------------------------------------------------------------

CODES = ["56", "561", "5610", "562", "5621", "5629", "563", "5630", "47", "4711", "79"]


@st.composite
def code_leaves(draw: st.DrawFn) -> dict[str, Any]:
    op = draw(st.sampled_from(["eq", "ne", "in", "not_in", "is_set"]))
    leaf: dict[str, Any] = {"fact": "activity_code", "op": op}
    if op in ("in", "not_in"):
        leaf["value"] = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True))
    elif op != "is_set":
        leaf["value"] = draw(st.sampled_from(CODES))
    return leaf


@st.composite
def code_definitions(draw: st.DrawFn) -> dict[str, Any]:
    parts = draw(st.lists(code_leaves() | conditions(), min_size=1, max_size=3))
    eligibility = {draw(st.sampled_from(["all", "any"])): parts}
    doc = programme(eligibility, draw(expressions()), questions=QUESTIONS)
    name_some_leaves(doc["eligibility"], [0])
    return {**doc, "format": "onestop.programme/v2"}


@PROPERTY_SETTINGS
@given(
    doc=code_definitions(),
    facts=fact_sets(),
    code=st.sampled_from([None, *CODES]),
    as_of=as_of_dates,
)
def test_activity_codes_agree_with_the_reference(doc: dict, facts: dict, code, as_of: dt.date):
    assert validate_definition(doc) == []
    facts = {**facts, "activity_code": code}
    expected = Reference(doc, facts, as_of).outcome()
    for generate_code in (True, False):
        compiled = CompiledProgramme(doc, generate_code=generate_code)
        assert engine_view(compiled, facts, as_of, Decimal(0)) == expected, compiled.source
