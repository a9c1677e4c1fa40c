"""A per-establishment programme in a real browser: an organisation with three bars adds them
to its profile, applies once for each, and the desk refuses the caterer for its CNAE code
and awards the restaurant and the bar, one award letter each with its amount by workers.
axe-core checks the profile's establishments and the establishment choice page."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.desk import applicant_script, programme_withdraw, run_in_desk, sign_in, staff_sign_in

APPLICANT = ("tabernak@demo.onestop.example", "tabernak-password-2026")
SLUG = "establishment-hospitality-aid"
TITLE = "Ayuda a los establecimientos de hostelería"

# Restaurants (CNAE group 56.1) and bars (56.3) qualify, event caterers (56.2) do not; the
# amount goes by the establishment's workers, after Bilbao 2020 (measure 4.1).
PROGRAMME = {
    "format": "onestop.programme/v2",
    "slug": SLUG,
    "title": {
        "es": TITLE,
        "eu": "Ostalaritzako establezimenduentzako laguntza",
        "en": "Aid for hospitality establishments",
    },
    "summary": {"es": "Una ayuda por cada bar o restaurante de la organización."},
    "benefit": "grant",
    "unit": "EUR",
    "window": {"opens": "2026-01-01", "closes": None},
    "budget": None,
    "award_mode": "first_come",
    "application_unit": "establishment",
    "one_per": "establishment",
    "de_minimis": False,
    "exclusive_with": [],
    "questions": [],
    "documents": [],
    "eligibility": {
        "all": [
            {"id": "activity", "fact": "activity_code", "op": "in", "value": ["561", "563"]},
            {"id": "staff", "fact": "employees", "op": "gte", "value": 1},
        ]
    },
    "amount": {
        "tiers": {"fact": "employees"},
        "bands": [
            {"min": 1, "max": 3, "value": "1000"},
            {"min": 4, "max": 10, "value": "1250"},
            {"above": 10, "value": "1500"},
        ],
        "otherwise": "0",
    },
}

ESTABLISHMENTS = (
    # name, address, CNAE class, workers, the amount the rules give
    ("Bar Txoko", "Calle Somera, 12", "5630", "4", "1250.00"),
    ("Restaurante Ibaizabal", "Muelle de Marzana, 3", "5610", "12", "1500.00"),
    ("Catering Deusto", "Calle Lehendakari Aguirre, 40", "5621", "2", None),
)

# Run inside the live desk's database: the programme published as the CMS publishes it
# (the demo's activity code list already names 561, 562 and 563), and an applicant who
# represents a hospitality cooperative without establishments yet.
SETUP_SCRIPT = (
    applicant_script("tabernak-applicant", *APPLICANT)
    + f"""
import json
from cms.services.programme_definitions import programme_import
from organisations.models import Organisation, Representation

programme_import(definition=json.loads({json.dumps(json.dumps(PROGRAMME))}), publish=True)
organisation, _ = Organisation.objects.get_or_create(
    tax_id="F95000063", defaults={{"legal_name": "Tabernak Bizkaia S.Coop.",
    "legal_form": "cooperative", "district": "abando", "sector": "hospitality",
    "employees": 18}})
Representation.objects.get_or_create(user=user, organisation=organisation)
print(organisation.pk)
"""
)

LETTERS_SCRIPT = f"""
import json
from letters.models import Letter

print(json.dumps(sorted(
    [letter.application.establishment.name, letter.kind, str(letter.application.awarded_amount)]
    for letter in Letter.objects.current().filter(application__programme_slug={SLUG!r})
    .exclude(kind="receipt")
    .select_related("application__establishment"))))
"""


def _application_pk(desk_workdir: Path, reference: str) -> int:
    with sqlite3.connect(desk_workdir / "desk.sqlite3") as db:
        return db.execute(
            "SELECT id FROM applications_application WHERE reference = ?", (reference,)
        ).fetchone()[0]


def _status(desk_workdir: Path, pk: int) -> str:
    with sqlite3.connect(desk_workdir / "desk.sqlite3") as db:
        return db.execute(
            "SELECT status FROM applications_application WHERE id = ?", (pk,)
        ).fetchone()[0]


def _letters(desk_workdir: Path) -> list[list[str]]:
    """The programme's current letters, by establishment: kind and amount awarded. The
    outbox runs its tasks in the desk's process: a letter is there once the decision is."""
    deadline = time.monotonic() + 10
    while True:
        letters = json.loads(run_in_desk(desk_workdir, LETTERS_SCRIPT))
        if len(letters) >= 3 or time.monotonic() > deadline:
            return letters
        time.sleep(0.5)


def _action(page, name: str):
    return page.locator(f"form[action$='/do/{name}/'] button[type=submit]")


