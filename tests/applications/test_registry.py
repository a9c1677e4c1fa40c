"""The electronic registry: the submission, an answer to a request and a withdrawal are each
entered with a number gapless within the year, the time to the second, who filed it, what
was filed and a SHA-256 of each document; a filing on a non-working day counts from the next
working day's first hour."""

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from applications.models import RegistryEntry, RegistryKind, RegistrySequence
from applications.services.documents import document_add
from applications.services.registry import registry_enter
from applications.services.submission import application_submit
from tests.applications.my_applications_helpers import information_requested, pdf_upload
from tests.applications.submission_helpers import IN_WINDOW, draft, publish

pytestmark = pytest.mark.django_db

MADRID = ZoneInfo("Europe/Madrid")
ANSWERS = {"employees": 4, "tax_obligations_current": True}


def _pdf(name: str) -> SimpleUploadedFile:
    return pdf_upload(name)


def test_a_submission_is_entered_with_its_answers_and_each_documents_hash():
    publish(documents=[{"code": "iae", "label": {"es": "IAE", "eu": "JEZ", "en": "IAE"}}])
    application, user = draft(answers=ANSWERS)
    upload = _pdf("iae.pdf")
    content = upload.read()
    upload.seek(0)
    document = document_add(application=application, user=user, code="iae", uploaded_file=upload)
    submitted = application_submit(application=application, user=user, as_of=IN_WINDOW)

    (entry,) = submitted.registry_entries.all()
    year = entry.filed_at.astimezone(MADRID).year
    assert entry.number == f"BIO-E-{year}-000001"
    assert (entry.kind, entry.filed_by, entry.sequence) == (RegistryKind.SUBMISSION, user, 1)
    assert entry.filed_at.microsecond == 0
    assert abs(entry.filed_at - submitted.submitted_at) < dt.timedelta(seconds=1)
    assert entry.content["reference"] == submitted.reference
    assert entry.content["answers"] == submitted.submitted_answers
    assert entry.documents == [
        {
            "code": "iae",
            "name": "iae.pdf",
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        }
    ]
    document.file.delete(save=False)


def test_an_answer_and_a_withdrawal_are_entered_after_it_in_the_same_years_numbering(
    client, representation
):
    application, request = information_requested(
        representation.organisation, message="Envíe el certificado."
    )
    client.force_login(representation.user)
    client.post(
        reverse("applications:information_answer", args=[application.pk, request.pk]),
        {"answer": "Adjunto el certificado.", "files": [pdf_upload("certificado.pdf")]},
    )
    client.post(
        reverse("applications:application_withdraw", args=[application.pk]),
        {"reason": "Ya no lo necesitamos."},
    )
    answer, withdrawal = application.registry_entries.order_by("sequence")
    assert answer.kind == RegistryKind.INFORMATION_ANSWER
    assert answer.content == {
        "information_request": request.pk,
        "answer": "Adjunto el certificado.",
    }
    assert [row["name"] for row in answer.documents] == ["certificado.pdf"]
    assert len(answer.documents[0]["sha256"]) == 64
    assert withdrawal.kind == RegistryKind.WITHDRAWAL
    assert withdrawal.content == {"reason": "Ya no lo necesitamos."}
    assert withdrawal.sequence == answer.sequence + 1
    assert withdrawal.filed_by == representation.user
    for document in application.documents.all():
        document.file.delete(save=False)


def test_a_filing_on_a_saturday_counts_from_monday_and_numbers_start_again_each_year(
    representation,
):
    application, _request = information_requested(representation.organisation, message="?")
    saturday = dt.datetime(2026, 11, 28, 18, 30, 15, 999, tzinfo=MADRID)
    new_year = dt.datetime(2027, 1, 4, 9, 0, 1, tzinfo=MADRID)
    with transaction.atomic():
        late = registry_enter(
            application=application, kind="appeal", user=None, content={}, filed_at=saturday
        )
        next_year = registry_enter(
            application=application, kind="appeal", user=None, content={}, filed_at=new_year
        )
    assert late.filed_at == saturday.replace(microsecond=0)
    assert late.counts_from == dt.datetime(2026, 11, 30, 0, 0, tzinfo=MADRID)
    assert next_year.counts_from == new_year  # a working day: when it was filed
    assert (next_year.number, next_year.sequence) == ("BIO-E-2027-000001", 1)
    assert RegistrySequence.objects.get(year=2027).last_number == 1


def test_a_rolled_back_filing_gives_its_number_back(representation):
    application, _request = information_requested(representation.organisation, message="?")
    moment = dt.datetime(2026, 12, 1, 10, 0, tzinfo=MADRID)
    with pytest.raises(RuntimeError), transaction.atomic():
        registry_enter(
            application=application, kind="appeal", user=None, content={}, filed_at=moment
        )
        raise RuntimeError("the filing failed after it was entered")
    with transaction.atomic():
        kept = registry_enter(
            application=application, kind="appeal", user=None, content={}, filed_at=moment
        )
    assert kept.sequence == 1
    assert RegistryEntry.objects.count() == 1
