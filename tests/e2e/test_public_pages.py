import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_no_serious_violations, axe_violations

HOME = {
    "es": ("Ventanilla de apoyo a empresas", "Ayuda directa a la hostelería"),
    "eu": ("Enpresei laguntzeko leihatila", "Ostalaritzarako zuzeneko laguntza"),
    "en": ("Business support desk", "Direct aid for hospitality"),
}
HOSPITALITY_SLUG = {
    "es": "hospitality-direct-aid",
    "eu": "ostalaritzarako-zuzeneko-laguntza",
    "en": "direct-aid-for-hospitality",
}


@pytest.mark.parametrize("language", ["es", "eu", "en"])
def test_home_page_lists_the_programmes_and_passes_axe(page, live_desk, language):
    heading, hospitality = HOME[language]
    page.goto(f"{live_desk}/{language}/")

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator(".programme-card")).to_have_count(8)
    expect(page.get_by_role("link", name=hospitality)).to_be_visible()
    assert_no_serious_violations(page)


@pytest.mark.parametrize("language", ["es", "eu", "en"])
def test_a_programme_page_in_each_language_passes_axe(page, live_desk, language):
    _heading, hospitality = HOME[language]
    page.goto(f"{live_desk}/{language}/")
    page.get_by_role("link", name=hospitality).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(hospitality)
    expect(page).to_have_url(re.compile(rf"/{language}/.+/{HOSPITALITY_SLUG[language]}/$"))
    assert_no_serious_violations(page)


def test_the_language_switcher_keeps_the_visitor_on_the_same_programme(page, live_desk):
    page.goto(f"{live_desk}/es/")
    page.get_by_role("link", name=HOME["es"][1]).click()

    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="Euskara").click()

    expect(page.locator("html")).to_have_attribute("lang", "eu")
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME["eu"][1])
    page.get_by_role("navigation", name="Hizkuntza").get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME["en"][1])


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content(page, live_desk):
    page.goto(f"{live_desk}/en/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"#main$"))


def test_the_axe_helper_reports_a_real_violation(page, live_desk):
    """The check would catch a problem: an image without alternative text is flagged."""
    page.goto(f"{live_desk}/en/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x.png>')"
    )

    assert "image-alt" in {v["id"] for v in axe_violations(page)}


PUBLIC_PAGES = {
    "es": [
        "/es/programas/?status=open&audience=sse",
        "/es/search/?q=alquiler",
        "/es/como-funciona/",
        "/es/preguntas-frecuentes/",
        "/es/privacidad/",
    ],
    "eu": [
        "/eu/programak/?benefit=grant",
        "/eu/search/?q=alokairu",
        "/eu/nola-dabil/",
        "/eu/ohiko-galderak/",
        "/eu/pribatutasuna/",
    ],
    "en": [
        "/en/programmes/?status=upcoming",
        "/en/search/?q=rent",
        "/en/how-it-works/",
        "/en/faq/",
        "/en/privacy/",
    ],
}


@pytest.mark.parametrize("language", ["es", "eu", "en"])
def test_the_other_public_pages_pass_axe(page, live_desk, language):
    for path in PUBLIC_PAGES[language]:
        response = page.goto(f"{live_desk}{path}")
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_serious_violations(page)


def test_the_programme_filters_work_without_javascript(browser, live_desk):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_desk}/en/programmes/")

    page.get_by_label("Application window").select_option("upcoming")
    page.get_by_role("button", name="Apply filters").click()

    expect(page.locator(".programme-card")).to_have_count(1)
    expect(page.get_by_role("heading", level=2, name="1 programme")).to_be_visible()
    context.close()