@pytest.fixture
def organisation_pk(live_desk, desk_workdir) -> Iterator[int]:
    yield int(run_in_desk(desk_workdir, SETUP_SCRIPT))
    programme_withdraw(desk_workdir, SLUG)


def _add_establishments(page, live_desk: str, organisation_pk: int) -> None:
    profile = f"{live_desk}/es/organisations/{organisation_pk}/"
    for name, address, code, workers, _amount in ESTABLISHMENTS:
        page.goto(profile)
        page.click(
            f"#establishments a[href$='/organisations/{organisation_pk}/establishments/new/']"
        )
        page.fill("#id_name", name)
        page.fill("#id_address", address)
        page.select_option("#id_district", "abando")
        page.fill("#id_activity_code", code)
        page.fill("#id_employees", workers)
        page.click("form.profile-form button[type=submit]")
        expect(page).to_have_url(f"{profile}#establishments")
        expect(page.locator("#establishments")).to_contain_text(name)
    section = page.locator("#establishments")
    expect(section.locator(".establishment-list__item")).to_have_count(3)
    expect(section).to_contain_text("CNAE 5621")
    assert_no_serious_violations(page)


def _apply_for(page, live_desk: str, name: str, amount: str | None) -> str:
    """From the programme's start page to the confirmation: the reference. The check page
    gives the establishment's amount, or, for the caterer, the activity that rules it out."""
    page.goto(f"{live_desk}/es/apply/{SLUG}/")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/establishments/$"))
    page.locator(".establishment-list__item", has_text=name).locator(
        "button[name=establishment]"
    ).click()
    for _ in range(6):
        if re.search(r"/check/$", page.url):
            break
        page.locator("main form.wizard-form button[type=submit]").first.click()
        page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/check/$"))
    main = page.locator("main")
    if amount is None:
        expect(main).to_contain_text("la suya: 5621")
    else:
        euros = f"{int(amount[:-3]):,}".replace(",", ".")
        expect(main).to_contain_text(f"{euros},00 €")
    page.check("#id_declaration")
    page.locator("main form.wizard-form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/confirmation/$"))
    return page.locator(".confirmation-panel__reference").inner_text().strip()


def test_three_bars_apply_the_caterer_is_refused_two_are_awarded(
    browser, live_desk, desk_workdir, organisation_pk
):
    applicant = browser.new_context(viewport={"width": 1280, "height": 900})
    page = applicant.new_page()
    sign_in(page, live_desk, *APPLICANT)
    _add_establishments(page, live_desk, organisation_pk)

    references = {}
    for name, _address, _code, _workers, amount in ESTABLISHMENTS:
        references[name] = _apply_for(page, live_desk, name, amount)
    page.goto(f"{live_desk}/es/apply/{SLUG}/organisations/{organisation_pk}/establishments/")
    for name, reference in references.items():
        expect(page.locator(".establishment-list__item", has_text=name)).to_contain_text(reference)
    expect(page.locator("button[name=establishment]")).to_have_count(0)
    assert_no_serious_violations(page)
    applicant.close()

    caseworker = browser.new_context(viewport={"width": 1280, "height": 900})
    page = caseworker.new_page()
    staff_sign_in(page, live_desk, "caseworker")
    for name, _address, _code, _workers, amount in ESTABLISHMENTS:
        pk = _application_pk(desk_workdir, references[name])
        case_url = f"{live_desk}/admin/desk/cases/{pk}/"
        page.goto(case_url)
        expect(page.locator("h1")).to_contain_text(references[name])
        expect(page.locator("main")).to_contain_text(name)
        _action(page, "claim").click()
        page.wait_for_url(case_url)
        if amount is None:
            # The rules' finding, with the CNAE code that fails it, is on the case page.
            expect(page.locator("main")).to_contain_text("5621")
            page.check("input[name='reject-reason_codes'][value='not_eligible']")
            page.fill(
                "#id_reject-text", "La actividad 56.21 (catering) no está entre las de la ayuda."
            )
            _action(page, "reject").click()
            page.wait_for_url(case_url)
            assert _status(desk_workdir, pk) == "rejected"
            continue
        assert page.input_value("#id_propose-amount") in (amount, amount.replace(".", ","))
        _action(page, "propose").click()
        page.wait_for_url(case_url)
        _action(page, "approve").click()
        page.wait_for_url(case_url)
        assert _status(desk_workdir, pk) == "approved"
    caseworker.close()

    letters = _letters(desk_workdir)
    assert letters == [
        ["Bar Txoko", "award", "1250.00"],
        ["Catering Deusto", "rejection", "None"],
        ["Restaurante Ibaizabal", "award", "1500.00"],
    ]
