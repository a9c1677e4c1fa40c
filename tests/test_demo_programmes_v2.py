"""The demo's three programmes in format v2, written from real bases: each validates, the
demo loads and publishes them, and representative applicants get what the bases give, with
the article of the bases on every explanation and amount."""

from __future__ import annotations

import datetime as dt

import pytest

from cms.services.programme_of_record import programme_of_record
from demo.content import DEMO_PROGRAMMES_DIR
from eligibility.engine import (
    ELIGIBLE,
    INELIGIBLE,
    NEEDS_INFO,
    compile_programme,
    read_json_file,
    validate_definition,
)
from tests.helpers import demo_definition

ESTABLISHMENTS = "bilbao-hospitality-establishments"
NIGHTLIFE = "bilbao-nightlife-2022"
IRUN = "irun-aurrera-two-lines"
V2_SLUGS = (ESTABLISHMENTS, NIGHTLIFE, IRUN)
# Explanations name activity codes from the desk's code list, which is in the database.
pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 3)  # the demo's date: every one of the three is open

IN_GOOD_STANDING = {
    "district": "abando",
    "tax_obligations_current": True,
    "social_security_current": True,
    "debts_with_city": False,
    "de_minimis_declared": "0",
}


def evaluate(slug: str, facts: dict, as_of: dt.date = TODAY):
    return compile_programme(demo_definition(slug)).evaluate(
        {**IN_GOOD_STANDING, **facts}, as_of=as_of
    )


def reason(evaluation, reason_id: str, lang: str = "es") -> dict:
    return next(r for r in evaluation.reasons(lang) if r["id"] == reason_id)


@pytest.mark.parametrize("slug", V2_SLUGS)
def test_each_file_is_a_valid_v2_definition_named_after_its_slug(slug):
    definition = read_json_file(DEMO_PROGRAMMES_DIR / f"{slug}.json", max_bytes=1_000_000)

    assert definition["format"] == "onestop.programme/v2"
    assert definition["slug"] == slug
    assert validate_definition(definition) == []
    for key in ("title", "summary"):
        assert set(definition[key]) == {"es", "eu", "en"}, key
    assert compile_programme(definition).evaluate({}, as_of=TODAY).open


@pytest.mark.parametrize("slug", V2_SLUGS)
def test_every_condition_and_parameter_cites_the_bases(slug):
    definition = demo_definition(slug)
    # Every reason of a refusal names its article (its own or its group's).
    evaluation = compile_programme(definition).evaluate({}, as_of=TODAY)
    for entry in evaluation.reasons("es"):
        assert entry["source"].startswith("Bases reguladoras, art. "), entry
        eu = reason(evaluation, entry["id"], "eu")["source"]
        assert eu.startswith("Oinarri arautzaileak, "), eu
    for parameter in definition["parameters"]:
        assert parameter["source"]["es"].startswith("Bases reguladoras, art. "), parameter
        assert set(parameter["label"]) == {"es", "eu", "en"}, parameter["name"]


def test_load_demo_publishes_the_three(demo_site):
    for slug in V2_SLUGS:
        programme = programme_of_record(slug=slug)
        assert programme is not None and programme.published, slug
        assert programme.definition == demo_definition(slug)


# Bilbao Aurrera 4.1 (2020): per establishment, by the establishment's workers.


@pytest.mark.parametrize(
    ("code", "workers", "amount"),
    [
        ("5630", 1, "1000.00"),
        ("5630", 4, "1250.00"),
        ("5610", 10, "1250.00"),
        ("561", 11, "1500.00"),
    ],
)
def test_a_restaurant_or_bar_gets_the_amount_of_its_band(code, workers, amount):
    evaluation = evaluate(
        ESTABLISHMENTS,
        {"activity_code": code, "employees": workers, "service_model": "on_premises"},
    )

    assert (evaluation.outcome, str(evaluation.amount)) == (ELIGIBLE, amount)
    band = {"1000.00": "4.1.a", "1250.00": "4.1.b", "1500.00": "4.1.c"}[amount]
    assert evaluation.amount_sources("es") == [
        "Bases reguladoras, art. 4.1",
        f"Bases reguladoras, art. {band}",
    ]


def test_a_bar_with_four_workers_is_explained_with_the_articles(demo_site):
    # The demo's code list names the groups in the explanation.
    evaluation = evaluate(
        ESTABLISHMENTS, {"activity_code": "5630", "employees": 4, "service_model": "mixed"}
    )

    assert evaluation.amount == 1250
    assert reason(evaluation, "activity") == {
        "id": "activity",
        "met": True,
        "text": "La actividad (CNAE) debe estar entre: 561 Restaurantes y puestos de comidas, "
        "563 Establecimientos de bebidas (la suya: 5630 Establecimientos de bebidas)",
        "source": "Bases reguladoras, art. 2.1",
    }
    assert reason(evaluation, "workers")["source"] == "Bases reguladoras, art. 3.d"


