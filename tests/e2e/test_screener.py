"""The "Find support" screener in a real browser, in each language, checked with axe-core on
every screen: a hospitality cooperative with 5 staff finds the hospitality aid."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.conftest import SCREENSHOTS

# What a hospitality cooperative in Abando with 5 staff answers, whatever it is asked.
COOPERATIVE = {
    "district": "abando",
    "employees": "5",
    "sector": "hospitality",
    "legal_form": "cooperative",
    "tax_obligations_current": "true",
    "social_security_current": "true",
    "debts_with_city": "false",
    "de_minimis_declared": "0",  # no other de minimis aid received
    "premises_tenure": "owned",
    "monthly_rent": "0",
    "activity_suspended": "false",
    "women_led": "false",
    "founded_on": "2015-03-01",
    "turnover_current": "180000",
    "turnover_previous": "200000",
    "accepts_card_payments": "true",
    "venues": "1",
    "has_online_shop": "false",
    "lease_registered": "false",
    "digital_plan_interest": "website",
    # Its bar, for the programmes in format v2.
    "activity_code": "5630",
    "service_model": "on_premises",
    "venue_group": "II",
    "workers_on_register": "5",
    "average_headcount": "5",
    "april_2020_turnover": "2000",
    "monthly_average_oct_mar": "15000",
}

# Each language's programme page has the address of its own title.
PROGRAMME_SLUGS = {
    "es": "hospitality-direct-aid",
    "eu": "ostalaritzarako-zuzeneko-laguntza",
    "en": "direct-aid-for-hospitality",
}
TEXTS = {
    "es": {
        "call_to_action": "Encuentre ayudas para su organización",
        "start": "Empezar ahora",
        "continue": "Continuar",
        "can_apply": "Puede solicitarlo",
        "hospitality": "Ayuda directa a la hostelería",
        "amount": "1.250,00 €",
    },
    "eu": {
        "call_to_action": "Aurkitu zure erakundearentzako laguntzak",
        "start": "Hasi orain",
        "continue": "Jarraitu",
        "can_apply": "Eska dezakezu",
        "hospitality": "Ostalaritzarako zuzeneko laguntza",
        "amount": "1.250,00 €",
    },
    "en": {
        "call_to_action": "Find support for your organisation",
        "start": "Start now",
        "continue": "Continue",
        "can_apply": "You can apply",
        "hospitality": "Direct aid for hospitality",
        "amount": "€1,250.00",
    },
}


@pytest.mark.parametrize("language", ["es", "eu", "en"])
def test_a_hospitality_cooperative_finds_the_hospitality_aid(page, live_desk, language):
    texts = TEXTS[language]
    page.goto(f"{live_desk}/{language}/")
    assert_no_serious_violations(page)

    page.get_by_role("link", name=texts["call_to_action"]).click()
    expect(page).to_have_url(f"{live_desk}/{language}/find-support/")
    expect(page.get_by_role("heading", level=1)).to_have_text(texts["call_to_action"])
    assert_no_serious_violations(page)
    page.get_by_role("link", name=texts["start"]).click()

    asked = []
    while "/questions/" in page.url:
        fact = re.search(r"/questions/([a-z0-9_]+)/", page.url).group(1)
        assert fact in COOPERATIVE, f"unexpected question {fact}"
        assert fact not in asked, f"{fact} asked twice"
        asked.append(fact)
        assert_no_serious_violations(page)
        if len(asked) == 2:
            _an_empty_answer_shows_the_error_summary(page, texts, fact)
        value = COOPERATIVE[fact]
        radio = page.locator(f"input[type=radio][name={fact}][value='{value}']")
        select = page.locator(f"select[name={fact}]")
        if radio.count():
            radio.check()
        elif select.count():
            select.select_option(value)
        else:
            page.locator(f"input[name={fact}]").fill(value)
        page.get_by_role("button", name=texts["continue"], exact=True).click()

    expect(page).to_have_url(f"{live_desk}/{language}/find-support/results/")
    assert asked[0] == "district"
    can_apply = page.locator("section[aria-labelledby=can-apply]")
    expect(can_apply.get_by_role("heading", level=2)).to_contain_text(texts["can_apply"])
    hospitality = can_apply.locator("li.result", has_text=texts["hospitality"])
    expect(hospitality).to_contain_text(texts["amount"])
    title = hospitality.get_by_role("link", name=texts["hospitality"], exact=True)
    expect(title).to_have_attribute(
        "href", re.compile(rf"^/{language}/.+/{PROGRAMME_SLUGS[language]}/$")
    )
    expect(hospitality.locator("a.button")).to_have_attribute(
        "href", f"/{language}/apply/hospitality-direct-aid/"
    )
    assert_no_serious_violations(page)


def _an_empty_answer_shows_the_error_summary(page, texts, fact) -> None:
    page.get_by_role("button", name=texts["continue"], exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert_no_serious_violations(page)
    summary.get_by_role("link").first.click()
    expect(page.locator(f"[name={fact}]").first).to_be_focused()


def test_the_screener_works_on_a_phone_and_answers_can_be_changed(browser, live_desk):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"{live_desk}/en/find-support/questions/district/")
        page.get_by_label("Outside the city").check()
        page.get_by_role("button", name="Continue", exact=True).click()
        expect(page).to_have_url(f"{live_desk}/en/find-support/results/")
        # Every programme but Bono Denda, which opens in January.
        expect(page.locator("section[aria-labelledby=do-not-qualify] li.result")).to_have_count(7)
        expect(page.locator("section[aria-labelledby=opens-soon] li.result")).to_have_count(1)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert_no_serious_violations(page)

        page.get_by_role("link", name="Change District").click()
        page.get_by_label("Abando").check()
        page.get_by_role("button", name="Continue", exact=True).click()
        expect(page).to_have_url(f"{live_desk}/en/find-support/results/")
        expect(page.locator("section[aria-labelledby=may-qualify] li.result")).to_have_count(7)
        page.get_by_role("link", name="Answer more questions").click()
        expect(page).to_have_url(
            f"{live_desk}/en/find-support/questions/tax_obligations_current/"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert_no_serious_violations(page)
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "test_screener_on_a_phone.png"), full_page=True)
        context.close()
