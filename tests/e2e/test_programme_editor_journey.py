"""A policy editor writes a programme in the structured rules editor, with a nested any-group
and a tiered amount, tries it on sample answers, and submits it for moderation; the approver
approves it, and the programme is published in Spanish, Basque and English.

The journey publishes a programme, so it runs on a demo desk of its own: the desk the rest of
the browser suite shares keeps the demo programmes as they are, whatever order the tests run in.

The admin is driven in English (the browser asks for it), the way a policy editor would see
it; the public pages are in the language of their address.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.conftest import SCREENSHOTS, demo_desk
from tests.e2e.desk import staff_sign_in

SLUG = "e2e-cultural-venues"
TITLES = {
    "es": "Ayuda a espacios culturales",
    "eu": "Kultur espazioentzako laguntza",
    "en": "Aid for cultural venues",
}
SUMMARIES = {
    "es": "Ayuda para salas y espacios culturales de la ciudad.",
    "eu": "Hiriko kultur areto eta espazioentzako laguntza.",
    "en": "Support for the city's cultural venues and spaces.",
}
# Milliseconds to wait for what follows a round trip to the desk: the admin's edit screen and
# its previews take a few seconds to draw on a busy machine.
SLOW = 20_000
INDEXES = {"es": "/es/programas/", "eu": "/eu/programak/", "en": "/en/programmes/"}
SPANISH_HOME = "Ventanilla de apoyo a empresas"
SPANISH_INDEX = "Programas de ayuda"

# The trial page's own texts are in the staff's language (its <html lang>); the amount is
# written as the explanation language ("Explain in", Spanish unless changed) writes it.
TRIAL_TEXTS = {
    "es": {
        "submit": "Mostrar el resultado",
        "eligible": "Cumple los requisitos",
        "amount": "1.200,00 €",
        "rules": ("Regla 2, opción 1", "Regla 2, opción 2"),
    },
    "eu": {
        "submit": "Erakutsi emaitza",
        "eligible": "Baldintzak betetzen ditu",
        "amount": "1.200,00 €",
        "rules": ("2. araua, 1. aukera", "2. araua, 2. aukera"),
    },
    "en": {
        "submit": "Show the outcome",
        "eligible": "Eligible",
        "amount": "€1,200.00",
        "rules": ("Rule 2, option 1", "Rule 2, option 2"),
    },
}
# A cultural association in Abando with 5 staff: the answers are asked in the explanation
# language, which is the member of staff's admin language unless they choose another.
CULTURAL_ASSOCIATION = {
    "legal_form": "association",
    "employees": "5",
    "district": "abando",
    "sector": "culture",
}
TRIAL_LABELS = {
    "es": ("Forma jurídica", "Número de personas empleadas", "Distrito", "Sector de actividad"),
    "eu": ("Forma juridikoa", "Langile kopurua", "Barrutia", "Jarduera-sektorea"),
    "en": ("Legal form", "Employees", "District", "Sector"),
}


@pytest.fixture(scope="module")
def own_desk(tmp_path_factory):
    with demo_desk(tmp_path_factory.mktemp("editor-desk")) as base_url:
        yield base_url


# --- the Wagtail admin ------------------------------------------------------------------------


def log_in(page: Page, base_url: str, username: str) -> None:
    staff_sign_in(page, base_url, username)
    expect(page).to_have_url(f"{base_url}/admin/", timeout=SLOW)


def log_out(page: Page, username: str) -> None:
    page.get_by_role("button", name=username, exact=True).click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"), timeout=SLOW)


def insert_block(page: Page, stream: Locator, kind: str) -> None:
    """Append a block of `kind` to a stream: its last "+" opens the block chooser."""
    add = stream.get_by_role("button", name="Insert a block").last
    add.click()
    expect(add).to_have_attribute("aria-expanded", "true")
    option = page.get_by_role("option", name=kind, exact=True)
    option.click()
    # The chooser fades out, and covers what is under it until it has gone: often the "+" of
    # the block just inserted.
    expect(option).to_have_count(0)


def child_field(block: Locator, label: str) -> Locator:
    """A struct block's child that is a stream or a list: its label names no control."""
    return block.locator(
        f"xpath=.//div[@data-contentpath][label[normalize-space()='{label}']]"
    ).first


def add_condition(page: Page, group: Locator, fact: str, op: str, value: str = "") -> None:
    insert_block(page, group, "Condition")
    condition = group.get_by_role("region", name="Condition").last
    condition.get_by_label("Fact", exact=True).fill(fact)
    condition.get_by_label("Test", exact=True).select_option(op)
    if value:
        condition.get_by_label("Value", exact=True).fill(value)