def test_a_caterer_is_refused_for_its_cnae_code():
    evaluation = evaluate(
        ESTABLISHMENTS, {"activity_code": "5621", "employees": 4, "service_model": "on_premises"}
    )

    assert evaluation.outcome == INELIGIBLE
    refused = [r for r in evaluation.reasons("es") if r["met"] is False]
    assert [r["id"] for r in refused] == ["activity"]
    assert "(CNAE 56.2) no está incluida" in refused[0]["text"]
    assert refused[0]["source"] == "Bases reguladoras, art. 2.1"
    assert "(CNAE 56.2) are not included" in reason(evaluation, "activity", "en")["text"]


def test_a_business_that_mainly_delivers_is_refused():
    evaluation = evaluate(
        ESTABLISHMENTS, {"activity_code": "5610", "employees": 2, "service_model": "delivery"}
    )

    assert evaluation.outcome == INELIGIBLE
    assert reason(evaluation, "not-delivery") == {
        "id": "not-delivery",
        "met": False,
        "text": "Quedan fuera los negocios cuya actividad principal es el reparto a domicilio.",
        "source": "Bases reguladoras, art. 2.2",
    }


def test_the_establishment_programme_keeps_open_four_months_and_says_how_things_are_proven():
    definition = demo_definition(ESTABLISHMENTS)

    assert definition["application_unit"] == "establishment"
    assert definition["one_per"] == "establishment"
    [stay_open] = definition["obligations"]
    assert (stay_open["kind"], stay_open["months"], stay_open["from"]) == ("keep_open", 4, "award")
    leaves = {leaf.get("id"): leaf for leaf in definition["eligibility"]["all"]}
    assert leaves["activity"]["evidence"] == {"document": "iae"}
    assert leaves["tax"]["evidence"] == "consent"
    assert leaves["not-delivery"]["evidence"] == "declaration"
    # Cumulative with the Basque Government's aid, under its article of the bases.
    cumulative = next(
        p for p in definition["parameters"] if p["name"] == "cumulative_with_basque_government"
    )
    assert cumulative["value"] is True
    assert cumulative["source"]["es"] == "Bases reguladoras, art. 5"


# Bilbao 2022, hospitality and night-time leisure: group x weighted headcount.


@pytest.mark.parametrize(
    ("group", "on_register", "average", "headcount", "amount"),
    [
        ("II", 3, "3", 3, "1000.00"),  # 1.5 + 1.5
        ("II", 4, "3", 4, "1250.00"),  # 2 + 1.5 = 3.5, rounded to 4
        ("III", 7, "5", 6, "2000.00"),  # 4.2 + 2 = 6.2
        ("III", 4, "4", 4, "1500.00"),  # 2.4 + 1.6
        ("III", 14, "10", 12, "4000.00"),  # 8.4 + 4 = 12.4
        ("IV", 5, "2.5", 5, "4500.00"),  # 4 + 0.5 = 4.5, rounded to 5
        ("IV", 2, "1", 2, "2500.00"),  # 1.6 + 0.2 = 1.8
    ],
)
def test_the_amount_is_the_table_cell_of_the_group_and_weighted_headcount(
    group, on_register, average, headcount, amount
):
    evaluation = evaluate(
        NIGHTLIFE,
        {
            "venue_group": group,
            "workers_on_register": on_register,
            "average_headcount": average,
            "founded_on": "2019-06-01",
        },
    )

    assert evaluation.facts["weighted_headcount"] == headcount
    assert (evaluation.outcome, str(evaluation.amount)) == (ELIGIBLE, amount)
    assert evaluation.amount_sources("es") == ["Bases reguladoras, art. 5.1"]
    assert reason(evaluation, "workers")["text"] == (
        f"«Personas trabajadoras computables» debe ser como mínimo 1 (en su caso: {headcount})"
    )
    assert reason(evaluation, "workers")["source"] == "Bases reguladoras, art. 5.2"


def test_the_window_opens_the_day_after_publication_and_the_demo_keeps_it_open():
    # The call gave 15 calendar days from the day after publication (its parameters say so);
    # the demo keeps the window open for months, so that it can be tried, and says so.
    definition = demo_definition(NIGHTLIFE)
    parameters = {p["name"]: p["value"] for p in definition["parameters"]}
    published = dt.date.fromisoformat(parameters["publication_date"])
    assert parameters["application_days"] == 15
    assert definition["window"] == {
        "opens": str(published + dt.timedelta(days=1)),
        "closes": "2027-06-30",
    }
    assert "30 June 2027" in definition["summary"]["en"]
    assert "15 calendar days" in definition["summary"]["en"]


def test_a_venue_opened_after_the_call_or_without_the_staff_answers():
    opened_late = evaluate(
        NIGHTLIFE,
        {
            "venue_group": "II",
            "workers_on_register": 2,
            "average_headcount": "2",
            "founded_on": "2026-12-01",
        },
    )
    no_average = evaluate(
        NIGHTLIFE, {"venue_group": "III", "workers_on_register": 2, "founded_on": "2019-06-01"}
    )

    assert opened_late.outcome == INELIGIBLE
    assert reason(opened_late, "active-before-call")["met"] is False
    assert reason(opened_late, "active-before-call")["source"] == "Bases reguladoras, art. 3.a"
    assert no_average.outcome == NEEDS_INFO
    assert no_average.missing_facts == ["average_headcount"]


