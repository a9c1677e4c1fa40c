"""Format v2 expressions: rounding modes, and v1 documents keeping their meaning."""

from __future__ import annotations

from decimal import Decimal

import pytest

from eligibility.engine import InvalidDefinition, compile_programme, validate_definition
from tests.eligibility.engine_builders import AS_OF, programme

V2 = "onestop.programme/v2"


def amount_of(amount, facts=None, *, fmt=V2):
    compiled = compile_programme(programme(None, amount, format=fmt))
    return compiled.evaluate(facts or {}, as_of=AS_OF).amount


def paths(doc):
    return {error.path: error.message for error in validate_definition(doc)}


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        ("2.5", "half_up", "3"),
        ("2.5", "down", "2"),
        ("2.1", "up", "3"),
        ("2.0", "up", "2"),
        ("-2.5", "half_up", "-3"),
        ("-2.7", "down", "-2"),
        ("-2.1", "up", "-3"),
    ],
)
def test_round_modes_round_toward_or_away_from_zero(value, mode, expected):
    expression = {"sub": [{"round": value, "places": 0, "mode": mode}, "0"]}
    guard = {"add": [expression, "10"]}
    assert amount_of(guard) == Decimal(expected) + 10


def test_round_down_to_whole_euros_as_irun_supplements():
    amount = {"round": {"mul": [{"fact": "monthly_rent"}, "0.5"]}, "places": 0, "mode": "down"}
    assert amount_of(amount, {"monthly_rent": "1234.90"}) == Decimal("617.00")


def test_round_without_mode_is_half_up_as_in_v1():
    amount = {"round": "2.345", "places": 2}
    assert amount_of(amount, fmt="onestop.programme/v1") == Decimal("2.35")
    assert amount_of(amount) == Decimal("2.35")


def test_round_of_an_unknown_is_unknown():
    compiled = compile_programme(
        programme(None, {"round": {"fact": "monthly_rent"}, "places": 0, "mode": "up"}, format=V2)
    )
    evaluation = compiled.evaluate({}, as_of=AS_OF)
    assert evaluation.outcome == "needs_info"
    assert evaluation.amount is None
    assert evaluation.missing_facts == ["monthly_rent"]


def test_mode_needs_the_v2_format():
    doc = programme(
        None,
        {"add": ["1", {"round": "2.5", "places": 0, "mode": "down"}]},
        format="onestop.programme/v1",
    )
    assert paths(doc) == {"amount.add[1].mode": "needs format 'onestop.programme/v2'"}
    with pytest.raises(InvalidDefinition):
        compile_programme(doc)


def test_unknown_mode_is_reported_at_its_path():
    doc = programme(None, {"round": "2.5", "places": 0, "mode": "sideways"}, format=V2)
    assert "amount.mode" in paths(doc)


def test_places_stay_between_zero_and_six():
    doc = programme(None, {"round": "2.5", "places": 7, "mode": "up"}, format=V2)
    assert "amount.places" in paths(doc)


def test_v2_accepts_every_v1_document():
    doc = programme({"fact": "employees", "op": "lte", "value": 10}, "100", format=V2)
    assert validate_definition(doc) == []


def test_unknown_format_is_rejected():
    assert "format" in paths(programme(None, "100", format="onestop.programme/v3"))


# --- the final amount's rounding ------------------------------------------------------------


def rounded_amount(amount, rounding, facts=None):
    doc = programme(None, amount, format=V2, rounding=rounding)
    return compile_programme(doc).evaluate(facts or {}, as_of=AS_OF).amount


def test_the_final_amount_rounds_to_whole_euros_as_irun_supplements():
    amount = {"mul": [{"fact": "monthly_rent"}, "0.35"]}
    facts = {"monthly_rent": "1001"}  # 350.35
    assert str(rounded_amount(amount, {"places": 0}, facts)) == "350.00"
    assert str(rounded_amount(amount, {"places": 0, "mode": "up"}, facts)) == "351.00"
    assert str(rounded_amount("350.5", {"places": 0}, facts)) == "351.00"
    assert str(rounded_amount("350.5", {"places": 0, "mode": "down"}, facts)) == "350.00"


def test_the_final_amount_defaults_to_cents_half_up_and_never_below_zero():
    assert str(rounded_amount("2.345", {})) == "2.35"
    assert str(rounded_amount("-0.4", {"places": 0, "mode": "up"})) == "0.00"


def test_the_de_minimis_check_uses_the_rounded_amount():
    doc = programme(
        None, "300000.40", format=V2, rounding={"places": 0, "mode": "up"}, de_minimis=True
    )
    evaluation = compile_programme(doc).evaluate({"de_minimis_declared": 0}, as_of=AS_OF)
    assert evaluation.outcome == "ineligible"


def test_rounding_needs_v2_and_a_known_shape():
    v1 = programme(None, "100", rounding={"places": 0})
    assert paths(v1) == {"rounding": "needs format 'onestop.programme/v2'"}
    assert "rounding.places" in paths(programme(None, "100", format=V2, rounding={"places": 3}))
    assert "rounding.mode" in paths(programme(None, "100", format=V2, rounding={"mode": "bankers"}))
