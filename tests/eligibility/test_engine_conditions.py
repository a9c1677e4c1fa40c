"""Operators, three-valued logic and expressions, through compiled programmes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from engine_builders import AS_OF, programme

from eligibility.engine import CompiledProgramme, compile_programme, validate_definition

QUESTIONS = [
    {"name": "seats", "type": "int", "min": 0, "max": 500, "label": {"es": "Plazas"}},
    {"name": "ratio", "type": "decimal", "label": {"es": "Ratio"}},
    {"name": "opened", "type": "date", "label": {"es": "Apertura"}},
    {"name": "zone", "type": "choice", "choices": ["I", "II", "III"], "label": {"es": "Zona"}},
    {"name": "terrace", "type": "bool", "label": {"es": "Terraza"}},
]


def leaf_value(leaf: dict[str, Any], facts: dict[str, Any], *, tree: bool = False) -> Any:
    """The leaf's own value, via the compiled code (or the tree fallback)."""
    doc = programme(leaf, questions=QUESTIONS)
    compiled = CompiledProgramme(doc, generate_code=not tree)
    evaluation = compiled.evaluate(facts, as_of=AS_OF)
    expected = {"eligible": True, "ineligible": False, "needs_info": None}[evaluation.outcome]
    [(_, met)] = evaluation.met()
    assert met == expected
    return met


CASES = [
    # fact, op, value, answer, expected
    ("employees", "eq", 3, 3, True),
    ("employees", "eq", 3, 4, False),
    ("employees", "ne", 3, 4, True),
    ("employees", "ne", 3, 3, False),
    ("employees", "lt", 3, 2, True),
    ("employees", "lt", 3, 3, False),
    ("employees", "lte", 3, 3, True),
    ("employees", "lte", 3, 4, False),
    ("employees", "gt", 3, 4, True),
    ("employees", "gt", 3, 3, False),
    ("employees", "gte", 3, 3, True),
    ("employees", "gte", 3, 2, False),
    ("employees", "in", [1, 3], 3, True),
    ("employees", "in", [1, 3], 2, False),
    ("employees", "not_in", [1, 3], 2, True),
    ("employees", "not_in", [1, 3], 1, False),
    ("employees", "between", [2, 4], 2, True),
    ("employees", "between", [2, 4], 4, True),
    ("employees", "between", [2, 4], 5, False),
    ("employees", "between", [2, 4], 1, False),
    ("employees", "is_set", None, 0, True),
    ("employees", "is_set", None, None, False),
    ("turnover_current", "eq", "1000.00", "1000", True),
    ("turnover_current", "eq", 1000, 1000.0, True),
    ("turnover_current", "lt", "0.10", "0.09", True),
    ("turnover_current", "lt", "0.10", 0.1, False),
    ("turnover_current", "gte", "2500.50", "2500.5", True),
    ("turnover_current", "in", ["1.5", 2], "2.00", True),
    ("turnover_current", "not_in", ["1.5", 2], "1.50", False),
    ("turnover_current", "between", ["1", "2.5"], "2.50", True),
    ("founded_on", "eq", "2020-02-29", "2020-02-29", True),
    ("founded_on", "ne", "2020-02-29", "2020-03-01", True),
    ("founded_on", "lt", "2020-01-01", "2019-12-31", True),
    ("founded_on", "lte", "2020-01-01", "2020-01-02", False),
    ("founded_on", "gt", "2020-01-01", "2020-01-02", True),
    ("founded_on", "gte", "2020-01-01", "2019-12-31", False),
    ("founded_on", "in", ["2020-01-01", "2021-01-01"], "2021-01-01", True),
    ("founded_on", "not_in", ["2020-01-01"], "2021-01-01", True),
    ("founded_on", "between", ["2020-01-01", "2020-12-31"], "2020-06-30", True),
    ("sector", "eq", "retail", "retail", True),
    ("sector", "ne", "retail", "retail", False),
    ("sector", "in", ["retail", "care"], "care", True),
    ("sector", "not_in", ["retail", "care"], "care", False),
    ("sector", "is_set", None, "care", True),
    ("women_led", "is_true", None, True, True),
    ("women_led", "is_true", None, False, False),
    ("women_led", "is_false", None, False, True),
    ("women_led", "is_false", None, True, False),
    ("women_led", "eq", True, True, True),
    ("women_led", "eq", False, True, False),
    ("women_led", "ne", True, False, True),
    ("women_led", "ne", False, False, False),
    ("women_led", "is_set", None, False, True),
    ("seats", "gte", 10, 10, True),
    ("ratio", "lt", "0.5", "0.25", True),
    ("opened", "gt", "2025-01-01", "2025-06-01", True),
    ("zone", "in", ["I", "II"], "III", False),
    ("terrace", "is_true", None, True, True),
]