# Irun Aurrera 2020: two lines, supplements, caps, whole euros.

SMALL_SHOP = {"founded_on": "2012-03-01", "premises_tenure": "owned", "women_led": False}


def test_suspended_rented_woman_led_with_three_employees_gets_1300_on_line_1():
    evaluation = evaluate(
        IRUN,
        {
            **SMALL_SHOP,
            "activity_suspended": True,
            "premises_tenure": "rented",
            "women_led": True,
            "employees": 3,
        },
    )

    assert (evaluation.outcome, evaluation.line, str(evaluation.amount)) == (
        ELIGIBLE,
        "line-1",
        "1300.00",  # min(800 + 200 + 200 + 100, 1400)
    )
    assert evaluation.amount_sources("es") == [
        "Bases reguladoras, art. 5",
        "Bases reguladoras, art. 5.3",
        "Bases reguladoras, art. 5.2.a",
        "Bases reguladoras, art. 5.2.b",
        "Bases reguladoras, art. 5.2.c",
    ]
    assert reason(evaluation, "suspended")["source"] == "Bases reguladoras, art. 3.1"


def test_line_1_is_capped_at_1400():
    evaluation = evaluate(
        IRUN,
        {
            **SMALL_SHOP,
            "activity_suspended": False,
            "april_2020_turnover": "900",
            "monthly_average_oct_mar": "4000",
            "premises_tenure": "rented",
            "women_led": True,
            "employees": 7,
        },
    )

    assert evaluation.facts["april_turnover_fall_pct"] == 77.5
    assert (evaluation.line, evaluation.amount) == ("line-1", 1400)  # 800 + 600, capped


def test_a_sixty_percent_fall_with_every_supplement_is_capped_at_1100_on_line_2():
    evaluation = evaluate(
        IRUN,
        {
            **SMALL_SHOP,
            "activity_suspended": False,
            "april_2020_turnover": "1200",
            "monthly_average_oct_mar": "3000",
            "premises_tenure": "rented",
            "women_led": True,
            "employees": 8,
        },
    )

    assert evaluation.facts["april_turnover_fall_pct"] == 60
    assert (evaluation.outcome, evaluation.line, str(evaluation.amount)) == (
        ELIGIBLE,
        "line-2",
        "1100.00",  # min(500 + 200 + 200 + 200, 1100)
    )


@pytest.mark.parametrize(
    ("april", "average", "line", "amount"),
    [
        ("250", "1000", "line-2", "600.00"),  # exactly 75 %: line 2, 500 + 100
        ("249", "1000", "line-1", "900.00"),  # 75.1 %: line 1, 800 + 100
        ("500", "1000", "line-2", "600.00"),  # exactly 50 %
    ],
)
def test_the_lines_split_at_75_and_start_at_50_percent(april, average, line, amount):
    evaluation = evaluate(
        IRUN,
        {
            **SMALL_SHOP,
            "activity_suspended": False,
            "april_2020_turnover": april,
            "monthly_average_oct_mar": average,
            "employees": 2,
        },
    )

    assert (evaluation.line, str(evaluation.amount)) == (line, amount)


def test_a_fall_under_50_percent_or_ten_workers_is_refused_with_the_article():
    small_fall = evaluate(
        IRUN,
        {
            **SMALL_SHOP,
            "activity_suspended": False,
            "april_2020_turnover": "600",
            "monthly_average_oct_mar": "1000",
            "employees": 2,
        },
    )
    too_big = evaluate(IRUN, {**SMALL_SHOP, "activity_suspended": True, "employees": 10})

    assert small_fall.outcome == INELIGIBLE
    assert reason(small_fall, "turnover-fall") == {
        "id": "turnover-fall",
        "met": False,
        "text": "La actividad debe haber quedado suspendida por el estado de alarma o haber "
        "perdido al menos el 50 % de la facturación en abril de 2020 respecto a la media "
        "mensual de octubre a marzo.",
        "source": "Bases reguladoras, art. 3.2",
    }
    assert too_big.outcome == INELIGIBLE
    assert reason(too_big, "self-employed-or-micro")["source"] == "Bases reguladoras, art. 2.1.a"


def test_irun_asks_for_the_turnover_only_when_the_activity_was_not_suspended():
    evaluation = evaluate(IRUN, {**SMALL_SHOP, "activity_suspended": False, "employees": 2})

    assert evaluation.outcome == NEEDS_INFO
    assert evaluation.missing_facts == ["april_2020_turnover", "monthly_average_oct_mar"]


def test_irun_lines_budgets_and_rounding_are_those_of_the_call():
    definition = demo_definition(IRUN)

    assert [(line["id"], line["budget"]) for line in definition["lines"]] == [
        ("line-1", "1280000.00"),
        ("line-2", "320000.00"),
    ]
    assert definition["budget"] == "1600000.00"
    assert definition["rounding"] == {"places": 0, "mode": "down"}
