"""Reflow (WCAG 1.4.10): at 320 and 390 CSS pixels wide every public page an applicant sees,
signed in or not, fits the window without scrolling sideways."""

import pytest

from tests.e2e.desk import applicant_script, run_in_desk, sign_in

APPLICANT = ("reflow@demo.onestop.example", "reflow-password-2026")
WIDTHS = (320, 390)

# An organisation with a long name and a long tax-office reference, a submitted application
# (its reference and timeline) and a draft (the wizard's task list).
SETUP_SCRIPT = (
    applicant_script("reflow-applicant", *APPLICANT)
    + """
from demo.applications import demo_application_submit, hospitality_answers
from organisations.models import Organisation, Representation
from applications.services.drafts import draft_start

organisation = Organisation.objects.create(
    legal_name="Euskal Herriko Gizarte Ekonomiako Kooperatiba Elkartea S.Coop.",
    tax_id="F95000089", legal_form="cooperative",
    district="begona", sector="hospitality", employees=3)
Representation.objects.create(user=user, organisation=organisation)
application = demo_application_submit(
    user=user, organisation=organisation, programme_slug="hospitality-direct-aid",
    answers=hospitality_answers(3, "begona"))
draft = draft_start(organisation=organisation, programme_slug="rental-subsidy", user=user)
print(application.pk, draft.pk, organisation.pk)
"""
)

# The innermost elements that reach past the window's right edge, to say what overflows.
CULPRITS = """
[...document.querySelectorAll("body *")]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .filter((el) => ![...el.children].some((child) =>
    child.getBoundingClientRect().right > window.innerWidth + 0.5))
  .slice(0, 4)
  .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
  .join(", ")
"""

LANGUAGES = ("es", "eu", "en")
SIGNED_OUT_PAGES = ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/")


@pytest.fixture
def applicant_with_applications(live_desk, desk_workdir):
    return [int(pk) for pk in run_in_desk(desk_workdir, SETUP_SCRIPT).split()]


def _overflows(page, base_url: str, paths, width: int) -> list[str]:
    page.set_viewport_size({"width": width, "height": 800})
    found = []
    for path in (f"/{language}{path}" for language in LANGUAGES for path in paths):
        response = page.goto(f"{base_url}{path}")
        assert response.ok, f"{path}: {response.status}"
        scroll_width, window_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > window_width:
            found.append(
                f"{path} at {width} px: {scroll_width} px wide ({page.evaluate(CULPRITS)})"
            )
    return found


def test_the_applicants_pages_reflow_at_320_and_390_pixels(
    page, live_desk, applicant_with_applications
):
    application_pk, draft_pk, organisation_pk = applicant_with_applications
    overflows = []
    for width in WIDTHS:
        overflows += _overflows(page, live_desk, SIGNED_OUT_PAGES, width)

    sign_in(page, live_desk, *APPLICANT)
    signed_in_pages = (
        "/applications/",
        f"/applications/{application_pk}/",
        f"/applications/{draft_pk}/continue/",
        "/organisations/",
        f"/organisations/{organisation_pk}/",
        f"/organisations/{organisation_pk}/edit/",
        f"/organisations/{organisation_pk}/invite/",
        "/organisations/new/",
        "/accounts/2fa/",
    )
    for width in WIDTHS:
        overflows += _overflows(page, live_desk, signed_in_pages, width)

    assert overflows == [], "\n".join(overflows)
