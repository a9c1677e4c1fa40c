"""Competitive programmes: after the window closes, rank by score and award in rank order.

The award approves eligible cases in rank order while the budget covers each; a case the
remaining money does not cover goes on the waiting list (in rank order, see
`budget.waitlist_order`), so an award given back later reaches the next in rank instead of
being lost. Cases still waiting for the applicant, or not found eligible, are not ranked and
are left for an individual decision.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from applications.constants import APPROVABLE_STATUSES, ApplicationStatus
from applications.models import Application
from applications.services import outbox
from applications.services.transitions import apply_transition, locked_application
from desk.models import AwardMode
from desk.services.budget import (
    budget_commit_or_waitlist,
    programme_desk_for,
    window_closed,
)
from desk.services.cases import senior_required
from desk.services.errors import DeskError
from desk.services.four_eyes import four_eyes_needed

S = ApplicationStatus


def competitive_ranking(*, programme_slug: str) -> QuerySet[Application]:
    """The programme's undecided, eligible cases: highest score first, ties by submission."""
    return (
        Application.objects.filter(
            programme_slug=programme_slug,
            status__in=APPROVABLE_STATUSES,
            evaluation__outcome="eligible",
        )
        .select_related("organisation")
        .order_by(F("score").desc(nulls_last=True), "submitted_at", "pk")
    )


@dataclass
class AwardSummary:
    approved: list[Application] = field(default_factory=list)
    waitlisted: list[Application] = field(default_factory=list)


def competitive_award(*, programme_slug: str, user) -> AwardSummary:
    """A senior caseworker awards a closed competitive round in rank order until the budget
    is spent. Four eyes still hold: a case above the threshold must have been proposed by
    someone else, or the award is refused, naming the cases."""
    senior_required(user)
    desk = programme_desk_for(programme_slug)
    if desk.award_mode != AwardMode.COMPETITIVE:
        # A first-come programme is decided in submission order, never by score.
        raise DeskError(
            _("This programme is not awarded by competition: decide its cases one by one."),
            code="not_competitive",
        )
    if not window_closed(programme_slug):
        raise DeskError(
            _("The round can be awarded only after its application window has closed."),
            code="window_open",
        )
    ranking = list(competitive_ranking(programme_slug=programme_slug))
    needing_eyes = [
        application.reference
        for application in ranking
        if application.status != S.WAITLISTED
        and four_eyes_needed(application=application, desk=desk)
        and (application.status != S.PENDING_APPROVAL or application.proposed_by_id == user.pk)
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
    summary = AwardSummary()
    for application in ranking:
        with transaction.atomic():
            locked = locked_application(application.pk)
            if locked.status not in APPROVABLE_STATUSES or locked.status == S.WAITLISTED:
                continue  # decided meanwhile, or already waiting in rank order
            if locked.status == S.SUBMITTED:
                apply_transition(locked, "start_review", user=user)
            approved = budget_commit_or_waitlist(
                locked, user=user, note=_("Competitive round awarded in rank order.")
            )
            if approved:
                outbox.letter_owe(application=locked, kind="award")
        (summary.approved if approved else summary.waitlisted).append(locked)
    return summary
