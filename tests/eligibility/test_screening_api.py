"""The public screening API: POST /api/v1/screening, GET /api/v1/programmes, the schema."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, RequestFactory

from eligibility.throttling import ClientRateThrottle
from tests.eligibility.hostile_json import HOSTILE, HUGE_STRING

pytestmark = pytest.mark.usefixtures("demo_site", "demo_today")

SLUGS = [
    "bilbao-hospitality-establishments",
    "bilbao-nightlife-2022",
    "bono-denda-merchants",
    "digital-consultancy",
    "hospitality-direct-aid",
    "irun-aurrera-two-lines",
    "municipal-fee-rebate",
    "rental-subsidy",
]
COOPERATIVE = {
    "legal_form": "cooperative",
    "employees": 5,
    "founded_on": "2015-04-01",
    "district": "abando",
    "sector": "hospitality",
    "tax_obligations_current": True,
    "social_security_current": True,
    "debts_with_city": False,
    "de_minimis_declared": "0",
}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # The throttle counts in the default cache, per client address: every test starts at 0.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    # The API is a public computation: it must work without a CSRF token.
    return Client(enforce_csrf_checks=True)


def screen(api_client: Client, body: Any, *, raw: bool = False):
    data = body if raw else json.dumps(body)
    return api_client.post("/api/v1/screening", data=data, content_type="application/json")


def by_programme(body: dict) -> dict[str, dict]:
    return {result["programme"]: result for result in body["results"]}


def test_screening_returns_one_outcome_per_live_programme_and_the_next_question(api_client):
    response = screen(api_client, {"facts": COOPERATIVE, "lang": "en"})

    assert response.status_code == 200
    body = response.json()
    assert [result["programme"] for result in body["results"]] == SLUGS
    hospitality = by_programme(body)["hospitality-direct-aid"]
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
    bono_denda = by_programme(body)["bono-denda-merchants"]
    assert bono_denda["open"] is False  # Bono Denda opens in January
    assert bono_denda["missing_facts"] == ["accepts_card_payments"]
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

    facts = {"district": "abando", "tax_obligations_current": True}
    body = screen(api_client, {"facts": facts, "lang": "en"}).json()
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
    reasons = by_programme(body)["hospitality-direct-aid"]["reasons"]
    assert {"id": "district", "met": False, "text": "The premises must be in Bilbao."} in reasons


def test_a_closed_programme_is_returned_but_asks_no_question(api_client):
    # On 15 February 2027 the digital consultancy (closes 31 January) is closed; the Bilbao
    # 2022 aid is open but its weighted headcount is never asked (no single answer decides).
    facts = {**COOPERATIVE, "premises_tenure": "owned", "activity_suspended": False,
             "accepts_card_payments": True, "venues": 2, "activity_code": "5630",
             "service_model": "on_premises", "april_2020_turnover": "1000",
             "monthly_average_oct_mar": "5000", "women_led": False}  # fmt: skip
    body = screen(api_client, {"facts": facts, "as_of": "2027-02-15"}).json()

    undecided = [r for r in body["results"] if r["outcome"] == "needs_info"]
    assert [r["programme"] for r in undecided] == ["bilbao-nightlife-2022", "digital-consultancy"]
    assert [r["open"] for r in undecided] == [True, False]
    assert body["next_question"] is None  # a closed programme asks nothing


def test_answers_only_one_programme_asks_are_accepted(api_client):
    body = screen(api_client, {"facts": {"venues": 3, "has_website": True}}).json()
    assert len(body["results"]) == len(SLUGS)


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
    listed = {programme["slug"]: programme for programme in programmes}
    bono_denda = listed["bono-denda-merchants"]
    assert bono_denda["status"] == "upcoming" and bono_denda["open"] is False
    hospitality = listed["hospitality-direct-aid"]["definition"]
    assert hospitality["format"] == "onestop.programme/v1"
    assert hospitality["amount"]["tiers"] == {"fact": "employees"}
    irun = listed["irun-aurrera-two-lines"]["definition"]
    assert irun["format"] == "onestop.programme/v2"
    assert [line["id"] for line in irun["lines"]] == ["line-1", "line-2"]


def test_the_openapi_schema_documents_both_paths(api_client):
    response = api_client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert {"/api/v1/screening", "/api/v1/programmes"} <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/screening"]["post"]["responses"]) == {
        "200",
        "400",
        "413",
        "429",
    }
    assert api_client.get("/api/v1/docs").status_code == 200


def test_the_api_writes_no_session(api_client):
    screen(api_client, {"facts": COOPERATIVE})
    assert "sessionid" not in api_client.cookies


# --- hostile input: a 4xx with a clear message, never a 500 ---------------------------------


@pytest.mark.parametrize("as_of", ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
def test_a_reference_date_outside_what_the_api_serves_is_a_400_naming_as_of(api_client, as_of):
    response = screen(api_client, {"facts": COOPERATIVE, "as_of": as_of})

    assert response.status_code == 400
    assert response.json()["error"] == {
        "field": "as_of",
        "message": f"as_of: must be between 1900-01-01 and 2999-12-31, not {as_of}",
    }


@pytest.mark.parametrize("as_of", ["1900-01-01", "2999-12-31"])
def test_the_first_and_last_reference_dates_are_screened(api_client, as_of):
    response = screen(api_client, {"facts": COOPERATIVE, "as_of": as_of})

    assert response.status_code == 200
    assert len(response.json()["results"]) == len(SLUGS)


@pytest.mark.parametrize(
    "size", [300 * 1024, 5 * 1024 * 1024], ids=["over-the-api-limit", "over-djangos-limit"]
)
def test_a_body_too_large_is_a_413_with_a_json_error(api_client, size):
    body = json.dumps({"facts": {"sector": "x" * size}})

    response = screen(api_client, body, raw=True)

    assert response.status_code == 413
    assert response.json() == {"error": {"message": "the body is larger than 256 KB"}}


@pytest.mark.parametrize(
    "name",
    [name for name in HOSTILE if name != "empty"],  # empty: see the test above
)
def test_a_hostile_body_is_a_400_saying_what_is_wrong(api_client, name):
    body, words = HOSTILE[name]

    response = screen(api_client, body, raw=True)

    assert response.status_code == 400
    assert words in response.json()["error"]["message"]


def test_a_huge_string_body_is_a_413(api_client):
    response = screen(api_client, HUGE_STRING, raw=True)
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("facts", "fact", "words"),
    [
        ({"": None}, "", "is not a fact name"),
        ({"Employees": 5}, "Employees", "is not a fact name"),
        ({"a" * 65: 1}, "a" * 65, "at most 64 characters"),
        ({"employees": [5]}, "employees", "must be true, false, a number, a string"),
        ({"sector": {"name": "retail"}}, "sector", "must be true, false, a number, a string"),
        ({"sector": "x" * 257}, "sector", "at most 256 characters"),
    ],
)
def test_facts_the_schema_refuses_are_a_400_naming_the_fact(api_client, facts, fact, words):
    response = screen(api_client, {"facts": facts})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fact"] == fact
    assert words in error["message"]


def test_more_facts_than_the_schema_allows_is_a_400(api_client):
    facts = {f"question_{number}": None for number in range(501)}

    response = screen(api_client, {"facts": facts})

    assert response.status_code == 400
    assert response.json()["error"] == {"field": "facts", "message": "facts: at most 500 facts"}


# --- the schema says what the API accepts ----------------------------------------------------


@pytest.fixture
def request_validator(api_client):
    schema = api_client.get("/api/v1/openapi.json").json()
    request = {**schema["components"]["schemas"]["ScreeningRequest"]}
    request["$defs"] = schema["components"]["schemas"]
    return jsonschema.Draft202012Validator(
        json.loads(json.dumps(request).replace("#/components/schemas/", "#/$defs/"))
    )


@pytest.mark.parametrize(
    "body",
    [
        {"facts": {"": None}},
        {"facts": {"Employees": 5}},
        {"facts": {"is_sse": True}},  # derived: computed, never supplied
        {"facts": {"employees": -1}},
        {"facts": {"employees": "five"}},
        {"facts": {"district": "madrid"}},
        {"facts": {"founded_on": "1 May 2020"}},
        {"facts": {"venues": [1]}},
        {"facts": {f"question_{number}": None for number in range(501)}},
        {"facts": {}, "as_of": "0001-01-01"},
        {"facts": {}, "as_of": "22/11/2026"},
        {"facts": {}, "lang": "fr"},
        {"facts": {}, "extra": 1},
        {"fact": {}},
    ],
)
def test_the_schema_refuses_what_the_api_refuses(request_validator, api_client, body):
    assert not request_validator.is_valid(body)
    assert screen(api_client, body).status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        {"facts": COOPERATIVE, "lang": "en", "as_of": "2026-11-22"},
        {"facts": {"turnover_current": 85000.5, "turnover_previous": "90000.00"}},
        {"facts": {"founded_on": "2019-03-01", "employees": None}},
        {"facts": {"venues": 3, "has_website": True}},  # programme questions
    ],
)
def test_the_api_accepts_what_the_schema_accepts(request_validator, api_client, body):
    assert request_validator.is_valid(body)
    assert screen(api_client, body).status_code == 200


def test_the_schema_documents_the_limits(api_client):
    schema = api_client.get("/api/v1/openapi.json").json()
    request = schema["components"]["schemas"]["ScreeningRequest"]["properties"]
    facts = request["facts"]

    assert facts["propertyNames"]["pattern"] == "^[a-z][a-z0-9_]*$"
    assert facts["propertyNames"]["maxLength"] == 64
    assert facts["maxProperties"] == 500
    assert facts["properties"]["employees"]["anyOf"][0] == {"type": "integer", "minimum": 0}
    assert "is_sse" in facts["propertyNames"]["not"]["enum"]
    assert request["as_of"]["anyOf"][0]["pattern"].startswith("^(19[0-9]{2}|2[0-9]{3})-")
    for path, method in (("/api/v1/screening", "post"), ("/api/v1/programmes", "get")):
        too_many = schema["paths"][path][method]["responses"]["429"]
        assert "Retry-After" in too_many["headers"]
        assert too_many["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")


# --- throttling ------------------------------------------------------------------------------


def test_a_client_over_the_rate_is_answered_429_with_retry_after(api_client, settings):
    settings.ONESTOP_SCREENING_API_RATE = "3/m"

    statuses = [screen(api_client, {"facts": {}}).status_code for _ in range(3)]
    refused = screen(api_client, {"facts": {}})

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    message = refused.json()["error"]["message"]
    assert message.startswith("too many requests: at most 3 every 60 seconds from one address")
    # The listing counts against the same allowance.
    assert api_client.get("/api/v1/programmes").status_code == 429


def test_each_client_address_has_its_own_allowance(settings):
    settings.ONESTOP_SCREENING_API_RATE = "2/m"
    first, second = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")

    assert [screen(first, {"facts": {}}).status_code for _ in range(3)] == [200, 200, 429]
    assert screen(second, {"facts": {}}).status_code == 200


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(settings):
    settings.ONESTOP_SCREENING_API_RATE = "2/m"
    client = Client(REMOTE_ADDR="192.0.2.1")

    statuses = [
        client.post(
            "/api/v1/screening",
            data='{"facts": {}}',
            content_type="application/json",
            headers={"x-forwarded-for": f"198.51.100.{number}"},
        ).status_code
        for number in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_behind_trusted_proxies_the_client_is_the_address_they_saw(settings):
    settings.ONESTOP_SCREENING_API_RATE = "1/m"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1")

    def from_client(address: str) -> int:
        return proxy.post(
            "/api/v1/screening",
            data='{"facts": {}}',
            content_type="application/json",
            headers={"x-forwarded-for": f"203.0.113.9, {address}"},
        ).status_code

    assert [from_client("192.0.2.1"), from_client("192.0.2.2")] == [200, 200]
    assert from_client("192.0.2.1") == 429


def test_an_ipv6_client_is_counted_by_its_64_network(settings):
    settings.ONESTOP_SCREENING_API_RATE = "1/m"

    assert screen(Client(REMOTE_ADDR="2001:db8:1:2::1"), {"facts": {}}).status_code == 200
    assert screen(Client(REMOTE_ADDR="2001:db8:1:2::99"), {"facts": {}}).status_code == 429
    assert screen(Client(REMOTE_ADDR="2001:db8:1:3::1"), {"facts": {}}).status_code == 200


def test_the_count_is_kept_in_the_shared_cache_and_ends_with_its_window(settings, monkeypatch):
    settings.ONESTOP_SCREENING_API_RATE = "2/m"
    now = [60 * 16_667 + 20.0]  # 20 s into a window
    monkeypatch.setattr(ClientRateThrottle, "timer", lambda self: now[0])
    request = RequestFactory().post("/api/v1/screening", REMOTE_ADDR="192.0.2.7")

    # Two throttles stand for two processes: they see one count, the cache's.
    one, other = ClientRateThrottle(), ClientRateThrottle()
    assert [one.allow_request(request), other.allow_request(request)] == [True, True]
    assert other.allow_request(request) is False
    assert other.wait() == 40

    now[0] += 40  # the next window
    assert one.allow_request(request) is True
    cache.clear()
    assert one.allow_request(request) and one.allow_request(request)


def test_a_rate_that_cannot_be_read_fails_the_system_check(settings):
    settings.ONESTOP_SCREENING_API_RATE = "lots"

    with pytest.raises(Exception, match="SCREENING_API_RATE must be requests/period"):
        call_command("check", "--fail-level", "ERROR")
