"""The one way an application's status changes.

Every transition: the row is locked, the user's permission and the transition's source are
checked by the state machine (`Application`'s django-fsm transitions), the change and its
audit event are written in one transaction, and side effects are left to the caller to queue
with `transaction.on_commit`.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed, has_transition_perm

from applications.constants import EventKind
from applications.models import Application, ApplicationEvent


class TransitionRefused(Exception):
    """The application is not in a status from which this can be done (any more)."""

    def __init__(self, application: Application, action: str):
        self.application = application
        self.action = action
        super().__init__(
            _("This cannot be done now: the application is %(status)s.")
            % {"status": application.get_status_display().lower()}
        )


def locked_application(pk: int) -> Application:
    """The application, its row locked until the end of the current transaction."""
    return Application.objects.select_for_update().select_related("organisation").get(pk=pk)


def apply_transition(
    application: Application,
    action: str,
    *,
    user,
    note: str = "",
    data: dict[str, Any] | None = None,
    internal: bool = False,
) -> ApplicationEvent:
    """Run transition `action` on an application whose row the caller has locked, inside
    the caller's transaction; save it and write its audit event. The transitions look
    nothing up: what they need is on the row, and what the desk adds (the deadline) its
    post_transition receivers set before the save."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("apply_transition must run inside a transaction holding the row lock")
    method = getattr(application, action)
    if not can_proceed(method):
        raise TransitionRefused(application, action)
    if not has_transition_perm(method, user):
        raise PermissionDenied(f"{user} may not {action} application {application.pk}")
    before = application.status
    method(by=user)
    application.save()
    return ApplicationEvent.objects.create(
        application=application,
        kind=EventKind.TRANSITION,
        actor=user if user is not None and user.is_authenticated else None,
        from_status=before,
        to_status=application.status,
        note=note,
        data=data or {},
        internal=internal,
    )


def application_transition(
    *,
    application: Application,
    action: str,
    user,
    note: str = "",
    data: dict[str, Any] | None = None,
    before_save: Callable[[Application], None] | None = None,
    internal: bool = False,
) -> Application:
    """Lock the application, let `before_save` change its fields, run the transition."""
    with transaction.atomic():
        locked = locked_application(application.pk)
        if before_save is not None:
            before_save(locked)
        apply_transition(
            locked,
            action,
            user=user,
            note=note,
            data=data,
            internal=internal,
        )
    return locked


def event_record(
    *,
    application: Application,
    kind: str,
    user=None,
    note: str = "",
    data: dict[str, Any] | None = None,
    internal: bool = True,
) -> ApplicationEvent:
    """An audit entry that is not a status change: a view, a claim, a note, an email."""
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        actor=user if user is not None and getattr(user, "is_authenticated", False) else None,
        from_status=application.status,
        to_status=application.status,
        note=note,
        data=data or {},
        internal=internal,
    )
