"""The screener's reasoning over the eight demo programmes, without a database.

The question order is asserted exactly for a few typical organisations; a property test checks
over generated profiles that every question asked can change an outcome (by a brute-force
oracle written here, not the screener's own search) and that the screener stops only when no
single answer could change anything.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import pytest
from engine_builders import programme
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eligibility.engine import compile_programme
from eligibility.screening import (
    CAN_APPLY,
    DO_NOT_QUALIFY,
    MAY_QUALIFY,
    OPENS_SOON,
    Screening,
    check_facts,
    group_evaluations,
)

DEMO = Path(__file__).resolve().parents[2] / "demo" / "data" / "programmes"
AS_OF = dt.date(2026, 11, 22)  # the v1 demo's "today": Bono Denda and Bilbao 2022 upcoming
PROGRAMMES = [
    compile_programme(json.loads(path.read_text())) for path in sorted(DEMO.glob("*.json"))
]
SCREENING = Screening(PROGRAMMES, as_of=AS_OF)

HOSPITALITY_COOPERATIVE = {
    "legal_form": "cooperative",
    "employees": 5,
    "district": "abando",
    "sector": "hospitality",
    "premises_tenure": "owned",
    "tax_obligations_current": True,
    "social_security_current": True,
    "debts_with_city": False,
    "activity_suspended": False,
    "de_minimis_declared": "0",
    "accepts_card_payments": True,
    "venues": 1,
    "has_online_shop": False,
    "digital_plan_interest": "website",
}
RETAIL_SOLE_TRADER_OUTSIDE = {
    "legal_form": "sole_trader",
    "employees": 0,
    "district": "outside",
    "sector": "retail",
}
ASSOCIATION_RENTING = {
    "legal_form": "association",
    "employees": 3,
    "district": "deusto",
    "sector": "culture",
    "premises_tenure": "rented",
    "monthly_rent": "800",
    "turnover_current": "40000",
    "turnover_previous": "60000",
    "founded_on": "2024-05-01",
    "tax_obligations_current": True,
    "social_security_current": True,
    "debts_with_city": False,
    "lease_registered": True,
    "de_minimis_declared": "0",
    "activity_suspended": False,
    "accepts_card_payments": False,
    "has_online_shop": False,
    "digital_plan_interest": "social_media",
}


def answer_all(profile: dict[str, Any], screening: Screening = SCREENING):
    """Answer every question from the profile ("I don't know" when it has no value)."""
    facts: dict[str, Any] = {}
    unknown: set[str] = set()
    asked: list[str] = []
    while (fact := screening.next_fact(facts, unknown)) is not None:
        assert fact not in asked, f"{fact} asked twice"
        asked.append(fact)
        if profile.get(fact) is None:
            unknown.add(fact)
        else:
            facts[fact] = profile[fact]
        assert len(asked) <= len(screening.specs)
    return asked, {e.slug: e for e in screening.evaluate(facts)}


def test_a_hospitality_cooperative_is_asked_these_questions_in_this_order():
    asked, outcomes = answer_all(HOSPITALITY_COOPERATIVE)

    assert asked == [
        "district",  # "outside" rules out all eight programmes
        "tax_obligations_current",  # decides seven
        "employees",  # decides six, as do the next two: the catalogue order breaks the tie
        "social_security_current",
        "debts_with_city",
        "sector",
        "founded_on",  # Bilbao 2022 and Irun date the activity; the profile does not know
        "premises_tenure",  # owned premises rule out the rental subsidy
        "activity_code",  # the CNAE group of the per-establishment aid; not known either
        "activity_suspended",  # the fee rebate's amount
        "de_minimis_declared",  # the hospitality aid's ceiling check
        "service_model",  # a delivery business is refused the per-establishment aid
        "accepts_card_payments",
        "venues",
        "has_online_shop",
        "digital_plan_interest",  # decides nothing alone: the amount needs the legal form
        "legal_form",
        "april_2020_turnover",  # not suspended: Irun's line depends on the fall in turnover
    ]
    assert outcomes["hospitality-direct-aid"].outcome == "eligible"
    assert str(outcomes["hospitality-direct-aid"].amount) == "1250.00"
    assert outcomes["rental-subsidy"].outcome == "ineligible"
    # The three v2 programmes need what the profile does not know.
    assert {slug: e.missing_facts for slug, e in outcomes.items() if e.outcome == "needs_info"} == {
        "bilbao-hospitality-establishments": ["activity_code", "service_model"],
        "bilbao-nightlife-2022": [
            "average_headcount", "founded_on", "venue_group", "workers_on_register",
        ],
        "irun-aurrera-two-lines": [
            "april_2020_turnover", "founded_on", "monthly_average_oct_mar",
        ],
    }  # fmt: skip
    assert {e.outcome for e in outcomes.values()} == {"eligible", "ineligible", "needs_info"}


def test_a_retail_sole_trader_outside_the_city_is_asked_one_question():
    asked, outcomes = answer_all(RETAIL_SOLE_TRADER_OUTSIDE)

    assert asked == ["district"]
    assert {e.outcome for e in outcomes.values()} == {"ineligible"}


def test_an_association_renting_premises_is_asked_about_rent_and_turnover():
    asked, outcomes = answer_all(ASSOCIATION_RENTING)

    assert asked == [
        "district",
        "tax_obligations_current",
        "employees",
        "social_security_current",
        "debts_with_city",
        "sector",
        "founded_on",  # for Bilbao 2022 and Irun, which date the activity
        "premises_tenure",
        "activity_code",
        "monthly_rent",
        "activity_suspended",
        "service_model",
        "accepts_card_payments",
        "has_online_shop",
        "lease_registered",
        "turnover_current",  # the drop needs both turnovers: neither decides alone
        "turnover_previous",
        "de_minimis_declared",
        "digital_plan_interest",
        "legal_form",
    ]
    # Founded in 2024: after the state of alarm of 14 March 2020 that Irun's aid requires.
    assert outcomes["irun-aurrera-two-lines"].outcome == "ineligible"
    # The rental subsidy never needed the date: an association is social economy.
    without_date = {k: v for k, v in ASSOCIATION_RENTING.items() if k != "founded_on"}
    rental = {e.slug: e for e in SCREENING.evaluate(without_date)}["rental-subsidy"]
    assert rental.outcome == "eligible"
    assert outcomes["rental-subsidy"].outcome == "eligible"
    assert str(outcomes["rental-subsidy"].amount) == "1200.00"
    assert outcomes["digital-consultancy"].amount == 20


def test_a_fact_answered_i_dont_know_is_not_asked_again_nor_its_useless_partner():
    profile = dict(ASSOCIATION_RENTING, turnover_current=None)

    asked, outcomes = answer_all(profile)

    assert asked.count("turnover_current") == 1
    # Without the current turnover, the previous one can change nothing: never asked.
    assert "turnover_previous" not in asked
    assert "de_minimis_declared" not in asked
    assert outcomes["rental-subsidy"].outcome == "needs_info"
    assert outcomes["rental-subsidy"].missing_facts == ["turnover_current", "turnover_previous"]


def test_the_first_question_decides_every_programme_and_ties_follow_the_catalogue():
    first = SCREENING.next_choice({})
    assert first.fact == "district" and first.rule == "decides"
    assert len(first.programmes) == 8

    second = SCREENING.next_choice({"district": "abando"})
    # tax_obligations_current decides seven programmes (all but Bono Denda).
    assert second.fact == "tax_obligations_current" and len(second.programmes) == 7

    third = SCREENING.next_choice({"district": "abando", "tax_obligations_current": True})
    # employees, social_security_current and debts_with_city each decide six; the catalogue
    # order breaks the tie.
    assert third.fact == "employees" and len(third.programmes) == 6


def test_a_programme_question_comes_after_the_catalogue_at_equal_counts():
    facts = {
        key: HOSPITALITY_COOPERATIVE[key]
        for key in (
            "district", "employees", "sector", "tax_obligations_current",
            "social_security_current", "debts_with_city", "premises_tenure",
        )
    }  # fmt: skip
    facts["founded_on"] = "2015-04-01"
    facts["activity_code"] = "5630"
    choice = SCREENING.next_choice(facts)
    # activity_suspended (catalogue) and accepts_card_payments or service_model (questions)
    # decide one programme each.
    assert choice.fact == "activity_suspended" and len(choice.programmes) == 1


def test_decides_and_completes():
    rental = next(p for p in PROGRAMMES if p.slug == "rental-subsidy")
    base = {
        "district": "abando", "employees": 3, "premises_tenure": "rented",
        "monthly_rent": "500", "tax_obligations_current": True,
        "social_security_current": True, "legal_form": "cooperative",
        "lease_registered": True,
    }  # fmt: skip
    assert not SCREENING.decides(rental, base, "turnover_current")
    assert SCREENING.can_change(rental, base, "turnover_current")
    assert not SCREENING.can_change(rental, base, "turnover_current", unknown={"turnover_previous"})
    assert not SCREENING.decides(rental, base, "premises_tenure")  # already answered
    assert not SCREENING.can_change(rental, base, "premises_tenure")
    assert SCREENING.decides(rental, {}, "premises_tenure")  # "owned" rules it out
    assert not SCREENING.decides(rental, {}, "premises_tenure", unknown={"premises_tenure"})


def test_nothing_is_asked_when_every_programme_is_decided():
    assert SCREENING.next_fact({"district": "outside"}) is None


def test_representative_values_straddle_the_thresholds():
    values = SCREENING.values
    assert {0, 1, 2, 3, 4, 9, 10, 11, 48, 49, 50} <= set(values["employees"])
    assert -1 not in values["employees"]
    assert set(values["venues"]) == {1, 2, 20}  # min 1, max 20, read by the amount only
    assert values["district"] == ("outside", "abando")  # the named choice and one other
    assert set(values["legal_form"]) == set(SCREENING.specs["legal_form"].choices)  # is_sse
    assert {"74.99", "75", "75.01"} <= set(values["turnover_current"])  # a 25 % drop from 100
    assert "2025-11-22" in values["founded_on"]  # exactly one year before AS_OF
    assert "300000" in values["de_minimis_declared"]  # the ceiling


def test_facts_are_checked_against_the_catalogue_and_the_questions_that_declare_them():
    errors = check_facts(
        PROGRAMMES,
        {"employees": -1, "is_sse": True, "venues": 21, "nonsense": 1, "district": "abando"},
    )
    assert [(e.fact, "at least" in e.message or "derived" in e.message
             or "at most" in e.message or "not a fact" in e.message) for e in errors] == [
        ("employees", True), ("is_sse", True), ("venues", True), ("nonsense", True),
    ]  # fmt: skip
    assert check_facts([], {"venues": 3})[0].fact == "venues"  # no live programme asks it
    assert check_facts(PROGRAMMES, {"employees": None}) == []


def test_results_are_grouped_by_outcome_with_upcoming_programmes_apart():
    evaluations = SCREENING.evaluate(
        {**HOSPITALITY_COOPERATIVE, "digital_plan_interest": None, "legal_form": None}
    )
    groups = group_evaluations(evaluations, upcoming={"bono-denda-merchants"})

    assert list(groups) == [CAN_APPLY, MAY_QUALIFY, DO_NOT_QUALIFY, OPENS_SOON]
    assert [e.slug for e in groups[CAN_APPLY]] == ["hospitality-direct-aid", "municipal-fee-rebate"]
    assert [e.slug for e in groups[MAY_QUALIFY]] == [
        "bilbao-hospitality-establishments",
        "bilbao-nightlife-2022",
        "digital-consultancy",
        "irun-aurrera-two-lines",
    ]
    assert [e.slug for e in groups[DO_NOT_QUALIFY]] == ["rental-subsidy"]
    assert [(e.slug, e.outcome) for e in groups[OPENS_SOON]] == [
        ("bono-denda-merchants", "eligible")
    ]


def test_one_step_with_the_eight_demo_programmes_takes_a_few_milliseconds():
    states = [{}, {"district": "abando"}, {"district": "abando", "employees": 5}]
    start = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for facts in states:
            SCREENING.next_fact(facts)
            SCREENING.evaluate(facts)
    per_step = (time.perf_counter() - start) / (rounds * len(states))
    assert per_step < 0.025, f"{per_step * 1000:.1f} ms per step"


# --- properties over generated profiles ---------------------------------------------------

NOT_KNOWN = object()


def _outcomes(facts: dict[str, Any]) -> list[str]:
    return [e.outcome for e in SCREENING.evaluate(facts)]


def _answer_changes_an_outcome(facts: dict[str, Any], closed: set[str], fact: str) -> bool:
    """Brute force: with at most one more open fact answered (any representative value), does
    some answer to `fact` change some programme's outcome?"""
    others = [name for name in SCREENING.specs if name not in closed and name != fact]
    completions: list[dict[str, Any]] = [{}]
    completions += [{other: value} for other in others for value in SCREENING.values[other]]
    for completion in completions:
        before = _outcomes({**facts, **completion})
        for value in SCREENING.values[fact]:
            if _outcomes({**facts, **completion, fact: value}) != before:
                return True
    return False


