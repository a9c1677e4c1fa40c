"""Reads about appeals: which decision of an application can still be appealed, and until
when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from applications.models import Appeal, AppealStatus, Application, ElectronicNotification
from applications.services.e_notifications import DECISION_KINDS, appeal_deadlines


@dataclass(frozen=True)
class AppealWindow:
    """Whether the decision that stands may be appealed now, and if not why not.

    `closed` is one of "", "no_decision", "pending", "appealed", "late"."""

    notification: ElectronicNotification | None
    deadline: dt.date | None
    courts_deadline: dt.date | None
    closed: str = ""

    @property
    def is_open(self) -> bool:
        return not self.closed


def standing_decision_notification(application: Application) -> ElectronicNotification | None:
    """The notification of the decision that stands: the latest decision letter put at the
    applicant's disposal (a corrected decision's letter replaces the earlier one)."""
    return (
        ElectronicNotification.objects.filter(application=application, kind__in=DECISION_KINDS)
        .order_by("-made_available_at", "-pk")
        .first()
    )


def appeal_window(application: Application, *, today: dt.date | None = None) -> AppealWindow:
    """Whether a recurso de reposición can be lodged against the decision that stands: one
    at a time, once per decision, within a month of its notification. Before the
    notification took effect (neither opened nor ten days gone) the time has not started."""
    notification = standing_decision_notification(application)
    if notification is None:
        return AppealWindow(None, None, None, "no_decision")
    deadlines = appeal_deadlines(notification)
    deadline = deadlines.reposition if deadlines else None
    courts = deadlines.courts if deadlines else None
    if Appeal.objects.filter(application=application, status=AppealStatus.LODGED).exists():
        return AppealWindow(notification, deadline, courts, "pending")
    if Appeal.objects.filter(notification=notification).exists():
        return AppealWindow(notification, deadline, courts, "appealed")
    today = today or timezone.localdate()
    if deadline is not None and today > deadline:
        return AppealWindow(notification, deadline, courts, "late")
    return AppealWindow(notification, deadline, courts)


def appeals_of(application: Application) -> list[Appeal]:
    """The application's appeals, newest first, with their registry entries."""
    return list(
        application.appeals.select_related("registry_entry", "resolved_by").prefetch_related(
            "documents"
        )
    )
