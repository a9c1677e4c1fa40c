"""Format v2 lookup tables (row fact x column band): validation at the path, evaluation,
missing facts, the compiled evaluator against the tree walker, and explanations."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from eligibility.engine import CompiledProgramme, compile_programme, validate_definition
from tests.eligibility.engine_builders import AS_OF, programme

V2 = "onestop.programme/v2"

VENUE_GROUP = {
    "name": "venue_group",
    "type": "choice",
    "choices": ["II", "III", "IV"],
    "label": {"es": "Grupo del local", "eu": "Lokalaren taldea", "en": "Venue group"},
}
FLOORS = {"name": "floors", "type": "int", "min": 1, "max": 3, "label": {"es": "Plantas"}}
RATIO = {"name": "ratio", "type": "decimal", "label": {"es": "Ratio"}}

# After Bilbao 2022's hospitality aid: by the venue's group and the headcount 1-5, 6-10,
# more than 10 (the amounts are made up).
BILBAO_2022 = {
    "lookup": {"row": "venue_group", "column": {"fact": "employees"}},
    "columns": [{"min": 1, "max": 5}, {"min": 6, "max": 10}, {"above": 10}],
    "rows": {
        "II": ["2000", "3000", "4000"],
        "III": ["1500", "2250", "3000"],
        "IV": ["1000", "1500", "2000"],
    },
    "otherwise": "0",
}


def doc_with(amount, *, fmt=V2, eligibility=None, questions=(VENUE_GROUP, FLOORS, RATIO)):
    return programme(eligibility, copy.deepcopy(amount), format=fmt, questions=list(questions))


def errors(amount, **kwargs):
    return {
        (error.path, error.message) for error in validate_definition(doc_with(amount, **kwargs))
    }


def evaluate(doc, facts):
    """Outcome, amount and missing facts, the same from the generated code and the tree."""
    found = set()
    for generate_code in (True, False):
        evaluation = CompiledProgramme(doc, generate_code=generate_code).evaluate(
            facts, as_of=AS_OF
        )
        found.add((evaluation.outcome, evaluation.amount, tuple(evaluation.missing_facts)))
    assert len(found) == 1, found
    return found.pop()


def without(node, key):
    return {k: copy.deepcopy(v) for k, v in node.items() if k != key}


# --- evaluation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "employees", "expected"),
    [("II", 1, "2000"), ("II", 5, "2000"), ("II", 6, "3000"), ("II", 11, "4000"),
     ("III", 10, "2250"), ("III", 40, "3000"), ("IV", 3, "1000"), ("IV", 7, "1500"),
     ("IV", 0, "0")],
)  # fmt: skip
def test_bilbao_2022_group_by_headcount(group, employees, expected):
    doc = doc_with(BILBAO_2022)
    assert validate_definition(doc) == []
    assert evaluate(doc, {"venue_group": group, "employees": employees}) == (
        "eligible",
        Decimal(expected).quantize(Decimal("0.01")),
        (),
    )


def test_an_unknown_row_or_column_is_unknown_and_reads_the_whole_table():
    amount = {
        "lookup": {"row": "venue_group", "column": {"fact": "employees"}},
        "columns": [{"max": 5}, {"above": 5}],
        "rows": {"II": [1, {"fact": "monthly_rent"}], "III": [2, 3], "IV": [4, 5]},
        "otherwise": {"fact": "ratio"},
    }
    doc = doc_with(amount)
    assert validate_definition(doc) == []
    assert evaluate(doc, {}) == (
        "needs_info",
        None,
        ("employees", "monthly_rent", "ratio", "venue_group"),
    )
    # The row known, the column not: still the whole table (and the column).
    assert evaluate(doc, {"venue_group": "III"}) == (
        "needs_info",
        None,
        ("employees", "monthly_rent", "ratio"),
    )
    # The column known, the row not: the row fact and every cell.
    assert evaluate(doc, {"employees": 2}) == (
        "needs_info",
        None,
        ("monthly_rent", "ratio", "venue_group"),
    )


def test_a_known_row_and_column_read_only_the_chosen_cell():
    amount = {
        "lookup": {"row": "venue_group", "column": {"fact": "employees"}},
        "columns": [{"max": 5}, {"above": 5}],
        "rows": {"II": [1, {"fact": "monthly_rent"}], "III": [2, 3], "IV": [{"fact": "ratio"}, 5]},
    }
    doc = doc_with(amount)
    assert validate_definition(doc) == []
    assert evaluate(doc, {"venue_group": "II", "employees": 9}) == (
        "needs_info",
        None,
        ("monthly_rent",),
    )
    assert evaluate(doc, {"venue_group": "IV", "employees": 1}) == ("needs_info", None, ("ratio",))
    assert evaluate(doc, {"venue_group": "III", "employees": 9}) == (
        "eligible",
        Decimal("3.00"),
        (),
    )


def test_a_row_not_listed_and_a_column_value_in_no_column_take_otherwise():
    amount = {
        "lookup": {"row": "venue_group", "column": {"fact": "ratio"}},
        "columns": [{"min": 0, "below": 1}, {"min": 1, "max": 2}],
        "rows": {"II": [10, 20]},
        "otherwise": {"fact": "monthly_rent"},
    }
    doc = doc_with(amount)
    assert validate_definition(doc) == []
    assert evaluate(doc, {"venue_group": "III", "ratio": "0.5", "monthly_rent": 7})[1] == Decimal(
        "7.00"
    )
    assert evaluate(doc, {"venue_group": "II", "ratio": "2.5", "monthly_rent": 8})[1] == Decimal(
        "8.00"
    )
    assert evaluate(doc, {"venue_group": "II", "ratio": "0.99"})[1] == Decimal("10.00")
    assert evaluate(doc, {"venue_group": "III", "ratio": "0.5"}) == (
        "needs_info",
        None,
        ("monthly_rent",),
    )


def test_an_int_row_fact_with_decimal_string_keys():
    amount = {
        "lookup": {"row": "floors", "column": {"fact": "employees"}},
        "columns": [{"max": 9}, {"min": 10}],
        "rows": {"1": [100, 200], "2": [150, 250], "3": [175, 275]},
    }
    doc = doc_with(amount)
    assert validate_definition(doc) == []
    assert evaluate(doc, {"floors": 2, "employees": 12})[1] == Decimal("250.00")
    assert evaluate(doc, {"floors": 3, "employees": 0})[1] == Decimal("175.00")


def test_a_lookup_inside_arithmetic_and_with_an_expression_column():
    amount = {"mul": [copy.deepcopy(BILBAO_2022), "0.5"]}
    amount["mul"][0]["lookup"]["column"] = {"add": [{"fact": "employees"}, 1]}
    doc = doc_with(amount)
    assert validate_definition(doc) == []
    # 5 employees + 1 = 6: the second column.
    assert evaluate(doc, {"venue_group": "II", "employees": 5})[1] == Decimal("1500.00")


# --- validation ---------------------------------------------------------------------------


def test_a_lookup_needs_v2():
    assert errors(BILBAO_2022, fmt="onestop.programme/v1") == {
        ("amount.lookup", "needs format 'onestop.programme/v2'")
    }


def test_a_row_with_the_wrong_number_of_values():
    amount = copy.deepcopy(BILBAO_2022)
    amount["rows"]["III"] = ["1500", "2250"]
    assert errors(amount) == {("amount.rows.III", "has 2 values for 3 columns")}


def test_a_missing_row_without_otherwise():
    amount = without(BILBAO_2022, "otherwise")
    amount["columns"] = [{"max": 5}, {"min": 6, "max": 10}, {"above": 10}]
    del amount["rows"]["IV"]
    assert errors(amount) == {("amount.rows", "has no row for 'IV'; add it or give otherwise")}
    amount["otherwise"] = "0"
    assert errors(amount) == set()


def test_columns_must_cover_everything_without_otherwise():
    amount = without(BILBAO_2022, "otherwise")
    assert errors(amount) == {("amount.otherwise", "is required: values below 1 fall in no column")}


def test_a_row_key_that_is_not_a_choice():
    amount = copy.deepcopy(BILBAO_2022)
    amount["rows"]["V"] = ["1", "2", "3"]
    assert errors(amount) == {
        ("amount.rows.V", "'V' is not a choice of 'venue_group' (choices: II, III, IV)")
    }


def test_int_row_keys_must_be_whole_numbers_the_fact_can_take():
    amount = {
        "lookup": {"row": "floors", "column": {"fact": "employees"}},
        "columns": [{"max": 9}, {"min": 10}],
        "rows": {"1": [1, 2], "two": [1, 2], "7": [1, 2]},
    }
    found = errors(amount)
    assert ("amount.rows.two", "'two' is not a whole number ('floors' is an int fact)") in found
    assert ('amount.rows["7"]', "'7' is outside the values 'floors' can take") in found
    assert ("amount.rows", "has no row for '2', '3'; add them or give otherwise") in found


def test_an_unbounded_int_row_fact_needs_otherwise():
    amount = {
        "lookup": {"row": "employees", "column": {"fact": "ratio"}},
        "columns": [{}],
        "rows": {"1": [1]},
    }
    assert errors(amount) == {
        ("amount.otherwise",
         "is required: 'employees' is a int fact, whose values cannot all have a row"),
    }  # fmt: skip


def test_the_row_must_be_a_choice_int_or_code_fact():
    amount = copy.deepcopy(BILBAO_2022)
    amount["lookup"]["row"] = "women_led"
    assert errors(amount) == {
        ("amount.lookup.row",
         "'women_led' is a bool fact; a lookup's row must be a choice, int or code fact"),
    }  # fmt: skip
    amount["lookup"]["row"] = "venue_grup"
    assert errors(amount) == {
        ("amount.lookup.row", "unknown fact 'venue_grup' (did you mean 'venue_group'?)")
    }


def test_columns_are_checked_like_bands():
    amount = copy.deepcopy(BILBAO_2022)
    amount["columns"] = [{"min": 1, "max": 5}, {"min": 5, "max": 10}, {"above": 10}]
    assert errors(amount) == {("amount.columns[1]", "overlaps columns[0] (1 to 5)")}
    amount["columns"] = [{"min": 1, "max": 5}, {"min": 7, "max": 10}, {"above": 10}]
    assert errors(amount) == {
        ("amount.columns[1]",
         "leaves a hole after columns[0]: values above 5 and below 7 fall in no column"),
    }  # fmt: skip
    amount["columns"] = [{"min": 1, "max": 5}, {"min": 10, "max": 6}, {"above": 10}]
    assert ("amount.columns[1]", "is empty: no whole number is 10 to 6") in errors(amount)


def test_a_decimal_column_has_holes_an_int_column_has_not():
    amount = copy.deepcopy(BILBAO_2022)
    amount["lookup"]["column"] = {"fact": "ratio"}
    assert errors(amount) == {
        ("amount.columns[1]",
         "leaves a hole after columns[0]: values above 5 and below 6 fall in no column"),
    }  # fmt: skip
    amount["lookup"]["column"] = {"round": {"fact": "ratio"}, "places": 0}
    assert errors(amount) == set()
    amount["lookup"]["column"] = {"div": [{"fact": "employees"}, 2]}
    assert len(errors(amount)) == 1


def test_cells_are_checked_at_their_path():
    amount = copy.deepcopy(BILBAO_2022)
    amount["rows"]["II"][1] = {"fact": "sector"}
    assert any(path == "amount.rows.II[1].fact" for path, _ in errors(amount))


def test_shape_errors_name_the_lookup_parts():
    amount = {"lookup": {"row": "venue_group"}, "columns": [{"min": 1, "value": 3}], "rows": {}}
    paths = {path for path, _ in errors(amount)}
    assert {"amount.lookup.column", "amount.columns[0].value", "amount.rows"} <= paths


# --- explanations ---------------------------------------------------------------------------


def test_reasons_render_in_every_language_for_a_programme_with_a_table():
    eligibility = {"all": [
        {"id": "group", "fact": "venue_group", "op": "in", "value": ["II", "III"]},
        {"id": "staff", "fact": "employees", "op": "gte", "value": 1},
    ]}  # fmt: skip
    compiled = compile_programme(doc_with(BILBAO_2022, eligibility=eligibility))
    cases = (
        ({"venue_group": "II", "employees": 8}, [True, True], "3000.00"),
        ({"venue_group": "IV", "employees": 8}, [False, True], None),
        ({"employees": 8}, [None, True], None),
    )
    for facts, met, amount in cases:
        evaluation = compiled.evaluate(facts, as_of=AS_OF)
        for lang in ("es", "eu", "en"):
            result = evaluation.to_dict(lang)
            assert [reason["met"] for reason in result["reasons"]] == met
            assert all(reason["text"] for reason in result["reasons"])
            assert result["amount"] == amount
    texts = {lang: compiled.evaluate({"venue_group": "IV"}, as_of=AS_OF).to_dict(lang)
             for lang in ("es", "eu", "en")}  # fmt: skip
    assert texts["es"]["reasons"][0]["text"] != texts["en"]["reasons"][0]["text"]


def test_a_table_of_fixed_amounts_is_described():
    shape = compile_programme(doc_with(BILBAO_2022)).describe_amount()
    assert shape["kind"] == "table"
    assert shape["row"].name == "venue_group"
    assert shape["column"].name == "employees"
    assert [column.text for column in shape["columns"]] == ["1 to 5", "6 to 10", "above 10"]
    assert shape["rows"][0] == ("II", [Decimal(2000), Decimal(3000), Decimal(4000)])
    assert shape["otherwise"] == Decimal(0)


def test_the_table_keeps_the_row_facts_value_in_the_outcome():
    compiled = compile_programme(doc_with(BILBAO_2022))
    evaluation = compiled.evaluate({"venue_group": "III", "employees": 2}, as_of=AS_OF)
    assert evaluation.facts["venue_group"] == "III"


def test_a_derived_fact_may_be_a_lookup_and_reads_its_row_fact():
    doc = doc_with({"fact": "table_amount"})
    doc["derived"] = [
        {"name": "table_amount", "type": "decimal", "label": {"es": "Importe de la tabla"},
         "formula": BILBAO_2022}
    ]  # fmt: skip
    assert validate_definition(doc) == []
    assert evaluate(doc, {"venue_group": "III", "employees": 7}) == (
        "eligible", Decimal("2250.00"), (),
    )  # fmt: skip
    outcome, amount, missing = evaluate(doc, {"employees": 7})
    assert (outcome, amount) == ("needs_info", None)
    assert "venue_group" in missing
