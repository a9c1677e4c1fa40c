"""An applicant's whole journey in a real browser: sign up, verify the address from the
email, add the organisation, apply for the demo hospitality aid, close the browser half-way,
come back on a new browser, resume where they were with every answer kept, submit, see the
reference, and receive the confirmation email. axe-core checks every page on the way."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.axe import page_checked
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.desk import plain_text, sign_in, wait_for_link, wait_for_message
from tests.factories.documents import PDF_BYTES

ADDRESS = "miren.journey@example.org"
PASSWORD = "otra-clave-bastante-larga-2026"
PROGRAMME = "Ayuda directa a la hostelería"
PDF = PDF_BYTES
ORGANISATION = {
    "legal_name": "Pintxo Kooperatiba S.Coop.",
    "tax_id": "F95123451",
    "founded_on": "2018-05-02",
    "employees": "6",
    "postcode": "48007",
    "iban": "ES91 2100 0418 4502 0005 1332",
}


def _checked(page, name: str) -> None:
    page_checked(page, SCREENSHOTS / f"journey-{name}.png")


def _continue(page) -> None:
    page.locator("main form.wizard-form button[type=submit]").first.click()


def _sign_up_and_verify(page, live_desk, desk_mail) -> None:
    page.goto(f"{live_desk}/es/accounts/signup/")
    _checked(page, "signup")
    page.fill("#id_email", ADDRESS)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("form.account-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/es/accounts/confirm-email/$"))
    link, _subject = wait_for_link(desk_mail, ADDRESS, "/es/accounts/confirm-email/")
    page.goto(link)
    page.click("form.account-form button[type=submit]")


def _start_application(page, live_desk) -> None:
    """From the programme's public page, as a newcomer finds it: Apply now, then the
    organisation the desk asks for first, then back to the application."""
    page.goto(f"{live_desk}/es/programas/")
    page.get_by_role("link", name=PROGRAMME).first.click()
    page.get_by_role("link", name=re.compile("Solicitar|Presentar|Apply")).first.click()
    expect(page).to_have_url(re.compile(r"/es/organisations/new/"))
    _checked(page, "organisation-form")
    for name, value in ORGANISATION.items():
        page.fill(f"#id_{name}", value)
    page.select_option("#id_legal_form", "cooperative")
    page.select_option("#id_sector", "hospitality")
    page.select_option("#id_district", "abando")
    page.click("form.profile-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/es/apply/hospitality-direct-aid/$"))
    expect(page.locator("h1")).to_contain_text(PROGRAMME)
    _checked(page, "start")
    _continue(page)


def test_sign_up_apply_close_the_browser_resume_and_submit(browser, live_desk, desk_mail, tmp_path):
    certificate = tmp_path / "certificado-iae.pdf"
    certificate.write_bytes(PDF)

    # First visit: everything up to the middle of the application, then the browser closes.
    first = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    page = first.new_page()
    _sign_up_and_verify(page, live_desk, desk_mail)
    sign_in(page, live_desk, ADDRESS, PASSWORD)
    expect(page).to_have_url(re.compile(r"/es/applications/$"))
    _start_application(page, live_desk)

    expect(page).to_have_url(re.compile(r"/steps/organisation/$"))
    expect(page.locator("main")).to_contain_text("Abando")
    _checked(page, "step-organisation")
    _continue(page)

    expect(page).to_have_url(re.compile(r"/steps/situation/$"))
    _checked(page, "step-situation")
    page.check("#id_situation-tax_obligations_current_0")
    page.check("#id_situation-social_security_current_0")
    page.check("#id_situation-debts_with_city_1")
    _continue(page)
    expect(page).to_have_url(re.compile(r"/steps/other-aid/$"))
    page.fill("#id_other-aid-de_minimis_declared", "2.500,00")
    first.close()  # the phone's browser is closed before this step is saved

    # Second visit, another browser: the draft is in My applications with what was saved.
    second = browser.new_context(viewport={"width": 1280, "height": 900})
    page = second.new_page()
    sign_in(page, live_desk, ADDRESS, PASSWORD)
    expect(page).to_have_url(re.compile(r"/es/applications/$"))
    _checked(page, "my-applications-draft")
    row = page.locator("table.application-table tr", has_text=PROGRAMME)
    expect(row).to_contain_text("Borrador")
    row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/continue/$"))
    _checked(page, "task-list")
    page.locator(".task-list__link").nth(1).click()
    expect(page).to_have_url(re.compile(r"/steps/situation/$"))
    expect(page.locator("#id_situation-tax_obligations_current_0")).to_be_checked()
    expect(page.locator("#id_situation-social_security_current_0")).to_be_checked()
    expect(page.locator("#id_situation-debts_with_city_1")).to_be_checked()
    _continue(page)

    expect(page).to_have_url(re.compile(r"/steps/other-aid/$"))
    _checked(page, "step-other-aid")
    page.fill("#id_other-aid-de_minimis_declared", "2.500,00")
    _continue(page)

    expect(page).to_have_url(re.compile(r"/steps/documents/$"))
    _checked(page, "step-documents")
    for code in ("iae", "bank_account"):
        page.set_input_files(f"#id_{code}-file", str(certificate))
        page.locator(".document__upload", has=page.locator(f"#id_{code}-file")).locator(
            "button[type=submit]"
        ).click()
        expect(page.locator(f"#document-{code}, .document__files").first).to_contain_text(
            "certificado-iae.pdf"
        )
    _checked(page, "step-documents-uploaded")
    page.get_by_role("button", name="Continuar", exact=True).click()

    # Check your answers: 6 employees get the middle band, 1.250,00 €.
    expect(page).to_have_url(re.compile(r"/check/$"))
    main = page.locator("main")
    expect(main).to_contain_text("1.250,00 €")
    expect(main).to_contain_text("2.500,00")
    _checked(page, "check")
    page.check("#id_declaration")
    page.locator("main form.wizard-form button[type=submit]").last.click()

    expect(page).to_have_url(re.compile(r"/confirmation/$"))
    reference = page.locator(".confirmation-panel__reference").inner_text().strip()
    assert re.fullmatch(r"BIO-\d{4}-\d{6}", reference), reference
    _checked(page, "confirmation")

    message = wait_for_message(desk_mail, ADDRESS, re.escape(reference))
    body = plain_text(message)
    assert "Pintxo Kooperatiba" in body and PROGRAMME in body
    assert "What happens next" not in body, "the email should be in Spanish"

    # The list now shows the submitted application with its reference.
    page.goto(f"{live_desk}/es/applications/")
    expect(page.locator("table.application-table")).to_contain_text(reference)
    second.close()
