"""My applications in a real browser: the list, an application's page, answering a request
for information (with its error summary) and the withdrawal confirmation, each checked with
axe-core; the answer goes through without JavaScript-only controls."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.desk import applicant_script, run_in_desk, sign_in

APPLICANT = ("my-applications@demo.onestop.example", "my-applications-password-2026")

# Run inside the live desk's database: an organisation whose representative has submitted
# one application, on which a caseworker has asked for information, and has a draft.
SETUP_SCRIPT = (
    applicant_script("my-applications-applicant", *APPLICANT)
    + """
import datetime
from django.contrib.auth import get_user_model
from django.utils import timezone
from demo.applications import demo_application_submit, hospitality_answers
from organisations.models import Organisation, Representation
from desk.services import case_claim, information_request_create
from applications.services.drafts import draft_start

organisation = Organisation.objects.create(
    legal_name="Liburudenda Begoña S.Coop.", tax_id="F95000055", legal_form="cooperative",
    district="begona", sector="hospitality", employees=3)
Representation.objects.create(user=user, organisation=organisation)
application = demo_application_submit(
    user=user, organisation=organisation, programme_slug="hospitality-direct-aid",
    answers=hospitality_answers(3, "begona"))
caseworker = get_user_model().objects.get(username="caseworker")
case_claim(application=application, user=caseworker)
request = information_request_create(
    application=application, user=caseworker, message="Envíe el contrato de alquiler.",
    due_on=timezone.localdate() + datetime.timedelta(days=10))
draft_start(organisation=organisation, programme_slug="rental-subsidy", user=user)
print(application.pk, application.reference, request.pk)
"""
)


@pytest.fixture
def waiting_application(live_desk, desk_workdir):
    pk, reference, request_pk = run_in_desk(desk_workdir, SETUP_SCRIPT).split()
    return int(pk), reference, int(request_pk)


def test_my_applications_pages_are_accessible_and_work(page, live_desk, waiting_application):
    pk, reference, request_pk = waiting_application
    sign_in(page, live_desk, *APPLICANT)

    # The list: signing in lands here.
    page.wait_for_url(f"{live_desk}/es/applications/")
    assert page.locator("h1").count() == 1
    assert page.get_by_text(reference).is_visible()
    assert_no_serious_violations(page)

    # The application's page: status, request, timeline, documents.
    page.get_by_role("link", name="Ayuda directa a la hostelería").click()
    page.wait_for_url(f"{live_desk}/es/applications/{pk}/")
    assert page.get_by_text("Envíe el contrato de alquiler.").first.is_visible()
    assert page.locator("a[href^='/es/documents/']").count() >= 1
    assert_no_serious_violations(page)

    # Answering: an empty answer gives an error summary linked to the field.
    page.goto(f"{live_desk}/es/applications/{pk}/information/{request_pk}/")
    assert_no_serious_violations(page)
    page.click("form button[type=submit]")
    page.locator(".error-summary a[href='#id_answer']").click()
    assert page.evaluate("document.activeElement.id") == "id_answer"
    assert_no_serious_violations(page)

    page.fill("#id_answer", "Adjunto el contrato.")
    page.set_input_files(
        "#id_files",
        files=[{"name": "contrato.pdf", "mimeType": "application/pdf", "buffer": _pdf()}],
    )
    page.click("form button[type=submit]")
    # The error link's #id_answer stays on the URL through the redirect, as browsers do.
    expect(page).to_have_url(re.compile(rf"{re.escape(live_desk)}/es/applications/{pk}/(#.*)?$"))
    expect(page.locator(".message--success")).to_be_visible()
    assert page.get_by_text("Adjunto el contrato.").first.is_visible()
    assert page.get_by_role("link", name="contrato.pdf").is_visible()

    # Withdrawing asks first.
    page.goto(f"{live_desk}/es/applications/{pk}/withdraw/")
    assert_no_serious_violations(page)


def _pdf() -> bytes:
    from demo.applications import demo_pdf

    return demo_pdf("contrato")