@pytest.mark.parametrize(("fact", "op", "value", "answer", "expected"), CASES)
@pytest.mark.parametrize("tree", [False, True], ids=["generated", "tree"])
def test_every_operator(fact: str, op: str, value: Any, answer: Any, expected: bool, tree: bool):
    leaf: dict[str, Any] = {"fact": fact, "op": op}
    if value is not None:
        leaf["value"] = value
    facts = {} if answer is None else {fact: answer}
    assert leaf_value(leaf, facts, tree=tree) is expected


@pytest.mark.parametrize(
    ("fact", "op", "value"),
    [
        ("employees", "gte", 1),
        ("sector", "in", ["retail"]),
        ("women_led", "is_true", None),
        ("women_led", "is_false", None),
        ("founded_on", "between", ["2020-01-01", "2021-01-01"]),
    ],
)
def test_a_leaf_on_an_unknown_fact_is_unknown(fact: str, op: str, value: Any):
    leaf: dict[str, Any] = {"fact": fact, "op": op}
    if value is not None:
        leaf["value"] = value
    assert leaf_value(leaf, {}) is None
    assert leaf_value(leaf, {fact: None}) is None


T = {"fact": "women_led", "op": "is_true"}
F = {"fact": "women_led", "op": "is_false"}
U = {"fact": "employees", "op": "gte", "value": 1}
TRUTH = {"T": T, "F": F, "U": U}
FACTS = {"women_led": True}
OUTCOME = {True: "eligible", False: "ineligible", None: "needs_info"}


def decide(condition: dict[str, Any], *, tree: bool = False) -> bool | None:
    compiled = CompiledProgramme(programme(condition), generate_code=not tree)
    outcome = compiled.evaluate(FACTS, as_of=AS_OF).outcome
    return {value: key for key, value in OUTCOME.items()}[outcome]


AND = {
    ("T", "T"): True, ("T", "F"): False, ("T", "U"): None,
    ("F", "T"): False, ("F", "F"): False, ("F", "U"): False,
    ("U", "T"): None, ("U", "F"): False, ("U", "U"): None,
}  # fmt: skip
OR = {
    ("T", "T"): True, ("T", "F"): True, ("T", "U"): True,
    ("F", "T"): True, ("F", "F"): False, ("F", "U"): None,
    ("U", "T"): True, ("U", "F"): None, ("U", "U"): None,
}  # fmt: skip


@pytest.mark.parametrize("tree", [False, True], ids=["generated", "tree"])
@pytest.mark.parametrize(("pair", "expected"), list(AND.items()))
def test_all_truth_table(pair: tuple[str, str], expected: bool | None, tree: bool):
    parts = [TRUTH[pair[0]], TRUTH[pair[1]]]
    assert decide({"all": parts}, tree=tree) is expected
    assert decide({"all": [*parts, T]}, tree=tree) is expected


@pytest.mark.parametrize("tree", [False, True], ids=["generated", "tree"])
@pytest.mark.parametrize(("pair", "expected"), list(OR.items()))
def test_any_truth_table(pair: tuple[str, str], expected: bool | None, tree: bool):
    parts = [TRUTH[pair[0]], TRUTH[pair[1]]]
    assert decide({"any": parts}, tree=tree) is expected
    assert decide({"any": [*parts, F]}, tree=tree) is expected


@pytest.mark.parametrize("tree", [False, True], ids=["generated", "tree"])
@pytest.mark.parametrize(("part", "expected"), [("T", False), ("F", True), ("U", None)])
def test_not_truth_table(part: str, expected: bool | None, tree: bool):
    assert decide({"not": TRUTH[part]}, tree=tree) is expected
    assert decide({"not": {"not": TRUTH[part]}}, tree=tree) is (
        None if expected is None else not expected
    )


