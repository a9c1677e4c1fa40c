"""The budget: approvals commit money, overspending waitlists, released money promotes."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from applications.constants import ApplicationStatus as S
from applications.services.transitions import application_transition
from desk.models import ProgrammeDesk
from desk.services import (
    DeskError,
    decision_approve,
    decision_reject,
    programme_desk_for,
    waitlist_promote,
)


def _cases(in_review, amounts):
    start = timezone.now() - datetime.timedelta(days=10)
    return [
        in_review(computed_amount=Decimal(amount), submitted_at=start + datetime.timedelta(hours=i))
        for i, amount in enumerate(amounts)
    ]


def test_an_approval_the_budget_cannot_cover_goes_on_the_waiting_list(
    people, small_budget, in_review, letters
):
    first, second, third = _cases(in_review, ["2000.00", "1500.00", "1000.00"])
    assert decision_approve(application=first, user=people.caseworker).status == S.APPROVED
    waiting = decision_approve(application=second, user=people.caseworker)
    assert waiting.status == S.WAITLISTED
    assert waiting.waitlisted_at is not None
    assert waiting.awarded_amount is None
    event = waiting.events.get(to_status=S.WAITLISTED)
    assert event.data == {"amount": "1500.00", "available": "1000.00"}
    # A smaller one still fits.
    assert decision_approve(application=third, user=people.caseworker).status == S.APPROVED
    small_budget.refresh_from_db()
    assert small_budget.committed == Decimal("3000.00")
    assert letters == [(first.pk, "award"), (third.pk, "award")]


def test_a_rejection_after_approval_releases_the_money_and_promotes_the_waiting_list(
    people, small_budget, in_review, letters, django_capture_on_commit_callbacks
):
    approved, early, late = _cases(in_review, ["3000.00", "1000.00", "1000.00"])
    decision_approve(application=approved, user=people.caseworker)
    statuses = {
        decision_approve(application=application, user=people.caseworker).status
        for application in (early, late)
    }
    assert statuses == {S.WAITLISTED}

    with django_capture_on_commit_callbacks(execute=True):
        decision_reject(
            application=approved,
            user=people.senior,
            reason_codes=["duplicate"],
            text="Already paid by another programme.",
        )
    for application in (early, late):
        application.refresh_from_db()
    assert (early.status, late.status) == (S.APPROVED, S.APPROVED)
    promotion = early.events.get(to_status=S.APPROVED)
    assert (promotion.actor, promotion.from_status) == (None, S.WAITLISTED)
    assert early.awarded_amount == Decimal("1000.00")
    small_budget.refresh_from_db()
    assert small_budget.committed == Decimal("2000.00")
    assert (early.pk, "award") in letters and (late.pk, "award") in letters


def test_promotion_follows_submission_order(people, small_budget, in_review, letters):
    holder, first, second = _cases(in_review, ["3000.00", "2000.00", "2000.00"])
    for application in (holder, first, second):
        decision_approve(application=application, user=people.caseworker)
    # Two thousand come free: only the earlier of the two waiting cases fits.
    ProgrammeDesk.objects.filter(pk=small_budget.pk).update(committed=Decimal("1000.00"))
    promoted = waitlist_promote(programme_slug=small_budget.programme_slug)
    assert [application.pk for application in promoted] == [first.pk]
    second.refresh_from_db()
    assert second.status == S.WAITLISTED


def test_renouncing_an_approved_award_releases_its_money(
    people, small_budget, in_review, letters, django_capture_on_commit_callbacks
):
    approved, waiting = _cases(in_review, ["2500.00", "1000.00"])
    decision_approve(application=approved, user=people.caseworker)
    decision_approve(application=waiting, user=people.caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(
            application=approved, action="withdraw", user=people.applicant, note="No longer needed"
        )
    waiting.refresh_from_db()
    assert waiting.status == S.APPROVED
    small_budget.refresh_from_db()
    assert small_budget.committed == Decimal("1000.00")


def test_a_senior_may_approve_from_the_waiting_list_only_when_the_money_is_there(
    people, small_budget, in_review, letters
):
    holder, waiting = _cases(in_review, ["3000.00", "500.00"])
    decision_approve(application=holder, user=people.caseworker)
    decision_approve(application=waiting, user=people.caseworker)
    with pytest.raises(DeskError):
        decision_approve(application=waiting, user=people.senior)
    ProgrammeDesk.objects.filter(pk=small_budget.pk).update(committed=Decimal("2500.00"))
    with pytest.raises(PermissionDenied):
        decision_approve(application=waiting, user=people.caseworker)
    assert decision_approve(application=waiting, user=people.senior).status == S.APPROVED


def test_an_uncapped_programme_never_waitlists(people, desk, in_review, letters):
    desk.budget = None
    desk.save()
    (application,) = _cases(in_review, ["2999.00"])
    assert decision_approve(application=application, user=people.caseworker).status == S.APPROVED


def test_the_desk_row_starts_from_the_definitions_budget(people, case):
    case(
        programme_slug="rent-relief",
        programme_definition={"slug": "rent-relief", "budget": "50000.00"},
    )
    desk = programme_desk_for("rent-relief")
    assert (desk.budget, desk.committed, desk.sla_days, desk.four_eyes_threshold) == (
        Decimal("50000.00"),
        Decimal("0.00"),
        30,
        Decimal("3000.00"),
    )
    assert programme_desk_for("rent-relief").pk == desk.pk


def test_the_budget_cannot_be_set_below_what_is_committed(desk):
    desk.committed = Decimal("2000.00")
    desk.budget = Decimal("1000.00")
    with pytest.raises(ValidationError):
        desk.full_clean()
