"""The public list of awards in a real browser: reached from the footer in each language,
axe-clean, readable at 320 px, and a sole trader's name withheld."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.desk import applicant_script, run_in_desk

APPLICANT = ("ayudas@demo.onestop.example", "ayudas-password-2026")

# Two hospitality applications of this test's own, decided as awards: one of a cooperative,
# one of a sole trader (whose name the list must not show).
SETUP_SCRIPT = applicant_script("ayudas-applicant", *APPLICANT) + """
from decimal import Decimal
from django.utils import timezone
from applications.models import Application
from demo.applications import demo_application_submit, hospitality_answers
from organisations.models import Organisation, Representation

made = []
for name, tax_id, form in (("Sukaldari Kooperatiba", "F95000113", "cooperative"),
                           ("Ainhoa Urrutia Bengoetxea", "12345678Z", "sole_trader")):
    organisation = Organisation.objects.create(legal_name=name, tax_id=tax_id, legal_form=form,
        district="abando", sector="hospitality", employees=2)
    Representation.objects.create(user=user, organisation=organisation)
    made.append(demo_application_submit(user=user, organisation=organisation,
        programme_slug="hospitality-direct-aid", answers=hospitality_answers(2, "abando")).pk)
Application.objects.filter(pk__in=made).update(
    status="approved", awarded_amount=Decimal("1000.00"), decided_at=timezone.now())
print("Sukaldari Kooperatiba")
"""

PAGES = {
    "es": ("/es/ayudas-concedidas/", "Ayudas concedidas", "Persona física (nombre no publicado)"),
    "eu": ("/eu/emandako-laguntzak/", "Emandako laguntzak", "Pertsona fisikoa"),
    "en": ("/en/awards/", "Support awarded", "Natural person (name withheld)"),
}


@pytest.fixture(scope="module")
def awarded(live_desk, desk_workdir):
    return run_in_desk(desk_workdir, SETUP_SCRIPT)


@pytest.mark.parametrize("language", ["es", "eu", "en"])
def test_the_list_of_awards_is_reached_from_the_footer_and_withholds_a_sole_trader(
    page, live_desk, awarded, language
):
    path, heading, withheld = PAGES[language]
    page.goto(f"{live_desk}/{language}/")
    page.locator("footer").get_by_role("link", name=heading).click()
    page.wait_for_url(f"{live_desk}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    main = page.locator("main")
    expect(main).to_contain_text(awarded)
    expect(main).to_contain_text(withheld)
    expect(main).not_to_contain_text("Ainhoa Urrutia")
    assert_no_serious_violations(page)
    # Another programme's award with a long title in the programme filter must not widen it.
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"{live_desk}{path}")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