@pytest.mark.parametrize("tree", [False, True], ids=["generated", "tree"])
def test_empty_all_is_true_and_empty_any_is_false(tree: bool):
    assert decide({"all": []}, tree=tree) is True
    assert decide({"any": []}, tree=tree) is False
    assert decide({"not": {"any": []}}, tree=tree) is True
    assert decide({"all": [T]}, tree=tree) is True
    assert decide({"any": [U]}, tree=tree) is None


def test_is_set_is_never_unknown():
    leaf = {"fact": "employees", "op": "is_set"}
    assert decide(leaf) is False
    assert decide({"not": leaf}) is True


# --- expressions ---------------------------------------------------------------------------


def amount_of(expression: Any, facts: dict[str, Any] | None = None, *, tree: bool = False
              ) -> Decimal | None:  # fmt: skip
    doc = programme(amount=expression, questions=QUESTIONS)
    compiled = CompiledProgramme(doc, generate_code=not tree)
    return compiled.evaluate(facts or {}, as_of=AS_OF).amount


EXPRESSIONS = [
    (3, {}, "3.00"),
    ("1250.5", {}, "1250.50"),
    ({"fact": "employees"}, {"employees": 7}, "7.00"),
    ({"fact": "monthly_rent"}, {"monthly_rent": "812.345"}, "812.35"),
    ({"fact": "women_led"}, {"women_led": True}, "1.00"),
    ({"mul": [{"fact": "women_led"}, 500]}, {"women_led": False}, "0.00"),
    ({"add": [1, "2.5", {"fact": "employees"}]}, {"employees": 2}, "5.50"),
    ({"add": ["7"]}, {}, "7.00"),
    ({"mul": ["1.5", 3, "2"]}, {}, "9.00"),
    ({"sub": [10, "2.25"]}, {}, "7.75"),
    ({"div": [10, 4]}, {}, "2.50"),
    ({"div": [1, 3]}, {}, "0.33"),
    ({"div": [2, 3]}, {}, "0.67"),
    ({"min": [5, "4.5", 9]}, {}, "4.50"),
    ({"max": [5, "4.5", 9]}, {}, "9.00"),
    ({"round": "2.675", "places": 2}, {}, "2.68"),
    ({"round": "0.125", "places": 2}, {}, "0.13"),
    ({"round": "2.5", "places": 0}, {}, "3.00"),
    ({"round": "-2.5", "places": 0}, {}, "0.00"),  # half-up away from zero, then floored at 0
    ({"round": "1234.5678", "places": 3}, {}, "1234.57"),  # 1234.568, then to cents
    ("2.675", {}, "2.68"),  # the final amount is rounded half-up too
    ("0.125", {}, "0.13"),
    ("0.005", {}, "0.01"),
    ("0.004", {}, "0.00"),
    ({"sub": [1, 5]}, {}, "0.00"),  # never below 0
    ({"sub": ["0", "0.001"]}, {}, "0.00"),  # and never "-0.00"
    ({"if": {"fact": "women_led", "op": "is_true"}, "then": 200, "else": 100},
     {"women_led": True}, "200.00"),
    ({"if": {"fact": "women_led", "op": "is_true"}, "then": 200, "else": 100},
     {"women_led": False}, "100.00"),
    ({"tiers": {"fact": "employees"}, "bands": [{"upto": 3, "value": 10}, {"upto": 10, "value": 20}],
      "otherwise": 30}, {"employees": 3}, "10.00"),
    ({"tiers": {"fact": "employees"}, "bands": [{"upto": 3, "value": 10}, {"upto": 10, "value": 20}],
      "otherwise": 30}, {"employees": 4}, "20.00"),
    ({"tiers": {"fact": "employees"}, "bands": [{"upto": 3, "value": 10}, {"upto": 10, "value": 20}],
      "otherwise": 30}, {"employees": 11}, "30.00"),
    ({"tiers": {"fact": "ratio"}, "bands": [{"upto": "0.5", "value": {"fact": "seats"}}],
      "otherwise": 0}, {"ratio": "0.5", "seats": 12}, "12.00"),
]  # fmt: skip


