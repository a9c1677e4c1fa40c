"""The public account in a real browser: reached from the footer in each language, then each
measure's own account from the plan's; axe-clean with its charts and tables, and readable
at 320 px with no sideways scrolling."""

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.desk import applicant_script, run_in_desk

APPLICANT = ("cuentas@demo.onestop.example", "cuentas-password-2026")

# An award of this test's own (a cooperative in Deusto) and a pending application (a
# company in Abando), so the account has a district, a legal form and a month to draw; the
# script prints the account's paths in each language as the desk's URLs translate them.
SETUP_SCRIPT = (
    applicant_script("cuentas-applicant", *APPLICANT)
    + """
import json
from decimal import Decimal
from django.urls import reverse
from django.utils import timezone, translation
from applications.models import Application
from demo.applications import demo_application_submit, hospitality_answers
from organisations.models import Organisation, Representation

made = []
for name, tax_id, form, district in (
        ("Kontuak Kooperatiba", "F95000121", "cooperative", "deusto"),
        ("Kontuak Sociedad Limitada", "B95000124", "limited_company", "abando")):
    organisation = Organisation.objects.create(legal_name=name, tax_id=tax_id, legal_form=form,
        district=district, sector="hospitality", employees=2)
    Representation.objects.create(user=user, organisation=organisation)
    made.append(demo_application_submit(user=user, organisation=organisation,
        programme_slug="hospitality-direct-aid", answers=hospitality_answers(2, district)).pk)
Application.objects.filter(pk=made[0]).update(
    status="approved", awarded_amount=Decimal("1000.00"), decided_at=timezone.now())
paths = {}
for language in ("es", "eu", "en"):
    with translation.override(language):
        paths[language] = [reverse("public_plan_account"),
            reverse("public_programme_account", args=["hospitality-direct-aid"])]
print(json.dumps(paths))
"""
)


@pytest.fixture(scope="module")
def account_paths(live_desk, desk_workdir):
    return json.loads(run_in_desk(desk_workdir, SETUP_SCRIPT))


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("language", ["es", "eu", "en"])
def test_the_public_account_is_reached_from_the_footer_and_reflows(
    page, live_desk, account_paths, language
):
    plan, programme = account_paths[language]
    assert plan.startswith(f"/{language}/")
    page.goto(f"{live_desk}/{language}/")
    page.locator(f'footer a[href="{plan}"]').click()
    page.wait_for_url(f"{live_desk}{plan}")
    main = page.locator("main")
    expect(main.locator("h1")).to_have_count(1)
    expect(main.locator('svg[role="img"] > title').first).to_be_attached()
    assert main.locator('svg[role="img"]').count() == 5
    assert main.locator("table").count() == 5  # four figures' tables and the measures'
    assert_no_serious_violations(page)

    main.locator(f'a[href="{programme}"]').click()
    page.wait_for_url(f"{live_desk}{programme}")
    expect(page.locator('[data-figure="awarded"]')).not_to_have_text("0")
    expect(page.locator('[data-table="legal-form"]')).to_be_visible()
    assert_no_serious_violations(page)

    page.set_viewport_size({"width": 320, "height": 700})
    for path in (plan, programme):
        page.goto(f"{live_desk}{path}")
        _no_sideways_scroll(page)
        width = page.locator('svg[role="img"]').first.bounding_box()["width"]
        assert width <= 320


def test_the_open_data_downloads(page, live_desk, account_paths):
    plan, programme = account_paths["es"]
    data = page.request.get(f"{live_desk}{programme}?format=json").json()["account"]
    assert data["programme"] == "hospitality-direct-aid"
    assert data["applications"]["awarded"] >= 1 and data["paid"] is None
    csv_text = page.request.get(f"{live_desk}{plan}?format=csv").text()
    assert csv_text.startswith("programme,section,key,label,measure,value")
