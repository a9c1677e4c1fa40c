"""The "Find support" screener as a visitor uses it: pages, answers, errors, results."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client

from tests.helpers import programme_page

pytestmark = pytest.mark.usefixtures("demo_site", "demo_today")

COOPERATIVE = {
    "district": "abando",
    "employees": "5",
    "sector": "hospitality",
    "legal_form": "cooperative",
    "tax_obligations_current": "true",
    "social_security_current": "true",
    "debts_with_city": "false",
    "de_minimis_declared": "0",
    "premises_tenure": "owned",
    "activity_suspended": "false",
    "accepts_card_payments": "true",
    "venues": "1",
    "has_online_shop": "false",
    "digital_plan_interest": "website",
}


def question_url(language: str, fact: str) -> str:
    return f"/{language}/find-support/questions/{fact}/"


def asked_fact(response) -> str:
    match = re.search(r"/find-support/questions/([a-z0-9_]+)/", response["Location"])
    assert match, response["Location"]
    return match.group(1)


def answer_everything(client: Client, language: str, answers: dict[str, str]) -> list[str]:
    """Start the screener and answer each question from `answers` until the results."""
    asked = []
    response = client.get(f"/{language}/find-support/next/")
    while response.status_code == 302 and "/questions/" in response["Location"]:
        fact = asked_fact(response)
        asked.append(fact)
        assert client.get(response["Location"]).status_code == 200
        if fact in answers:
            response = client.post(response["Location"], {fact: answers[fact]})
        else:
            response = client.post(response["Location"], {"dont_know": "1"})
        assert response.status_code == 302, response.content.decode()[:2000]
        if response["Location"].endswith("/next/"):
            response = client.get(response["Location"])
    assert response["Location"] == f"/{language}/find-support/results/"
    return asked


def section(html: str, ident: str) -> str:
    match = re.search(rf'<section[^>]*aria-labelledby="{ident}".*?</section>', html, re.S)
    return match.group(0) if match else ""


@pytest.mark.parametrize("language", ["es", "eu", "en"])
def test_the_start_page_is_under_each_language_prefix(client, language):
    response = client.get(f"/{language}/find-support/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert "eligibility/screener.css" in html
    assert f'href="/{language}/find-support/next/"' in html


def test_the_start_page_says_what_the_screener_does(client):
    html = client.get("/en/find-support/").content.decode()
    assert "<h1>Find support for your organisation</h1>" in html
    assert "Start now" in html


def test_the_first_question_decides_the_most_programmes_and_has_a_back_link(client):
    response = client.get("/en/find-support/next/")
    assert response["Location"] == question_url("en", "district")

    html = client.get(question_url("en", "district")).content.decode()
    assert "Which district are your premises in?" in html
    assert 'type="radio" name="district" value="outside"' in html
    assert '<p class="back-link"><a href="/en/find-support/">' in html
    assert 'href="/en/find-support/results/">See results now</a>' in html
    assert 'name="dont_know"' in html


def test_an_answer_moves_on_and_the_next_page_links_back_to_it(client):
    response = client.post(question_url("en", "district"), {"district": "abando"})
    assert response["Location"] == "/en/find-support/next/"
    next_question = question_url("en", "tax_obligations_current")
    assert client.get("/en/find-support/next/")["Location"] == next_question

    html = client.get(next_question).content.decode()
    assert f'<p class="back-link"><a href="{question_url("en", "district")}">' in html
    # Going back shows the answer given.
    html = client.get(question_url("en", "district")).content.decode()
    assert 'value="abando" aria-describedby' not in html  # described on the fieldset
    assert re.search(r'value="abando"[^>]*checked', html)


def test_an_invalid_answer_shows_an_error_summary_linking_to_the_field(client):
    response = client.post(question_url("en", "employees"), {"employees": "-3"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: How many people does your organisation employ?" in html
    assert 'class="error-summary"' in html
    assert '<a href="#id_employees">Enter a number of 0 or more.</a>' in html
    assert 'aria-describedby="id_employees-hint id_employees-error"' in html
    assert "employees" not in client.session.get("screener_answers", {})


def test_an_unanswered_radio_question_links_the_summary_to_the_first_radio(client):
    html = client.post(question_url("en", "district"), {}).content.decode()
    assert '<a href="#id_district_0">Select an answer, or choose “I don&#x27;t know”.</a>' in html


@pytest.mark.parametrize(
    ("language", "typed", "stored"),
    [("es", "1.250,50", "1250.50"), ("eu", "1.250,5", "1250.5"), ("en", "1,250.50", "1250.50"),
     ("es", "300", "300")],
)  # fmt: skip
def test_decimals_are_typed_the_way_each_language_writes_them(client, language, typed, stored):
    response = client.post(
        question_url(language, "de_minimis_declared"), {"de_minimis_declared": typed}
    )
    assert response.status_code == 302
    assert client.session["screener_answers"]["de_minimis_declared"] == stored


def test_i_dont_know_leaves_the_fact_unknown_and_it_is_not_asked_again(client):
    client.post(question_url("en", "district"), {"district": "abando"})
    response = client.post(question_url("en", "employees"), {"dont_know": "1"})

    assert response["Location"] == "/en/find-support/next/"
    assert client.session["screener_unknown"] == ["employees"]
    assert "employees" not in client.session["screener_answers"]
    assert client.get("/en/find-support/next/")["Location"] != question_url("en", "employees")
    results = client.get("/en/find-support/results/").content.decode()
    assert "I don&#x27;t know" in results
    assert "(you said you don't know)" in results


def test_a_hospitality_cooperative_can_apply_for_the_hospitality_aid(client):
    asked = answer_everything(client, "en", COOPERATIVE)

    assert asked[:3] == ["district", "tax_obligations_current", "employees"]
    html = client.get("/en/find-support/results/").content.decode()
    can_apply = section(html, "can-apply")
    assert "Direct aid for hospitality" in can_apply
    assert "€1,250.00" in can_apply
    assert "50%" in can_apply  # the fee rebate
    assert "20 hours" in can_apply  # the consultancy, for a social economy entity
    # "Apply" starts the application, which takes these answers along.
    assert 'href="/en/apply/hospitality-direct-aid/"' in can_apply
    do_not_qualify = section(html, "do-not-qualify")
    assert "Help with business rent" in do_not_qualify
    assert "This aid is only for organisations that pay rent for their premises." in do_not_qualify
    opens_soon = section(html, "opens-soon")
    assert "Bono Denda" in opens_soon and "400 vouchers" in opens_soon


@pytest.mark.parametrize("language", ["es", "eu"])
def test_amounts_are_written_the_spanish_and_basque_way(client, language):
    answer_everything(client, language, COOPERATIVE)
    html = client.get(f"/{language}/find-support/results/").content.decode()
    assert "1.250,00 €" in section(html, "can-apply")
    assert ("50 %" if language == "es" else "%50") in section(html, "can-apply")


def test_the_answers_stay_in_the_session_in_the_engines_format(client):
    answer_everything(client, "en", COOPERATIVE)

    answers = client.session["screener_answers"]
    assert answers["employees"] == 5
    assert answers["tax_obligations_current"] is True
    assert answers["debts_with_city"] is False
    assert answers["de_minimis_declared"] == "0"
    assert answers["district"] == "abando"
    assert client.session["screener_asked"][0] == "district"


def test_results_say_what_is_still_unknown_and_let_the_person_go_on(client):
    client.post(question_url("en", "district"), {"district": "abando"})
    client.post(question_url("en", "sector"), {"sector": "hospitality"})

    html = client.get("/en/find-support/results/").content.decode()
    may_qualify = section(html, "may-qualify")
    assert "Direct aid for hospitality" in may_qualify
    assert "How many people does your organisation employ?" in may_qualify
    assert "/en/find-support/questions/employees/?return=results" in may_qualify
    assert "Answer more questions" in html
    # Check your answers, with change links that come back here.
    assert '<dt class="summary-list__key">District</dt>' in html
    assert 'href="/en/find-support/questions/district/?return=results">Change' in html


def test_changing_an_answer_from_the_results_returns_to_the_results(client):
    answer_everything(client, "en", COOPERATIVE)
    change = "/en/find-support/questions/employees/?return=results"

    html = client.get(change).content.decode()
    assert '<p class="back-link"><a href="/en/find-support/results/">' in html
    assert 'value="5"' in html
    response = client.post(change, {"employees": "12"})

    assert response["Location"] == "/en/find-support/results/"
    results = client.get("/en/find-support/results/").content.decode()
    assert "€1,500.00" in section(results, "can-apply")


def test_start_again_forgets_the_answers(client):
    client.post(question_url("en", "district"), {"district": "abando"})
    assert "Continue where you left off" in client.get("/en/find-support/").content.decode()

    response = client.post("/en/find-support/start-again/")

    assert response["Location"] == "/en/find-support/next/"
    assert "screener_answers" not in client.session
    assert client.get("/en/find-support/start-again/").status_code == 405


def test_only_questions_of_the_screened_programmes_can_be_asked(client):
    assert client.get(question_url("en", "is_sse")).status_code == 404  # derived
    assert client.get(question_url("en", "nonsense")).status_code == 404
    assert client.get(question_url("en", "has_website")).status_code == 404  # no rule reads it
    assert client.get(question_url("en", "venues")).status_code == 200  # a programme question


def test_a_stale_answer_in_the_session_is_ignored(client):
    session = client.session
    session["screener_answers"] = {
        "employees": -4,
        "gone": True,
        "district": "abando",
        "tax_obligations_current": True,
    }
    session.save()

    response = client.get("/en/find-support/next/")

    # The invalid headcount is dropped and asked again, next after the tax question.
    assert response["Location"] == question_url("en", "employees")


def test_an_anonymous_screening_stores_nothing_but_the_session(client):
    def row_counts() -> dict[str, int]:
        return {model._meta.label: model.objects.count() for model in apps.get_models()}

    before = row_counts()
    answer_everything(client, "en", COOPERATIVE)
    client.get("/en/find-support/results/")
    client.post(question_url("en", "employees"), {"employees": "-1"})
    after = row_counts()

    changed = {label for label in before if before[label] != after[label]}
    assert changed == {Session._meta.label}
    assert after[Session._meta.label] == before[Session._meta.label] + 1


def test_the_home_page_and_programme_pages_link_to_the_screener(client):
    home = client.get("/en/").content.decode()
    assert 'href="/en/find-support/"' in home
    assert "Find support for your organisation" in home

    page = programme_page(language="en")
    html = client.get(page.url).content.decode()
    assert 'href="/en/find-support/">Check if you qualify</a>' in html


@pytest.mark.parametrize(
    ("language", "not_known", "track_record"),
    [
        ("en", "Not known yet: Founding date.", "one year of trading"),
        ("es", "Todavía no se sabe: Fecha de constitución.", "un año de actividad"),
        ("eu", "Oraindik ez dakigu: Sortze-data.", "urtebeteko jarduera"),
    ],
)
def test_a_requirement_waiting_for_an_unasked_fact_is_not_known_rather_than_failed(
    client, language, not_known, track_record
):
    # A sole trader (not social economy) renting nowhere: the rental subsidy is ruled out, and
    # its track record (social economy, or a year of activity) waits for the founding date,
    # which was never asked.
    for fact, value in {
        "legal_form": "sole_trader",
        "district": "abando",
        "premises_tenure": "owned",
    }.items():
        client.post(question_url(language, fact), {fact: value})

    html = client.get(f"/{language}/find-support/results/").content.decode()
    titles = {"en": "Help with business rent", "es": "Ayuda al alquiler de locales"}
    title = titles.get(language, "Lokalen alokairurako laguntza")
    entries = section(html, "do-not-qualify").split('<li class="result ')
    entry = next(entry for entry in entries if title in entry)
    failed = re.search(r'<ul class="result__reasons">(.*?)</ul>', entry, re.S).group(1)
    unknown = re.search(r'<ul class="result__not-known">(.*?)</ul>', entry, re.S).group(1)
    assert track_record not in failed
    assert not_known in unknown and track_record in unknown
