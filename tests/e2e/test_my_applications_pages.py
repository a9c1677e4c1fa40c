"""My applications in a real browser: the list, an application's page, answering a request
for information (with its error summary) and the withdrawal confirmation, each checked with
axe-core; the answer goes through without JavaScript-only controls."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .axe import assert_no_serious_violations

ROOT = Path(__file__).resolve().parents[2]
APPLICANT = ("my-applications@demo.onestop.example", "my-applications-password-2026")

# Run inside the live desk's database: an organisation whose representative has submitted
# one application, on which a caseworker has asked for information, and has a draft.
SETUP_SCRIPT = """
import datetime
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from applications.desk_admin.demo import demo_application_submit, hospitality_answers
from applications.models import Organisation, Representation
from applications.services.desk import case_claim, information_request_create
from applications.services.drafts import draft_start

user, _ = get_user_model().objects.get_or_create(
    username="my-applications-applicant", defaults={"email": "my-applications@demo.onestop.example"})
user.set_password("my-applications-password-2026")
user.save()
EmailAddress.objects.update_or_create(
    user=user, email=user.email, defaults={"verified": True, "primary": True})
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
def waiting_application(live_desk, desk_workdir):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", SETUP_SCRIPT],
        cwd=ROOT,
        env=_desk_env(desk_workdir),
        check=True,
        capture_output=True,
        text=True,
    )
    pk, reference, request_pk = result.stdout.strip().splitlines()[-1].split()
    return int(pk), reference, int(request_pk)


def _sign_in(page, live_desk):
    page.goto(f"{live_desk}/es/accounts/login/")
    page.fill("#id_login", APPLICANT[0])
    page.fill("#id_password", APPLICANT[1])
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_desk}/es/applications/")


def test_my_applications_pages_are_accessible_and_work(page, live_desk, waiting_application):
    pk, reference, request_pk = waiting_application
    _sign_in(page, live_desk)

    # The list: signing in lands here.
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
    from applications.desk_admin.demo import demo_pdf

    return demo_pdf("contrato")
