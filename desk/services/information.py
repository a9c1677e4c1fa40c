"""Asking the applicant for more information: the clock stops until they answer."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.constants import InformationRequestKind
from applications.models import Application, InformationRequest
from applications.services import notifications, outbox
from applications.services.transitions import (
    TransitionRefused,
    apply_transition,
    locked_application,
)
from desk.services.cases import desk_staff_required
from desk.services.errors import DeskError


def information_request_create(
    *,
    application: Application,
    user,
    message: str,
    due_on: datetime.date,
    kind: str = InformationRequestKind.INFORMATION,
) -> InformationRequest:
    """Ask the applicant for information by `due_on`. The applicant is emailed, the notice
    letter queued, and the service-level clock stops until they answer. A request to correct
    the application (`kind` "correction") closes it as withdrawn if it lapses unanswered
    (applications.services.corrections), and its letter says so."""
    desk_staff_required(user)
    if kind not in InformationRequestKind.values:
        raise DeskError(_("Choose what the request asks for."), code="kind")
    message = (message or "").strip()
    if not message:
        raise DeskError(_("Write what the applicant must send or explain."), code="message")
    if due_on is None or due_on <= timezone.localdate():
        raise DeskError(_("The answer date must be in the future."), code="due_on")
    with transaction.atomic():
        locked = locked_application(application.pk)
        try:
            apply_transition(
                locked,
                "request_information",
                user=user,
                note=message,
                data={"due_on": str(due_on), "kind": str(kind)},
            )
        except TransitionRefused as refused:
            raise DeskError(str(refused), code="status") from refused
        request = InformationRequest.objects.create(
            application=locked, message=message, due_on=due_on, requested_by=user, kind=kind
        )
        notifications.application_notify(
            application=locked,
            kind=notifications.INFORMATION_REQUESTED,
            key=str(request.pk),
            context={"message": message, "due_on": due_on.isoformat()},
        )
        outbox.letter_owe(application=locked, kind="information_request")
    return request
