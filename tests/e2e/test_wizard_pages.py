"""Every page of the application wizard for the demo hospitality aid, in a real browser,
checked with axe-core, including its error states: the demo applicant signs in, adds an
organisation when asked, starts, answers, uploads, checks the answers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from stdnum.es import cif

from tests.e2e.axe import page_checked
from tests.e2e.conftest import SCREENSHOTS
from tests.factories.documents import PDF_BYTES

APPLY = "/es/apply/hospitality-direct-aid/"
PDF = PDF_BYTES
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _tax_id() -> str:
    body = "B9876543"
    return body + cif.calc_check_digits(body)[0]


def _checked(page, name: str) -> None:
    page_checked(page, SCREENSHOTS / f"wizard-{name}.png")


def _continue(page) -> None:
    page.locator("main form.wizard-form button[type=submit]").click()


@pytest.fixture
def files(tmp_path):
    certificate = tmp_path / "certificado.pdf"
    certificate.write_bytes(PDF)
    program = tmp_path / "factura.pdf"
    program.write_bytes(PROGRAM)
    return certificate, program


def test_every_wizard_page_passes_axe(live_desk, page, files):
    certificate, program = files
    page.goto(f"{live_desk}/es/accounts/login/?next={APPLY}")
    page.fill("#id_login", "applicant@demo.onestop.example")
    page.fill("#id_password", "demo-applicant-2026")
    page.click("form.account-form button[type=submit]")

    # Without an organisation, the desk asks for one and comes back.
    if "/organisations/new/" in page.url:
        page.fill("#id_legal_name", "Taberna Axe S.Coop.")
        page.fill("#id_tax_id", _tax_id())
        page.select_option("#id_legal_form", "cooperative")
        page.fill("#id_employees", "5")
        page.select_option("#id_sector", "hospitality")
        page.select_option("#id_district", "deusto")
        page.click("form.profile-form button[type=submit]")
    expect(page).to_have_url(f"{live_desk}{APPLY}")
    expect(page.locator("h1")).to_contain_text("Ayuda directa a la hostelería")
    _checked(page, "start")

    page.locator("main form.wizard-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/steps/organisation/$"))
    expect(page.locator("main dl.summary-list")).to_contain_text("Deusto")
    _checked(page, "organisation")
    _continue(page)

    # Your situation: an empty answer first, to see the error summary.
    expect(page).to_have_url(re.compile(r"/steps/situation/$"))
    _checked(page, "situation")
    _continue(page)
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("a").first).to_have_attribute(
        "href", "#id_situation-tax_obligations_current_0"
    )
    _checked(page, "situation-error")
    page.check("#id_situation-tax_obligations_current_0")
    page.check("#id_situation-social_security_current_0")
    page.check("#id_situation-debts_with_city_1")
    _continue(page)

    expect(page).to_have_url(re.compile(r"/steps/other-aid/$"))
    _checked(page, "other-aid")
    page.fill("#id_other-aid-de_minimis_declared", "1.500,00")
    _continue(page)

    # Documents: a program renamed .pdf is refused; real files are listed.
    expect(page).to_have_url(re.compile(r"/steps/documents/$"))
    _checked(page, "documents")
    page.set_input_files("#id_iae-file", str(program))
    page.locator(".document__upload", has=page.locator("#id_iae-file")).locator(
        "button[type=submit]"
    ).click()
    expect(page.locator(".error-summary")).to_contain_text("no es un PDF ni una imagen JPEG o PNG")
    _checked(page, "documents-error")
    for code in ("iae", "bank_account"):
        page.set_input_files(f"#id_{code}-file", str(certificate))
        page.locator(".document__upload", has=page.locator(f"#id_{code}-file")).locator(
            "button[type=submit]"
        ).click()
        expect(page.locator(".document__files").first).to_contain_text("certificado.pdf")
    _checked(page, "documents-uploaded")
    page.get_by_role("button", name="Continuar", exact=True).click()

    # Check your answers: the outcome on these answers, then the declaration is required.
    expect(page).to_have_url(re.compile(r"/check/$"))
    expect(page.locator("main")).to_contain_text("1.250,00 €")
    _checked(page, "check")
    page.locator("main form.wizard-form button[type=submit]").click()
    expect(page.locator(".error-summary a[href='#id_declaration']")).to_be_visible()
    _checked(page, "check-error")

    # The task list, where a returning applicant resumes.
    page.locator("main .back-link a").click()
    expect(page).to_have_url(re.compile(r"/continue/$"))
    expect(page.locator(".task-list")).to_contain_text("Documentos")
    _checked(page, "task-list")