def screenshot_editor(page: Page, name: str) -> None:
    """The whole edit form: the admin scrolls inside <main>, which a full-page shot leaves out."""
    viewport = page.viewport_size
    height = page.locator("main").evaluate("main => main.scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(height, viewport["height"])})
    page.screenshot(path=str(SCREENSHOTS / name))
    page.set_viewport_size(viewport)


def set_number(page: Page, slot: Locator, number: str) -> None:
    insert_block(page, slot, "Number")
    slot.get_by_role("region", name="Number").get_by_role("textbox").fill(number)


def fill_programme_settings(page: Page, opens_on: str) -> None:
    page.get_by_role("textbox", name="Title*").fill(TITLES["es"])
    page.get_by_label("Programme identifier").fill(SLUG)
    page.get_by_label("Benefit").select_option(label="Direct grant")
    page.get_by_label("Unit of the amount").select_option(label="Euros (EUR)")
    for language, name in (("es", "Spanish"), ("eu", "Basque"), ("en", "English")):
        page.get_by_label(f"Title in {name}").fill(TITLES[language])
        page.get_by_label(f"Summary in {name}").fill(SUMMARIES[language])
    page.get_by_label("Opens on").fill(opens_on)
    # The date picker stays open over the next fields until a click elsewhere.
    page.get_by_text("Leave empty for a programme that stays open.").click()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    expect(page.get_by_label("Closes on")).to_have_value("")
    page.get_by_label("Budget (EUR)").fill("250000.00")
    page.get_by_label("Award mode").select_option(
        label="First come, first served, until the budget is spent"
    )


def fill_eligibility(page: Page) -> None:
    """All of: district is not outside the city, and any of: culture sector, social economy."""
    eligibility = page.get_by_role("region", name="Eligibility", exact=True)
    insert_block(page, eligibility, "All of these must hold")
    all_group = eligibility.get_by_role("region", name="All of these must hold")
    add_condition(page, all_group, "district", "ne", "outside")
    insert_block(page, all_group, "At least one of these must hold")
    any_group = all_group.get_by_role("region", name="At least one of these must hold")
    add_condition(page, any_group, "sector", "eq", "culture")
    add_condition(page, any_group, "is_sse", "is_true")
    expect(any_group.get_by_role("region", name="Condition")).to_have_count(2)
    expect(all_group.get_by_role("region", name="Condition")).to_have_count(3)


def fill_amount(page: Page) -> None:
    """Tiers on employees: up to 3, 800; up to 10, 1200; above, 1600."""
    amount = page.get_by_role("region", name="Amount", exact=True)
    insert_block(page, amount, "Tiers")
    tiers = amount.get_by_role("region", name="Tiers")
    subject = child_field(tiers, "Tiered on")
    insert_block(page, subject, "Value of a fact")
    subject.get_by_role("region", name="Value of a fact").get_by_role("combobox").fill("employees")
    bands = child_field(tiers, "Bands, lowest first")
    for index, (upto, value) in enumerate((("3", "800"), ("10", "1200"))):
        # A new tiers block comes with one empty band.
        if bands.get_by_role("region", name="Band").count() <= index:
            bands.get_by_role("button", name="Add").last.click()
        band = bands.get_by_role("region", name="Band").nth(index)
        band.get_by_label("Up to (inclusive)").fill(upto)
        set_number(page, child_field(band, "Value"), value)
    expect(bands.get_by_role("region", name="Band")).to_have_count(2)
    set_number(page, child_field(tiers, "Above the last band"), "1600")


def try_the_rules(page: Page) -> None:
    """The preview panel's "Try these rules" mode, on a cultural association with 5 staff."""
    page.get_by_role("button", name="Toggle preview").click()
    # Wagtail swaps in a new iframe (marked as a proxy until it has loaded) at every refresh.
    preview = page.frame_locator("iframe[title='Preview']:not(.w-preview__proxy)")
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLES["es"], timeout=SLOW)
    page.get_by_label("Preview mode").select_option(label="Try these rules")
    expect(preview.locator("body.rule-trial")).to_be_visible(timeout=SLOW)

    language = preview.locator("html").get_attribute("lang")
    texts = TRIAL_TEXTS[language]
    for label, answer in zip(TRIAL_LABELS[language], CULTURAL_ASSOCIATION.values(), strict=True):
        control = preview.get_by_label(label, exact=True)
        if answer.isdigit():
            control.fill(answer)
        else:
            control.select_option(answer)
    preview.get_by_role("button", name=texts["submit"]).click()

    outcome = preview.locator("#trial-outcome")
    expect(outcome).to_have_text(f"{texts['eligible']}: {texts['amount']}", timeout=SLOW)
    # Every rule was met, the two of the nested any-group included.
    reasons = preview.locator(".reasons .reason")
    expect(reasons).to_have_count(3)
    expect(preview.locator(".reasons .reason--met")).to_have_count(3)
    # Rules without an id are named by their place, not by the definition's path.
    expect(reasons.nth(1)).to_contain_text(texts["rules"][0])
    expect(reasons.nth(2)).to_contain_text(texts["rules"][1])


