"""What an applicant does to a submitted application: answer the desk's questions, withdraw."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from applications.models import Application, InformationRequest, RegistryKind
from applications.services.registry import registry_enter
from applications.services.transitions import (
    TransitionRefused,
    apply_transition,
    locked_application,
)


def information_request_answer(
    *,
    information_request: InformationRequest,
    user,
    answer: str,
    files: Iterable = (),
) -> InformationRequest:
    """Record the answer and its files, and return the case to its caseworker's queue.

    All or nothing: a refused file (wrong type, too large) leaves the request open and the
    status unchanged, so the applicant can correct it and send again.
    """
    from applications.services.documents import documents_add_all

    files = list(files)
    if not answer.strip() and not files:
        raise ValidationError(_("Write an answer or attach a file."), code="no_answer")
    with transaction.atomic():
        application = locked_application(information_request.application_id)
        request = InformationRequest.objects.select_for_update().get(pk=information_request.pk)
        if not request.is_open:
            raise ValidationError(_("This request has already been answered."), code="answered")
        # Checked before any file is stored, so that a refusal leaves nothing behind.
        if not can_proceed(application.answer_information):
            raise TransitionRefused(application, "answer_information")
        if not has_transition_perm(application.answer_information, user):
            raise PermissionDenied(f"{user} may not answer for application {application.pk}")
        stored = documents_add_all(
            application=application, user=user, uploaded_files=files, information_request=request
        )
        # Answered only now: documents are accepted only while the request is open.
        request.answer = answer.strip()
        request.answered_by = user
        request.answered_at = timezone.now()
        request.save(update_fields=["answer", "answered_by", "answered_at"])
        apply_transition(
            application,
            "answer_information",
            user=user,
            note=request.answer,
            data={"information_request": request.pk, "files": len(files)},
        )
        registry_enter(
            application=application,
            kind=RegistryKind.INFORMATION_ANSWER,
            user=user,
            content={"information_request": request.pk, "answer": request.answer},
            documents=stored,
            filed_at=request.answered_at,
        )
    return request


def application_withdraw(*, application: Application, user, reason: str = "") -> Application:
    """Withdraw the application: the desk stops working on it and its claim on the
    programme's budget ends. Raises TransitionRefused once it has been decided."""
    with transaction.atomic():
        locked = locked_application(application.pk)
        apply_transition(locked, "withdraw", user=user, note=reason.strip())
        registry_enter(
            application=locked,
            kind=RegistryKind.WITHDRAWAL,
            user=user,
            content={"reason": reason.strip()},
            filed_at=locked.withdrawn_at,
        )
    return locked
