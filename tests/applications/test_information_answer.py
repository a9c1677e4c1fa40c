"""Answering a caseworker's request for information: message and files, back to the queue."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats

from applications.constants import ApplicationStatus
from applications.models import Application, ApplicationDocument
from applications.selectors import application_timeline
from tests.applications.my_applications_helpers import information_requested, pdf_upload
from tests.factories.organisations import RepresentationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(representation):
    return information_requested(
        representation.organisation, message="Envíe el certificado del IAE, por favor."
    )


def _url(application, request):
    return reverse("applications:information_answer", args=[application.pk, request.pk])


def test_the_page_shows_the_caseworkers_message_and_due_date(client, representation, waiting):
    application, request = waiting
    client.force_login(representation.user)
    html = client.get(_url(application, request)).content.decode()
    assert "Envíe el certificado del IAE, por favor." in html
    assert formats.date_format(request.due_on, "DATE_FORMAT") in html
    assert 'enctype="multipart/form-data"' in html
    assert '<textarea name="answer"' in html
    assert 'type="file" name="files"' in html and "multiple" in html


def test_an_answer_with_files_returns_the_case_to_review(client, representation, waiting):
    application, request = waiting
    client.force_login(representation.user)
    response = client.post(
        _url(application, request),
        {
            "answer": "Adjunto el certificado.",
            "files": [pdf_upload("iae.pdf"), pdf_upload("b.pdf")],
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("applications:application_detail", args=[application.pk])
    application.refresh_from_db()
    request.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert request.answer == "Adjunto el certificado."
    assert request.answered_by == representation.user
    documents = list(ApplicationDocument.objects.filter(information_request=request))
    assert sorted(document.original_name for document in documents) == ["b.pdf", "iae.pdf"]
    titles = [str(entry.title) for entry in application_timeline(application)]
    assert titles[-1] == "Ha respondido"
    assert "Información requerida: Envíe el certificado del IAE, por favor." in titles
    assert titles.count("Documento aportado") == 2
    followed = client.get(response.url)
    assert "Adjunto el certificado." in followed.content.decode()
    for document in documents:
        document.file.delete(save=False)


def test_an_empty_answer_is_refused_with_a_linked_error(client, representation, waiting):
    application, request = waiting
    client.force_login(representation.user)
    response = client.post(_url(application, request), {"answer": "  "})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert '<a href="#id_answer">' in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INFO_REQUESTED


def test_a_program_renamed_pdf_is_refused_and_nothing_is_answered(client, representation, waiting):
    application, request = waiting
    client.force_login(representation.user)
    program = SimpleUploadedFile("factura.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(
        _url(application, request),
        {"answer": "Aquí va.", "files": [pdf_upload("good.pdf"), program]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_files">' in html
    assert "Aquí va." in html  # what was written is kept
    request.refresh_from_db()
    application.refresh_from_db()
    assert request.is_open
    assert application.status == ApplicationStatus.INFO_REQUESTED
    assert not ApplicationDocument.objects.filter(application=application).exists()


def test_an_answered_request_cannot_be_answered_again(client, representation, waiting):
    application, request = waiting
    client.force_login(representation.user)
    client.post(_url(application, request), {"answer": "Primera respuesta."})
    response = client.post(_url(application, request), {"answer": "Segunda respuesta."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.answer == "Primera respuesta."
    assert (
        Application.objects.get(pk=application.pk)
        .events.filter(from_status=ApplicationStatus.INFO_REQUESTED)
        .count()
        == 1
    )


def test_another_organisations_user_cannot_see_or_answer(client, waiting):
    application, request = waiting
    client.force_login(RepresentationFactory().user)
    assert client.get(_url(application, request)).status_code == 404
    assert client.post(_url(application, request), {"answer": "x"}).status_code == 404
    request.refresh_from_db()
    assert request.is_open


def test_a_request_of_another_application_is_not_found(client, representation, waiting):
    application, _request = waiting
    _other_application, other_request = information_requested(RepresentationFactory().organisation)
    client.force_login(representation.user)
    assert client.get(_url(application, other_request)).status_code == 404


def test_a_request_left_open_by_a_withdrawal_can_no_longer_be_answered(
    client, representation, waiting
):
    from applications.services.applicant_actions import application_withdraw

    application, request = waiting
    application_withdraw(application=application, user=representation.user)
    client.force_login(representation.user)
    detail = client.get(reverse("applications:application_detail", args=[application.pk]))
    assert _url(application, request) not in detail.content.decode()
    response = client.post(_url(application, request), {"answer": "Tarde."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.is_open and request.answer == ""
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.WITHDRAWN
