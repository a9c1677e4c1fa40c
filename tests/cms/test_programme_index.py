import copy

import pytest
from django.utils import timezone

from cms.models import ProgrammeIndexPage, ProgrammePage
from cms.services.programme_definitions import programme_import
from eligibility.service import programme_audiences
from tests.helpers import demo_definition, programme_page


def titles(response) -> set[str]:
    return {programme.title for programme in response.context["programmes"]}


def index_url(language="en") -> str:
    return ProgrammeIndexPage.objects.get(locale__language_code=language).url


def demo_titles(language="en", **filters) -> set[str]:
    return set(
        ProgrammePage.objects.filter(locale__language_code=language, **filters).values_list(
            "title", flat=True
        )
    )


def test_without_filters_every_programme_is_listed(demo_site, client):
    response = client.get(index_url())
    assert titles(response) == demo_titles()
    assert "8 programmes" in response.content.decode()


def test_filter_by_kind_of_support(demo_site, client):
    response = client.get(index_url(), {"benefit": "grant"})
    assert titles(response) == demo_titles(benefit="grant")
    # The hospitality aid and the rent subsidy, and the three v2 programmes.
    assert len(titles(response)) == 5


def test_filter_by_window_status(demo_site, client):
    today = timezone.localdate()
    upcoming = client.get(index_url(), {"status": "upcoming"})
    open_now = client.get(index_url(), {"status": "open"})

    assert titles(upcoming) == demo_titles(opens_on__gt=today)
    assert titles(open_now) == demo_titles() - titles(upcoming)
    assert titles(client.get(index_url(), {"status": "closed"})) == set()


def test_a_closed_programme_is_listed_as_closed_only(demo_site, client):
    definition = demo_definition("municipal-fee-rebate")
    definition["window"] = {"opens": "2020-03-01", "closes": "2020-12-31"}
    programme_import(definition=definition)

    closed = client.get(index_url(), {"status": "closed"})

    assert titles(closed) == demo_titles(programme_slug="municipal-fee-rebate")
    assert "Closed" in closed.content.decode()


def test_filter_by_audience_uses_the_rules(demo_site, client):
    definition = demo_definition()
    sse_only = copy.deepcopy(definition)
    sse_only["eligibility"]["all"].append({"fact": "is_sse", "op": "is_true"})
    programme_import(definition=sse_only)

    for_business = client.get(index_url(), {"audience": "small_business"})
    for_sse = client.get(index_url(), {"audience": "sse"})

    assert "Direct aid for hospitality" not in titles(for_business)
    assert "Direct aid for hospitality" in titles(for_sse)
    assert len(titles(for_sse)) == 8 and len(titles(for_business)) == 7


def test_an_unknown_filter_value_is_ignored_not_an_error(demo_site, client):
    response = client.get(index_url(), {"benefit": "free-money"})
    assert response.status_code == 200
    assert titles(response) == demo_titles()


@pytest.mark.parametrize(
    ("extra_rule", "audiences"),
    [
        (None, {"sse", "small_business"}),
        ({"fact": "is_sse", "op": "is_true"}, {"sse"}),
        ({"fact": "legal_form", "op": "in", "value": ["association"]}, {"sse"}),
        ({"fact": "legal_form", "op": "eq", "value": "limited_company"}, {"small_business"}),
        # Large cooperatives exist: only small businesses are ruled out by headcount.
        ({"fact": "employees", "op": "gte", "value": 250}, {"sse"}),
        (
            {"all": [{"fact": "employees", "op": "gte", "value": 250},
                     {"fact": "is_sse", "op": "is_false"}]},
            set(),
        ),
    ],
)
def test_programme_audiences(extra_rule, audiences):
    definition = demo_definition()
    if extra_rule:
        definition["eligibility"]["all"].append(extra_rule)
    assert programme_audiences(definition) == audiences


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("es", "hostelería", "Ayuda directa a la hostelería"),
        ("eu", "ostalaritza", "Ostalaritzarako zuzeneko laguntza"),
        ("en", "hospitality", "Direct aid for hospitality"),
    ],
)
def test_search_finds_programmes_in_the_language_shown(demo_site, client, language, query, expected):
    response = client.get(f"/{language}/search/", {"q": query})

    assert response.status_code == 200
    found = [result.title for result in response.context["results"]]
    assert expected in found
    assert all(
        result.locale.language_code == language for result in response.context["results"]
    )


def test_search_without_a_query_shows_only_the_form(demo_site, client):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert 'role="search"' in response.content.decode()
    assert list(response.context["results"]) == []


def test_window_dates_are_written_the_way_each_language_writes_them(demo_site, client):
    page = programme_page(language="es")
    html = client.get(page.url).content.decode()
    assert "Del 2 de noviembre de 2026 al 30 de junio de 2027, ambos incluidos." in html
    english = page.get_translation(page.locale.__class__.objects.get(language_code="en"))
    assert "From 2 November 2026 to 30 June 2027, both included." in client.get(english.url).content.decode()
