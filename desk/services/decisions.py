"""Deciding a case: propose, approve (four eyes, budget), reject, bulk approve."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from applications import roles
from applications.constants import (
    APPROVABLE_STATUSES,
    DECIDABLE_STATUSES,
    ApplicationStatus,
    EventKind,
    RejectionReason,
)
from applications.models import Application
from applications.services import outbox
from applications.services.transitions import (
    TransitionRefused,
    apply_transition,
    event_record,
    locked_application,
)
from desk.services.amounts import amount_shown, application_unit, award_amount_check
from desk.services.budget import budget_commit_or_waitlist, programme_desk_for, programme_desk_peek
from desk.services.cases import desk_staff_required
from desk.services.ceiling import ceiling_limit
from desk.services.errors import DeskError
from desk.services.four_eyes import four_eyes_needed

S = ApplicationStatus
CENT = Decimal("0.01")


def _refused(refused: TransitionRefused) -> DeskError:
    return DeskError(str(refused), code="status")


def money_clean(amount) -> Decimal:
    try:
        value = Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        raise DeskError(_("Enter the amount as a number of euros."), code="amount") from None
    if value <= 0:
        raise DeskError(_("The amount must be more than zero."), code="amount")
    return value


def decision_propose(
    *, application: Application, user, amount: Decimal | None = None, justification: str = ""
) -> Application:
    """Propose approving the case for `amount` (by default the amount the rules computed; a
    different one needs a justification, and one above the rules' result is refused unless
    the programme allows a manual amount, up to its maximum). Above the programme's
    four-eyes threshold the case goes to a senior caseworker (pending approval); at or under
    it the proposal is recorded and the caseworker may approve it themselves."""
    desk_staff_required(user)
    justification = (justification or "").strip()
    with transaction.atomic():
        locked = locked_application(application.pk)
        if locked.status != S.IN_REVIEW:
            raise _refused(TransitionRefused(locked, "propose_approval"))
        computed = locked.computed_amount
        if amount is None:
            if computed is None:
                raise DeskError(
                    _("The rules did not compute an amount: enter the amount to award."),
                    code="amount",
                )
            amount = computed
        amount = money_clean(amount)
        desk = programme_desk_for(locked.programme_slug)
        award_amount_check(
            application=locked, desk=desk, amount=amount, justification=justification
        )
        locked.proposed_amount = amount
        locked.proposal_justification = justification
        locked.proposed_by = user
        data = {"amount": str(amount), "justification": justification}
        if four_eyes_needed(application=locked, desk=desk):
            apply_transition(locked, "propose_approval", user=user, note=justification, data=data)
        else:
            locked.save(update_fields=["proposed_amount", "proposal_justification", "proposed_by"])
            event_record(
                application=locked,
                kind=EventKind.NOTE,
                user=user,
                note=_("Proposed approval of %(amount)s. %(justification)s")
                % {
                    "amount": amount_shown(amount, application_unit(locked)),
                    "justification": justification,
                },
                data=data,
            )
    return locked


def _approval_refusal(application: Application, user, *, desk=None, status=None) -> None:
    """Say why `user` may not approve, in the caseworker's terms, before the state machine's
    own permission check (which stays the last word). `status` and `desk` let a preview ask
    about a case as it would be (a submitted case is taken into review first) without
    writing."""
    status = status or application.status
    if not roles.is_caseworker(user):
        raise PermissionDenied("only caseworkers decide")
    if application.decision_amount is None:
        raise DeskError(_("There is no amount to award: propose one first."), code="amount")
    desk = desk or programme_desk_for(application.programme_slug)
    # A proposal made before the programme's ceiling (or under other settings) is checked
    # again: the approver is the last pair of eyes before the letter.
    award_amount_check(
        application=application,
        desk=desk,
        amount=application.decision_amount,
        justification=application.proposal_justification,
    )
    if status == S.PENDING_APPROVAL:
        if not roles.is_senior_caseworker(user):
            raise PermissionDenied("a senior caseworker approves proposals")
        if application.proposed_by_id == user.pk:
            raise DeskError(
                _("You proposed this approval: another senior caseworker must approve it."),
                code="four_eyes",
            )
    elif status == S.IN_REVIEW and four_eyes_needed(application=application, desk=desk):
        raise DeskError(
            _(
                "%(amount)s is above this programme's four-eyes threshold: propose the "
                "approval for a senior caseworker to decide."
            )
            % {"amount": amount_shown(application.decision_amount, application_unit(application))},
            code="four_eyes",
        )
    elif status == S.WAITLISTED and not roles.is_senior_caseworker(user):
        raise PermissionDenied("a senior caseworker approves from the waiting list")


def decision_approve(*, application: Application, user) -> Application:
    """Approve the case: the programme's budget row is locked and the amount committed, or,
    when the budget would be overspent, the case goes on the waiting list. The award letter
    is queued once the approval commits."""
    with transaction.atomic():
        locked = locked_application(application.pk)
        if locked.status not in DECIDABLE_STATUSES:
            raise _refused(TransitionRefused(locked, "approve"))
        _approval_refusal(locked, user)
        if locked.status == S.WAITLISTED:
            # Off the waiting list only when the money is there now.
            desk = programme_desk_for(locked.programme_slug)
            if not desk.covers(locked.decision_amount):
                raise DeskError(
                    _("The programme's budget does not cover %(amount)s yet.")
                    % {"amount": amount_shown(locked.decision_amount, application_unit(locked))},
                    code="budget",
                )
        try:
            approved = budget_commit_or_waitlist(locked, user=user)
        except TransitionRefused as refused:
            raise _refused(refused) from refused
        if approved:
            outbox.letter_owe(application=locked, kind="award")
    return locked


def decision_return(*, application: Application, user, comment: str) -> Application:
    """Send a proposal back to the caseworker who made it, with the approver's comment: the
    case is in review again, assigned to them. Nothing reaches the applicant."""
    desk_staff_required(user)
    if not roles.is_senior_caseworker(user):
        raise PermissionDenied("a senior caseworker returns proposals")
    comment = (comment or "").strip()
    if not comment:
        raise DeskError(_("Tell the caseworker what to look at again."), code="comment")
    with transaction.atomic():
        locked = locked_application(application.pk)
        try:
            apply_transition(
                locked,
                "return_to_review",
                user=user,
                note=comment,
                data={"returned": True, "proposed_amount": str(locked.proposed_amount)},
                internal=True,
            )
        except TransitionRefused as refused:
            raise _refused(refused) from refused
    return locked


def decision_approve_amended(
    *, application: Application, user, amount, justification: str
) -> Application:
    """Approve a proposal for another amount than the one proposed. The amount obeys the
    same ceiling as a proposal, the justification is required, the change is audited, and
    the budget is committed (or the case waitlisted) as for any approval."""
    desk_staff_required(user)
    if not roles.is_senior_caseworker(user):
        raise PermissionDenied("a senior caseworker approves proposals")
    justification = (justification or "").strip()
    amount = money_clean(amount)
    if not justification:
        raise DeskError(
            _("Explain why you approve a different amount from the one proposed."),
            code="justification",
        )
    with transaction.atomic():
        locked = locked_application(application.pk)
        if locked.status != S.PENDING_APPROVAL:
            raise _refused(TransitionRefused(locked, "approve"))
        award_amount_check(
            application=locked,
            desk=programme_desk_for(locked.programme_slug),
            amount=amount,
            justification=justification,
        )
        previous = locked.proposed_amount
        unit = application_unit(locked)
        locked.proposed_amount = amount
        locked.proposal_justification = justification
        # Four eyes and the budget are checked on the amount as it now stands.
        _approval_refusal(locked, user)
        locked.save(update_fields=["proposed_amount", "proposal_justification"])
        event_record(
            application=locked,
            kind=EventKind.NOTE,
            user=user,
            note=_("Approved %(new)s instead of the %(old)s proposed. %(justification)s")
            % {
                "new": amount_shown(amount, unit),
                "old": amount_shown(previous, unit),
                "justification": justification,
            },
            data={
                "amended": True,
                "old_amount": None if previous is None else str(previous),
                "new_amount": str(amount),
                "justification": justification,
            },
        )
        try:
            approved = budget_commit_or_waitlist(locked, user=user, note=justification)
        except TransitionRefused as refused:
            raise _refused(refused) from refused
        if approved:
            outbox.letter_owe(application=locked, kind="award")
    return locked


def rejection_reasons_clean(reason_codes) -> list[str]:
    codes = list(dict.fromkeys(reason_codes or []))
    if not codes:
        raise DeskError(_("Choose at least one reason for the rejection."), code="reasons")
    unknown = [code for code in codes if code not in RejectionReason.values]
    if unknown:
        raise DeskError(
            _("Unknown rejection reason: %(codes)s.") % {"codes": ", ".join(unknown)},
            code="reasons",
        )
    return codes


def decision_reject(
    *, application: Application, user, reason_codes: list[str], text: str
) -> Application:
    """Reject the case with reason codes and an explanation for the applicant. Rejecting an
    approved award (a senior's decision) returns its money and moves the waiting list on."""
    desk_staff_required(user)
    codes = rejection_reasons_clean(reason_codes)
    text = (text or "").strip()
    if not text:
        raise DeskError(_("Explain the rejection to the applicant."), code="text")
    with transaction.atomic():
        locked = locked_application(application.pk)
        locked.rejection_reasons = codes
        locked.decision_note = text
        try:
            apply_transition(locked, "reject", user=user, note=text, data={"reasons": codes})
        except TransitionRefused as refused:
            raise _refused(refused) from refused
        outbox.letter_owe(application=locked, kind="rejection")
    return locked


@dataclass
class BulkApproveSummary:
    approved: list[Application] = field(default_factory=list)
    waitlisted: list[Application] = field(default_factory=list)
    # (application, why it was left as it was)
    skipped: list[tuple[Application, str]] = field(default_factory=list)


def applications_bulk_approve(*, applications, user) -> BulkApproveSummary:
    """Approve, each in its own transaction, the cases whose frozen evaluation found them
    eligible; the others, and any the rules refuse (four eyes, status), are left as they
    are, with the reason."""
    desk_staff_required(user)
    summary = BulkApproveSummary()
    for application in applications:
        outcome = (application.evaluation or {}).get("outcome")
        if outcome != "eligible":
            summary.skipped.append(
                (application, _("The rules did not find this applicant eligible."))
            )
            continue
        try:
            with transaction.atomic():
                if application.status == S.SUBMITTED:
                    locked = locked_application(application.pk)
                    apply_transition(locked, "start_review", user=user)
                decided = decision_approve(application=application, user=user)
        except (DeskError, PermissionDenied) as refusal:
            message = (
                refusal.messages[0]
                if isinstance(refusal, DeskError)
                else _("You may not approve this case.")
            )
            summary.skipped.append((application, message))
            continue
        except TransitionRefused as refused:
            summary.skipped.append((application, str(refused)))
            continue
        if decided.status == S.APPROVED:
            summary.approved.append(decided)
        else:
            summary.waitlisted.append(decided)
    return summary


@dataclass
class BulkApprovePreview:
    """What a bulk approval would do now, worked out without writing anything."""

    approved: list[Application] = field(default_factory=list)
    waitlisted: list[Application] = field(default_factory=list)
    skipped: list[tuple[Application, str]] = field(default_factory=list)
    # What the approvals would commit, per unit ({"EUR": Decimal("2000.00")}).
    committed: dict[str, Decimal] = field(default_factory=dict)
    # Each approved case's amount, by pk: less than asked where a ceiling reduces it.
    amounts: dict[int, Decimal] = field(default_factory=dict)


def _bulk_skip_reason(application: Application, user, desk) -> str | None:
    if (application.evaluation or {}).get("outcome") != "eligible":
        return _("The rules did not find this applicant eligible.")
    if application.status not in APPROVABLE_STATUSES:
        return str(TransitionRefused(application, "approve"))
    status = S.IN_REVIEW if application.status == S.SUBMITTED else application.status
    try:
        _approval_refusal(application, user, desk=desk, status=status)
    except DeskError as refusal:
        return refusal.messages[0]
    except PermissionDenied:
        return _("You may not approve this case.")
    return None


def applications_bulk_approve_preview(*, applications, user) -> BulkApprovePreview:
    """The outcome `applications_bulk_approve` would have for these cases, in the same order
    and by the same rules: which are approved, which go on the waiting list because their
    programme's budget runs out on the way, which are left and why, and the money committed.
    Nothing is written or locked; the approval itself commits under the budget lock, so a
    decision taken meanwhile by someone else can still change the result."""
    desk_staff_required(user)
    preview = BulkApprovePreview()
    desks = {}
    available: dict[str, Decimal | None] = {}
    counted: list[tuple[Application, Decimal]] = []
    for application in applications:
        slug = application.programme_slug
        if slug not in desks:
            desks[slug] = programme_desk_peek(slug)
            available[slug] = desks[slug].available
        reason = _bulk_skip_reason(application, user, desks[slug])
        if reason is not None:
            preview.skipped.append((application, reason))
            continue
        amount = Decimal(str(application.decision_amount))
        try:
            # The ceilings reduce or refuse as the approval will, counting the awards this
            # preview has already made to the same beneficiary.
            amount = ceiling_limit(application, amount, lock=False, pending=tuple(counted)).amount
        except DeskError as refusal:
            preview.skipped.append((application, refusal.messages[0]))
            continue
        left = available[slug]
        covered = left is None or amount <= left
        if not covered and application.status == S.WAITLISTED:
            # Off the waiting list only when the money is there (as `decision_approve`).
            preview.skipped.append(
                (
                    application,
                    _("The programme's budget does not cover %(amount)s yet.")
                    % {"amount": amount_shown(amount, application_unit(application))},
                )
            )
            continue
        if not covered:
            preview.waitlisted.append(application)
            continue
        if left is not None:
            available[slug] = left - amount
        preview.approved.append(application)
        preview.amounts[application.pk] = amount
        counted.append((application, amount))
        unit = application_unit(application)
        preview.committed[unit] = preview.committed.get(unit, Decimal("0.00")) + amount
    return preview
