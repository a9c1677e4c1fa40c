"""Signing up on the way somewhere, in a real browser: a newcomer who presses Apply on a
programme, or follows an invitation, creates an account, verifies it from the email in another
browser, and is back where they were going once signed in."""

from __future__ import annotations

import random
import re
import uuid

from playwright.sync_api import expect
from stdnum.es import cif, nif

from tests.e2e.axe import page_checked
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.desk import applicant_script, run_in_desk, sign_in, wait_for_link

PASSWORD = "una-clave-bastante-larga-2026"
PROGRAMME = "Ayuda directa a la hostelería"
START = "/es/apply/hospitality-direct-aid/"


def _checked(page, name: str) -> None:
    page_checked(page, SCREENSHOTS / f"signup-return-{name}.png")


def _address(who: str) -> str:
    return f"{who}.{uuid.uuid4().hex[:10]}@example.org"


def _tax_id() -> str:
    """A valid CIF no other test of the suite uses."""
    body = "B" + "".join(random.choices("0123456789", k=7))
    tax_id = body + cif.calc_check_digits(body)[0]
    nif.validate(tax_id)
    return tax_id


def _fill_organisation(page, legal_name: str) -> None:
    for name, value in {
        "legal_name": legal_name,
        "tax_id": _tax_id(),
        "iban": "ES91 2100 0418 4502 0005 1332",
        "founded_on": "2019-03-01",
        "employees": "4",
        "postcode": "48001",
    }.items():
        page.fill(f"#id_{name}", value)
    page.select_option("#id_legal_form", "cooperative")
    page.select_option("#id_sector", "hospitality")
    page.select_option("#id_district", "abando")
    page.click("form.profile-form button[type=submit]")


def _sign_up_from_the_sign_in_page(page, address: str) -> None:
    """On the sign-in page the desk sent the person to: follow its link to create an account,
    and create it."""
    expect(page).to_have_url(re.compile(r"/es/accounts/login/\?next="))
    _checked(page, "login")
    page.locator("main a[href*='/accounts/signup/']").first.click()
    expect(page).to_have_url(re.compile(r"/es/accounts/signup/\?next="))
    _checked(page, "signup")
    page.fill("#id_email", address)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("form.account-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/es/accounts/confirm-email/$"))


def _verify_elsewhere_and_sign_in(browser, desk_mail, address: str):
    """Open the verification link in another browser, confirm, and sign in where it leads;
    return that browser's page."""
    link, _subject = wait_for_link(desk_mail, address, "/es/accounts/confirm-email/")
    assert "next=" in link, link
    other = browser.new_context()
    page = other.new_page()
    page.goto(link)
    _checked(page, "confirm")
    page.click("form.account-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/es/accounts/login/\?next="))
    page.fill("#id_login", address)
    page.fill("#id_password", PASSWORD)
    page.click("form.account-form button[type=submit]")
    return page


def test_apply_sign_up_verify_in_another_browser_and_start_the_application(
    browser, live_desk, desk_mail
):
    address = _address("apply")
    first = browser.new_context()
    page = first.new_page()
    page.goto(f"{live_desk}/es/programas/")
    page.get_by_role("link", name=PROGRAMME).first.click()
    page.get_by_role("link", name=re.compile("Solicitar|Presentar|Apply")).first.click()
    _sign_up_from_the_sign_in_page(page, address)
    first.close()

    page = _verify_elsewhere_and_sign_in(browser, desk_mail, address)
    # The application asks for the organisation first, and comes back to its start.
    expect(page).to_have_url(re.compile(r"/es/organisations/new/\?next=.*apply"))
    _checked(page, "organisation-form")
    _fill_organisation(page, f"Taberna {uuid.uuid4().hex[:6]}")
    expect(page).to_have_url(f"{live_desk}{START}")
    expect(page.locator("h1")).to_contain_text(PROGRAMME)
    expect(page.get_by_role("button", name="Empezar la solicitud")).to_be_visible()
    _checked(page, "application-start")


def test_invitation_sign_up_verify_in_another_browser_and_accept(
    browser, live_desk, desk_mail, desk_workdir
):
    invitee = _address("invited")
    inviter_address = _address("inviter")
    run_in_desk(
        desk_workdir,
        applicant_script(inviter_address.split("@")[0], inviter_address, PASSWORD)
        + "print(user.pk)",
    )
    inviter = browser.new_context().new_page()
    sign_in(inviter, live_desk, inviter_address, PASSWORD)
    organisation = f"Sociedad {uuid.uuid4().hex[:6]}"
    inviter.goto(f"{live_desk}/es/organisations/new/")
    _fill_organisation(inviter, organisation)
    expect(inviter).to_have_url(re.compile(r"/es/organisations/\d+/$"))
    inviter.locator("main a[href*='/invit']").first.click()
    inviter.fill("#id_email", invitee)
    inviter.click("main form button[type=submit]")
    expect(inviter).to_have_url(re.compile(r"/es/organisations/\d+/$"))

    invitation, _subject = wait_for_link(desk_mail, invitee, "/organisations/invitations/")
    first = browser.new_context()
    page = first.new_page()
    page.goto(invitation)
    _sign_up_from_the_sign_in_page(page, invitee)
    first.close()

    page = _verify_elsewhere_and_sign_in(browser, desk_mail, invitee)
    expect(page).to_have_url(re.compile(r"/organisations/invitations/[^/]+/$"))
    expect(page.locator("main")).to_contain_text(organisation)
    _checked(page, "invitation-accept")
    page.get_by_role("button", name=re.compile("Aceptar")).click()
    expect(page).to_have_url(re.compile(r"/es/organisations/\d+/$"))
    expect(page.locator("h1")).to_have_text(organisation)
