"""Outcomes, missing facts, reasons, the de minimis ceiling and the window."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from engine_builders import AS_OF, GOOD_BAR, HOSPITALITY, programme

from eligibility.engine import ProgrammeCache, compile_programme, compiled_for

EMPLOYEES = {"fact": "employees", "op": "gte", "value": 1}
WOMEN = {"fact": "women_led", "op": "is_true"}
SECTOR = {"fact": "sector", "op": "eq", "value": "care"}
RENT = {"fact": "monthly_rent", "op": "gt", "value": 0}


def missing(condition: Any, facts: dict[str, Any], amount: Any = "100", **extra: Any
            ) -> list[str]:  # fmt: skip
    evaluation = compile_programme(programme(condition, amount, **extra)).evaluate(
        facts, as_of=AS_OF
    )
    if evaluation.outcome != "needs_info":
        assert evaluation.missing_facts == []
    return evaluation.missing_facts


def test_hospitality_example_eligible():
    compiled = compile_programme(HOSPITALITY)
    result = compiled.evaluate(GOOD_BAR, as_of=AS_OF).to_dict("en")
    assert result["programme"] == "hospitality-direct-aid"
    assert result["outcome"] == "eligible"
    assert result["amount"] == "1250.00"
    assert result["unit"] == "EUR"
    assert result["open"] is True
    assert result["missing_facts"] == []
    assert [(r["id"], r["met"]) for r in result["reasons"]] == [
        ("sector", True), ("premises", True), ("staff", True), ("tax", True), ("ss", True),
        ("debts", True), ("de_minimis", True),
    ]  # fmt: skip
    assert list(result) == [
        "programme", "outcome", "amount", "unit", "open", "missing_facts", "reasons"
    ]  # fmt: skip
    json.dumps(result)  # plain JSON: strings, bools, None


def test_hospitality_example_ineligible_flips_met_under_not():
    facts = {**GOOD_BAR, "debts_with_city": True, "sector": "retail"}
    evaluation = compile_programme(HOSPITALITY).evaluate(facts, as_of=AS_OF)
    assert evaluation.outcome == "ineligible"
    assert evaluation.amount is None
    reasons = {r["id"]: r for r in evaluation.to_dict("en")["reasons"]}
    assert reasons["debts"]["met"] is False  # the leaf is true, under one `not`
    assert reasons["debts"]["text"] == "Debts with the City Council rule out this aid."
    assert reasons["sector"]["met"] is False
    assert "de_minimis" not in reasons  # no check when not eligible


def test_tiers_bands_are_inclusive_upper_bounds():
    compiled = compile_programme(HOSPITALITY)
    amounts = {
        n: compiled.evaluate({**GOOD_BAR, "employees": n}, as_of=AS_OF).amount
        for n in (1, 3, 4, 10, 11)
    }
    assert amounts == {
        1: Decimal("1000.00"), 3: Decimal("1000.00"), 4: Decimal("1250.00"),
        10: Decimal("1250.00"), 11: Decimal("1500.00"),
    }  # fmt: skip


def test_missing_facts_in_a_flat_all():
    assert missing({"all": [EMPLOYEES, WOMEN, SECTOR]}, {"women_led": True}) == [
        "employees",
        "sector",
    ]


def test_a_false_part_decides_an_all_and_nothing_is_missing():
    assert missing({"all": [EMPLOYEES, WOMEN]}, {"women_led": False}) == []


def test_missing_facts_descend_only_through_unknown_nodes():
    condition = {
        "all": [
            {"any": [WOMEN, EMPLOYEES]},  # unknown: both missing
            {"any": [SECTOR, {"fact": "district", "op": "eq", "value": "abando"}]},  # true
            {"not": {"all": [RENT, {"fact": "debts_with_city", "op": "is_true"}]}},  # unknown
        ]
    }
    facts = {"district": "abando", "debts_with_city": True}
    assert missing(condition, facts) == ["employees", "monthly_rent", "women_led"]


def test_an_any_with_a_true_part_is_decided():
    condition = {"any": [WOMEN, {"all": [EMPLOYEES, SECTOR]}]}
    assert missing(condition, {"women_led": True}) == []
    assert missing(condition, {"women_led": False}) == ["employees", "sector"]
    # A false part of an unknown `all` is not descended into (it is decided).
    assert missing(condition, {"women_led": False, "sector": "retail"}) == []
    assert missing(condition, {"women_led": False, "sector": "care"}) == ["employees"]


def test_not_keeps_unknown_and_its_missing_facts():
    assert missing({"not": {"not": {"any": [WOMEN, SECTOR]}}}, {}) == ["sector", "women_led"]


def test_a_derived_fact_stands_for_its_unknown_inputs():
    drop = {"fact": "turnover_drop_pct", "op": "gte", "value": "25"}
    assert missing(drop, {}) == ["turnover_current", "turnover_previous"]
    assert missing(drop, {"turnover_previous": "10"}) == ["turnover_current"]
    assert missing({"fact": "years_active", "op": "gte", "value": 2}, {}) == ["founded_on"]
    assert missing({"fact": "is_sse", "op": "is_true"}, {}) == ["legal_form"]
    total = {"fact": "de_minimis_total", "op": "lt", "value": 1000}
    assert missing(total, {}) == ["de_minimis_declared"]


def test_missing_facts_of_the_amount_when_eligible():
    amount = {"add": [{"fact": "employees"}, {"mul": [{"fact": "monthly_rent"}, 2]}]}
    assert missing(WOMEN, {"women_led": True}, amount) == ["employees", "monthly_rent"]
    # The amount is not read while eligibility is undecided.
    assert missing({"all": [WOMEN, SECTOR]}, {"women_led": True}, amount) == ["sector"]


def test_missing_facts_of_an_if():
    amount = {
        "if": {"any": [SECTOR, {"fact": "district", "op": "eq", "value": "abando"}]},
        "then": {"fact": "employees"},
        "else": {"fact": "monthly_rent"},
    }
    facts = {"women_led": True}
    # Unknown condition: its undecided leaves, and both branches.
    assert missing(WOMEN, facts, amount) == ["district", "employees", "monthly_rent", "sector"]
    # Known condition: only the branch taken.
    assert missing(WOMEN, {**facts, "sector": "care"}, amount) == ["employees"]
    assert missing(WOMEN, {**facts, "sector": "retail", "district": "deusto"}, amount) == [
        "monthly_rent"
    ]


def test_missing_facts_of_tiers():
    amount = {
        "tiers": {"fact": "employees"},
        "bands": [{"upto": 3, "value": {"fact": "monthly_rent"}}, {"upto": 10, "value": 5}],
        "otherwise": {"mul": [{"fact": "turnover_current"}, "0.01"]},
    }
    facts = {"women_led": True}
    # Unknown subject: the subject, every band's value and otherwise.
    assert missing(WOMEN, facts, amount) == ["employees", "monthly_rent", "turnover_current"]
    # Known subject: only the band chosen.
    assert missing(WOMEN, {**facts, "employees": 2}, amount) == ["monthly_rent"]
    assert missing(WOMEN, {**facts, "employees": 5}, amount) == []
    assert missing(WOMEN, {**facts, "employees": 50}, amount) == ["turnover_current"]


def test_division_by_zero_needs_info_with_nothing_to_ask():
    evaluation = compile_programme(programme(amount={"div": [1, 0]})).evaluate({}, as_of=AS_OF)
    assert evaluation.outcome == "needs_info"
    assert evaluation.missing_facts == []
    assert evaluation.amount is None


def test_eligible_never_comes_with_an_unknown_amount():
    compiled = compile_programme(programme(amount={"fact": "employees"}))
    evaluation = compiled.evaluate({}, as_of=AS_OF)
    assert (evaluation.outcome, evaluation.amount) == ("needs_info", None)
    assert evaluation.to_dict()["amount"] is None


# --- de minimis --------------------------------------------------------------------------


def de_minimis(declared: Any, amount: Any = "1000", **kwargs: Any):
    doc = programme(amount=amount, de_minimis=True)
    facts = {} if declared is None else {"de_minimis_declared": declared}
    return compile_programme(doc).evaluate(facts, as_of=AS_OF, **kwargs)


def test_de_minimis_at_the_ceiling_exactly_passes():
    evaluation = de_minimis("299000")
    assert (evaluation.outcome, evaluation.amount) == ("eligible", Decimal("1000.00"))
    last = evaluation.to_dict("en")["reasons"][-1]
    assert (last["id"], last["met"]) == ("de_minimis", True)
    assert evaluation.de_minimis is not None and evaluation.de_minimis.passed


def test_de_minimis_one_cent_over_fails():
    evaluation = de_minimis("299000.01")
    assert (evaluation.outcome, evaluation.amount) == ("ineligible", None)
    reasons = evaluation.to_dict("en")["reasons"]
    assert (reasons[-1]["id"], reasons[-1]["met"]) == ("de_minimis", False)
    assert reasons[-1]["text"] == (
        "De minimis aid: €299,000.01 already received plus €1,000.00 from this programme "
        "makes €300,000.01, over the €300,000.00 ceiling"
    )
    assert evaluation.to_dict()["missing_facts"] == []


def test_de_minimis_counts_the_desks_own_awards_and_a_configurable_ceiling():
    assert de_minimis("0", desk_de_minimis=Decimal("299000")).outcome == "eligible"
    assert de_minimis("0.01", desk_de_minimis=Decimal("299000")).outcome == "ineligible"
    assert de_minimis("0", de_minimis_ceiling=Decimal("999.99")).outcome == "ineligible"
    assert de_minimis("0", de_minimis_ceiling=Decimal("1000")).outcome == "eligible"


def test_de_minimis_uses_the_rounded_amount():
    # 1000.004 rounds to 1000.00, which fits exactly.
    assert de_minimis("299000", amount="1000.004").outcome == "eligible"
    assert de_minimis("299000", amount="1000.005").outcome == "ineligible"


def test_de_minimis_without_the_declaration_needs_it():
    evaluation = de_minimis(None)
    assert evaluation.outcome == "needs_info"
    assert evaluation.missing_facts == ["de_minimis_declared"]
    assert all(reason["id"] != "de_minimis" for reason in evaluation.reasons())


def test_de_minimis_declaration_is_asked_with_an_unknown_amount():
    evaluation = de_minimis(None, amount={"fact": "employees"})
    assert evaluation.missing_facts == ["de_minimis_declared", "employees"]
    evaluation = de_minimis("0", amount={"fact": "employees"})
    assert evaluation.missing_facts == ["employees"]


def test_no_de_minimis_check_when_the_programme_does_not_count():
    evaluation = compile_programme(programme()).evaluate({}, as_of=AS_OF)
    assert evaluation.outcome == "eligible"
    assert evaluation.de_minimis is None
    assert evaluation.reasons() == []


# --- reasons -----------------------------------------------------------------------------


def test_reasons_one_per_leaf_in_document_order_with_path_ids():
    condition = {
        "all": [
            {"id": "women", **WOMEN},
            {"any": [EMPLOYEES, {"not": SECTOR}]},
            {"not": {"not": RENT}, "id": "group-id-is-not-a-leaf-id"},
        ]
    }
    facts = {"women_led": True, "employees": 0, "sector": "care", "monthly_rent": "10"}
    evaluation = compile_programme(programme(condition)).evaluate(facts, as_of=AS_OF)
    assert evaluation.met() == [
        ("women", True),
        ("eligibility.all[1].any[0]", False),
        ("eligibility.all[1].any[1].not", False),  # sector is care, under one not
        ("eligibility.all[2].not.not", True),  # two nots: not flipped
    ]
    assert evaluation.outcome == "ineligible"


def test_a_root_leaf_is_named_eligibility():
    evaluation = compile_programme(programme(WOMEN)).evaluate({}, as_of=AS_OF)
    assert evaluation.met() == [("eligibility", None)]


def test_group_reasons_apply_to_leaves_without_their_own():
    condition = {
        "all": [
            {"id": "own", **SECTOR, "reason": {"es": "Solo cuidados.", "en": "Care only."}},
            EMPLOYEES,
        ],
        "reason": {"es": "No cumple los requisitos básicos.", "eu": "Ez ditu betetzen."},
    }
    evaluation = compile_programme(programme(condition)).evaluate(
        {"sector": "retail", "employees": 0}, as_of=AS_OF
    )
    assert [r["text"] for r in evaluation.reasons("en")] == [
        "Care only.",
        "No cumple los requisitos básicos.",  # no English: falls back to Spanish
    ]
    assert [r["text"] for r in evaluation.reasons("eu")] == [
        "Solo cuidados.",
        "Ez ditu betetzen.",
    ]


def test_custom_reasons_only_for_unmet_leaves():
    leaf = {**WOMEN, "reason": {"es": "Debe estar liderada por mujeres."}}
    compiled = compile_programme(programme(leaf))
    assert compiled.evaluate({"women_led": False}, as_of=AS_OF).reasons()[0]["text"] == (
        "Debe estar liderada por mujeres."
    )
    met = compiled.evaluate({"women_led": True}, as_of=AS_OF).reasons()[0]["text"]
    assert met == "La entidad debe estar liderada por mujeres (ha respondido sí)"
    unknown = compiled.evaluate({}, as_of=AS_OF).reasons()[0]["text"]
    assert unknown == "La entidad debe estar liderada por mujeres (aún sin respuesta)"


# --- the window and the reference date --------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "closes", "expected"),
    [
        ("2026-01-14", "2026-02-15", False),
        ("2026-01-15", "2026-02-15", True),
        ("2026-02-15", "2026-02-15", True),
        ("2026-02-16", "2026-02-15", False),
        ("2099-01-01", None, True),
    ],
)
def test_open_is_whether_as_of_lies_in_the_window(as_of: str, closes: str | None, expected: bool):
    doc = programme(window={"opens": "2026-01-15", "closes": closes})
    evaluation = compile_programme(doc).evaluate({}, as_of=dt.date.fromisoformat(as_of))
    assert evaluation.open is expected
    assert evaluation.outcome == "eligible"  # a closed window does not change the outcome


def test_as_of_defaults_to_today_in_the_city():
    from eligibility.engine import city_today

    doc = programme({"fact": "years_active", "op": "gte", "value": 1})
    evaluation = compile_programme(doc).evaluate({"founded_on": "2000-01-01"})
    assert evaluation.as_of == city_today()


def test_cache_keyed_by_revision():
    cache = ProgrammeCache(maxsize=2)
    first = cache.get(("p", 1), HOSPITALITY)
    assert cache.get(("p", 1), lambda: pytest.fail("must not be read again")) is first
    second = cache.get(("p", 2), lambda: HOSPITALITY)
    assert second is not first
    cache.get(("q", 1), HOSPITALITY)
    assert len(cache) == 2
    assert cache.get(("p", 1), HOSPITALITY) is not first  # evicted, compiled again
    assert compiled_for(("hospitality", 7), HOSPITALITY) is compiled_for(
        ("hospitality", 7), HOSPITALITY
    )
