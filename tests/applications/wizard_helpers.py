"""Shared set-up of the wizard tests: the demo hospitality aid kept open, the wizard's
addresses and posts, and small files of each kind (the applicant and the open programme are
fixtures of the applications' conftest)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Application
from cms.selectors import programme_page_by_slug
from tests.factories.accounts import PASSWORD
from tests.factories.documents import PDF_BYTES, PNG_BYTES  # noqa: F401 - the tests' files

HOSPITALITY = "hospitality-direct-aid"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def pdf(name: str = "certificado.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def keep_open(slug: str = HOSPITALITY) -> None:
    """Make the programme's window open-ended, so that the tests do not expire with it."""
    page = programme_page_by_slug(slug)
    definition = dict(page.definition)
    definition["window"] = {"opens": "2020-01-01", "closes": None}
    page.definition = definition
    page.save_revision().publish()


def organisation_of(user):
    return user.representations.get().organisation


def step_url(application: Application, step: str, **query) -> str:
    url = reverse("applications:application_step", kwargs={"pk": application.pk, "step": step})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def step_post(step: str, data: dict) -> dict:
    """A step's POST as the page sends it: the formtools management field and the answers
    under the step's prefix."""
    posted = {"application_wizard-current_step": step}
    posted.update({f"{step}-{name}": value for name, value in data.items()})
    return posted


def sign_in(client, user) -> None:
    assert client.login(email=user.email, password=PASSWORD)


SITUATION_ANSWERS = {
    "tax_obligations_current": "true",
    "social_security_current": "true",
    "debts_with_city": "false",
}
