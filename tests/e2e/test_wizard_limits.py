"""The documents page's one action and the one-per-organisation rule, as an applicant meets
them in a real browser, each page checked with axe-core: a file chosen and "Continuar"
pressed is uploaded and listed, a required document left out is said on the page; a second
application for a one-per programme is refused at the start, with a link to the first."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.desk import applicant_script, run_in_desk, sign_in
from tests.factories.documents import PDF_BYTES

APPLY = "/es/apply/hospitality-direct-aid/"
DOCUMENTS_APPLICANT = ("continue-documents@demo.onestop.example", "continue-documents-2026")
ONE_PER_APPLICANT = ("one-per@demo.onestop.example", "one-per-applicant-2026")

ORGANISATION_SCRIPT = """
from organisations.models import Organisation, Representation
organisation = Organisation.objects.create(
    legal_name={name!r}, tax_id={tax_id!r}, legal_form="cooperative",
    district="deusto", sector="hospitality", employees=5)
Representation.objects.create(user=user, organisation=organisation)
"""

SUBMITTED_SCRIPT = """
from demo.applications import demo_application_submit, hospitality_answers
application = demo_application_submit(
    user=user, organisation=organisation, programme_slug="hospitality-direct-aid",
    answers=hospitality_answers(5, "deusto"))
print(application.pk, application.reference)
"""


@pytest.fixture
def certificate(tmp_path):
    path = tmp_path / "alta-iae.pdf"
    path.write_bytes(PDF_BYTES)
    return path


@pytest.fixture
def documents_applicant(live_desk, desk_workdir):
    run_in_desk(
        desk_workdir,
        applicant_script("continue-documents-applicant", *DOCUMENTS_APPLICANT)
        + ORGANISATION_SCRIPT.format(name="Taberna Continúe S.Coop.", tax_id="F95000105")
        + "print('ok')",
    )
    return DOCUMENTS_APPLICANT


@pytest.fixture
def earlier_application(live_desk, desk_workdir):
    pk, reference = run_in_desk(
        desk_workdir,
        applicant_script("one-per-applicant", *ONE_PER_APPLICANT)
        + ORGANISATION_SCRIPT.format(name="Kafe Bakarra S.Coop.", tax_id="F95000071")
        + SUBMITTED_SCRIPT,
    ).split()
    return int(pk), reference


def test_continue_uploads_the_file_chosen_and_says_what_is_missing(
    page, live_desk, documents_applicant, certificate
):
    sign_in(page, live_desk, *documents_applicant)
    page.goto(f"{live_desk}{APPLY}")
    page.get_by_role("button", name="Empezar la solicitud").click()
    page.get_by_role("link", name="Ver todas las secciones de su solicitud").click()
    page.locator(".task-list").get_by_role("link", name="Documentos").click()
    expect(page).to_have_url(re.compile(r"/steps/documents/$"))

    # Only the first document is chosen; "Continuar" rather than its own "Subir".
    page.set_input_files("#id_iae-file", str(certificate))
    page.get_by_role("button", name="Continuar", exact=True).click()

    expect(page).to_have_url(re.compile(r"/steps/documents/$"))
    expect(page.locator(".document__files").first).to_contain_text("alta-iae.pdf")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("a")).to_have_count(1)
    expect(summary.locator("a")).to_have_attribute("href", "#id_bank_account-file")
    expect(summary).to_contain_text("Suba este documento")
    expect(page.locator("#id_bank_account-file-error")).to_be_visible()
    assert_no_serious_violations(page)

    # The summary's link takes the applicant to the field.
    summary.locator("a").click()
    expect(page.locator("#id_bank_account-file")).to_be_focused()

    page.set_input_files("#id_bank_account-file", str(certificate))
    page.get_by_role("button", name="Continuar", exact=True).click()
    expect(page).to_have_url(re.compile(r"/check/$"))


def test_a_second_application_for_a_one_per_programme_is_refused_at_the_start(
    page, live_desk, earlier_application
):
    pk, reference = earlier_application
    sign_in(page, live_desk, *ONE_PER_APPLICANT)

    page.goto(f"{live_desk}{APPLY}")
    expect(page.locator("main")).to_contain_text(reference)
    expect(page.get_by_role("button", name="Empezar la solicitud")).to_have_count(0)
    assert_no_serious_violations(page)

    # The programme page says so too, in place of its call to action.
    page.locator("main .back-link a").click()
    expect(page.get_by_role("link", name=re.compile("Solicitar"))).to_have_count(0)
    expect(page.locator("main")).to_contain_text(reference)
    assert_no_serious_violations(page)

    page.get_by_role("link", name=f"Ver la solicitud {reference}").click()
    expect(page).to_have_url(re.compile(rf"/applications/{pk}/$"))
    expect(page.locator("main")).to_contain_text(reference)
