"""Requests to correct an application (*subsanación*) that lapse unanswered.

Ley 39/2015, art. 68.1: an applicant asked to correct an incomplete application has ten
working days to do it; if they do not, they are considered to have withdrawn it
(*desistimiento*), by a decision with its letter. The desk's request says how long (the
deadline service counts the days); this daily task closes what lapsed. The reminder a few
days before is the information requests' own (information_reminders).
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from applications.constants import ApplicationStatus, InformationRequestKind
from applications.models import Application, InformationRequest
from applications.services import outbox
from applications.services.transitions import apply_transition, locked_application

logger = logging.getLogger(__name__)

S = ApplicationStatus


def lapsed_corrections(*, today: dt.date):
    """Requests to correct still unanswered whose last day (`due_on`) has passed."""
    return InformationRequest.objects.filter(
        kind=InformationRequestKind.CORRECTION,
        answered_at__isnull=True,
        lapsed_at__isnull=True,
        due_on__lt=today,
        application__status=S.INFO_REQUESTED,
    ).order_by("due_on", "pk")


def corrections_lapse(*, today: dt.date | None = None) -> list[Application]:
    """Close as withdrawn every application whose request to correct lapsed, each in a
    transaction of its own with its audit event and its letter. Safe to run twice at once:
    the application's row is locked and the request looked at again under the lock."""
    today = today or timezone.localdate()
    closed = []
    for request_pk, application_pk in lapsed_corrections(today=today).values_list(
        "pk", "application_id"
    ):
        with transaction.atomic():
            application = locked_application(application_pk)
            request = InformationRequest.objects.filter(
                pk=request_pk, answered_at__isnull=True, lapsed_at__isnull=True
            ).first()
            if request is None or application.status != S.INFO_REQUESTED:
                continue  # answered, or decided otherwise, meanwhile
            request.lapsed_at = timezone.now()
            request.save(update_fields=["lapsed_at"])
            apply_transition(
                application,
                "lapse",
                user=None,
                note="Withdrawal for want of correction (Ley 39/2015, art. 68.1).",
                data={"information_request": request.pk, "due_on": request.due_on.isoformat()},
            )
            outbox.letter_owe(application=application, kind="withdrawal")
            closed.append(application)
    if closed:
        logger.info("%s application(s) closed as withdrawn for want of correction", len(closed))
    return closed
