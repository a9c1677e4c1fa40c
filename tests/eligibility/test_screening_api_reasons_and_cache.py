"""POST /api/v1/screening: the `reasons` switch, and the compiled rules kept by revision with
the live programmes read in a bounded number of queries."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from tests.eligibility.test_screening_api import COOPERATIVE, SLUGS, by_programme
from tests.helpers import HOSPITALITY, demo_definition, programme_page

pytestmark = pytest.mark.usefixtures("demo_site", "demo_today")

DECISION_KEYS = ("programme", "outcome", "amount", "unit", "open", "missing_facts")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def screen(body, *, query: str = ""):
    return Client().post(
        f"/api/v1/screening{query}", data=json.dumps(body), content_type="application/json"
    )


def decisions(body: dict) -> list[dict]:
    return [{key: result.get(key) for key in DECISION_KEYS} for result in body["results"]]


def test_reasons_are_given_by_default():
    body = screen({"facts": COOPERATIVE}).json()

    assert [result["programme"] for result in body["results"]] == SLUGS
    for result in body["results"]:
        assert result["reasons"], result["programme"]
        assert all(reason["text"] for reason in result["reasons"])


@pytest.mark.parametrize(
    ("body", "query"),
    [({"reasons": False}, ""), ({}, "?reasons=false"), ({"reasons": False}, "?reasons=false")],
)
def test_reasons_false_leaves_them_out_and_decides_the_same(body, query):
    full = screen({"facts": COOPERATIVE}).json()

    response = screen({"facts": COOPERATIVE, **body}, query=query)

    assert response.status_code == 200
    short = response.json()
    assert all("reasons" not in result for result in short["results"])
    assert decisions(short) == decisions(full)
    assert short["next_question"] == full["next_question"]


@pytest.mark.parametrize(
    ("body", "query"),
    [
        ({"reasons": "no"}, ""),
        ({"reasons": 0}, ""),
        ({}, "?reasons=maybe"),
        ({"reasons": True}, "?reasons=false"),
    ],
)
def test_an_invalid_reasons_is_a_400_naming_it(body, query):
    response = screen({"facts": COOPERATIVE, **body}, query=query)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "reasons"
    assert error["message"].startswith("reasons: ")


def test_a_newly_published_revision_is_used_by_the_next_request():
    before = by_programme(screen({"facts": COOPERATIVE}).json())[HOSPITALITY]
    assert before["amount"] == "1250.00"
    page = programme_page()
    definition = demo_definition()
    definition["amount"]["bands"][1]["value"] = "1750"
    page.definition = definition
    page.save_revision().publish()

    after = by_programme(screen({"facts": COOPERATIVE}).json())[HOSPITALITY]

    assert after["amount"] == "1750.00"


def test_unpublishing_takes_the_programme_out_at_once():
    screen({"facts": COOPERATIVE})
    programme_page().unpublish()

    body = screen({"facts": COOPERATIVE}).json()

    assert HOSPITALITY not in by_programme(body)


def test_queries_per_request_do_not_grow_with_the_programmes(django_assert_max_num_queries):
    screen({"facts": COOPERATIVE})  # the first request reads and compiles every revision
    with django_assert_max_num_queries(2):
        response = screen({"facts": COOPERATIVE})
    assert response.status_code == 200
    assert len(response.json()["results"]) == len(SLUGS)


def test_the_query_count_is_the_same_for_fewer_programmes():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> list[str]:
        screen({"facts": COOPERATIVE})
        with CaptureQueriesContext(connection) as captured:
            screen({"facts": COOPERATIVE})
        return [query["sql"] for query in captured.captured_queries]

    every = queries()
    for slug in SLUGS[:4]:
        programme_page(slug).unpublish()
    fewer = queries()

    assert len(every) == len(fewer), every


@pytest.mark.parametrize("restricted", ["page", "parent"])
def test_a_programme_in_a_private_section_is_not_screened(restricted):
    from wagtail.models import PageViewRestriction

    page = programme_page()
    target = page if restricted == "page" else page.get_parent()
    PageViewRestriction.objects.create(
        page=target, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    body = screen({"facts": COOPERATIVE}).json()

    assert HOSPITALITY not in by_programme(body)
    if restricted == "page":
        assert len(body["results"]) == len(SLUGS) - 1
