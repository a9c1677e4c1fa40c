"""Prorata programmes: after the window closes, share the budget in proportion.

Spanish subsidies law (Ley 38/2003, art. 22.1) lets a call share its budget among every
eligible applicant when the requests exceed it (*prorrateo*). Each award is the rules'
amount times available / requested, rounded down to the cent, so the sum never passes the
budget; the cents the rounding leaves over are recorded with the round. A programme with
lines shares each line's budget among that line's cases, within what the programme has left.

The reduced amount is a proposal the senior's round makes for every case at once: it is
written as the case's proposed amount with its justification, and committed through the
same budget check as any approval, so nothing here can commit more than the rows allow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from applications.constants import APPROVABLE_STATUSES, ApplicationStatus
from applications.models import Application
from applications.services import outbox
from applications.services.transitions import apply_transition, locked_application
from desk.models import AwardMode, ProrataRound
from desk.services.budget import (
    application_line,
    budget_commit_or_waitlist,
    line_budget_for,
    programme_desk_for,
    window_closed,
)
from desk.services.cases import senior_required
from desk.services.errors import DeskError

S = ApplicationStatus
CENT = Decimal("0.01")


@dataclass
class ProrataShare:
    """One line's share (line_id "" for a programme without lines)."""

    line_id: str
    available: Decimal | None  # None: no limit, every request is paid in full
    requested: Decimal = Decimal("0.00")
    cases: list[Application] = field(default_factory=list)

    @property
    def ratio(self) -> Decimal:
        if self.available is None or self.requested <= self.available or not self.requested:
            return Decimal(1)
        return self.available / self.requested

    def share(self, amount: Decimal) -> Decimal:
        """The case's award: in full when the money covers every request, else reduced by
        the ratio and rounded down to the cent."""
        if self.available is None or self.requested <= self.available:
            return amount
        return (amount * self.available / self.requested).quantize(CENT, rounding=ROUND_DOWN)

    @property
    def awarded(self) -> Decimal:
        return sum((self.share(case.computed_amount) for case in self.cases), Decimal("0.00"))

    @property
    def remainder(self) -> Decimal:
        return self.remainder_after(self.awarded)

    def remainder_after(self, awarded: Decimal) -> Decimal:
        """What the rounding (or a case decided meanwhile) leaves of the money shared."""
        shared = self.requested if self.available is None else min(self.available, self.requested)
        return shared - awarded


def prorata_cases(*, programme_slug: str):
    """The programme's undecided eligible cases a round would share the budget among."""
    return (
        Application.objects.filter(
            programme_slug=programme_slug,
            status__in=APPROVABLE_STATUSES,
            evaluation__outcome="eligible",
            computed_amount__gt=0,
        )
        .exclude(status=S.WAITLISTED)
        .select_related("organisation")
        .order_by("submitted_at", "pk")
    )


def prorata_shares(*, programme_slug: str) -> list[ProrataShare]:
    """How a round would share the money now, line by line (a preview: writes nothing but
    the budget rows a first look creates)."""
    desk = programme_desk_for(programme_slug)
    shares: dict[str, ProrataShare] = {}
    for case in prorata_cases(programme_slug=programme_slug):
        line_id = application_line(case) or ""
        share = shares.get(line_id)
        if share is None:
            available = desk.available
            if line_id:
                line_available = line_budget_for(programme_slug, line_id).available
                if line_available is not None:
                    available = (
                        line_available if available is None else min(available, line_available)
                    )
            share = shares[line_id] = ProrataShare(line_id, available)
        share.requested += case.computed_amount
        share.cases.append(case)
    ordered = [shares[key] for key in sorted(shares)]
    if desk.available is not None and len(ordered) > 1:
        # Lines within a programme whose own budget is smaller than their sum: the
        # programme's money is the tighter limit, shared in the same proportion.
        total = sum((min(s.requested, s.available or s.requested) for s in ordered), Decimal(0))
        if total > desk.available:
            for share in ordered:
                wanted = min(share.requested, share.available or share.requested)
                share.available = (wanted * desk.available / total).quantize(
                    CENT, rounding=ROUND_DOWN
                )
    return ordered


@dataclass
class ProrataSummary:
    shares: list[ProrataShare]
    approved: list[Application] = field(default_factory=list)
    rounds: list[ProrataRound] = field(default_factory=list)


def prorata_award(*, programme_slug: str, user) -> ProrataSummary:
    """A senior awards a closed prorata programme: every eligible case gets its share."""
    senior_required(user)
    desk = programme_desk_for(programme_slug)
    if desk.award_mode != AwardMode.PRORATA:
        raise DeskError(
            _("This programme does not share its budget in proportion."), code="not_prorata"
        )
    if not window_closed(programme_slug):
        raise DeskError(
            _("The budget can be shared only after the application window has closed."),
            code="window_open",
        )
    shares = prorata_shares(programme_slug=programme_slug)
    # Four eyes hold as in a competitive round: a share above the threshold must have been
    # proposed by someone else first.
    needing_eyes = [
        case.reference
        for share in shares
        for case in share.cases
        if share.share(case.computed_amount) > desk.four_eyes_threshold
        and (case.status != S.PENDING_APPROVAL or case.proposed_by_id == user.pk)
    ]
    if needing_eyes:
        raise DeskError(
            _(
                "These cases are above the four-eyes threshold and need another caseworker's "
                "proposal first: %(references)s."
            )
            % {"references": ", ".join(needing_eyes)},
            code="four_eyes",
        )
    summary = ProrataSummary(shares)
    for share in shares:
        ratio = share.ratio
        note = (
            _("Awarded in full: the budget covers every eligible request.")
            if ratio == 1
            else _(
                "Reduced in proportion (Ley 38/2003, art. 22.1): requests of %(requested)s "
                "for %(available)s available, every award times %(ratio)s, rounded down to "
                "the cent."
            )
            % {
                "requested": share.requested,
                "available": share.available,
                "ratio": ratio.quantize(Decimal("0.000001"), rounding=ROUND_DOWN),
            }
        )
        awarded = Decimal("0.00")
        for case in share.cases:
            amount = share.share(case.computed_amount)
            with transaction.atomic():
                locked = locked_application(case.pk)
                if locked.status not in APPROVABLE_STATUSES or locked.status == S.WAITLISTED:
                    continue  # decided meanwhile
                if locked.status == S.SUBMITTED:
                    apply_transition(locked, "start_review", user=user)
                if amount != locked.computed_amount:
                    locked.proposed_amount = amount
                    locked.proposal_justification = note
                    locked.save(update_fields=["proposed_amount", "proposal_justification"])
                if budget_commit_or_waitlist(locked, user=user, note=note):
                    awarded += amount
                    outbox.letter_owe(application=locked, kind="award")
                    summary.approved.append(locked)
        summary.rounds.append(
            ProrataRound.objects.create(
                programme_slug=programme_slug,
                line_id=share.line_id,
                available=share.available if share.available is not None else share.requested,
                requested=share.requested,
                awarded=awarded,
                remainder=share.remainder_after(awarded),
                ratio=ratio.quantize(Decimal("0.000000000001"), rounding=ROUND_DOWN),
                cases=len(share.cases),
                decided_by=user,
            )
        )
    return summary
