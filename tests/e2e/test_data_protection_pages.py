"""Data protection in a real browser: the record of processing in each language (reached from
the footer, readable at 320 px) and a representative's download of their organisation's
data, each checked with axe-core."""

import io
import json
import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.desk import applicant_script, run_in_desk, sign_in

APPLICANT = ("data-protection@demo.onestop.example", "data-protection-password-2026")

SETUP_SCRIPT = (
    applicant_script("data-protection-applicant", *APPLICANT)
    + """
from organisations.models import Organisation, Representation

organisation, _ = Organisation.objects.get_or_create(
    tax_id="F95000097",
    defaults={"legal_name": "Zapatari Elkartea", "legal_form": "association", "postcode": "48003"})
Representation.objects.get_or_create(user=user, organisation=organisation)
print(organisation.pk)
"""
)

RECORD = {
    "es": ("/es/proteccion-de-datos/", "Cómo tratamos sus datos"),
    "eu": ("/eu/datuen-babesa/", "Nola tratatzen ditugun zure datuak"),
    "en": ("/en/data-protection/", "How we process your data"),
}


@pytest.mark.parametrize("language", ["es", "eu", "en"])
def test_the_record_of_processing_is_reached_from_the_footer_and_passes_axe(
    page, live_desk, language
):
    path, heading = RECORD[language]
    page.goto(f"{live_desk}/{language}/")

    page.locator("footer").get_by_role("link", name=heading).click()

    page.wait_for_url(f"{live_desk}{path}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_no_serious_violations(page)


def test_the_record_of_processing_reflows_at_320_pixels(browser, live_desk):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_desk}/es/proteccion-de-datos/")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    assert overflow <= 0
    context.close()


def test_a_representative_downloads_the_organisation_s_data(page, live_desk, desk_workdir):
    organisation_pk = run_in_desk(desk_workdir, SETUP_SCRIPT)
    sign_in(page, live_desk, *APPLICANT)
    page.goto(f"{live_desk}/es/organisations/{organisation_pk}/")

    page.get_by_role("link", name="Descargar los datos de su organización").click()

    page.wait_for_url(f"{live_desk}/es/organisations/{organisation_pk}/your-data/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Descargar los datos de su organización"
    )
    assert_no_serious_violations(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar los datos (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    data = json.loads(archive.read("data.json"))
    assert data["organisation"]["legal_name"] == "Zapatari Elkartea"
