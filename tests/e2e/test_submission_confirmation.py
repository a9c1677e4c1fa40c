"""The confirmation of a submitted application in a real browser, in each language, with
axe-core; and the confirmation email the desk wrote."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .axe import assert_no_serious_violations

ROOT = Path(__file__).resolve().parents[2]
APPLICANT = ("confirmation@demo.onestop.example", "confirmation-password-2026")

# Run inside the live desk's database: a representative's complete draft of the demo
# hospitality aid, submitted through the submission service on a day its window is open
# (the demo programme itself is left as it is for the other journeys).
SUBMIT_SCRIPT = """
import datetime
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from applications.models import Application, ApplicationDocument, Organisation, Representation
from applications.services.submission import application_submit

user, _ = get_user_model().objects.get_or_create(
    username="confirmation-applicant", defaults={"email": "confirmation@demo.onestop.example"})
user.set_password("confirmation-password-2026")
user.save()
EmailAddress.objects.update_or_create(
    user=user, email=user.email, defaults={"verified": True, "primary": True})
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


def _desk_env(workdir: Path) -> dict[str, str]:
    # The same database and files as the live desk (tests/e2e/conftest.py demo_desk).
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "onestop.settings.dev",
        "DATABASE_URL": f"sqlite:///{workdir / 'desk.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_STORAGE_ROOT": str(workdir / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
    }
    env.pop("CELERY_BROKER_URL", None)
    return env


@pytest.fixture
def submitted(live_desk, desk_workdir):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", SUBMIT_SCRIPT],
        cwd=ROOT,
        env=_desk_env(desk_workdir),
        check=True,
        capture_output=True,
        text=True,
    )
    pk, reference = result.stdout.strip().splitlines()[-1].split()
    return int(pk), reference


def test_the_confirmation_page_in_each_language(page, live_desk, desk_mail, submitted):
    pk, reference = submitted
    page.goto(f"{live_desk}/es/accounts/login/")
    page.fill("#id_login", APPLICANT[0])
    page.fill("#id_password", APPLICANT[1])
    page.click("form.account-form button[type=submit]")
    page.wait_for_load_state()

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

    emails = [path.read_text() for path in desk_mail.glob("*.log")]
    assert any(reference in email and APPLICANT[0] in email for email in emails)
