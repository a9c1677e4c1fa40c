"""Format v2 tiers with explicit bounds: validation at the band's path, evaluation, missing
facts, the compiled evaluator against the tree walker, and explanations."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from eligibility.engine import CompiledProgramme, compile_programme, validate_definition
from tests.eligibility.engine_builders import AS_OF, programme

V2 = "onestop.programme/v2"

# Bilbao 2020, 4.1: by workers 1-3, 4-10, more than 10; none at all takes nothing.
BILBAO_2020 = {
    "tiers": {"fact": "employees"},
    "bands": [
        {"min": 1, "max": 3, "value": "1000"},
        {"min": 4, "max": 10, "value": "1250"},
        {"above": 10, "value": "1500"},
    ],
    "otherwise": "0",
}
RATIO = {"name": "ratio", "type": "decimal", "label": {"es": "Ratio", "en": "Ratio"}}
SEATS = {"name": "seats", "type": "int", "label": {"es": "Plazas", "en": "Seats"}}


def doc_with(amount, *, fmt=V2, questions=(RATIO, SEATS), eligibility=None, **overrides):
    return programme(eligibility, copy.deepcopy(amount), format=fmt, questions=list(questions),
                     **overrides)  # fmt: skip


def errors(amount, **kwargs):
    return {
        (error.path, error.message) for error in validate_definition(doc_with(amount, **kwargs))
    }


def both(doc):
    """The generated decision and the tree walker, which must agree."""
    return CompiledProgramme(doc), CompiledProgramme(doc, generate_code=False)


def amounts(doc, facts):
    found = set()
    for compiled in both(doc):
        evaluation = compiled.evaluate(facts, as_of=AS_OF)
        found.add((evaluation.outcome, evaluation.amount, tuple(evaluation.missing_facts)))
    assert len(found) == 1, found
    return found.pop()


# --- evaluation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("employees", "expected"),
    [(0, "0.00"), (1, "1000.00"), (3, "1000.00"), (4, "1250.00"), (10, "1250.00"),
     (11, "1500.00"), (250, "1500.00")],
)  # fmt: skip
def test_bilbao_2020_bands_by_workers(employees, expected):
    assert validate_definition(doc_with(BILBAO_2020)) == []
    outcome, amount, missing = amounts(doc_with(BILBAO_2020), {"employees": employees})
    assert (outcome, amount, missing) == ("eligible", Decimal(expected), ())


def test_explicit_bands_may_be_written_in_any_order():
    shuffled = {**BILBAO_2020, "bands": [BILBAO_2020["bands"][i] for i in (2, 0, 1)]}
    assert validate_definition(doc_with(shuffled)) == []
    for employees, expected in ((2, "1000.00"), (7, "1250.00"), (12, "1500.00"), (0, "0.00")):
        assert amounts(doc_with(shuffled), {"employees": employees})[1] == Decimal(expected)


def test_exclusive_bounds_on_a_decimal_subject():
    amount = {
        "tiers": {"fact": "ratio"},
        "bands": [
            {"below": "0.5", "value": 1},
            {"min": "0.5", "max": "0.75", "value": 2},
            {"above": "0.75", "value": 3},
        ],
    }
    assert validate_definition(doc_with(amount)) == []
    expected = {"0.4999": "1.00", "0.5": "2.00", "0.75": "2.00", "0.7501": "3.00", "-9": "1.00"}
    for ratio, value in expected.items():
        assert amounts(doc_with(amount), {"ratio": ratio})[1] == Decimal(value)


def test_an_unknown_subject_is_unknown_and_reads_every_band():
    amount = {
        "tiers": {"fact": "employees"},
        "bands": [{"max": 3, "value": {"fact": "monthly_rent"}}, {"min": 4, "value": 5}],
        "otherwise": {"fact": "seats"},
    }
    doc = doc_with(amount)
    assert validate_definition(doc) == []
    assert amounts(doc, {}) == ("needs_info", None, ("employees", "monthly_rent", "seats"))


def test_a_known_subject_reads_only_the_band_chosen():
    amount = {
        "tiers": {"fact": "employees"},
        "bands": [{"max": 3, "value": {"fact": "monthly_rent"}}, {"min": 4, "value": {"fact": "ratio"}}],
    }  # fmt: skip
    doc = doc_with(amount)
    assert amounts(doc, {"employees": 2}) == ("needs_info", None, ("monthly_rent",))
    assert amounts(doc, {"employees": 5}) == ("needs_info", None, ("ratio",))
    assert amounts(doc, {"employees": 5, "ratio": "7"}) == ("eligible", Decimal("7.00"), ())


def test_without_otherwise_bands_that_cover_everything_are_enough():
    amount = {
        "tiers": {"fact": "ratio"},
        "bands": [{"below": 0, "value": 0}, {"min": 0, "value": 9}],
    }
    assert validate_definition(doc_with(amount)) == []
    assert amounts(doc_with(amount), {"ratio": "-0.01"})[1] == Decimal("0.00")
    assert amounts(doc_with(amount), {"ratio": "0"})[1] == Decimal("9.00")


def test_the_v1_upto_form_keeps_its_meaning_in_v2():
    upto = {"tiers": {"fact": "employees"}, "bands": [{"upto": 3, "value": 1}, {"upto": 10, "value": 2}],
            "otherwise": 3}  # fmt: skip
    for fmt in ("onestop.programme/v1", V2):
        doc = doc_with(upto, fmt=fmt)
        assert validate_definition(doc) == []
        got = [amounts(doc, {"employees": n})[1] for n in (0, 3, 4, 10, 11)]
        assert got == [Decimal(x) for x in ("1.00", "1.00", "2.00", "2.00", "3.00")]


# --- validation ---------------------------------------------------------------------------


def test_explicit_bounds_need_v2():
    found = errors(BILBAO_2020, fmt="onestop.programme/v1")
    needs = "needs format 'onestop.programme/v2'"
    assert found == {
        ("amount.bands[0].min", needs), ("amount.bands[0].max", needs),
        ("amount.bands[1].min", needs), ("amount.bands[1].max", needs),
        ("amount.bands[2].above", needs),
    }  # fmt: skip


def test_an_empty_band_is_an_error_at_the_band():
    amount = {
        "tiers": {"fact": "ratio"},
        "bands": [{"min": 5, "max": 3, "value": 1}],
        "otherwise": 0,
    }
    assert errors(amount) == {("amount.bands[0]", "is empty: no value is 5 to 3")}


def test_a_band_empty_of_whole_numbers_for_an_int_subject():
    amount = {"tiers": {"fact": "employees"},
              "bands": [{"above": 3, "below": 4, "value": 1}], "otherwise": 0}  # fmt: skip
    assert errors(amount) == {
        ("amount.bands[0]", "is empty: no whole number is above 3 and below 4")
    }
    # The same band holds 3.5 for a decimal subject.
    assert errors({**amount, "tiers": {"fact": "ratio"}}) == set()


def test_overlapping_bands_are_an_error_at_the_later_band():
    amount = {
        "tiers": {"fact": "employees"},
        "bands": [{"min": 1, "max": 3, "value": 1}, {"min": 3, "max": 9, "value": 2}],
        "otherwise": 0,
    }
    assert errors(amount) == {("amount.bands[1]", "overlaps bands[0] (1 to 3)")}


def test_touching_exclusive_and_inclusive_bounds_do_not_overlap():
    amount = {
        "tiers": {"fact": "ratio"},
        "bands": [{"min": 1, "below": 3, "value": 1}, {"min": 3, "max": 9, "value": 2}],
        "otherwise": 0,
    }
    assert errors(amount) == set()


def test_a_hole_between_bands_of_a_decimal_subject():
    amount = {
        "tiers": {"fact": "ratio"},
        "bands": [{"min": 1, "max": 3, "value": 1}, {"min": 4, "max": 9, "value": 2}],
        "otherwise": 0,
    }
    assert errors(amount) == {
        ("amount.bands[1]",
         "leaves a hole after bands[0]: values above 3 and below 4 fall in no band"),
    }  # fmt: skip


@pytest.mark.parametrize(
    "subject",
    [{"fact": "employees"}, {"fact": "seats"}, {"round": {"fact": "ratio"}, "places": 0},
     {"fact": "women_led"}],
)  # fmt: skip
def test_no_hole_between_3_and_4_for_a_whole_number_subject(subject):
    amount = {
        "tiers": subject,
        "bands": [{"min": 1, "max": 3, "value": 1}, {"min": 4, "max": 9, "value": 2}],
        "otherwise": 0,
    }
    assert errors(amount) == set()


def test_a_hole_of_whole_numbers_is_still_a_hole():
    amount = {
        "tiers": {"fact": "employees"},
        "bands": [{"max": 3, "value": 1}, {"min": 5, "value": 2}],
    }
    assert errors(amount) == {
        ("amount.bands[1]",
         "leaves a hole after bands[0]: values above 3 and below 5 fall in no band"),
    }  # fmt: skip


def test_two_exclusive_bounds_at_one_value_leave_that_value_out():
    amount = {
        "tiers": {"fact": "ratio"},
        "bands": [{"below": 3, "value": 1}, {"above": 3, "value": 2}],
    }
    assert errors(amount) == {
        ("amount.bands[1]", "leaves a hole after bands[0]: the value 3 falls in no band")
    }


def test_otherwise_is_required_when_the_bands_leave_the_ends_open():
    below = {"tiers": {"fact": "employees"}, "bands": [{"min": 1, "value": 1}]}
    assert errors(below) == {("amount.otherwise", "is required: values below 1 fall in no band")}
    above = {"tiers": {"fact": "employees"}, "bands": [{"max": 10, "value": 1}]}
    assert errors(above) == {("amount.otherwise", "is required: values above 10 fall in no band")}
    no_otherwise = {k: v for k, v in BILBAO_2020.items() if k != "otherwise"}
    assert errors(no_otherwise) == {
        ("amount.otherwise", "is required: values below 1 fall in no band")
    }


def test_mixed_forms_are_an_error_at_the_band():
    amount = {
        "tiers": {"fact": "employees"},
        "bands": [{"upto": 3, "value": 1}, {"min": 4, "value": 2}],
        "otherwise": 0,
    }
    assert errors(amount) == {
        ("amount.bands[1]",
         "uses explicit bounds but bands[0] uses 'upto': all bands of one tiers use the same form"),
    }  # fmt: skip
    both_in_one = {"tiers": {"fact": "employees"},
                   "bands": [{"upto": 3, "min": 1, "value": 1}], "otherwise": 0}  # fmt: skip
    assert ("amount.bands[0]", "mixes 'upto' with min/max/above/below: use one form") in errors(
        both_in_one
    )


def test_two_lower_bounds_in_one_band():
    amount = {"tiers": {"fact": "ratio"}, "bands": [{"min": 1, "above": 2, "value": 1}],
              "otherwise": 0}  # fmt: skip
    assert (
        "amount.bands[0].above",
        "cannot be given with 'min': a band has at most one lower bound",
    ) in errors(amount)


def test_the_upto_form_still_requires_otherwise_and_upto():
    amount = {"tiers": {"fact": "employees"}, "bands": [{"upto": 3, "value": 1}]}
    assert errors(amount) == {("amount.otherwise", "is required")}
    amount = {"tiers": {"fact": "employees"}, "bands": [{"value": 1}], "otherwise": 0}
    assert errors(amount, fmt="onestop.programme/v1") == {("amount.bands[0].upto", "is required")}


def test_band_values_are_checked_at_their_path():
    amount = {"tiers": {"fact": "employees"}, "bands": [{"min": 0, "value": {"fact": "sector"}}]}
    messages = dict(errors(amount))
    assert "amount.bands[0].value.fact" in messages


def test_a_bad_bound_is_a_shape_error_at_its_path():
    amount = {"tiers": {"fact": "employees"}, "bands": [{"min": "x", "value": 1}], "otherwise": 0}
    assert any(path == "amount.bands[0].min" for path, _ in errors(amount))


# --- explanations ---------------------------------------------------------------------------


def test_reasons_render_in_every_language_for_a_programme_with_bands():
    doc = doc_with(
        BILBAO_2020,
        eligibility={"all": [{"id": "staff", "fact": "employees", "op": "gte", "value": 1}]},
    )
    compiled = compile_programme(doc)
    for facts, met in (({"employees": 5}, True), ({"employees": 0}, False), ({}, None)):
        evaluation = compiled.evaluate(facts, as_of=AS_OF)
        for lang in ("es", "eu", "en"):
            reasons = evaluation.to_dict(lang)["reasons"]
            assert [reason["met"] for reason in reasons] == [met]
            assert all(reason["text"] for reason in reasons)
    assert compiled.evaluate({"employees": 5}, as_of=AS_OF).to_dict("en")["amount"] == "1250.00"


def test_explicit_bands_are_described_lowest_first():
    shuffled = {**BILBAO_2020, "bands": [BILBAO_2020["bands"][i] for i in (2, 0, 1)]}
    shape = compile_programme(doc_with(shuffled)).describe_amount()
    assert shape["kind"] == "bands"
    assert shape["fact"].name == "employees"
    assert [(band.text, value) for band, value in shape["bands"]] == [
        ("1 to 3", Decimal(1000)), ("4 to 10", Decimal(1250)), ("above 10", Decimal(1500))
    ]  # fmt: skip
    assert shape["otherwise"] == Decimal(0)


def test_bands_with_computed_values_are_described_as_computed():
    amount = {
        "tiers": {"fact": "employees"},
        "bands": [{"max": 0, "value": 0}, {"min": 1, "value": {"fact": "seats"}}],
    }
    assert compile_programme(doc_with(amount)).describe_amount() == {"kind": "computed"}


@pytest.mark.parametrize(
    ("lang", "rows"),
    [("es", ["De 1 a 3", "De 4 a 10", "Más de 10"]),
     ("en", ["From 1 to 3", "From 4 to 10", "More than 10", "Any other value"])],
)  # fmt: skip
def test_the_programme_page_states_explicit_bands_as_rows(lang, rows):
    from django.utils import translation

    from eligibility import service

    with translation.override(lang):
        amount = service.programme_description(doc_with(BILBAO_2020), lang)["amount"]
    # The last row ("any other value") is translated once its catalogue entry is compiled.
    assert [band for band, _ in amount["tiers"]][: len(rows)] == rows
    assert len(amount["tiers"]) == 4
    assert amount["tiers"][1][1] == service.amount_text(Decimal(1250), "EUR", lang)


def test_an_id_under_otherwise_is_checked_once():
    amount = {
        "tiers": {"fact": "employees"},
        "bands": [{"min": 1, "value": 1}],
        "otherwise": {"if": {"id": "rent", "fact": "monthly_rent", "op": "gt", "value": 0},
                      "then": 1, "else": 0},
    }  # fmt: skip
    assert errors(amount) == set()