# --- the journey --------------------------------------------------------------------------


def test_a_policy_editor_writes_tries_and_submits_a_programme_that_gets_published(
    page: Page, own_desk: str
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_extra_http_headers({"Accept-Language": "en"})
    opens_on = (datetime.date.today() - datetime.timedelta(days=21)).isoformat()

    # The policy editor adds a programme under the Spanish programme index.
    log_in(page, own_desk, "editor")
    page.goto(f"{own_desk}/admin/pages/")
    page.get_by_role("link", name=f"Explore child pages of '{SPANISH_HOME}'").click()
    page.get_by_role("link", name=f"Explore child pages of '{SPANISH_INDEX}'").click()
    page.get_by_role("link", name="Add child page").click()
    # Programmes are the only pages an index takes, so there is no type to choose.
    expect(page.get_by_role("heading", level=1)).to_have_text("New: Programme", timeout=SLOW)

    fill_programme_settings(page, opens_on)
    screenshot_editor(page, "editor-programme.png")
    page.get_by_role("tab", name="Rules").click()
    fill_eligibility(page)
    fill_amount(page)

    # Wagtail autosaves a new page as a draft once its form is valid, puts the definition it
    # saved in the JSON tab, then redraws the header and side panels as the edit screen's. Once
    # the JSON has the last rule typed and the autosave says "Saved", nothing is left to
    # autosave, and saving the draft by hand cannot race an autosave (both creating the page,
    # or an autosave landing after it, which the editor would be warned of as "a new version
    # saved in another window").
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"), timeout=SLOW)
    saved_json = page.get_by_role(
        "textbox", name="Programme definition (JSON)", include_hidden=True
    )
    expect(saved_json).to_have_value(re.compile(r'"otherwise": 1600\b'), timeout=SLOW)
    autosave = page.locator("#w-autosave-indicator")
    expect(autosave).to_have_attribute("data-w-autosave-state-value", "saved", timeout=SLOW)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(f"Page '{TITLES['es']}' has been updated.")).to_be_visible(timeout=SLOW)
    # The saved draft comes back in the structured editor, nested group and all.
    page.get_by_role("tab", name="Rules").click()
    all_group = page.get_by_role("region", name="All of these must hold")
    any_group = all_group.get_by_role("region", name="At least one of these must hold")
    expect(any_group.get_by_role("region", name="Condition")).to_have_count(2)
    expect(page.get_by_role("region", name="Band")).to_have_count(2)
    screenshot_editor(page, "editor-rules.png")

    try_the_rules(page)
    page.screenshot(path=str(SCREENSHOTS / "editor-trial.png"))

    page.get_by_role("button", name="More actions").click()
    submit = page.get_by_role("button", name=re.compile(r"^Submit to "))
    expect(submit).to_be_visible()
    # A policy editor cannot publish: moderation is the only way out.
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    submit.click()
    expect(
        page.get_by_text(f"Page '{TITLES['es']}' has been submitted for moderation.")
    ).to_be_visible(timeout=SLOW)
    page.screenshot(path=str(SCREENSHOTS / "editor-submitted.png"))
    log_out(page, "editor")

    # The approver approves it from the dashboard.
    log_in(page, own_desk, "approver")
    review = page.get_by_role("region", name="Awaiting your review")
    task = review.get_by_role("row", name=re.compile(re.escape(TITLES["es"])))
    expect(task).to_contain_text("editor")
    task.get_by_role("button", name="Actions").click()
    task.get_by_role("button", name="Approve", exact=True).click()
    expect(task).to_have_count(0, timeout=SLOW)
    log_out(page, "approver")

    # Anyone finds it, in every language.
    for language, title in TITLES.items():
        page.goto(f"{own_desk}{INDEXES[language]}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        link = page.get_by_role("main").get_by_role("link", name=title, exact=True)
        expect(link).to_be_visible()
        link.click()
        expect(page).to_have_url(re.compile(rf"{INDEXES[language]}[\w-]+/$"), timeout=SLOW)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.get_by_text(SUMMARIES[language])).to_be_visible()
        # Who can apply: the district, then the nested any-group's two requirements.
        expect(page.locator(".requirements .requirements > li")).to_have_count(2)
        page.screenshot(path=str(SCREENSHOTS / f"public-programme-{language}.png"), full_page=True)
        assert_no_serious_violations(page)
