"""Who works a case: claim, release, reassign, take the next one; views and internal notes."""

import threading

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import roles
from applications.constants import OPEN_STATUSES, ApplicationStatus, EventKind
from applications.models import Application, ApplicationEvent
from applications.services.transitions import (
    apply_transition,
    event_record,
    locked_application,
)
from desk.services.errors import DeskError

S = ApplicationStatus

# SQLite has no row locks: one process-wide lock keeps "take next" from handing one case to
# two caseworkers in the demo and the unit tests.
_take_next_lock = threading.Lock()


def desk_staff_required(user) -> None:
    if not roles.is_caseworker(user):
        raise PermissionDenied("only caseworkers work the desk")


def senior_required(user) -> None:
    if not roles.is_senior_caseworker(user):
        raise PermissionDenied("only senior caseworkers may do this")


def user_display_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _claim_locked(application: Application, user) -> Application:
    """Claim `application`, whose row the caller has locked."""
    if application.status not in OPEN_STATUSES:
        raise DeskError(
            _("This case cannot be claimed: it is %(status)s.")
            % {"status": application.get_status_display().lower()},
            code="not_open",
        )
    if application.assigned_to_id == user.pk:
        return application
    if application.assigned_to_id is not None:
        raise DeskError(
            _("%(name)s is already working on this case.")
            % {"name": user_display_name(application.assigned_to)},
            code="claimed",
        )
    application.assigned_to = user
    application.assigned_at = timezone.now()
    if application.status == S.SUBMITTED:
        application.save(update_fields=["assigned_to", "assigned_at"])
        apply_transition(application, "start_review", user=user)
    else:
        application.save(update_fields=["assigned_to", "assigned_at"])
    event_record(application=application, kind=EventKind.CLAIMED, user=user)
    return application


def case_claim(*, application: Application, user) -> Application:
    """Make `user` the case's caseworker. Of two claiming at once exactly one wins: the
    other is told who has it. Claiming a submitted case starts its review."""
    desk_staff_required(user)
    with transaction.atomic():
        # The assignee is loaded after the lock (not joined into the locking query, whose
        # joined rows PostgreSQL does not re-read after waiting): the loser of a race is told
        # the winner's name.
        locked = locked_application(application.pk)
        return _claim_locked(locked, user)


def case_release(*, application: Application, user) -> Application:
    """Give a case back to the queue. Its caseworker releases it; a senior may release any."""
    desk_staff_required(user)
    with transaction.atomic():
        locked = locked_application(application.pk)
        if locked.assigned_to_id is None:
            raise DeskError(_("Nobody is working on this case."), code="not_claimed")
        if locked.assigned_to_id != user.pk and not roles.is_senior_caseworker(user):
            raise DeskError(
                _("Only %(name)s or a senior caseworker can release this case.")
                % {"name": user_display_name(locked.assigned_to)},
                code="not_yours",
            )
        previous = locked.assigned_to
        locked.assigned_to = None
        locked.assigned_at = None
        locked.save(update_fields=["assigned_to", "assigned_at"])
        event_record(
            application=locked,
            kind=EventKind.RELEASED,
            user=user,
            data={"from_user": previous.pk},
        )
    return locked


def case_reassign(*, application: Application, user, to_user) -> Application:
    """A senior caseworker hands a case to another caseworker."""
    senior_required(user)
    if not roles.is_caseworker(to_user):
        raise DeskError(
            _("%(name)s is not a caseworker.") % {"name": user_display_name(to_user)},
            code="not_caseworker",
        )
    with transaction.atomic():
        locked = locked_application(application.pk)
        if locked.status not in OPEN_STATUSES:
            raise DeskError(
                _("This case cannot be reassigned: it is %(status)s.")
                % {"status": locked.get_status_display().lower()},
                code="not_open",
            )
        previous_id = locked.assigned_to_id
        locked.assigned_to = to_user
        locked.assigned_at = timezone.now()
        locked.save(update_fields=["assigned_to", "assigned_at"])
        if locked.status == S.SUBMITTED:
            apply_transition(locked, "start_review", user=user)
        event_record(
            application=locked,
            kind=EventKind.REASSIGNED,
            user=user,
            note=user_display_name(to_user),
            data={"from_user": previous_id, "to_user": to_user.pk},
        )
    return locked


# Cases passed over because someone claimed them a moment before; then "take next" gives up
# rather than loop while a whole team takes cases at once.
TAKE_NEXT_ATTEMPTS = 20


def case_take_next(*, user, queue: str, programme_slug: str | None = None) -> Application | None:
    """Claim the oldest unclaimed case of a queue (by submission), or None when there is none.

    On PostgreSQL the candidate row is taken with FOR UPDATE SKIP LOCKED, so caseworkers
    taking next at the same moment each get a different case without waiting on each other.
    """
    from desk.selectors import desk_queue

    desk_staff_required(user)
    candidates = (
        desk_queue(user=user, queue=queue, filters={}, search="", order="")
        .open()
        .filter(assigned_to__isnull=True)
    )
    if programme_slug:
        candidates = candidates.filter(programme_slug=programme_slug)
    candidates = candidates.order_by("submitted_at", "pk")
    if connection.features.has_select_for_update_skip_locked:
        passed_over: list[int] = []
        for _attempt in range(TAKE_NEXT_ATTEMPTS):
            with transaction.atomic():
                application = (
                    Application.objects.filter(pk__in=candidates.values("pk"))
                    .exclude(pk__in=passed_over)
                    .select_for_update(skip_locked=True)
                    .order_by("submitted_at", "pk")
                    .first()
                )
                if application is None:
                    return None
                # The candidates were read before the lock was won: a caseworker who claimed
                # this case and committed in between is not seen by that read (PostgreSQL
                # does not re-run the subquery). Read the locked row again, as it is now.
                current = locked_application(application.pk)
                if current.assigned_to_id is None and current.status in OPEN_STATUSES:
                    return _claim_locked(current, user)
            passed_over.append(application.pk)
        return None
    with _take_next_lock, transaction.atomic():
        application = (
            Application.objects.filter(pk__in=candidates.values("pk"))
            .order_by("submitted_at", "pk")
            .first()
        )
        return None if application is None else _claim_locked(application, user)


def case_view_record(*, application: Application, user) -> ApplicationEvent:
    """Audit that `user` opened the case."""
    desk_staff_required(user)
    return event_record(application=application, kind=EventKind.VIEWED, user=user)


def case_note_add(*, application: Application, user, text: str) -> ApplicationEvent:
    """An internal note on the case: never shown to the applicant."""
    desk_staff_required(user)
    text = (text or "").strip()
    if not text:
        raise DeskError(_("Write the note."), code="empty")
    return event_record(application=application, kind=EventKind.NOTE, user=user, note=text)
