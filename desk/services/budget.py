"""A programme's money: the budget row, committing and releasing awards, the waiting list.

Lock order, everywhere: the application's row first, then (for a programme with a ceiling
per organisation) the organisation's row, then the programme's desk row, then (for a
programme with lines) the line's row. The
waiting list is promoted in a transaction of its own after the release that freed the money
has committed, one case at a time in that same order, so no two transactions wait on each
other.
"""

import datetime
import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from applications.constants import INACTIVE_STATUSES, ApplicationStatus, EventKind
from applications.models import Application
from applications.services import outbox
from applications.services.transitions import apply_transition, event_record
from cms.services.programme_of_record import programme_of_record
from desk.models import AwardMode, LineBudget, ProgrammeDesk
from desk.services.amounts import (
    amount_shown,
    application_unit,
    award_amount_check,
    award_amount_refusal,
)
from desk.services.ceiling import ceiling_limit
from desk.services.errors import DeskError
from desk.services.four_eyes import four_eyes_mark
from eligibility.engine import city_today

logger = logging.getLogger(__name__)

S = ApplicationStatus


def _definition_of_record(programme_slug: str) -> dict:
    """The programme's definition: the CMS page of record (published or not), else the
    latest one an application froze at submission."""
    programme = programme_of_record(slug=programme_slug, include_unpublished=True)
    if programme is not None and programme.definition:
        return programme.definition
    frozen = (
        Application.objects.filter(
            programme_slug=programme_slug, programme_definition__isnull=False
        )
        .order_by("-submitted_at")
        .values_list("programme_definition", flat=True)
        .first()
    )
    return frozen or {}


def window_closed(programme_slug: str) -> bool:
    """Whether the programme's application window closed before today (the city's date):
    a round that shares or ranks the money may run only then, when no case can join."""
    closes = (_definition_of_record(programme_slug).get("window") or {}).get("closes") or None
    return closes is not None and datetime.date.fromisoformat(closes) < city_today()


def programme_desk_for(programme_slug: str) -> ProgrammeDesk:
    """The programme's desk row, created on first use with the definition's budget."""
    desk = ProgrammeDesk.objects.filter(programme_slug=programme_slug).first()
    if desk is not None:
        return desk
    definition = _definition_of_record(programme_slug)
    budget = definition.get("budget")
    try:
        # A savepoint: two first uses at once must not break the caller's transaction.
        with transaction.atomic():
            return ProgrammeDesk.objects.create(
                programme_slug=programme_slug,
                budget=None if budget is None else Decimal(str(budget)),
                award_mode=definition.get("award_mode") or AwardMode.FIRST_COME,
            )
    except IntegrityError:
        return ProgrammeDesk.objects.get(programme_slug=programme_slug)


def programme_desk_peek(programme_slug: str) -> ProgrammeDesk:
    """The programme's desk row as `programme_desk_for` would give it, without creating it:
    for previews that must not write."""
    desk = ProgrammeDesk.objects.filter(programme_slug=programme_slug).first()
    if desk is not None:
        return desk
    budget = _definition_of_record(programme_slug).get("budget")
    return ProgrammeDesk(
        programme_slug=programme_slug,
        budget=None if budget is None else Decimal(str(budget)),
    )


def locked_programme_desk(programme_slug: str) -> ProgrammeDesk:
    """The programme's desk row, locked until the end of the current transaction."""
    programme_desk_for(programme_slug)
    return ProgrammeDesk.objects.select_for_update().get(programme_slug=programme_slug)


def application_line(application: Application) -> str | None:
    """The programme line (format v2) the case was found to fall in at submission."""
    return (application.evaluation or {}).get("line") or None


def line_budget_for(programme_slug: str, line_id: str) -> LineBudget:
    """The line's budget row, created on first use with the definition's line budget."""
    line = LineBudget.objects.filter(programme_slug=programme_slug, line_id=line_id).first()
    if line is not None:
        return line
    declared = next(
        (
            item
            for item in _definition_of_record(programme_slug).get("lines") or ()
            if item.get("id") == line_id
        ),
        {},
    )
    budget = declared.get("budget")
    try:
        with transaction.atomic():
            return LineBudget.objects.create(
                programme_slug=programme_slug,
                line_id=line_id,
                budget=None if budget is None else Decimal(str(budget)),
            )
    except IntegrityError:
        return LineBudget.objects.get(programme_slug=programme_slug, line_id=line_id)


def locked_line_budget(application: Application) -> LineBudget | None:
    """The case's line row, locked (after the desk row: see the lock order above); None
    for a programme without lines."""
    line_id = application_line(application)
    if line_id is None:
        return None
    line_budget_for(application.programme_slug, line_id)
    return LineBudget.objects.select_for_update().get(
        programme_slug=application.programme_slug, line_id=line_id
    )


def money_commit(*, desk: ProgrammeDesk, line: LineBudget | None, amount: Decimal) -> None:
    """Add an award to the locked desk row and line row."""
    desk.committed += amount
    desk.save(update_fields=["committed", "updated_at"])
    if line is not None:
        line.committed += amount
        line.save(update_fields=["committed", "updated_at"])


