"""Writes on an application's documents: add an uploaded file, remove one.

Files are checked by content (applications.uploads), stored in private storage under a
name the server makes up, and each addition or removal is written to the audit trail.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from applications.constants import ApplicationStatus, EventKind
from applications.models import Appeal, Application, ApplicationDocument, InformationRequest
from applications.services.transitions import event_record, locked_application
from applications.uploads import upload_check
from applications.wizard.programmes import live_programme

_NAME_LENGTH = ApplicationDocument._meta.get_field("original_name").max_length


def _check_representative(application: Application, user) -> None:
    if not (
        user is not None
        and user.is_authenticated
        and application.organisation.representations.filter(user=user).exists()
    ):
        raise PermissionDenied("only the organisation's representatives may change its documents")


def _programme_document_codes(application: Application) -> set[str]:
    definition = application.programme_definition
    if not definition:
        programme = live_programme(application.programme_slug)
        definition = programme.definition if programme else {}
    return {document["code"] for document in definition.get("documents", [])}


def _check_accepts_documents(
    application: Application,
    information_request: InformationRequest | None,
    code: str,
    appeal: Appeal | None = None,
) -> None:
    """A draft takes its programme's documents; an open information request, or an appeal
    being lodged, takes files."""
    if appeal is not None:
        if appeal.application_id != application.pk or not appeal.is_pending:
            raise ValidationError(
                _("This appeal has been resolved: documents can no longer be added to it."),
                code="appeal_closed",
            )
        return
    if information_request is None:
        if application.status != ApplicationStatus.DRAFT:
            raise ValidationError(
                _("This application has been submitted: documents can no longer be added here."),
                code="not_a_draft",
            )
        if code not in _programme_document_codes(application):
            raise ValidationError(_("This programme does not ask for that document."), code="code")
    elif information_request.application_id != application.pk or not information_request.is_open:
        raise ValidationError(
            _("This request for information has already been answered."), code="request_closed"
        )


def document_add(
    *,
    application: Application,
    user,
    code: str,
    uploaded_file: UploadedFile,
    information_request: InformationRequest | None = None,
    appeal: Appeal | None = None,
) -> ApplicationDocument:
    """Keep an uploaded file as one of the application's documents.

    Without an information request, the application must be a draft and `code` one of its
    programme's documents; with one, the request must be this application's and still open
    (`code` may then be empty). Raises ValidationError with a message for the applicant
    (wrong type, too large, refused by the virus scan), PermissionDenied for anyone but the
    organisation's representatives.
    """
    _check_representative(application, user)
    _check_accepts_documents(application, information_request, code, appeal)
    checked = upload_check(uploaded_file)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    original_name = PurePath(uploaded_file.name or "").name[:_NAME_LENGTH] or "document"

    document = ApplicationDocument(
        application=application,
        code=code,
        information_request=information_request,
        appeal=appeal,
        original_name=original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=digest.hexdigest(),
        uploaded_by=user,
    )
    # The stored name's extension is the type found in the content, not the one typed.
    document.file.save(f"document.{checked.extension}", uploaded_file, save=False)
    try:
        with transaction.atomic():
            # Checked again under the row lock that submission holds: a second tab may have
            # submitted the application, or sent the answer, since the checks above.
            locked = locked_application(application.pk)
            if information_request is not None:
                information_request.refresh_from_db()
            _check_accepts_documents(locked, information_request, code, appeal)
            document.save()
            event_record(
                application=application,
                kind=EventKind.DOCUMENT,
                user=user,
                note=original_name,
                data={"document": document.pk, "code": code, "action": "added"},
                internal=False,
            )
    except BaseException:
        document.file.delete(save=False)
        raise
    return document


def documents_add_all(
    *,
    application: Application,
    user,
    uploaded_files,
    information_request: InformationRequest | None = None,
    appeal: Appeal | None = None,
) -> list[ApplicationDocument]:
    """Keep several files sent together (with an answer, with an appeal), all or none: a
    refused file raises, and the files already stored are deleted; their rows go with the
    caller's rolled-back transaction."""
    stored = []
    try:
        for uploaded_file in uploaded_files:
            stored.append(
                document_add(
                    application=application,
                    user=user,
                    code="",
                    uploaded_file=uploaded_file,
                    information_request=information_request,
                    appeal=appeal,
                )
            )
    except Exception:
        for document in stored:
            document.file.delete(save=False)
        raise
    return stored


def document_remove(*, document: ApplicationDocument, user) -> None:
    """Remove a document from a draft, or from an information answer not yet sent."""
    application = document.application
    _check_representative(application, user)
    storage, name = document.file.storage, document.file.name
    with transaction.atomic():
        # Under the row lock that submission holds: a required document cannot disappear
        # from an application between submission's check and its commit.
        application = locked_application(application.pk)
        request = document.information_request
        if request is not None:
            request.refresh_from_db()
        removable = (
            application.status == ApplicationStatus.DRAFT if request is None else request.is_open
        )
        if not removable:
            raise ValidationError(
                _(
                    "This document has been sent with your application and can no longer "
                    "be removed."
                ),
                code="sent",
            )
        event_record(
            application=application,
            kind=EventKind.DOCUMENT,
            user=user,
            note=document.original_name,
            data={"document": document.pk, "code": document.code, "action": "removed"},
            internal=False,
        )
        document.delete()
        # The file goes only once its row has gone for good.
        transaction.on_commit(lambda: storage.delete(name))
