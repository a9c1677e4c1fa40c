"""Proposing, approving (four eyes) and rejecting, by role."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from applications.constants import ApplicationStatus as S
from applications.constants import EventKind, RejectionReason
from desk.services import (
    DeskError,
    decision_approve,
    decision_propose,
    decision_reject,
)

ABOVE = Decimal("4000.00")  # the desk fixture's threshold is 3,000 EUR


def test_a_caseworker_approves_the_computed_amount_at_or_under_the_threshold(
    people, desk, in_review, letters
):
    application = in_review(computed_amount=Decimal("3000.00"))
    decided = decision_approve(application=application, user=people.caseworker)
    assert decided.status == S.APPROVED
    assert decided.awarded_amount == Decimal("3000.00")
    assert (decided.decided_by, decided.decided_at is not None) == (people.caseworker, True)
    event = decided.events.get(to_status=S.APPROVED)
    assert (event.actor, event.from_status, event.data) == (
        people.caseworker,
        S.IN_REVIEW,
        {"amount": "3000.00"},
    )
    desk.refresh_from_db()
    assert desk.committed == Decimal("3000.00")
    assert letters == [(application.pk, "award")]


def test_a_proposal_defaults_to_the_computed_amount(people, desk, in_review, letters):
    application = in_review(computed_amount=Decimal("1250.00"))
    proposed = decision_propose(application=application, user=people.caseworker)
    assert proposed.status == S.IN_REVIEW  # at or under the threshold: no second pair of eyes
    assert (proposed.proposed_amount, proposed.proposed_by) == (
        Decimal("1250.00"),
        people.caseworker,
    )
    assert proposed.events.filter(kind=EventKind.NOTE, actor=people.caseworker).exists()
    assert decision_approve(application=proposed, user=people.caseworker).status == S.APPROVED


def test_a_different_amount_needs_a_justification(people, desk, in_review):
    application = in_review(computed_amount=Decimal("1250.00"))
    with translation.override("en"), pytest.raises(DeskError) as refused:
        decision_propose(application=application, user=people.caseworker, amount=Decimal("900"))
    assert refused.value.messages == [
        "Explain why the amount differs from the rules' €1,250.00."
    ]
    proposed = decision_propose(
        application=application,
        user=people.caseworker,
        amount=Decimal("900"),
        justification="Only nine months of rent were paid.",
    )
    assert (proposed.proposed_amount, proposed.proposal_justification) == (
        Decimal("900.00"),
        "Only nine months of rent were paid.",
    )


@pytest.mark.parametrize("amount", ["0", "-5", "a lot"])
def test_the_amount_must_be_a_positive_number(people, desk, in_review, amount):
    application = in_review()
    with pytest.raises(DeskError):
        decision_propose(
            application=application, user=people.caseworker, amount=amount, justification="x"
        )


def test_above_the_threshold_a_proposal_waits_for_a_senior(people, desk, in_review, letters):
    application = in_review(computed_amount=ABOVE)
    with pytest.raises(DeskError):  # a caseworker cannot approve it straight away
        decision_approve(application=application, user=people.caseworker)
    proposed = decision_propose(application=application, user=people.caseworker)
    assert proposed.status == S.PENDING_APPROVAL
    event = proposed.events.get(to_status=S.PENDING_APPROVAL)
    assert (event.actor, event.data["amount"]) == (people.caseworker, "4000.00")
    with pytest.raises(PermissionDenied):
        decision_approve(application=proposed, user=people.caseworker2)
    decided = decision_approve(application=proposed, user=people.senior)
    assert (decided.status, decided.decided_by, decided.awarded_amount) == (
        S.APPROVED,
        people.senior,
        ABOVE,
    )


def test_four_eyes_the_proposer_cannot_approve_their_own_proposal(people, desk, in_review, letters):
    application = in_review(computed_amount=ABOVE)
    proposed = decision_propose(application=application, user=people.senior)
    with translation.override("en"), pytest.raises(DeskError) as refused:
        decision_approve(application=proposed, user=people.senior)
    assert refused.value.messages == [
        "You proposed this approval: another senior caseworker must approve it."
    ]
    proposed.refresh_from_db()
    assert proposed.status == S.PENDING_APPROVAL
    assert decision_approve(application=proposed, user=people.senior2).status == S.APPROVED


def test_the_threshold_is_the_programmes(people, desk, in_review, letters):
    desk.four_eyes_threshold = Decimal("5000.00")
    desk.save()
    application = in_review(computed_amount=ABOVE)
    assert decision_approve(application=application, user=people.caseworker).status == S.APPROVED


@pytest.mark.parametrize("role", ["applicant", "editor", "anonymous"])
def test_people_outside_the_desk_cannot_decide(people, desk, in_review, role):
    application = in_review()
    user = getattr(people, role)
    with pytest.raises(PermissionDenied):
        decision_propose(application=application, user=user)
    with pytest.raises(PermissionDenied):
        decision_approve(application=application, user=user)
    with pytest.raises(PermissionDenied):
        decision_reject(application=application, user=user, reason_codes=["other"], text="No")
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW


def test_a_case_not_in_review_cannot_be_decided(people, desk, case):
    application = case()  # submitted, not claimed
    with pytest.raises(DeskError):
        decision_propose(application=application, user=people.caseworker)
    with pytest.raises(DeskError):
        decision_approve(application=application, user=people.caseworker)
    with pytest.raises(DeskError):
        decision_reject(
            application=application, user=people.caseworker, reason_codes=["other"], text="No"
        )


def test_a_rejection_has_reasons_and_an_explanation(people, desk, in_review, letters):
    application = in_review()
    with pytest.raises(DeskError):
        decision_reject(application=application, user=people.caseworker, reason_codes=[], text="No")
    with pytest.raises(DeskError):
        decision_reject(
            application=application,
            user=people.caseworker,
            reason_codes=["because"],
            text="No",
        )
    with pytest.raises(DeskError):
        decision_reject(
            application=application, user=people.caseworker, reason_codes=["other"], text=" "
        )
    decided = decision_reject(
        application=application,
        user=people.caseworker,
        reason_codes=[RejectionReason.NOT_ELIGIBLE, RejectionReason.INCOMPLETE],
        text="The premises are outside the city.",
    )
    assert decided.status == S.REJECTED
    assert decided.rejection_reasons == ["not_eligible", "incomplete"]
    assert decided.decision_note == "The premises are outside the city."
    event = decided.events.get(to_status=S.REJECTED)
    assert (event.actor, event.note, event.data) == (
        people.caseworker,
        "The premises are outside the city.",
        {"reasons": ["not_eligible", "incomplete"]},
    )
    assert letters == [(application.pk, "rejection")]


def test_only_a_senior_takes_back_an_approved_award(people, desk, in_review, letters):
    application = decision_approve(application=in_review(), user=people.caseworker)
    with pytest.raises(PermissionDenied):
        decision_reject(
            application=application, user=people.caseworker, reason_codes=["other"], text="No"
        )
    decided = decision_reject(
        application=application, user=people.senior, reason_codes=["duplicate"], text="Twice"
    )
    assert decided.status == S.REJECTED
    desk.refresh_from_db()
    assert desk.committed == Decimal("0.00")
