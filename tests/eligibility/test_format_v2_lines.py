"""Format v2 lines and the prorata award mode, as in Irun Aurrera 2020's two lines."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from eligibility.engine import CompiledProgramme, compile_programme, validate_definition
from tests.eligibility.engine_builders import AS_OF, programme

V2 = "onestop.programme/v2"

LINE_1 = {"any": [
    {"fact": "activity_suspended", "op": "is_true"},
    {"fact": "turnover_drop_pct", "op": "gt", "value": "75"},
]}  # fmt: skip
SUPPLEMENTS = [
    {"if": {"fact": "premises_tenure", "op": "eq", "value": "rented"}, "then": 200, "else": 0},
    {"if": {"fact": "women_led", "op": "is_true"}, "then": 200, "else": 0},
    {"tiers": {"fact": "employees"}, "bands": [{"upto": 5, "value": 100}, {"upto": 9, "value": 200}],
     "otherwise": 0},
]  # fmt: skip


def irun(**overrides):
    doc = programme(
        {"any": [LINE_1, {"fact": "turnover_drop_pct", "op": "gte", "value": "50"}]},
        {"if": LINE_1,
         "then": {"min": [{"add": [800, *SUPPLEMENTS]}, 1400]},
         "else": {"min": [{"add": [500, *SUPPLEMENTS]}, 1100]}},
        format=V2,
        budget="1600000.00",
        award_mode="prorata",
        lines=[
            {"id": "line-1", "label": {"es": "Línea 1", "eu": "1. lerroa", "en": "Line 1"},
             "budget": "1280000.00", "when": LINE_1,
             "source": {"es": "Base 3.1", "en": "Rule 3.1"}},
            {"id": "line-2", "label": {"es": "Línea 2", "eu": "2. lerroa", "en": "Line 2"},
             "budget": "320000.00",
             "when": {"fact": "turnover_drop_pct", "op": "between", "value": ["50", "75"]}},
        ],
    )  # fmt: skip
    doc.update(overrides)
    return doc


FACTS = {
    "activity_suspended": False,
    "turnover_current": "20000",
    "turnover_previous": "100000",
    "premises_tenure": "rented",
    "women_led": True,
    "employees": 3,
}


def paths(doc):
    return {error.path: error.message for error in validate_definition(doc)}


@pytest.mark.parametrize("generate_code", [True, False])
def test_an_applicant_falls_in_the_first_line_whose_condition_holds(generate_code):
    compiled = CompiledProgramme(irun(), generate_code=generate_code)
    first = compiled.evaluate(FACTS, as_of=AS_OF)
    assert (first.outcome, first.line, first.amount) == ("eligible", "line-1", Decimal("1300.00"))
    second = compiled.evaluate({**FACTS, "turnover_current": "40000"}, as_of=AS_OF)
    assert (second.outcome, second.line, second.amount) == (
        "eligible",
        "line-2",
        Decimal("1000.00"),
    )
    assert second.to_dict("en")["line"] == "line-2"


def test_an_eligible_applicant_who_fits_no_line_is_refused_with_the_lines_named():
    doc = irun()
    doc["lines"][1]["when"] = {"fact": "turnover_drop_pct", "op": "between", "value": ["60", "75"]}
    compiled = compile_programme(doc)
    evaluation = compiled.evaluate({**FACTS, "turnover_current": "45000"}, as_of=AS_OF)
    assert evaluation.outcome == "ineligible"
    assert evaluation.amount is None
    last = evaluation.reasons("es")[-1]
    assert last["id"] == "line" and last["met"] is False
    assert "Línea 1 o Línea 2" in last["text"]
    assert "Line 1 or Line 2" in evaluation.reasons("en")[-1]["text"]
    assert "1. lerroa edo 2. lerroa" in evaluation.reasons("eu")[-1]["text"]
    assert evaluation.to_dict()["line"] is None


def test_an_unknown_line_condition_asks_for_its_facts():
    doc = irun()
    doc["lines"][0]["when"] = {"fact": "women_led", "op": "is_true"}
    compiled = compile_programme(doc)
    facts = {k: v for k, v in FACTS.items() if k != "women_led"}
    doc["amount"] = 100
    evaluation = compile_programme(doc).evaluate(facts, as_of=AS_OF)
    assert evaluation.outcome == "needs_info"
    assert evaluation.missing_facts == ["women_led"]
    assert compiled.evaluate(FACTS, as_of=AS_OF).line == "line-1"


def test_a_programme_without_lines_keeps_its_outcome_shape():
    compiled = compile_programme(programme(None, 100))
    evaluation = compiled.evaluate({}, as_of=AS_OF)
    assert evaluation.line is None
    assert "line" not in evaluation.to_dict()


def test_lines_and_prorata_need_v2():
    doc = irun(format="onestop.programme/v1")
    found = paths(doc)
    assert found["lines"] == "needs format 'onestop.programme/v2'"
    assert found["award_mode"] == "'prorata' needs format 'onestop.programme/v2'"


def test_line_errors_are_reported_at_their_path():
    doc = irun()
    doc["lines"][1]["id"] = "line-1"
    doc["lines"][1]["budget"] = "-1"
    doc["lines"][0]["when"] = {"fact": "turnover_drop", "op": "gt", "value": "75"}
    found = paths(doc)
    assert found["lines[1].id"] == "'line-1' is already used by lines[0]"
    assert found["lines[1].budget"] == "must not be negative"
    assert found["lines[0].when.fact"].startswith("unknown fact 'turnover_drop'")


def test_the_lines_budgets_must_fit_the_programmes():
    doc = irun(budget="1000000.00")
    assert paths(doc)["lines"] == (
        "the lines' budgets add up to 1600000.00, more than the programme's budget (1000000.00)"
    )


def test_prorata_shares_a_budget_that_must_exist():
    doc = irun(budget=None)
    assert "budget" in paths(doc)
    assert "is required when award_mode is 'prorata'" in paths(doc)["budget"]


def test_line_is_a_reserved_id():
    doc = copy.deepcopy(irun())
    doc["eligibility"] = {"id": "line", "fact": "employees", "op": "gte", "value": 0}
    assert paths(doc)["eligibility.id"] == "'line' is reserved for the outcome's own reasons"