@pytest.mark.parametrize("tree", [False, True], ids=["generated", "tree"])
@pytest.mark.parametrize(("expression", "facts", "expected"), EXPRESSIONS)
def test_every_expression_form(expression: Any, facts: dict, expected: str, tree: bool):
    amount = amount_of(expression, facts, tree=tree)
    assert amount is not None
    assert format(amount, "f") == expected


UNKNOWN_AMOUNTS = [
    {"fact": "employees"},
    {"add": [1, {"fact": "employees"}]},
    {"mul": [0, {"fact": "employees"}]},  # no short cut: an unknown part is unknown
    {"min": [0, {"fact": "employees"}]},
    {"sub": [{"fact": "employees"}, 1]},
    {"div": [1, 0]},
    {"div": [0, 0]},
    {"div": [1, {"sub": [2, 2]}]},
    {"round": {"fact": "ratio"}, "places": 1},
    {"if": {"fact": "employees", "op": "gt", "value": 1}, "then": 1, "else": 2},
    {"if": {"fact": "women_led", "op": "is_true"}, "then": {"fact": "seats"}, "else": 2},
    {"tiers": {"fact": "employees"}, "bands": [{"upto": 1, "value": 1}], "otherwise": 2},
    {"tiers": 5, "bands": [{"upto": 1, "value": 1}], "otherwise": {"fact": "seats"}},
]


@pytest.mark.parametrize("tree", [False, True], ids=["generated", "tree"])
@pytest.mark.parametrize("expression", UNKNOWN_AMOUNTS)
def test_unknown_parts_make_the_amount_unknown(expression: Any, tree: bool):
    doc = programme(amount=expression, questions=QUESTIONS)
    evaluation = CompiledProgramme(doc, generate_code=not tree).evaluate(
        {"women_led": True}, as_of=AS_OF
    )
    assert evaluation.amount is None
    assert evaluation.outcome == "needs_info"


def test_an_if_reads_only_the_branch_taken():
    expression = {
        "if": {"fact": "women_led", "op": "is_true"},
        "then": 100,
        "else": {"fact": "seats"},
    }
    assert amount_of(expression, {"women_led": True}) == Decimal("100.00")


def test_score_is_computed_when_eligible():
    doc = programme(
        {"fact": "employees", "op": "gte", "value": 1},
        award_mode="competitive",
        score={"mul": [{"fact": "employees"}, "0.5"]},
    )
    compiled = compile_programme(doc)
    assert compiled.evaluate({"employees": 5}, as_of=AS_OF).score == Decimal("2.5")
    assert compiled.evaluate({"employees": 0}, as_of=AS_OF).score is None


def test_documents_required_when_their_condition_holds():
    doc = programme(
        documents=[
            {"code": "iae", "label": {"es": "IAE"}},
            {
                "code": "lease",
                "label": {"es": "Contrato de alquiler"},
                "when": {"fact": "premises_tenure", "op": "eq", "value": "rented"},
            },
        ]
    )
    compiled = compile_programme(doc)
    assert "premises_tenure" in compiled.input_facts
    rented = compiled.evaluate({"premises_tenure": "rented"}, as_of=AS_OF).documents()
    assert rented == [{"code": "iae", "required": True}, {"code": "lease", "required": True}]
    unknown = compiled.evaluate({}, as_of=AS_OF).documents()
    assert unknown[1] == {"code": "lease", "required": None}


def test_deep_nesting_compiles_and_too_deep_is_an_error():
    condition: dict[str, Any] = {"fact": "women_led", "op": "is_true"}
    for _ in range(15):  # 60 levels of JSON
        condition = {"all": [{"not": {"not": condition}}, {"any": [T]}]}
    compiled = compile_programme(programme(condition))
    assert compiled.source is not None
    assert compiled.evaluate({"women_led": True}, as_of=AS_OF).outcome == "eligible"
    assert compiled.evaluate({"women_led": False}, as_of=AS_OF).outcome == "ineligible"
    for _ in range(40):
        condition = {"not": condition}
    [error] = validate_definition(programme(condition))
    assert error.path.startswith("eligibility.not.not")
    assert error.message == "is nested more than 64 levels deep"
