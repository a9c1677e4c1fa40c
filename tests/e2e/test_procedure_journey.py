"""The administrative procedure in a real browser, end to end: the applicant submits and
downloads the registry receipt; the desk rejects; the decision is put at the applicant's
disposal and opening it is recorded as the notification's access; the applicant appeals
(recurso de reposición); a senior caseworker upholds it from the desk's appeals; the
corrected decision (an award) is at the applicant's disposal, and the public account of the
programme counts one award more. axe-core checks every page on the way."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.axe import page_checked
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.desk import applicant_script, run_in_desk, sign_in, staff_sign_in

ADDRESS = "recurso@demo.onestop.example"
PASSWORD = "recurso-password-2026"
ORGANISATION = "Errekurtso Kooperatiba"

# A draft of this test's own, every answer and document in place, ready to be submitted.
SETUP_SCRIPT = (
    applicant_script("appeal-applicant", ADDRESS, PASSWORD)
    + f"""
from django.core.files.uploadedfile import SimpleUploadedFile
from applications.services.documents import document_add
from applications.services.drafts import draft_save_step, draft_start
from applications.wizard.programmes import live_programme
from demo.applications import demo_pdf, hospitality_answers
from organisations.models import Organisation, Representation

organisation = Organisation.objects.create(legal_name={ORGANISATION!r}, tax_id="F95000139",
    legal_form="cooperative", district="deusto", sector="hospitality", employees=3)
Representation.objects.create(user=user, organisation=organisation)
draft = draft_start(organisation=organisation, programme_slug="hospitality-direct-aid", user=user)
draft = draft_save_step(application=draft, user=user, step="demo",
    answers=hospitality_answers(3, "deusto"))
for document in live_programme("hospitality-direct-aid").definition.get("documents", []):
    document_add(application=draft, user=user, code=document["code"],
        uploaded_file=SimpleUploadedFile(document["code"] + ".pdf", demo_pdf(document["code"]),
            content_type="application/pdf"))
print(draft.pk)
"""
)

REJECT_SCRIPT = """
from django.contrib.auth import get_user_model
from applications.models import Application
from desk.services import case_claim, decision_reject
caseworker = get_user_model().objects.get(username="caseworker")
application = Application.objects.get(pk={pk})
application = case_claim(application=application, user=caseworker)
decision_reject(application=application, user=caseworker, reason_codes=["not_eligible"],
    text="The premises are not in the city.")
print(Application.objects.get(pk={pk}).status)
"""

NOTIFICATION_SCRIPT = """
from applications.models import ElectronicNotification
notice = ElectronicNotification.objects.filter(application_id={pk}, kind="rejection").get()
print("opened" if notice.accessed_at else "unopened")
"""


def _checked(page, name: str) -> None:
    page_checked(page, SCREENSHOTS / f"procedure-{name}.png")


def test_submit_receipt_notification_appeal_and_resolution(
    browser, live_desk, desk_workdir, tmp_path
):
    pk = int(run_in_desk(desk_workdir, SETUP_SCRIPT))
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    sign_in(page, live_desk, ADDRESS, PASSWORD)

    # Submit, and the registry receipt is among the letters.
    page.goto(f"{live_desk}/es/applications/{pk}/check/")
    for box in page.locator("main form.wizard-form input[type=checkbox]").all():
        box.check()
    page.locator("main form.wizard-form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("BIO-")
    detail = f"{live_desk}/es/applications/{pk}/"
    page.goto(detail)
    receipt_link = page.get_by_role("link", name=re.compile("Justificante de registro"))
    expect(receipt_link).to_be_visible()
    _checked(page, "submitted")
    with page.expect_download() as receipt:
        receipt_link.click()
    assert receipt.value.path().read_bytes().startswith(b"%PDF")

    # The desk rejects: the decision is put at the applicant's disposal, not yet notified.
    assert run_in_desk(desk_workdir, REJECT_SCRIPT.format(pk=pk)) == "rejected"
    page.goto(detail)
    decision = page.get_by_role("link", name=re.compile("Resolución de denegación"))
    expect(decision).to_be_visible()
    expect(page.locator("main")).to_contain_text("A su disposición desde")
    assert run_in_desk(desk_workdir, NOTIFICATION_SCRIPT.format(pk=pk)) == "unopened"
    with page.expect_download():
        decision.click()
    assert run_in_desk(desk_workdir, NOTIFICATION_SCRIPT.format(pk=pk)) == "opened"
    page.goto(detail)
    expect(page.locator("main")).to_contain_text("Notificada: abierta el")
    expect(page.locator("main")).to_contain_text("recurso de reposición")
    _checked(page, "notified")

    # The public account of the measure, before the appeal: what it counts as awarded.
    account = f"{live_desk}/es/cuentas-publicas/hospitality-direct-aid/"
    page.goto(account)
    awarded_before = int(page.locator("[data-figure=awarded]").inner_text())
    page.goto(detail)

    # The appeal, with its grounds; a receipt of its own.
    page.get_by_role("link", name="Recurrir la resolución").click()
    _checked(page, "appeal-form")
    page.locator("main form button[type=submit]").click()  # empty: told what is missing
    expect(page.locator(".error-summary, [role=alert]").first).to_contain_text("motivos")
    page.fill("#id_text", "The premises are in Deusto, Bilbao: see the lease attached.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("Su recurso se ha presentado")
    expect(page.locator("main")).to_contain_text("Pendiente de resolución")
    _checked(page, "appealed")
    context.close()

    # A senior caseworker upholds it from the desk's appeals.
    staff = browser.new_page()
    staff_sign_in(staff, live_desk, "senior", then="/admin/desk/appeals/")
    # Again: the sign-in's own message is Wagtail's, not this page's.
    staff.goto(f"{live_desk}/admin/desk/appeals/")
    row = staff.locator("table tbody tr", has_text=ORGANISATION)
    _checked(staff, "desk-appeals")
    row.get_by_role("link").first.click()
    expect(staff.locator("main")).to_contain_text("The premises are in Deusto")  # staff: English
    _checked(staff, "desk-appeal")
    staff.get_by_label("Uphold: correct the decision").check()
    staff.fill("#id_resolution", "The lease shows the premises are in the city.")
    staff.get_by_role("button", name="Resolve", exact=True).click()
    expect(staff.locator("main")).to_contain_text("Upheld")
    staff.close()

    # The applicant has the resolution and the corrected decision at their disposal.
    again = browser.new_context()
    page = again.new_page()
    sign_in(page, live_desk, ADDRESS, PASSWORD)
    page.goto(detail)
    main = page.locator("main")
    expect(main).to_contain_text("Recurso estimado")
    expect(page.get_by_role("link", name=re.compile("Resolución de su recurso"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Resolución de concesión"))).to_be_visible()
    expect(main).to_contain_text("Sustituida por una carta posterior")
    _checked(page, "resolved")

    # The public account shows the corrected decision: one award more at least (the figure
    # read before may have come from the desk's cache, older than other tests' awards made by
    # scripts that do not pass through the desk's process), and the award is in the list.
    page.goto(account)
    assert int(page.locator("[data-figure=awarded]").inner_text()) >= awarded_before + 1
    page.goto(f"{live_desk}/es/ayudas-concedidas/")
    expect(page.locator("main")).to_contain_text(ORGANISATION)
    page.goto(account)
    _checked(page, "public-account")
    again.close()
