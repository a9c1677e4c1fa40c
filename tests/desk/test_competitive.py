"""Competitive rounds: ranking by score, ties by submission; award in rank order."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from applications.constants import ApplicationStatus as S
from applications.services.transitions import application_transition
from desk.models import AwardMode
from desk.services import (
    DeskError,
    competitive_award,
    competitive_ranking,
    decision_propose,
    decision_reject,
    programme_desk_for,
    waitlist_promote,
)

SLUG = "culture-competition"


def _definition(closes):
    return {
        "slug": SLUG,
        "award_mode": "competitive",
        "budget": "5000.00",
        "window": {"opens": "2026-01-01", "closes": closes},
    }


@pytest.fixture
def round_(case):
    """Five cases: scores 70, 90, 90 (the later one), 50, and one not eligible (95)."""
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    start = timezone.now() - datetime.timedelta(days=20)

    def make(score, hours, amount="2000.00", outcome="eligible", closes=yesterday):
        return case(
            programme_slug=SLUG,
            programme_definition=_definition(closes),
            score=Decimal(score),
            computed_amount=Decimal(amount),
            submitted_at=start + datetime.timedelta(hours=hours),
            evaluation={"outcome": outcome, "amount": amount},
        )

    cases = {
        "seventy": make("70", 0),
        "ninety_late": make("90", 5),
        "ninety_early": make("90", 1),
        "fifty": make("50", 2),
        "ineligible": make("95", 3, outcome="ineligible"),
    }
    desk = programme_desk_for(SLUG)
    assert (desk.budget, desk.award_mode) == (Decimal("5000.00"), AwardMode.COMPETITIVE)
    return cases


def test_the_ranking_is_by_score_then_submission_time(round_):
    ranking = [application.pk for application in competitive_ranking(programme_slug=SLUG)]
    assert ranking == [
        round_["ninety_early"].pk,
        round_["ninety_late"].pk,
        round_["seventy"].pk,
        round_["fifty"].pk,
    ]


def test_the_award_goes_in_rank_order_until_the_budget_is_spent(people, round_, letters):
    summary = competitive_award(programme_slug=SLUG, user=people.senior)
    assert [a.pk for a in summary.approved] == [round_["ninety_early"].pk, round_["ninety_late"].pk]
    assert [a.pk for a in summary.waitlisted] == [round_["seventy"].pk, round_["fifty"].pk]
    for application in round_.values():
        application.refresh_from_db()
    assert round_["ninety_early"].status == S.APPROVED
    assert round_["ninety_early"].decided_by == people.senior
    assert round_["ineligible"].status == S.SUBMITTED  # left for an individual decision
    desk = programme_desk_for(SLUG)
    assert desk.committed == Decimal("4000.00")
    assert sorted(letters) == sorted(
        [(round_["ninety_early"].pk, "award"), (round_["ninety_late"].pk, "award")]
    )


def test_released_money_reaches_the_next_in_rank(people, round_, letters):
    competitive_award(programme_slug=SLUG, user=people.senior)
    # The later-submitted fifty would be first by submission; seventy is first by rank.
    decision_reject(
        application=round_["ninety_late"],
        user=people.senior,
        reason_codes=["other"],
        text="Renounced",
    )
    promoted = waitlist_promote(programme_slug=SLUG)
    assert [a.pk for a in promoted] == [round_["seventy"].pk]


def test_only_a_senior_awards(people, round_):
    with pytest.raises(PermissionDenied):
        competitive_award(programme_slug=SLUG, user=people.caseworker)


def test_no_award_before_the_window_closes(people, case, letters):
    case(
        programme_slug=SLUG,
        programme_definition=_definition(timezone.localdate().isoformat()),
        score=Decimal("10"),
    )
    with pytest.raises(DeskError):
        competitive_award(programme_slug=SLUG, user=people.senior)


def test_four_eyes_hold_in_the_award(people, round_, letters):
    """Above the threshold a case needs another caseworker's proposal first."""
    desk = programme_desk_for(SLUG)
    desk.four_eyes_threshold = Decimal("1000.00")
    desk.save()
    with pytest.raises(DeskError):
        competitive_award(programme_slug=SLUG, user=people.senior)
    for application in round_.values():
        if application.evaluation["outcome"] == "eligible":
            application_transition(
                application=application, action="start_review", user=people.caseworker
            )
            decision_propose(application=application, user=people.caseworker)
    summary = competitive_award(programme_slug=SLUG, user=people.senior)
    assert len(summary.approved) == 2


def test_a_first_come_programme_is_never_awarded_by_score(people, case, letters):
    first_come = case(programme_slug="hospitality-direct-aid", score=Decimal("10"))
    with pytest.raises(DeskError) as refused:
        competitive_award(programme_slug="hospitality-direct-aid", user=people.senior)
    assert refused.value.code == "not_competitive"
    first_come.refresh_from_db()
    assert first_come.status != "approved"
