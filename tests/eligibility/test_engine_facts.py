"""The facts catalogue, input checking and derived facts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from engine_builders import AS_OF, programme

from eligibility.engine import CATALOGUE, LANGUAGES, FactError, compile_programme
from eligibility.engine.facts import completed_years, turnover_drop_pct

QUESTIONS = [
    {"name": "seats", "type": "int", "min": 1, "max": 500, "label": {"es": "Plazas"}},
    {"name": "ratio", "type": "decimal", "min": "0.5", "max": "2", "label": {"es": "Ratio"}},
    {"name": "zone", "type": "choice", "choices": ["I", "II"], "label": {"es": "Zona"}},
]


def test_the_catalogue_has_the_standard_facts_with_labels_in_three_languages():
    expected = {
        "legal_form": "choice", "is_sse": "bool", "employees": "int", "founded_on": "date",
        "years_active": "int", "turnover_current": "decimal", "turnover_previous": "decimal",
        "turnover_drop_pct": "decimal", "district": "choice", "sector": "choice",
        "premises_tenure": "choice", "activity_code": "code", "monthly_rent": "decimal",
        "surface_m2": "decimal",
        "women_led": "bool",
        "activity_suspended": "bool", "tax_obligations_current": "bool",
        "social_security_current": "bool", "debts_with_city": "bool",
        "de_minimis_declared": "decimal", "de_minimis_total": "decimal",
    }  # fmt: skip
    assert {name: spec.type for name, spec in CATALOGUE.items()} == expected
    assert {name for name, spec in CATALOGUE.items() if spec.derived} == {
        "is_sse", "years_active", "turnover_drop_pct", "de_minimis_total"
    }  # fmt: skip
    for spec in CATALOGUE.values():
        for lang in LANGUAGES:
            assert spec.label[lang] and spec.subject[lang], (spec.name, lang)
            for choice in spec.choices:
                assert spec.choice_labels[choice][lang], (spec.name, choice, lang)
            if spec.type == "bool":
                assert all(spec.statements[lang]), (spec.name, lang)
    assert CATALOGUE["sector"].choices == (
        "retail", "hospitality", "tourism", "culture", "personal_services", "care", "digital",
        "professional_services", "manufacturing", "construction", "other",
    )  # fmt: skip
    assert CATALOGUE["district"].choices[-1] == "outside"
    assert CATALOGUE["premises_tenure"].choices == ("rented", "owned", "none")


BAD_FACTS = [
    ("employees", "14", "must be a whole number"),
    ("employees", True, "must be a whole number"),  # bool is an int in Python, not here
    ("employees", 14.0, "must be a whole number"),
    ("employees", -1, "must be at least 0"),
    ("turnover_current", "12,5", "must be a number or a decimal string"),
    ("turnover_current", "1e3", "must be a number or a decimal string"),
    ("turnover_current", " 12", "must be a number or a decimal string"),
    ("turnover_current", "١٢", "must be a number or a decimal string"),
    ("turnover_current", float("nan"), "must be a number or a decimal string"),
    ("turnover_current", True, "must be a number or a decimal string"),
    ("turnover_current", "-0.01", "must be at least 0"),
    ("turnover_current", -5, "must be at least 0"),
    ("monthly_rent", [1], "must be a number or a decimal string"),
    ("founded_on", "2020-02-30", "is not a valid calendar date"),
    ("founded_on", "2020-2-3", "must be a date written YYYY-MM-DD"),
    ("founded_on", "20200203", "must be a date written YYYY-MM-DD"),
    ("founded_on", dt.datetime(2020, 1, 1), "must be a date written YYYY-MM-DD"),
    ("founded_on", 20200203, "must be a date written YYYY-MM-DD"),
    ("sector", "bars", "must be one of: retail, hospitality"),
    ("sector", ["retail"], "must be one of"),
    ("women_led", "yes", "must be true or false"),
    ("women_led", 1, "must be true or false"),
    ("seats", 0, "must be at least 1"),
    ("seats", 501, "must be at most 500"),
    ("ratio", "0.4", "must be at least 0.5"),
    ("ratio", 3, "must be at most 2"),
    ("zone", "III", "must be one of: I, II"),
    ("is_sse", True, "is derived (from legal_form) and cannot be supplied"),
    ("years_active", 3, "is derived (from founded_on) and cannot be supplied"),
    ("turnover_drop_pct", "10", "is derived"),
    ("de_minimis_total", "0", "is derived"),
    ("employes", 3, "is not a fact of the catalogue or of this programme"),
]


@pytest.mark.parametrize(("fact", "value", "message"), BAD_FACTS)
def test_bad_facts_are_errors_naming_the_fact(fact: str, value: Any, message: str):
    compiled = compile_programme(programme(questions=QUESTIONS))
    with pytest.raises(FactError) as raised:
        compiled.evaluate({"women_led": True, fact: value}, as_of=AS_OF)
    assert raised.value.fact == fact
    assert message in raised.value.message
    [error] = compiled.check_facts({"women_led": True, fact: value})
    assert (error.fact, error.message) == (raised.value.fact, raised.value.message)


def test_a_question_of_another_programme_is_an_unknown_fact():
    compiled = compile_programme(programme())
    with pytest.raises(FactError) as raised:
        compiled.evaluate({"seats": 3}, as_of=AS_OF)
    assert raised.value.fact == "seats"


def test_check_facts_lists_every_error_and_facts_must_be_a_mapping():
    compiled = compile_programme(programme())
    errors = compiled.check_facts({"employees": "3", "sector": "x", "nope": 1})
    assert [error.fact for error in errors] == ["employees", "sector", "nope"]
    with pytest.raises(FactError):
        compiled.evaluate([("employees", 3)], as_of=AS_OF)  # type: ignore[arg-type]


GOOD_FACTS = [
    ("employees", 0, 0),
    ("turnover_current", 1250, Decimal("1250")),
    ("turnover_current", "1250.00", Decimal("1250.00")),
    ("turnover_current", 0.1, Decimal("0.1")),  # through str(): not 0.1000000000000000055...
    ("turnover_current", Decimal("7.5"), Decimal("7.5")),
    ("turnover_current", "-0", Decimal("0")),
    ("founded_on", "2020-02-29", dt.date(2020, 2, 29)),
    ("founded_on", dt.date(2020, 2, 29), dt.date(2020, 2, 29)),
    ("sector", "care", "care"),
    ("women_led", False, False),
    ("seats", 500, 500),
    ("ratio", "0.5", Decimal("0.5")),
]


@pytest.mark.parametrize(("fact", "value", "expected"), GOOD_FACTS)
def test_good_facts_are_converted(fact: str, value: Any, expected: Any):
    doc = programme({"fact": fact, "op": "is_set"}, questions=QUESTIONS)
    evaluation = compile_programme(doc).evaluate({fact: value}, as_of=AS_OF)
    assert evaluation.facts[fact] == expected
    assert type(evaluation.facts[fact]) is type(expected)


def test_null_and_absent_are_unknown():
    doc = programme({"fact": "employees", "op": "gte", "value": 1})
    compiled = compile_programme(doc)
    assert compiled.evaluate({"employees": None}, as_of=AS_OF).outcome == "needs_info"
    assert compiled.evaluate({}, as_of=AS_OF).missing_facts == ["employees"]


def derived(fact: str, facts: dict[str, Any], *, as_of: dt.date = AS_OF, **kwargs: Any) -> Any:
    doc = programme({"fact": fact, "op": "is_set"})
    return compile_programme(doc).evaluate(facts, as_of=as_of, **kwargs).facts[fact]


@pytest.mark.parametrize(
    ("legal_form", "expected"),
    [
        ("cooperative", True), ("labour_company", True), ("insertion_company", True),
        ("special_employment_centre", True), ("mutual", True), ("association", True),
        ("foundation", True), ("sole_trader", False), ("partnership", False),
        ("limited_company", False), (None, None),
    ],
)  # fmt: skip
def test_is_sse(legal_form: str | None, expected: bool | None):
    assert derived("is_sse", {"legal_form": legal_form}) is expected


@pytest.mark.parametrize(
    ("founded_on", "as_of", "expected"),
    [
        ("2020-01-20", "2026-01-20", 6),
        ("2020-01-21", "2026-01-20", 5),
        ("2026-01-20", "2026-01-20", 0),
        ("2027-01-01", "2026-01-20", 0),  # founded after the reference date: 0, not -1
        # Founded on 29 February: the anniversary in a non-leap year is 1 March.
        ("2020-02-29", "2021-02-28", 0),
        ("2020-02-29", "2021-03-01", 1),
        ("2020-02-29", "2024-02-28", 3),
        ("2020-02-29", "2024-02-29", 4),
        ("2019-03-01", "2020-02-29", 0),
        ("2019-02-28", "2020-02-28", 1),
    ],
)
def test_years_active_counts_completed_years(founded_on: str, as_of: str, expected: int):
    reference = dt.date.fromisoformat(as_of)
    assert derived("years_active", {"founded_on": founded_on}, as_of=reference) == expected
    assert completed_years(dt.date.fromisoformat(founded_on), reference) == expected


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        ("50", "100", "50.00"),
        ("0", "100", "100.00"),
        ("150", "100", "-50.00"),  # grew: negative
        ("100", "0", "0.00"),  # from 0: 0
        ("0", "0", "0.00"),
        ("2", "3", "33.33"),
        ("1", "3", "66.67"),
        ("99.99", "200", "50.01"),  # 50.005 rounds half-up
        ("100.01", "200", "50.00"),  # 49.995 rounds half-up
        ("1", "8", "87.50"),
    ],
)
def test_turnover_drop_pct(current: str, previous: str, expected: str):
    facts = {"turnover_current": current, "turnover_previous": previous}
    value = derived("turnover_drop_pct", facts)
    assert format(value, "f") == expected
    assert turnover_drop_pct(Decimal(current), Decimal(previous)) == Decimal(expected)


def test_turnover_drop_pct_is_unknown_when_either_input_is():
    assert derived("turnover_drop_pct", {"turnover_current": "5"}) is None
    assert derived("turnover_drop_pct", {"turnover_previous": "5"}) is None


def test_de_minimis_total_adds_the_desks_own_awards():
    facts = {"de_minimis_declared": "1000.50"}
    assert derived("de_minimis_total", facts) == Decimal("1000.50")
    total = derived("de_minimis_total", facts, desk_de_minimis=Decimal("200"))
    assert total == Decimal("1200.50")
    assert derived("de_minimis_total", {}, desk_de_minimis=Decimal("200")) is None


def test_input_facts_stand_derived_facts_by_their_inputs():
    doc = programme(
        {"all": [
            {"fact": "years_active", "op": "gte", "value": 2},
            {"fact": "turnover_drop_pct", "op": "gte", "value": "25"},
        ]},
        amount={"mul": [{"fact": "is_sse"}, 100]},
        de_minimis=True,
    )  # fmt: skip
    compiled = compile_programme(doc)
    assert compiled.input_facts == {
        "founded_on", "turnover_current", "turnover_previous", "legal_form",
        "de_minimis_declared",
    }  # fmt: skip
    assert "is_sse" not in compiled.accepted_facts


def test_a_compiled_programme_keeps_a_private_copy_of_its_definition():
    doc = programme({"fact": "employees", "op": "gte", "value": 1})
    compiled = compile_programme(doc)
    doc["eligibility"]["value"] = 100
    assert compiled.definition["eligibility"]["value"] == 1
    assert compiled.slug == "test-programme"
    assert compiled.evaluate({"employees": 2}, as_of=AS_OF).outcome == "eligible"
