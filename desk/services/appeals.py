"""Resolving an appeal for reconsideration (*recurso de reposición*): a senior caseworker's
decision, in one transaction with its consequences.

Dismissed: the decision stands, and a letter says why. Upheld: the decision is corrected as
the appeal asked (an award's amount changed, a rejection or revocation replaced by an award,
a closure for want of correction set aside so the case is examined again), through the same
budget checks as any award, and the resolution's letter goes with the new decision letter.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.constants import ApplicationStatus, EventKind
from applications.models import Appeal, AppealStatus, Application
from applications.selectors_appeals import standing_decision_notification
from applications.services import outbox
from applications.services.transitions import (
    TransitionRefused,
    apply_transition,
    event_record,
    locked_application,
)
from desk.services.amounts import amount_shown, application_unit, award_amount_check
from desk.services.budget import (
    budget_commit_or_waitlist,
    locked_line_budget,
    locked_programme_desk,
    money_commit,
)
from desk.services.cases import desk_staff_required, senior_required
from desk.services.decisions import money_clean
from desk.services.errors import DeskError
from desk.services.public_account import account_version_bump

S = ApplicationStatus
OUTCOMES = (AppealStatus.UPHELD, AppealStatus.DISMISSED)


def appeal_resolve(
    *, appeal: Appeal, user, outcome: str, resolution: str, amount: Decimal | str | None = None
) -> Appeal:
    """Resolve `appeal` as `outcome` ("upheld" or "dismissed") with the reasons for the
    applicant. An upheld appeal against an award needs the corrected amount; against a
    rejection or a revocation, the amount to award (by default what the rules computed, or
    the amount revoked)."""
    desk_staff_required(user)
    senior_required(user)
    resolution = (resolution or "").strip()
    if outcome not in OUTCOMES:
        raise DeskError(_("Choose whether the appeal is upheld or dismissed."), code="outcome")
    if not resolution:
        raise DeskError(
            _("Give the reasons of the resolution for the applicant."), code="resolution"
        )
    with transaction.atomic():
        application = locked_application(appeal.application_id)
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if not locked.is_pending:
            raise DeskError(_("This appeal has already been resolved."), code="resolved")
        standing = standing_decision_notification(application)
        if standing is None or standing.pk != locked.notification_id:
            raise DeskError(
                _("The decision appealed against has since been replaced: resolve on the new one."),
                code="replaced",
            )
        if outcome == AppealStatus.UPHELD:
            locked.corrected_amount = _decision_correct(
                application, locked, user=user, resolution=resolution, amount=amount
            )
        locked.status = outcome
        locked.resolution = resolution
        locked.resolved_by = user
        locked.resolved_at = timezone.now()
        locked.save(
            update_fields=["status", "resolution", "resolved_by", "resolved_at", "corrected_amount"]
        )
        event_record(
            application=application,
            kind=EventKind.APPEAL_RESOLVED,
            user=user,
            note=resolution,
            data={
                "appeal": locked.pk,
                "outcome": outcome,
                "amount": None if locked.corrected_amount is None else str(locked.corrected_amount),
            },
            internal=False,
        )
        outbox.letter_owe(application=application, kind="appeal_resolution")
    return locked


def _decision_correct(
    application: Application, appeal: Appeal, *, user, resolution: str, amount
) -> Decimal | None:
    """Correct the decision appealed against on the locked application; the amount it now
    awards, or None when the case is examined again."""
    data = {"appeal": appeal.pk}
    if application.status == S.APPROVED and appeal.decision_kind == "award":
        return _award_amount_correct(application, user=user, resolution=resolution, amount=amount)
    if application.status == S.WITHDRAWN and appeal.decision_kind == "withdrawal":
        # The closure for want of correction is set aside: the case goes back to its queue.
        _reopen(application, user=user, resolution=resolution, data=data)
        return None
    if application.status in (S.REJECTED, S.REVOKED) and appeal.decision_kind in (
        "rejection",
        "revocation",
    ):
        fallback = (
            application.awarded_amount
            if application.status == S.REVOKED
            else application.computed_amount
        )
        if amount in (None, "") and fallback is None:
            raise DeskError(_("Enter the amount the corrected decision awards."), code="amount")
        value = money_clean(fallback if amount in (None, "") else amount)
        _reopen(application, user=user, resolution=resolution, data=data)
        application.proposed_amount = value
        application.proposal_justification = resolution
        application.proposed_by = user
        application.save(update_fields=["proposed_amount", "proposal_justification", "proposed_by"])
        if not budget_commit_or_waitlist(application, user=user, note=resolution):
            raise DeskError(
                _(
                    "The programme's budget does not cover %(amount)s: the appeal cannot be "
                    "upheld until the budget is enlarged or money is released."
                )
                % {"amount": amount_shown(value, application_unit(application))},
                code="budget",
            )
        outbox.letter_owe(application=application, kind="award")
        return application.awarded_amount
    raise DeskError(
        _("The application is no longer as it was decided: it cannot be corrected by this appeal."),
        code="status",
    )


def _reopen(application: Application, *, user, resolution: str, data: dict) -> None:
    try:
        apply_transition(application, "reopen", user=user, note=resolution, data=data)
    except TransitionRefused as refused:
        raise DeskError(str(refused), code="status") from refused


def _award_amount_correct(application: Application, *, user, resolution: str, amount) -> Decimal:
    """A new amount for an award that stands: the difference is committed to (or returned
    to) the programme's budget and line under their locks, never beyond what they hold."""
    if amount in (None, ""):
        raise DeskError(_("Enter the corrected amount of the award."), code="amount")
    value = money_clean(amount)
    previous = application.awarded_amount or Decimal("0")
    if value == previous:
        raise DeskError(
            _("That is the amount already awarded: dismiss the appeal, or enter the new amount."),
            code="amount",
        )
    desk = locked_programme_desk(application.programme_slug)
    award_amount_check(application=application, desk=desk, amount=value, justification=resolution)
    line = locked_line_budget(application)
    difference = value - previous
    if difference > 0 and not (
        desk.covers(difference) and (line is None or line.covers(difference))
    ):
        raise DeskError(
            _("The programme's budget does not cover another %(amount)s.")
            % {"amount": amount_shown(difference, application_unit(application))},
            code="budget",
        )
    money_commit(desk=desk, line=line, amount=difference)
    application.awarded_amount = value
    application.proposed_amount = value
    application.proposal_justification = resolution
    application.decision_note = resolution
    # A new decision: its own time stamp, so its own letter (a new version of the award).
    application.decided_by = user
    application.decided_at = timezone.now()
    application.save(
        update_fields=[
            "awarded_amount",
            "proposed_amount",
            "proposal_justification",
            "decision_note",
            "decided_by",
            "decided_at",
        ]
    )
    event_record(
        application=application,
        kind=EventKind.NOTE,
        user=user,
        note=_("Award corrected on appeal from %(old)s to %(new)s.")
        % {
            "old": amount_shown(previous, application_unit(application)),
            "new": amount_shown(value, application_unit(application)),
        },
        data={"old_amount": str(previous), "new_amount": str(value)},
    )
    outbox.letter_owe(application=application, kind="award")
    # No status change tells the public account: its cached figures are refreshed here.
    account_version_bump()
    return value
