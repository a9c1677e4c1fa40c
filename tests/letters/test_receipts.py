"""The registry receipt (justificante): issued for each registry entry, in the applicant's
language, with the registry number, the date and time to the second, when a filing on a
non-working day counts from, what was filed and each document's SHA-256."""

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from applications.models import RegistryEntry
from applications.services.registry import registry_enter
from applications.services.submission import application_submit
from letters.models import Letter
from letters.services.letters import letter_issue
from tests.applications.my_applications_helpers import information_requested, pdf_upload
from tests.applications.submission_helpers import IN_WINDOW, draft, publish
from tests.letters.letter_helpers import pdf_text

pytestmark = pytest.mark.django_db

MADRID = ZoneInfo("Europe/Madrid")


def _receipt(entry: RegistryEntry) -> Letter:
    return letter_issue(
        application_id=entry.application_id, kind="receipt", source_key=f"registry:{entry.pk}"
    )


def _text(letter: Letter) -> str:
    return " ".join(pdf_text(letter.pdf.read()).split())


def test_a_submission_is_owed_its_receipt(monkeypatch):
    owed = []
    monkeypatch.setattr(
        "applications.services.outbox.letter_owe",
        lambda *, application, kind: owed.append((application.pk, kind)),
    )
    publish()
    application, user = draft(answers={"employees": 4, "tax_obligations_current": True})
    application_submit(application=application, user=user, as_of=IN_WINDOW)
    assert owed == [(application.pk, "receipt")]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("es", ("Justificante de registro", "Presentado el", "Solicitud")),
        ("eu", ("Erregistroko egiaztagiria", "Aurkeztua", "Eskaera")),
        ("en", ("Registry receipt", "Filed on", "Application")),
    ],
)
def test_the_receipt_states_the_number_the_second_and_the_documents_hash(language, words):
    publish(documents=[{"code": "iae", "label": {"es": "IAE", "eu": "JEZ", "en": "IAE"}}])
    application, user = draft(answers={"employees": 4, "tax_obligations_current": True})
    from applications.services.documents import document_add

    upload = pdf_upload("iae.pdf")
    content = upload.read()
    upload.seek(0)
    document_add(application=application, user=user, code="iae", uploaded_file=upload)
    application.language = language
    application.save(update_fields=["language"])
    submitted = application_submit(application=application, user=user, as_of=IN_WINDOW)
    submitted.language = language
    submitted.save(update_fields=["language"])
    entry = submitted.registry_entries.get()
    letter = _receipt(entry)
    text = _text(letter)
    assert letter.kind == "receipt" and letter.language == language
    for word in words:
        assert word in text, (word, text)
    assert entry.number in text and submitted.reference in text
    assert f"{timezone_local(entry.filed_at):%H:%M:%S}" in text
    assert hashlib.sha256(content).hexdigest() in text
    assert letter.code in text  # the verification code, as every letter
    # Issued once: asked again, the same letter.
    assert _receipt(entry).pk == letter.pk
    for item in submitted.documents.all():
        item.file.delete(save=False)


def test_a_filing_on_a_holiday_says_when_it_counts_from(representation):
    application, _request = information_requested(representation.organisation, message="?")
    good_friday = dt.datetime(2026, 4, 3, 11, 20, 45, tzinfo=MADRID)
    with transaction.atomic():
        entry = registry_enter(
            application=application,
            kind="information_answer",
            user=representation.user,
            content={"answer": "Adjunto el certificado."},
            filed_at=good_friday,
        )
    text = _text(_receipt(entry))
    assert "3 de abril de 2026, 11:20:45" in text
    assert "7 de abril de 2026, 00:00:00" in text
    assert "31.2" in text
    assert "Adjunto el certificado." in text


def timezone_local(moment):
    return moment.astimezone(MADRID)


def test_my_application_page_names_the_receipt_as_a_receipt(client):
    from django.urls import reverse

    publish()
    application, user = draft(answers={"employees": 4, "tax_obligations_current": True})
    submitted = application_submit(application=application, user=user, as_of=IN_WINDOW)
    letter = _receipt(submitted.registry_entries.get())
    client.force_login(user)
    page = client.get(reverse("applications:application_detail", args=[submitted.pk]))
    html = page.content.decode()
    link = reverse("letters:letter_download", args=[letter.pk])
    assert f'<a href="{link}" download>Justificante de registro' in html
    assert "Solicitud de información" not in html