@st.composite
def profiles(draw) -> dict[str, Any]:
    profile = {}
    for name, values in SCREENING.values.items():
        profile[name] = draw(st.sampled_from([*values, NOT_KNOWN]))
    return profile


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_every_question_asked_can_change_an_outcome_and_the_end_is_final(profile):
    facts: dict[str, Any] = {}
    unknown: set[str] = set()
    while (fact := SCREENING.next_fact(facts, unknown)) is not None:
        closed = set(facts) | unknown
        assert fact not in closed
        assert _answer_changes_an_outcome(facts, closed, fact), (fact, facts, unknown)
        if profile[fact] is NOT_KNOWN:
            unknown.add(fact)
        else:
            facts[fact] = profile[fact]
    # At the end, no single open fact can change any outcome on its own.
    closed = set(facts) | unknown
    before = _outcomes(facts)
    for name in SCREENING.specs:
        if name not in closed:
            for value in SCREENING.values[name]:
                assert _outcomes({**facts, name: value}) == before, (name, value, facts)


@pytest.mark.parametrize("as_of", [dt.date(2027, 2, 15), dt.date(2028, 1, 1)])
def test_the_screening_works_on_any_subset_of_programmes(as_of):
    some = [
        p
        for p in PROGRAMMES
        if p.is_open(as_of) or as_of < dt.date.fromisoformat(p.definition["window"]["opens"])
    ]
    screening = Screening(some, as_of=as_of)
    asked, outcomes = answer_all(HOSPITALITY_COOPERATIVE, screening)
    assert set(outcomes) == {p.slug for p in some}
    assert all(name in screening.specs for name in asked)


@pytest.mark.parametrize("as_of", [dt.date.min, dt.date(1, 3, 1), dt.date.max])
def test_the_screener_works_at_the_ends_of_the_calendar(as_of):
    # Thresholds a year or a day from the calendar's ends, and more years than it has: the
    # values tried around them stop where the calendar stops.
    edge = programme(
        {
            "all": [
                {"fact": "years_active", "op": "gte", "value": 9999},
                {"fact": "years_active", "op": "lt", "value": 1},
                {"fact": "founded_on", "op": "gte", "value": "0001-01-01"},
                {"fact": "founded_on", "op": "lte", "value": "9999-12-31"},
            ]
        },
        window={"opens": "2026-01-15", "closes": None},
    )
    screening = Screening([compile_programme(edge), *PROGRAMMES], as_of=as_of)

    founded = screening.values["founded_on"]
    assert as_of.isoformat() in founded
    assert {"0001-01-01", "9999-12-31"} <= set(founded)
    asked, outcomes = answer_all(HOSPITALITY_COOPERATIVE, screening)
    assert "test-programme" in outcomes
