"""Applicant accounts in a real browser: sign up in Spanish, verify the address from the email,
sign in, add an organisation; the account and organisation pages checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.desk import wait_for_link

PASSWORD = "una-clave-bastante-larga-2026"
ORGANISATION = {
    "legal_name": "Kafe Kooperatiba",
    "tax_id": "B12345674",
    "iban": "ES91 2100 0418 4502 0005 1332",
    "founded_on": "2019-03-01",
    "employees": "5",
    "postcode": "48014",
}


def _snap(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"accounts-{name}.png"), full_page=True)


def _fill_organisation(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.fill(f"#id_{name}", value)
    page.select_option("#id_legal_form", "cooperative")
    page.select_option("#id_district", "deusto")


def test_sign_up_verify_sign_in_and_add_an_organisation_in_spanish(live_desk, desk_mail, page):
    address = "ane.e2e@example.org"
    page.goto(f"{live_desk}/es/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#id_username")).to_have_count(0)
    assert_no_serious_violations(page)

    # A mistake first: the error summary links to the field.
    page.fill("#id_email", "no-es-un-correo")
    page.click("form.account-form button[type=submit]")
    expect(page.locator(".error-summary a[href='#id_email']")).to_be_visible()
    assert_no_serious_violations(page)
    _snap(page, "signup-error-es")

    page.fill("#id_email", address)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("form.account-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/es/accounts/confirm-email/$"))

    link, subject = wait_for_link(desk_mail, address, "/es/accounts/confirm-email/")
    assert "Confirm" not in subject, f"the email should be in Spanish: {subject}"
    page.goto(link)
    page.click("form.account-form button[type=submit]")

    page.goto(f"{live_desk}/es/accounts/login/")
    assert_no_serious_violations(page)
    page.fill("#id_login", address)
    page.fill("#id_password", PASSWORD)
    page.click("form.account-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/es/applications/$"))

    page.goto(f"{live_desk}/es/organisations/new/")
    assert_no_serious_violations(page)
    _fill_organisation(page, {**ORGANISATION, "tax_id": "B1234567"})
    page.click("form.profile-form button[type=submit]")
    expect(page.locator(".error-summary a[href='#id_tax_id']")).to_be_visible()
    expect(page.locator("#id_tax_id")).to_have_attribute("aria-invalid", "true")
    assert_no_serious_violations(page)
    _snap(page, "organisation-form-error-es")

    page.fill("#id_tax_id", ORGANISATION["tax_id"])
    page.click("form.profile-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/es/organisations/\d+/$"))
    expect(page.locator("h1")).to_have_text(ORGANISATION["legal_name"])
    expect(page.locator("main")).to_contain_text("Deusto")
    expect(page.locator("main")).to_contain_text("ES91 2100 0418 4502 0005 1332")
    assert_no_serious_violations(page)
    _snap(page, "organisation-detail-es")

    page.goto(f"{live_desk}/es/organisations/")
    expect(page.locator(".organisation-list")).to_contain_text(ORGANISATION["legal_name"])
    expect(page.locator(".organisation-list")).to_contain_text("B12345674")


@pytest.mark.parametrize("language", ["es", "en"])
def test_account_pages_are_accessible(live_desk, page, language):
    for path in ("accounts/signup/", "accounts/login/", "accounts/password/reset/"):
        page.goto(f"{live_desk}/{language}/{path}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("main h1")).to_have_count(1)
        assert_no_serious_violations(page)
        _snap(page, f"{path.strip('/').replace('/', '-')}-{language}")


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_demo_applicant_signs_in_by_email_and_sees_the_organisation_form(
    live_desk, page, language
):
    page.goto(f"{live_desk}/{language}/accounts/login/")
    page.fill("#id_login", "applicant@demo.onestop.example")
    page.fill("#id_password", "demo-applicant-2026")
    page.click("form.account-form button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/{language}/applications/$"))
    assert_no_serious_violations(page)
    page.goto(f"{live_desk}/{language}/organisations/new/")
    expect(page.locator("#id_legal_name")).to_be_visible()
    assert_no_serious_violations(page)
    page.goto(f"{live_desk}/{language}/accounts/2fa/")
    assert_no_serious_violations(page)


def test_the_session_warning_offers_to_stay_signed_in(live_desk, page):
    page.clock.install()
    page.goto(f"{live_desk}/en/accounts/login/")
    expect(page.locator("#session-warning")).to_have_count(0)
    page.fill("#id_login", "applicant@demo.onestop.example")
    page.fill("#id_password", "demo-applicant-2026")
    page.click("form.account-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/en/applications/$"))
    warning = page.locator("#session-warning")
    expect(warning).to_be_hidden()
    # The warning's script is deferred: its timer must be set before the clock moves on.
    page.wait_for_load_state("load")

    page.clock.fast_forward("28:01")  # two minutes before the 30-minute time-out
    expect(warning).to_be_visible()
    expect(page.locator("[data-session-extend]")).to_be_focused()
    assert_no_serious_violations(page)
    _snap(page, "session-warning-en")
    with page.expect_response(re.compile(r"/session/keep-alive/$")) as ping:
        page.click("[data-session-extend]")
    assert ping.value.status == 204
    expect(warning).to_be_hidden()
