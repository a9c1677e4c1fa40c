# ruff: noqa: F811 - fixtures imported from wizard_helpers are the tests' parameters
"""The documents step: upload per document (multipart, no JavaScript), refusals with their
message, removal, only the documents whose condition holds, private storage."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.constants import EventKind
from applications.models import ApplicationDocument
from applications.services.documents import document_add, document_remove
from applications.wizard.sections import document_rows, draft_for
from tests.applications.wizard_helpers import (
    EXE_BYTES,
    PDF_BYTES,
    keep_open,
    organisation_of,
    pdf,
    sign_in,
    step_url,
)
from tests.factories.applications import (
    ApplicationFactory,
    InformationRequestFactory,
    SubmittedApplicationFactory,
)
from tests.factories.organisations import RepresentationFactory

pytestmark = pytest.mark.django_db


def _upload(client, draft, code, uploaded):
    return client.post(step_url(draft, "documents"), {"upload": code, f"{code}-file": uploaded})


def test_a_document_is_uploaded_from_its_own_form_and_listed(client, applicant, draft, settings):
    sign_in(client, applicant)
    response = _upload(client, draft, "iae", pdf("alta IAE.pdf"))
    assert response.status_code == 302
    assert response["Location"] == step_url(draft, "documents")

    document = ApplicationDocument.objects.get(application=draft)
    assert document.code == "iae"
    assert document.original_name == "alta IAE.pdf"
    assert document.content_type == "application/pdf"
    # Stored in private storage under a name the server made up.
    assert document.file.name.startswith(f"documents/{draft.pk}/")
    assert "IAE" not in document.file.name and document.file.name.endswith(".pdf")
    assert document.file.path.startswith(str(settings.PRIVATE_STORAGE_ROOT))
    assert not document.file.path.startswith(str(settings.MEDIA_ROOT))
    assert draft.events.filter(kind=EventKind.DOCUMENT).count() == 1

    page = client.get(step_url(draft, "documents")).content.decode()
    assert "alta IAE.pdf" in page
    download = reverse("applications:document_download", args=[document.pk])
    assert f'href="{download}"' in page
    assert b"".join(client.get(download).streaming_content) == PDF_BYTES
    remove = reverse("applications:application_document_remove", args=[draft.pk, document.pk])
    assert f'action="{remove}"' in page


def test_an_executable_renamed_pdf_is_refused_with_a_message(client, applicant, draft):
    sign_in(client, applicant)
    program = SimpleUploadedFile("factura.pdf", EXE_BYTES, content_type="application/pdf")
    response = _upload(client, draft, "iae", program)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert 'href="#id_iae-file"' in page
    assert 'aria-invalid="true"' in page
    assert "PDF, JPEG" in page and ("programa" in page or "program" in page)
    assert not ApplicationDocument.objects.exists()


def test_choosing_no_file_is_an_error_at_the_field(client, applicant, draft):
    sign_in(client, applicant)
    response = client.post(step_url(draft, "documents"), {"upload": "iae"})
    assert response.status_code == 200
    assert 'href="#id_iae-file"' in response.content.decode()


def test_a_file_over_the_limit_is_refused_with_its_size(client, applicant, draft, settings):
    settings.ONESTOP_UPLOAD_MAX_BYTES = 1024 * 1024
    sign_in(client, applicant)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    page = _upload(client, draft, "iae", big).content.decode()
    assert "2 MB" in page and "1 MB" in page
    assert not ApplicationDocument.objects.exists()


def test_a_document_can_be_removed(client, applicant, draft, django_capture_on_commit_callbacks):
    sign_in(client, applicant)
    _upload(client, draft, "iae", pdf())
    document = ApplicationDocument.objects.get()
    stored = Path(document.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:application_document_remove", args=[draft.pk, document.pk])
        )
    assert response["Location"] == step_url(draft, "documents")
    assert not ApplicationDocument.objects.exists()
    assert not stored.exists()


def test_another_organisation_cannot_upload_or_remove(client, applicant, draft):
    sign_in(client, applicant)
    _upload(client, draft, "iae", pdf())
    document = ApplicationDocument.objects.get()
    client.logout()
    sign_in(client, RepresentationFactory().user)
    assert _upload(client, draft, "iae", pdf()).status_code == 404
    remove = reverse("applications:application_document_remove", args=[draft.pk, document.pk])
    assert client.post(remove).status_code == 404
    assert ApplicationDocument.objects.count() == 1


def _continue(client, draft, files=None):
    data = {"application_wizard-current_step": "documents", **(files or {})}
    return client.post(step_url(draft, "documents"), data)


def _required_codes(draft):
    return [row.code for row in document_rows(draft_for(draft, "es")) if row.required]


def test_continue_with_a_required_document_missing_stays_and_says_so(client, applicant, draft):
    sign_in(client, applicant)
    required = _required_codes(draft)
    assert required
    response = _continue(client, draft)
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    for code in required:
        # The summary links to the document's own file field, where the error is shown too.
        assert f'href="#id_{code}-file"' in page
        assert f'id="id_{code}-file-error"' in page
    assert "Suba este documento:" in page
    draft.refresh_from_db()
    assert "documents" not in (draft.progress or {}).get("completed", [])


def test_continue_with_a_file_chosen_uploads_it(client, applicant, draft):
    sign_in(client, applicant)
    required = _required_codes(draft)
    response = _continue(client, draft, {f"{code}-file": pdf(f"{code}.pdf") for code in required})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:application_check", args=[draft.pk])
    assert sorted(
        ApplicationDocument.objects.filter(application=draft).values_list("code", flat=True)
    ) == sorted(required)


def test_continue_with_a_refused_file_shows_it_at_the_field_and_keeps_the_others(
    client, applicant, draft
):
    sign_in(client, applicant)
    good, *_rest = _required_codes(draft)
    exe = SimpleUploadedFile("factura.pdf", EXE_BYTES, content_type="application/pdf")
    codes = [row.code for row in document_rows(draft_for(draft, "es"))]
    bad = next(code for code in codes if code != good)
    response = _continue(client, draft, {f"{good}-file": pdf("bueno.pdf"), f"{bad}-file": exe})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="#id_{bad}-file"' in page and f'id="id_{bad}-file-error"' in page
    assert list(
        ApplicationDocument.objects.filter(application=draft).values_list("code", flat=True)
    ) == [good]


# --- which documents --------------------------------------------------------------------


def test_a_document_whose_condition_does_not_hold_is_not_asked(applicant, demo_site):
    keep_open("rental-subsidy")
    organisation = organisation_of(applicant)
    not_suspended = ApplicationFactory(
        organisation=organisation,
        programme_slug="rental-subsidy",
        answers={"activity_suspended": False},
    )
    codes = [row.code for row in document_rows(draft_for(not_suspended, "es"))]
    assert codes == ["lease", "rent_receipts"]

    not_suspended.answers = {"activity_suspended": True}
    rows = document_rows(draft_for(not_suspended, "es"))
    assert [(row.code, row.required) for row in rows] == [
        ("lease", True),
        ("rent_receipts", True),
        ("suspension_order", True),
    ]


# --- the service's contract (also used for information answers) ---------------------------


def test_document_add_refuses_a_code_the_programme_does_not_ask_for(applicant, draft):
    with pytest.raises(ValidationError):
        document_add(application=draft, user=applicant, code="passport", uploaded_file=pdf())


def test_document_add_and_remove_are_for_representatives_only(applicant, draft):
    outsider = RepresentationFactory().user
    with pytest.raises(PermissionDenied):
        document_add(application=draft, user=outsider, code="iae", uploaded_file=pdf())
    document = document_add(application=draft, user=applicant, code="iae", uploaded_file=pdf())
    with pytest.raises(PermissionDenied):
        document_remove(document=document, user=outsider)


def test_a_submitted_application_takes_documents_only_with_an_information_answer(
    applicant, hospitality
):
    submitted = SubmittedApplicationFactory(organisation=organisation_of(applicant))
    with pytest.raises(ValidationError):
        document_add(application=submitted, user=applicant, code="iae", uploaded_file=pdf())
    request = InformationRequestFactory(
        application=submitted, message="Envíe el certificado", due_on="2030-01-01"
    )
    document = document_add(
        application=submitted,
        user=applicant,
        code="",
        uploaded_file=pdf(),
        information_request=request,
    )
    assert document.information_request == request
