"""The staff pages format v2 added, in a real browser: Desk -> Proportional awards with a
programme whose requests exceed its budget, a case page's "What to verify" checklist, and
the programme editor's What if. Each passes axe-core and fits 320 CSS pixels without
scrolling sideways, in Spanish and in English."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.desk import applicant_script, programme_withdraw, run_in_desk, staff_sign_in

APPLICANT = ("reparto@demo.onestop.example", "reparto-password-2026")
SLUG = "shared-shop-aid"

# Two shops ask EUR 1,000 each from a budget of 1,500: each is offered 750. The activity is
# proven by a document, so the case page has a requirement to verify.
PROGRAMME = {
    "format": "onestop.programme/v2",
    "slug": SLUG,
    "title": {
        "es": "Ayuda repartida al pequeño comercio",
        "eu": "Merkataritza txikiarentzako laguntza banatua",
        "en": "Shared aid for small shops",
    },
    "summary": {"es": "Cuando las solicitudes superan el presupuesto, se reparte a prorrata."},
    "benefit": "grant",
    "unit": "EUR",
    "window": {"opens": "2026-01-01", "closes": None},
    "budget": "1500.00",
    "award_mode": "prorata",
    "one_per": "organisation",
    "de_minimis": False,
    "exclusive_with": [],
    "questions": [],
    "documents": [
        {"code": "iae", "label": {"es": "Alta en el IAE", "eu": "JEZ alta", "en": "IAE"}}
    ],
    "eligibility": {
        "all": [
            {
                "id": "retail",
                "fact": "sector",
                "op": "eq",
                "value": "retail",
                "evidence": {"document": "iae"},
                "source": {"es": "Bases reguladoras, art. 3", "en": "Rules, art. 3"},
            },
        ]
    },
    "amount": "1000",
}

SETUP_SCRIPT = (
    applicant_script("reparto-applicant", *APPLICANT)
    + f"""
import json
from cms.models import ProgrammePage
from cms.services.programme_definitions import programme_import
from demo.applications import demo_application_submit
from organisations.models import Organisation, Representation

programme_import(definition=json.loads({json.dumps(json.dumps(PROGRAMME))}), publish=True)
cases = []
for tax_id, name in (("B95000071", "Dendak Bilbao S.L."), ("B95000072", "Azoka Txiki S.L.")):
    organisation, _ = Organisation.objects.get_or_create(
        tax_id=tax_id, defaults={{"legal_name": name, "legal_form": "limited_company",
        "district": "abando", "sector": "retail", "employees": 3}})
    Representation.objects.get_or_create(user=user, organisation=organisation)
    cases.append(demo_application_submit(
        user=user, organisation=organisation, programme_slug={SLUG!r}, answers={{}}).pk)
page = ProgrammePage.objects.get(programme_slug={SLUG!r}, locale__language_code="es")
print(json.dumps({{"cases": cases, "page": page.pk}}))
"""
)

# The innermost visible elements past the window's right edge: content cut off by a container
# that hides its overflow is as lost to the reader as content that needs a sideways scroll.
# A table in a box of its own that scrolls sideways is allowed (WCAG 1.4.10 exempts data
# tables), so what lies inside such a box is not counted.
CULPRITS = """
const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
[...document.querySelectorAll("main *")]
  .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
  .filter((el) => { for (let up = el.parentElement; up; up = up.parentElement) {
    if (scrolls(up) && up.tagName !== "MAIN") return false; } return true; })
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .filter((el) => ![...el.children].some((child) =>
    child.getBoundingClientRect().right > window.innerWidth + 0.5))
  .slice(0, 4)
  .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
  .join(", ")
"""


@pytest.fixture
def shared_programme(live_desk, desk_workdir) -> Iterator[dict]:
    yield json.loads(run_in_desk(desk_workdir, SETUP_SCRIPT).strip().splitlines()[-1])
    programme_withdraw(desk_workdir, SLUG)


def _in_language(page, base_url: str, language: str) -> None:
    # The admin speaks the language of the staff member's preference; the cookie the
    # language switcher sets is what the admin reads for a user without one.
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])


def _check(page, base_url: str, path: str, expect_text: re.Pattern) -> list[str]:
    """Open the page at full width (axe) and at 320 px (reflow); what overflowed, if any."""
    page.set_viewport_size({"width": 1280, "height": 900})
    response = page.goto(f"{base_url}{path}")
    assert response.ok, f"{path}: {response.status}"
    assert expect_text.search(page.inner_text("main")), f"{path}: {expect_text.pattern}"
    assert_no_serious_violations(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{base_url}{path}")
    scroll_width, window_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    culprits = page.evaluate(CULPRITS)
    if scroll_width > window_width or culprits:
        return [f"{path} at 320 px: {scroll_width} px wide, past the edge: {culprits}"]
    return []


def test_proportional_awards_what_to_verify_and_what_if_are_accessible_and_reflow(
    page, live_desk, shared_programme
):
    case_pk = shared_programme["cases"][0]
    overflows = []
    staff_sign_in(page, live_desk, "senior", then="/admin/desk/prorata/")
    for language, share, verify in (
        ("es", re.compile(r"750,00"), re.compile(r"Qué comprobar|Qué verificar", re.I)),
        ("en", re.compile(r"750\.00"), re.compile(r"What to verify", re.I)),
    ):
        _in_language(page, live_desk, language)
        overflows += _check(page, live_desk, f"/admin/desk/prorata/{SLUG}/", share)
        overflows += _check(page, live_desk, f"/admin/desk/cases/{case_pk}/", verify)

    page.context.clear_cookies()
    staff_sign_in(page, live_desk, "editor")
    what_if = f"/admin/what-if/pages/{shared_programme['page']}/"
    for language, heading in (("es", re.compile(r"Y si|Qué pasaría", re.I)),
                              ("en", re.compile(r"What if", re.I))):  # fmt: skip
        _in_language(page, live_desk, language)
        overflows += _check(page, live_desk, what_if, heading)
    assert not overflows, "\n".join(overflows)
