"""The confirmation of a submitted application in a real browser, in each language, with
axe-core; and the confirmation email the desk wrote."""

import re

import pytest

from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.desk import applicant_script, run_in_desk, sign_in, wait_for_message

APPLICANT = ("confirmation@demo.onestop.example", "confirmation-password-2026")

# Run inside the live desk's database: a representative's complete draft of the demo
# hospitality aid, submitted through the submission service on a day its window is open
# (the demo programme itself is left as it is for the other journeys).
SUBMIT_SCRIPT = (
    applicant_script("confirmation-applicant", *APPLICANT)
    + """
import datetime
from applications.models import Application, ApplicationDocument
from organisations.models import Organisation, Representation
from applications.services.submission import application_submit

organisation, _ = Organisation.objects.get_or_create(
    tax_id="F48000004", defaults={"legal_name": "Jatetxea Deusto S.Coop.",
    "legal_form": "cooperative", "district": "deusto", "sector": "hospitality", "employees": 4})
Representation.objects.get_or_create(user=user, organisation=organisation)
draft = Application.objects.create(
    organisation=organisation, programme_slug="hospitality-direct-aid", created_by=user,
    answers={"sector": "hospitality", "district": "deusto", "employees": 4,
             "tax_obligations_current": True, "social_security_current": True,
             "debts_with_city": False, "de_minimis_declared": "0"})
for code in ("iae", "bank_account"):
    ApplicationDocument.objects.create(
        application=draft, code=code, file=f"documents/{draft.pk}/{code}.pdf",
        original_name=f"{code}.pdf", content_type="application/pdf", size=1, sha256="0" * 64,
        uploaded_by=user)
application = application_submit(
    application=draft, user=user, as_of=datetime.date(2026, 12, 1))
print(application.pk, application.reference)
"""
)


@pytest.fixture
def submitted(live_desk, desk_workdir):
    pk, reference = run_in_desk(desk_workdir, SUBMIT_SCRIPT).split()
    return int(pk), reference


def test_the_confirmation_page_in_each_language(page, live_desk, desk_mail, submitted):
    pk, reference = submitted
    sign_in(page, live_desk, *APPLICANT)

    for language in ("es", "eu", "en"):
        response = page.goto(f"{live_desk}/{language}/applications/{pk}/confirmation/")
        assert response.status == 200
        assert page.locator("h1").count() == 1
        assert page.locator(".confirmation-panel__reference").inner_text() == reference
        my_applications = page.locator(f"main a[href='/{language}/applications/']")
        assert my_applications.count() == 2
        assert_no_serious_violations(page)

    page.locator("main p:not(.back-link) a[href='/en/applications/']").click()
    page.wait_for_url(f"{live_desk}/en/applications/")
    assert reference in page.content()

    # The confirmation email, addressed to the applicant, quotes the reference.
    wait_for_message(desk_mail, APPLICANT[0], re.escape(reference))
