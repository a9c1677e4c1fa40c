"""Revoking an approved award: an error, fraud, or the beneficiary renouncing it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from applications import roles
from applications.constants import RevocationReason
from applications.models import Application
from applications.services import outbox
from applications.services.transitions import (
    TransitionRefused,
    apply_transition,
    locked_application,
)
from desk.services.errors import DeskError


def decision_revoke(
    *, application: Application, user, reason: str, explanation: str
) -> Application:
    """Revoke the award, in one transaction: the status, its audit event, the money back to
    the programme's budget (the state machine's receiver, which also moves the waiting list
    on once this commits) and the revocation letter, with its decision email."""
    if not roles.is_senior_caseworker(user):
        raise PermissionDenied("a senior caseworker revokes awards")
    if reason not in RevocationReason.values:
        raise DeskError(_("Choose the reason for the revocation."), code="reason")
    explanation = (explanation or "").strip()
    if not explanation:
        raise DeskError(_("Explain the revocation to the beneficiary."), code="explanation")
    with transaction.atomic():
        locked = locked_application(application.pk)
        locked.revocation_reason = reason
        locked.decision_note = explanation
        try:
            apply_transition(
                locked,
                "revoke",
                user=user,
                note=explanation,
                data={
                    "reason": reason,
                    "amount": None if locked.awarded_amount is None else str(locked.awarded_amount),
                },
            )
        except TransitionRefused as refused:
            raise DeskError(str(refused), code="status") from refused
        outbox.letter_owe(application=locked, kind="revocation")
    return locked