def budget_commit_or_waitlist(application: Application, *, user, note: str = "") -> bool:
    """Approve `application` (row locked by the caller) if its programme's budget covers the
    amount, committing it; otherwise put it on the waiting list. True when approved."""
    amount = application.decision_amount
    # Before the desk row (lock order): a per-establishment programme's ceiling per
    # organisation may leave less than the amount, or nothing (a DeskError).
    limit = ceiling_limit(application, amount) if amount is not None else None
    desk = locked_programme_desk(application.programme_slug)
    # Every way of committing money (one approval, a bulk one, a competitive round) passes
    # here: no amount above what the rules and the programme allow is ever committed.
    award_amount_check(
        application=application,
        desk=desk,
        amount=amount,
        justification=application.proposal_justification,
    )
    four_eyes_mark(application=application, desk=desk)
    line = locked_line_budget(application)
    if limit is not None and limit.reduced:
        amount = limit.amount
    if desk.covers(amount) and (line is None or line.covers(amount)):
        money_commit(desk=desk, line=line, amount=amount)
        application.awarded_amount = amount
        data = {"amount": str(amount)}
        if limit is not None and limit.reduced:
            data.update(limit.event_data(), requested_amount=str(application.decision_amount))
            application.decision_note = limit.reason
            note = f"{note} {limit.reason}".strip()
        apply_transition(application, "approve", user=user, note=note, data=data)
        return True
    short = line if line is not None and not line.covers(amount) else desk
    apply_transition(
        application,
        "waitlist",
        user=user,
        note=note
        or (
            _("The budget of the programme's line does not cover this amount.")
            if short is line
            else _("The programme's budget does not cover this amount.")
        ),
        data={"amount": str(amount), "available": str(short.available)},
    )
    return False


def budget_release(*, application: Application) -> None:
    """Give an award's money back to its programme (inside the caller's transaction, the
    application's row locked), and promote the waiting list once that commits."""
    amount = application.awarded_amount
    if not amount:
        return
    desk = locked_programme_desk(application.programme_slug)
    money_commit(desk=desk, line=locked_line_budget(application), amount=-amount)
    slug = application.programme_slug
    transaction.on_commit(lambda: _waitlist_promote_logged(slug))


def _waitlist_promote_logged(programme_slug: str) -> None:
    # Runs after the release committed: a failure here must not undo or hide that decision.
    # The cases stay waitlisted and the next release (or a senior) promotes them.
    try:
        waitlist_promote(programme_slug=programme_slug)
    except Exception:
        logger.exception("waiting list of %s not promoted", programme_slug)


def waitlist_order(award_mode: str) -> list:
    if award_mode == AwardMode.COMPETITIVE:
        # The competitive round's rank: score first, ties by submission.
        return [F("score").desc(nulls_last=True), "submitted_at", "pk"]
    return ["submitted_at", "pk"]


def waitlist_promote(*, programme_slug: str) -> list[Application]:
    """Approve waiting cases, in submission order (rank order for a competitive round), as far
    as the money now free covers each; a case too large for what is left is passed over for
    a smaller one behind it, so that money is never left idle. Returns those approved."""
    desk = programme_desk_for(programme_slug)
    candidate_ids = list(
        Application.objects.filter(programme_slug=programme_slug, status=S.WAITLISTED)
        .order_by(*waitlist_order(desk.award_mode))
        .values_list("pk", flat=True)
    )
    promoted = []
    for pk in candidate_ids:
        with transaction.atomic():
            application = (
                Application.objects.select_for_update().select_related("organisation").get(pk=pk)
            )
            if application.status != S.WAITLISTED:
                continue  # decided meanwhile by someone else
            try:
                # The organisation's row before the desk's, as everywhere.
                limit = ceiling_limit(application, application.decision_amount)
            except DeskError:
                continue  # the organisation's ceiling is used up: a caseworker decides
            desk = locked_programme_desk(programme_slug)
            if desk.budget is not None and desk.available <= 0:
                break
            line = locked_line_budget(application)
            if not desk.covers(limit.amount) or (
                line is not None and not line.covers(limit.amount)
            ):
                continue
            if award_amount_refusal(
                application=application,
                desk=desk,
                amount=application.decision_amount,
                justification=application.proposal_justification,
            ):
                continue  # above what the programme now allows: a caseworker must look again
            note = _("Money was released: the case came off the waiting list.")
            data = {"amount": str(limit.amount), "waitlist": True}
            if limit.reduced:
                data.update(limit.event_data(), requested_amount=str(application.decision_amount))
                application.decision_note = limit.reason
                note = f"{note} {limit.reason}"
            money_commit(desk=desk, line=line, amount=limit.amount)
            application.awarded_amount = limit.amount
            apply_transition(application, "approve", user=None, note=note, data=data)
            outbox.letter_owe(application=application, kind="award")
        promoted.append(application)
    return promoted


def money_released_on_leaving_approval(sender, instance, name, source, target, **kwargs):
    """django-fsm post_transition receiver: whoever takes an approved award back (a senior's
    rejection or revocation, the applicant's withdrawal), its money returns to the budget in the same
    transaction, and the waiting list moves on after it commits."""
    if source == S.APPROVED and target in INACTIVE_STATUSES:
        budget_release(application=instance)
        event_record(
            application=instance,
            kind=EventKind.NOTE,
            note=_("%(amount)s returned to the programme's budget.")
            % {"amount": amount_shown(instance.awarded_amount, application_unit(instance))},
        )
