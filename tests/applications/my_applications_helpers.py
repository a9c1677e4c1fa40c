"""Applications as the desk leaves them, for the applicant's own pages' tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import ApplicationDocument
from applications.services.transitions import application_transition
from tests.factories.applications import InformationRequestFactory, SubmittedApplicationFactory
from tests.factories.documents import PDF_BYTES
from tests.helpers import caseworker, demo_definition


def submitted_application(organisation, **fields):
    fields.setdefault("programme_definition", demo_definition())
    return SubmittedApplicationFactory(organisation=organisation, **fields)


def application_in_review(organisation, desk_user=None, **fields):
    application = submitted_application(organisation, **fields)
    return application_transition(
        application=application, action="start_review", user=desk_user or caseworker()
    )


def information_requested(organisation, message="Send the IAE certificate.", desk_user=None):
    """An application waiting for the applicant, made as the desk makes it: the transition
    with the message as its note, then the request."""
    desk_user = desk_user or caseworker()
    application = application_in_review(organisation, desk_user)
    application = application_transition(
        application=application, action="request_information", user=desk_user, note=message
    )
    request = InformationRequestFactory(
        application=application, message=message, requested_by=desk_user
    )
    return application, request


def pdf_upload(name="certificate.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def stored_document(application, name="iae.pdf", content=PDF_BYTES, user=None):
    """A document as the wizard keeps it, written straight to private storage."""
    document = ApplicationDocument(
        application=application,
        code="iae",
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
        uploaded_by=user,
    )
    document.file.save("document.pdf", SimpleUploadedFile(name, content), save=False)
    document.save()
    return document
