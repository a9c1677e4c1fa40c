"""Reminders of unanswered information requests: one email per request, a few days before
it is due, in the applicant's language; run daily by Celery beat."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from applications.constants import ApplicationStatus
from applications.models import InformationRequest
from applications.services import notifications

S = ApplicationStatus
REMINDER_DAYS_BEFORE_DUE = 3


def information_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind the applicant, once, of each information request still unanswered a few days
    before it is due. Returns how many were queued."""
    today = today or timezone.localdate()
    due = InformationRequest.objects.filter(
        answered_at__isnull=True,
        reminder_sent_at__isnull=True,
        application__status=S.INFO_REQUESTED,
        due_on__gte=today,
        due_on__lte=today + dt.timedelta(days=REMINDER_DAYS_BEFORE_DUE),
    ).values_list("pk", flat=True)
    count = 0
    for request_pk in due:
        with transaction.atomic():
            # Marked in the same transaction that queues the email: a second run, or two beats
            # at once, remind nobody twice.
            request = (
                InformationRequest.objects.select_for_update()
                .select_related("application")
                .filter(pk=request_pk, reminder_sent_at__isnull=True)
                .first()
            )
            if request is None:
                continue
            request.reminder_sent_at = timezone.now()
            request.save(update_fields=["reminder_sent_at"])
            notifications.application_notify(
                application=request.application,
                kind=notifications.INFORMATION_REMINDER,
                key=str(request.pk),
                context={"information_request_id": request.pk},
            )
            count += 1
    return count
