"""Bulk approval: only the cases the rules found eligible, each through the same rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from applications.constants import ApplicationStatus as S
from desk.services import applications_bulk_approve


def test_bulk_approve_decides_eligible_cases_and_says_why_others_were_left(
    people, desk, case, in_review, letters
):
    desk.budget = Decimal("2500.00")
    desk.save()
    submitted = case(computed_amount=Decimal("1000.00"))
    reviewed = in_review(computed_amount=Decimal("1000.00"))
    over_budget = in_review(computed_amount=Decimal("1000.00"))
    ineligible = in_review(evaluation={"outcome": "ineligible"})
    above_threshold = in_review(computed_amount=Decimal("3500.00"))

    summary = applications_bulk_approve(
        applications=[submitted, reviewed, over_budget, ineligible, above_threshold],
        user=people.caseworker,
    )
    assert [a.pk for a in summary.approved] == [submitted.pk, reviewed.pk]
    assert [a.pk for a in summary.waitlisted] == [over_budget.pk]
    assert [a.pk for a, _why in summary.skipped] == [ineligible.pk, above_threshold.pk]
    for application in (ineligible, above_threshold):
        application.refresh_from_db()
        assert application.status == S.IN_REVIEW
    submitted.refresh_from_db()
    assert (submitted.status, submitted.awarded_amount) == (S.APPROVED, Decimal("1000.00"))
    desk.refresh_from_db()
    assert desk.committed == Decimal("2000.00")


def test_bulk_approve_is_for_desk_staff(people, desk, in_review):
    with pytest.raises(PermissionDenied):
        applications_bulk_approve(applications=[in_review()], user=people.applicant)
