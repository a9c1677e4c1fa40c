"""Electronic notification of decisions and requests (Ley 39/2015, arts. 41-43).

A decision or request letter is put at the applicant's disposal in My applications when it is
issued; the e-mail only announces it. The first time one of the organisation's
representatives opens it is the notification's access (date and time, who). Ten natural days
after it was put at their disposal without access, it counts as rejected and the procedure
goes on (art. 43.2). The time to appeal a decision runs from the access or the rejection: one
month for a *recurso de reposición* (Ley 39/2015, art. 124), two months for the courts (Ley
29/1998, art. 46), counted by the deadline service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from applications import roles
from applications.constants import EventKind
from applications.models import Application, ElectronicNotification
from applications.models.applications import is_representative
from applications.services.deadlines import months_after
from applications.services.transitions import event_record

DEEMED_REJECTED_AFTER = dt.timedelta(days=10)
# The letters notified (a receipt is handed over, not notified), and those that decide.
DECISION_KINDS = frozenset({"award", "rejection", "revocation", "withdrawal"})
# The resolution of an appeal ends the administrative road: only the courts remain.
APPEAL_RESOLUTION = "appeal_resolution"
NOTIFIED_KINDS = DECISION_KINDS | {"information_request", APPEAL_RESOLUTION}


def notification_make_available(
    *, application: Application, letter_id: int, kind: str, at: dt.datetime | None = None
) -> ElectronicNotification | None:
    """Put a letter at the applicant's disposal; the same letter twice is one notification."""
    if kind not in NOTIFIED_KINDS:
        return None
    existing = ElectronicNotification.objects.filter(letter_id=letter_id).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ElectronicNotification.objects.create(
                application=application,
                letter_id=letter_id,
                kind=kind,
                made_available_at=at or timezone.now(),
            )
    except IntegrityError:
        return ElectronicNotification.objects.get(letter_id=letter_id)


def notification_access(*, letter_id: int, user, at: dt.datetime | None = None) -> bool:
    """Record that `user` opened the letter: the notification's access, the first time one
    of the organisation's representatives does so before it counted as rejected. Staff
    opening it is not the applicant's access. Whether this was the access."""
    with transaction.atomic():
        notification = (
            ElectronicNotification.objects.select_for_update()
            .select_related("application__organisation")
            .filter(letter_id=letter_id)
            .first()
        )
        if notification is None or notification.notified_at is not None:
            return False
        if roles.is_caseworker(user) or not is_representative(notification.application, user):
            return False
        notification.accessed_at = (at or timezone.now()).replace(microsecond=0)
        notification.accessed_by = user
        notification.save(update_fields=["accessed_at", "accessed_by"])
        event_record(
            application=notification.application,
            kind=EventKind.NOTIFICATION_OPENED,
            user=user,
            data={"letter": letter_id, "kind": notification.kind},
            internal=False,
        )
    return True


def notifications_deem_rejected(*, now: dt.datetime | None = None) -> list[ElectronicNotification]:
    """Every notification ten natural days at the applicant's disposal without access counts
    as rejected from the moment the ten days ran out (art. 43.2); each once."""
    now = now or timezone.now()
    due = ElectronicNotification.objects.filter(
        accessed_at__isnull=True,
        rejected_at__isnull=True,
        made_available_at__lte=now - DEEMED_REJECTED_AFTER,
    ).values_list("pk", flat=True)
    done = []
    for pk in due:
        with transaction.atomic():
            notification = (
                ElectronicNotification.objects.select_for_update()
                .filter(pk=pk, accessed_at__isnull=True, rejected_at__isnull=True)
                .first()
            )
            if notification is None:
                continue
            notification.rejected_at = notification.made_available_at + DEEMED_REJECTED_AFTER
            notification.save(update_fields=["rejected_at"])
            event_record(
                application=notification.application,
                kind=EventKind.NOTIFICATION_REJECTED,
                data={"letter": notification.letter_id, "kind": notification.kind},
                internal=False,
            )
            done.append(notification)
    return done


@dataclass(frozen=True)
class AppealDeadlines:
    """The last days to appeal a notified decision."""

    # recurso potestativo de reposición: one month; None against an appeal's resolution,
    # which is not appealed for reconsideration again (Ley 39/2015, art. 124.3)
    reposition: dt.date | None
    courts: dt.date  # recurso contencioso-administrativo: two months


def appeal_deadlines(notification: ElectronicNotification) -> AppealDeadlines | None:
    """From the notification's access or rejection; None before either, or for a request."""
    if notification.notified_at is None:
        return None
    notified_on = timezone.localdate(notification.notified_at)
    if notification.kind == APPEAL_RESOLUTION:
        return AppealDeadlines(None, months_after(notified_on, 2))
    if notification.kind not in DECISION_KINDS:
        return None
    return AppealDeadlines(months_after(notified_on, 1), months_after(notified_on, 2))
