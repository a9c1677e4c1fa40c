"""The public letter check in a real browser, in each language, with axe-core: the QR code's
short address, the letter's facts, a PDF compared, a wrong code reported at its field."""

from pathlib import Path

import pytest

from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.desk import run_in_desk

# Run inside the live desk's database: an approved application and its award letter, issued
# by the letters service as the worker would.
ISSUE_SCRIPT = """
import datetime
from decimal import Decimal
from django.utils import timezone
from applications.models import Application
from organisations.models import Organisation
from letters.services import letters

organisation, _ = Organisation.objects.get_or_create(
    tax_id="F48000012", defaults={"legal_name": "Begoñako Ogitegia S.Coop.",
    "legal_form": "cooperative"})
application = Application.objects.create(
    organisation=organisation, programme_slug="hospitality-direct-aid", language="eu",
    status="approved", reference=f"BIO-2026-{timezone.now():%H%M%S%f}"[:20],
    submitted_at=timezone.now(), decided_at=timezone.now(), awarded_amount=Decimal("1250.00"),
    computed_amount=Decimal("1250.00"),
    programme_definition={"title": {"es": "Ayuda directa a la hostelería",
        "eu": "Ostalaritzarako zuzeneko laguntza", "en": "Direct aid for hospitality"},
        "benefit": "grant", "unit": "EUR"})
letter = letters.letter_issue(application_id=application.pk, kind="award",
    source_key=letters.decision_key(application))
print(letter.code, letter.pdf.path, application.reference)
"""


@pytest.fixture
def issued(live_desk, desk_workdir):
    code, path, reference = run_in_desk(desk_workdir, ISSUE_SCRIPT).split()
    return code, Path(path), reference


def test_the_verification_pages_in_each_language(page, live_desk, issued, tmp_path):
    code, pdf, reference = issued
    changed = tmp_path / "changed.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))

    for language in ("es", "eu", "en"):
        page.set_extra_http_headers({"Accept-Language": language})
        response = page.goto(f"{live_desk}/verify/{code}")
        assert response.status == 200
        assert page.url == f"{live_desk}/{language}/verify/{code}/"
        assert page.locator("h1").count() == 1
        assert reference in page.content()
        assert_no_serious_violations(page)

        page.set_input_files("#id_pdf", str(pdf))
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert page.locator(".notice--success").count() == 1
        assert_no_serious_violations(page)

        page.set_input_files("#id_pdf", str(changed))
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert page.locator(".notice--warning").count() == 1

        page.goto(f"{live_desk}/{language}/verify/")
        page.fill("#id_code", "AAAAA-BBBBB-CCCCC-DDDDD")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        summary_link = page.locator(".error-summary a[href='#id_code']")
        assert summary_link.count() == 1
        assert_no_serious_violations(page)

        page.fill("#id_code", code.lower())
        page.click("main form button[type=submit]")
        page.wait_for_url(f"{live_desk}/{language}/verify/{code}/")
