from decimal import Decimal

from eligibility.engine import compile_programme


def programme(eligibility, amount="100"):
    return compile_programme(
        {
            "format": "onestop.programme/v1",
            "slug": "described",
            "title": {"es": "Descrita"},
            "benefit": "grant",
            "unit": "EUR",
            "window": {"opens": "2026-01-01", "closes": None},
            "budget": None,
            "award_mode": "first_come",
            "eligibility": eligibility,
            "amount": amount,
        }
    )


def test_requirements_are_stated_without_an_answer():
    described = programme(
        {"all": [{"fact": "employees", "op": "lte", "value": 10}]}
    ).describe_eligibility("en")

    assert described == {
        "kind": "all",
        "parts": [{"kind": "requirement", "text": "Employees must be 10 or fewer"}],
    }


def test_not_is_pushed_down_to_the_requirements():
    described = programme(
        {
            "not": {
                "any": [
                    {"fact": "debts_with_city", "op": "is_true"},
                    {"fact": "employees", "op": "gt", "value": 49},
                ]
            }
        }
    ).describe_eligibility("en")

    assert described == {
        "kind": "all",
        "parts": [
            {"kind": "requirement", "text": "You must not have debts with the City Council"},
            {"kind": "requirement", "text": "Employees must be 49 or fewer"},
        ],
    }


def test_a_nested_any_group_stays_a_group_in_each_language():
    rules = {
        "all": [
            {"fact": "district", "op": "ne", "value": "outside"},
            {
                "any": [
                    {"fact": "is_sse", "op": "is_true"},
                    {"fact": "years_active", "op": "gte", "value": 1},
                ]
            },
        ]
    }
    for language in ("es", "eu", "en"):
        described = programme(rules).describe_eligibility(language)
        assert [part["kind"] for part in described["parts"]] == ["requirement", "any"]
        assert len(described["parts"][1]["parts"]) == 2
        assert all(part["text"] for part in described["parts"][1]["parts"])


def test_amount_shapes():
    tiers = {
        "tiers": {"fact": "employees"},
        "bands": [{"upto": 3, "value": "1000"}, {"upto": 10, "value": "1250"}],
        "otherwise": "1500",
    }
    shape = programme({"all": []}, tiers).describe_amount()
    assert shape["kind"] == "tiers"
    assert shape["fact"].name == "employees"
    assert shape["bands"] == [(Decimal(3), Decimal(1000)), (Decimal(10), Decimal(1250))]
    assert shape["otherwise"] == Decimal(1500)

    assert programme({"all": []}, "750").describe_amount() == {
        "kind": "fixed",
        "value": Decimal(750),
    }
    computed = {"mul": [{"fact": "monthly_rent"}, "1.5"]}
    assert programme({"all": []}, computed).describe_amount() == {"kind": "computed"}
