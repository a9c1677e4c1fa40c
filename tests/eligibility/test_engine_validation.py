"""Validation of definitions: one test per kind of error, each at its exact path."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from engine_builders import HOSPITALITY, programme

from eligibility.engine import InvalidDefinition, compile_programme, validate_definition

Doc = dict[str, Any]


def with_(**changes: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        doc.update(copy.deepcopy(changes))

    return change


def leaf(**fields: Any) -> Callable[[Doc], None]:
    """Replace the second leaf of the hospitality example."""

    def change(doc: Doc) -> None:
        doc["eligibility"]["all"][1] = fields

    return change


def without(key: str) -> Callable[[Doc], None]:
    return lambda doc: doc.pop(key)


def choice_question(**fields: Any) -> dict[str, Any]:
    return {"name": "zone", "type": "choice", "label": {"es": "Zona"}, **fields}


SHAPE = [
    ("misspelt operator", leaf(fact="district", op="gte2", value=1),
     "eligibility.all[1].op", "'gte2' is not one of 'eq', 'ne', 'lt', 'lte'"),
    ("misspelt key", leaf(fact="district", op="is_set", reson={"es": "Distrito"}),
     "eligibility.all[1].reson", "is not allowed here (expected: fact, op, value, id, reason, evidence, source)"),
    ("missing op", leaf(fact="district", value="abando"),
     "eligibility.all[1].op", "is required"),
    ("not a condition", leaf(), "eligibility.all[1]", "must be a condition"),
    ("condition not an object", with_(eligibility={"all": [3]}),
     "eligibility.all[0]", "must be a condition"),
    ("all not a list", with_(eligibility={"all": {"fact": "employees"}}),
     "eligibility.all", "must be a list"),
    ("nested under not",
     with_(eligibility={"not": {"any": [{"fact": "employees", "op": "big"}]}}),
     "eligibility.not.any[0].op", "'big' is not one of"),
    ("missing top-level key", without("format"), "format", "is required"),
    ("unknown top-level key", with_(colour="red"), "colour", "is not allowed here"),
    ("wrong format", with_(format="onestop.programme/v3"), "format",
     "'onestop.programme/v3' is not one of 'onestop.programme/v1', 'onestop.programme/v2'"),
    ("bad slug", with_(slug="Hostelería"), "slug", "must be lowercase letters and digits"),
    ("title without es", with_(title={"en": "Aid"}), "title.es", "is required"),
    ("empty es title", with_(title={"es": ""}), "title.es", "must not be empty"),
    ("bad benefit", with_(benefit="loan"), "benefit", "'loan' is not one of 'grant'"),
    ("bad date", with_(window={"opens": "15/01/2026"}), "window.opens",
     "must be a date written YYYY-MM-DD"),
    ("bad closes", with_(window={"opens": "2026-01-15", "closes": 5}), "window.closes",
     "must be a date written YYYY-MM-DD, or null"),
    ("float budget", with_(budget=1000.5), "budget",
     "must not be a binary floating-point number"),
    ("bad decimal budget", with_(budget="1.000,50"), "budget",
     "'1.000,50' is not a decimal number"),
    ("boolean de_minimis", with_(de_minimis="yes"), "de_minimis", "must be true or false"),
    ("unknown expression", with_(amount={"plus": [1, 2]}), "amount", "must be an expression"),
    ("two operators", with_(amount={"add": [1], "mul": [2]}), "amount",
     "must have exactly one operator, found: add, mul"),
    ("float literal", with_(amount={"add": [1.5]}), "amount.add[0]",
     "must not be a binary floating-point number"),
    ("bad literal", with_(amount={"add": ["1,5"]}), "amount.add[0]",
     "'1,5' is not a decimal number"),
    ("empty operands", with_(amount={"max": []}), "amount.max", "must have at least 1 item"),
    ("sub of three", with_(amount={"sub": [1, 2, 3]}), "amount.sub",
     "must have at most 2 items"),
    ("places out of range", with_(amount={"round": 1, "places": 7}), "amount.places",
     "must be at most 6, not 7"),
    ("round without places", with_(amount={"round": 1}), "amount.places", "is required"),
    ("bad upto", with_(amount={"tiers": 1, "bands": [{"upto": "x", "value": 1}],
                               "otherwise": 0}),
     "amount.bands[0].upto", "'x' is not a decimal number"),
    ("no bands", with_(amount={"tiers": 1, "bands": [], "otherwise": 0}), "amount.bands",
     "must have at least 1 item"),
    ("if without else", with_(amount={"if": {"all": []}, "then": 1}), "amount.else",
     "is required"),
    ("bad id", leaf(fact="district", op="eq", value="abando", id="has space"),
     "eligibility.all[1].id", "may contain only letters"),
    ("bad document code", with_(documents=[{"code": "IAE", "label": {"es": "IAE"}}]),
     "documents[0].code", "must start with a lowercase letter"),
    ("bad question type", with_(questions=[{"name": "x", "type": "text", "label": {"es": "X"}}]),
     "questions[0].type", "'text' is not one of"),
    ("repeated exclusion", with_(exclusive_with=["a", "a"]), "exclusive_with",
     "must not list the same item twice"),
]  # fmt: skip

MEANING = [
    ("unknown fact", leaf(fact="emploees", op="gte", value=1),
     "eligibility.all[1].fact", "unknown fact 'emploees' (did you mean 'employees'?)"),
    ("ordering a choice", leaf(fact="sector", op="lt", value="retail"),
     "eligibility.all[1].op", "'lt' cannot be used with choice fact 'sector'"),
    ("is_true on an int", leaf(fact="employees", op="is_true"),
     "eligibility.all[1].op", "'is_true' cannot be used with int fact 'employees'"),
    ("in on a bool", leaf(fact="women_led", op="in", value=[True]),
     "eligibility.all[1].op", "'in' cannot be used with bool fact 'women_led'"),
    ("value missing", leaf(fact="employees", op="gte"),
     "eligibility.all[1].value", "is required with 'gte'"),
    ("value where none is taken", leaf(fact="employees", op="is_set", value=1),
     "eligibility.all[1].value", "must be left out with 'is_set'"),
    ("string for an int", leaf(fact="employees", op="gte", value="1"),
     "eligibility.all[1].value", "must be a whole number ('employees' is a int fact), not '1'"),
    ("bool for an int", leaf(fact="employees", op="gte", value=True),
     "eligibility.all[1].value", "must be a whole number"),
    ("float for an int", leaf(fact="employees", op="gte", value=1.0),
     "eligibility.all[1].value", "must be a whole number"),
    ("float for a decimal", leaf(fact="monthly_rent", op="lt", value=10.5),
     "eligibility.all[1].value", "must not be a binary floating-point number"),
    ("bad decimal", leaf(fact="monthly_rent", op="lt", value="10,5"),
     "eligibility.all[1].value", 'must be a whole number or a decimal string such as "1250.00"'),
    ("bad date", leaf(fact="founded_on", op="lt", value="01/01/2020"),
     "eligibility.all[1].value", "must be a date written YYYY-MM-DD"),
    ("impossible date", leaf(fact="founded_on", op="lt", value="2021-02-29"),
     "eligibility.all[1].value", "'2021-02-29' is not a valid calendar date"),
    ("string for a bool", leaf(fact="women_led", op="eq", value="true"),
     "eligibility.all[1].value", "must be true or false"),
    ("unknown choice", leaf(fact="district", op="ne", value="bilbao"),
     "eligibility.all[1].value", "'bilbao' is not a choice of 'district' (choices: abando,"),
    ("in without a list", leaf(fact="sector", op="in", value="retail"),
     "eligibility.all[1].value", "must be a list of values with 'in'"),
    ("empty in", leaf(fact="sector", op="not_in", value=[]),
     "eligibility.all[1].value", "must list at least one value"),
    ("bad item of in", leaf(fact="sector", op="in", value=["retail", "bars"]),
     "eligibility.all[1].value[1]", "'bars' is not a choice of 'sector'"),
    ("between not a pair", leaf(fact="employees", op="between", value=[1, 2, 3]),
     "eligibility.all[1].value", "must be a pair [low, high] with 'between'"),
    ("between reversed", leaf(fact="employees", op="between", value=[10, 5]),
     "eligibility.all[1].value", "the low end (10) is greater than the high end (5)"),
    ("bad end of between", leaf(fact="founded_on", op="between", value=["2020-01-01", "x"]),
     "eligibility.all[1].value[1]", "must be a date written YYYY-MM-DD"),
    ("choice question without choices", with_(questions=[choice_question()]),
     "questions[0].choices", "is required for a choice question"),
    ("choices on an int question",
     with_(questions=[{"name": "n", "type": "int", "choices": ["1"], "label": {"es": "N"}}]),
     "questions[0].choices", "only choice questions have choices, not int"),
    ("repeated choice", with_(questions=[choice_question(choices=["I", "II", "I"])]),
     "questions[0].choices[2]", "'I' is listed twice"),
    ("question named like a standard fact",
     with_(questions=[{"name": "employees", "type": "int", "label": {"es": "E"}}]),
     "questions[0].name", "'employees' is a standard fact of the catalogue"),
    ("question named like a derived fact",
     with_(questions=[{"name": "is_sse", "type": "bool", "label": {"es": "E"}}]),
     "questions[0].name", "'is_sse' is a standard fact of the catalogue"),
    ("question declared twice",
     with_(questions=[{"name": "n", "type": "int", "label": {"es": "N"}},
                      {"name": "n", "type": "bool", "label": {"es": "N"}}]),
     "questions[1].name", "'n' is already declared by questions[0]"),
    ("min on a choice", with_(questions=[choice_question(choices=["I"], min=1)]),
     "questions[0].min", "only int and decimal questions can have a minimum"),
    ("fractional bound of an int",
     with_(questions=[{"name": "n", "type": "int", "max": "2.5", "label": {"es": "N"}}]),
     "questions[0].max", "must be a whole number for an int question"),
    ("min above max",
     with_(questions=[{"name": "n", "type": "decimal", "min": "5", "max": 2,
                       "label": {"es": "N"}}]),
     "questions[0].max", "must not be less than min (5)"),
    ("id used twice",
     with_(documents=[{"code": "iae", "label": {"es": "IAE"},
                       "when": {"id": "staff", "fact": "employees", "op": "gt", "value": 0}}]),
     "documents[0].when.id", "'staff' is already the id of eligibility.all[2]"),
    ("reserved id", leaf(fact="district", op="eq", value="abando", id="de_minimis"),
     "eligibility.all[1].id", "'de_minimis' is reserved"),
    ("competitive without score", with_(award_mode="competitive"),
     "score", "is required when award_mode is 'competitive'"),
    ("de minimis in hours", with_(unit="hours"),
     "unit", "must be 'EUR' when de_minimis is true, not 'hours'"),
    ("expression reads a choice", with_(amount={"fact": "sector"}),
     "amount.fact", "'sector' is a choice fact; expressions can read only int, decimal and bool"),
    ("expression reads a date", with_(amount={"add": [1, {"fact": "founded_on"}]}),
     "amount.add[1].fact", "'founded_on' is a date fact"),
    ("expression reads an unknown fact", with_(amount={"add": [1, {"fact": "staff"}]}),
     "amount.add[1].fact", "unknown fact 'staff'"),
    ("condition inside an amount",
     with_(amount={"if": {"fact": "employees", "op": "in", "value": 3}, "then": 1, "else": 2}),
     "amount.if.value", "must be a list of values with 'in'"),
    ("score checked too", with_(award_mode="competitive", score={"fact": "district"}),
     "score.fact", "'district' is a choice fact"),
    ("window backwards", with_(window={"opens": "2026-02-01", "closes": "2026-01-31"}),
     "window.closes", "must not be before window.opens (2026-02-01)"),
    ("impossible window date", with_(window={"opens": "2026-02-30"}),
     "window.opens", "'2026-02-30' is not a valid calendar date"),
    ("bands out of order",
     with_(amount={"tiers": {"fact": "employees"},
                   "bands": [{"upto": 10, "value": 1}, {"upto": 3, "value": 2}],
                   "otherwise": 3}),
     "amount.bands[1].upto", "must be greater than the previous band's upto (10)"),
    ("negative budget", with_(budget="-1"), "budget", "must not be negative"),
    ("excluding itself", with_(exclusive_with=["hospitality-direct-aid"]),
     "exclusive_with[0]", "a programme cannot exclude itself"),
    ("repeated document code",
     with_(documents=[{"code": "iae", "label": {"es": "A"}}, {"code": "iae", "label": {"es": "B"}}]),
     "documents[1].code", "'iae' is already used by documents[0]"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [case[1:] for case in SHAPE + MEANING],
    ids=[case[0] for case in SHAPE + MEANING],
)
def test_each_kind_of_error_names_its_path(change: Callable[[Doc], None], path: str, message: str):
    doc = copy.deepcopy(HOSPITALITY)
    change(doc)
    errors = validate_definition(doc)
    assert [error.path for error in errors] == [path], errors
    assert message in errors[0].message
    assert str(errors[0]) == f"{path}: {errors[0].message}"


def test_the_examples_are_valid():
    assert validate_definition(HOSPITALITY) == []
    assert validate_definition(programme()) == []


def test_all_errors_are_collected():
    doc = copy.deepcopy(HOSPITALITY)
    doc["slug"] = "Bad Slug"
    doc["eligibility"]["all"][0]["op"] = "among"
    doc["eligibility"]["all"][2]["value"] = "one"
    doc["eligibility"]["all"][3]["fact"] = "taxes"
    doc["amount"]["bands"][1]["upto"] = 2
    doc["window"]["closes"] = "2025-01-01"
    paths = [error.path for error in validate_definition(doc)]
    assert sorted(paths) == sorted([
        "slug",
        "eligibility.all[0].op",
        "eligibility.all[2].value",
        "eligibility.all[3].fact",
        "amount.bands[1].upto",
        "window.closes",
    ])  # fmt: skip


def test_compile_raises_with_every_error():
    doc = copy.deepcopy(HOSPITALITY)
    doc["eligibility"]["all"][2]["value"] = "one"
    doc["unit"] = "hours"
    with pytest.raises(InvalidDefinition) as raised:
        compile_programme(doc)
    assert [error.path for error in raised.value.errors] == [
        "unit",
        "eligibility.all[2].value",
    ]


@pytest.mark.parametrize("doc", [None, [], "programme", 3])
def test_a_definition_must_be_an_object(doc: Any):
    [error] = validate_definition(doc)
    assert error.path == ""
    assert error.message.startswith("must be an object")
    assert str(error) == error.message


def test_validation_does_not_change_the_document():
    doc = copy.deepcopy(HOSPITALITY)
    validate_definition(doc)
    compile_programme(doc)
    assert doc == HOSPITALITY
