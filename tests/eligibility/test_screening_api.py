"""The public screening API: POST /api/v1/screening, GET /api/v1/programmes, the schema."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from eligibility import screening_service

pytestmark = pytest.mark.usefixtures("demo_site")

SLUGS = [
    "bono-denda-merchants",
    "digital-consultancy",
    "hospitality-direct-aid",
    "municipal-fee-rebate",
    "rental-subsidy",
]
COOPERATIVE = {
    "legal_form": "cooperative",
    "employees": 5,
    "district": "abando",
    "sector": "hospitality",
    "tax_obligations_current": True,
    "social_security_current": True,
    "debts_with_city": False,
    "de_minimis_declared": "0",
}


@pytest.fixture(autouse=True)
def demo_today(monkeypatch):
    monkeypatch.setattr(screening_service, "city_today", lambda: dt.date(2026, 11, 22))


@pytest.fixture
def api_client():
    # The API is a public computation: it must work without a CSRF token.
    return Client(enforce_csrf_checks=True)


def screen(api_client: Client, body: Any, *, raw: bool = False):
    data = body if raw else json.dumps(body)
    return api_client.post("/api/v1/screening", data=data, content_type="application/json")


def test_screening_returns_one_outcome_per_live_programme_and_the_next_question(api_client):
    response = screen(api_client, {"facts": COOPERATIVE, "lang": "en"})

    assert response.status_code == 200
    body = response.json()
    assert [result["programme"] for result in body["results"]] == SLUGS
    hospitality = body["results"][2]
    assert hospitality == {
        "programme": "hospitality-direct-aid",
        "outcome": "eligible",
        "amount": "1250.00",
        "unit": "EUR",
        "open": True,
        "missing_facts": [],
        "reasons": hospitality["reasons"],
    }
    assert hospitality["reasons"][-1]["id"] == "de_minimis"
    assert body["results"][0]["open"] is False  # Bono Denda opens in January
    assert body["results"][0]["missing_facts"] == ["accepts_card_payments"]
    assert body["next_question"]["fact"] == "premises_tenure"
    assert body["next_question"]["label"] == "Do you rent or own your business premises?"
    assert body["next_question"]["choices"][0] == {"value": "rented", "label": "Rented"}


def test_the_first_question_for_nobody_yet_is_the_district(api_client):
    body = screen(api_client, {"facts": {}}).json()

    assert all(result["outcome"] == "needs_info" for result in body["results"])
    question = body["next_question"]
    assert question["fact"] == "district" and question["type"] == "choice"
    assert question["label"] == "¿En qué distrito está su local?"  # Spanish by default
    assert {"value": "outside", "label": "Fuera de la ciudad"} in question["choices"]


def test_bool_and_number_questions_describe_their_answers(api_client):
    body = screen(
        api_client, {"facts": {"district": "abando", "employees": 5}, "lang": "eu"}
    ).json()
    question = body["next_question"]
    assert question["fact"] == "tax_obligations_current"
    assert [choice["value"] for choice in question["choices"]] == [True, False]

    body = screen(api_client, {"facts": {"district": "abando"}, "lang": "en"}).json()
    assert body["next_question"] == {
        "fact": "employees",
        "type": "int",
        "label": "How many people does your organisation employ?",
        "help": body["next_question"]["help"],
        "min": 0,
    }


def test_nothing_left_to_ask_gives_a_null_next_question(api_client):
    body = screen(api_client, {"facts": {"district": "outside"}, "lang": "en"}).json()

    assert body["next_question"] is None
    assert {result["outcome"] for result in body["results"]} == {"ineligible"}
    reasons = body["results"][2]["reasons"]
    assert {"id": "district", "met": False, "text": "The premises must be in Bilbao."} in reasons


def test_a_closed_programme_is_returned_but_asks_no_question(api_client):
    # On 15 February 2027 the digital consultancy (closes 31 January) is closed.
    facts = {**COOPERATIVE, "premises_tenure": "owned", "activity_suspended": False,
             "accepts_card_payments": True, "venues": 2}  # fmt: skip
    body = screen(api_client, {"facts": facts, "as_of": "2027-02-15"}).json()

    consultancy = body["results"][1]
    assert consultancy["programme"] == "digital-consultancy"
    assert consultancy["open"] is False and consultancy["outcome"] == "needs_info"
    assert body["next_question"] is None  # only the closed programme is undecided


def test_answers_only_one_programme_asks_are_accepted(api_client):
    body = screen(api_client, {"facts": {"venues": 3, "has_website": True}}).json()
    assert len(body["results"]) == 5


@pytest.mark.parametrize(
    ("facts", "fact", "words"),
    [
        ({"employees": -1}, "employees", "at least 0"),
        ({"employees": "five"}, "employees", "whole number"),
        ({"is_sse": True}, "is_sse", "derived"),
        ({"venues": 21}, "venues", "at most 20"),
        ({"shoe_size": 42}, "shoe_size", "not a fact"),
        ({"district": "madrid"}, "district", "one of"),
    ],
)
def test_an_invalid_fact_is_a_400_naming_it(api_client, facts, fact, words):
    response = screen(api_client, {"facts": facts})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fact"] == fact
    assert words in error["message"]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ("{not json", None, "not valid JSON"),
        ("[1, 2]", None, "JSON object"),
        ("", None, "empty"),
        ({"facts": {}, "lang": "fr"}, "lang", "'es', 'eu' or 'en'"),
        ({"facts": {}, "as_of": "22/11/2026"}, "as_of", "YYYY-MM-DD"),
        ({"facts": {}, "as_of": "2026-02-30"}, "as_of", "not a valid calendar date"),
        ({"facts": []}, "facts", "dictionary"),
        ({"fact": {}}, "facts", "required"),
        ({"facts": {}, "extra": 1}, "extra", "not permitted"),
    ],
)
def test_an_invalid_body_is_a_400_with_a_clear_message(api_client, body, field, words):
    response = screen(api_client, body, raw=isinstance(body, str))

    assert response.status_code == 400
    error = response.json()["error"]
    assert words in error["message"]
    if field is None:
        assert "field" not in error
    else:
        assert error["field"] == field


def test_the_api_lists_the_live_programmes_with_their_definitions(api_client):
    response = api_client.get("/api/v1/programmes")

    assert response.status_code == 200
    programmes = response.json()["programmes"]
    assert [programme["slug"] for programme in programmes] == SLUGS
    assert programmes[0]["status"] == "upcoming" and programmes[0]["open"] is False
    assert programmes[2]["definition"]["format"] == "onestop.programme/v1"
    assert programmes[2]["definition"]["amount"]["tiers"] == {"fact": "employees"}


def test_the_openapi_schema_documents_both_paths(api_client):
    response = api_client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert {"/api/v1/screening", "/api/v1/programmes"} <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/screening"]["post"]["responses"]) == {"200", "400"}
    assert api_client.get("/api/v1/docs").status_code == 200


def test_the_api_writes_no_session(api_client):
    screen(api_client, {"facts": COOPERATIVE})
    assert "sessionid" not in api_client.cookies
