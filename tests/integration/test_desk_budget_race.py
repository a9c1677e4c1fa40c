"""Fifty caseworkers approve at once against a budget that covers thirty: never overspent."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from applications.constants import ApplicationStatus as S
from applications.models import Application, ProgrammeDesk
from applications.roles import CASEWORKERS
from applications.services.desk import decision_approve
from tests.factories.accounts import UserFactory
from tests.factories.applications import SubmittedApplicationFactory

from .desk_threads import run_at_once

SLUG = "hospitality-direct-aid"
AMOUNT = Decimal("1000.00")


@pytest.fixture
def no_letters(monkeypatch):
    # The letters are not what is raced here; their task has its own tests.
    monkeypatch.setattr(
        "applications.services.desk.side_effects.letter_queue_if_available",
        lambda *, application, kind: None,
    )


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_approvals_for_a_budget_of_thirty(no_letters):
    assert connection.vendor == "postgresql"
    ProgrammeDesk.objects.create(
        programme_slug=SLUG, budget=AMOUNT * 30, four_eyes_threshold=Decimal("3000.00")
    )
    caseworkers_group = Group.objects.get_or_create(name=CASEWORKERS)[0]
    start = timezone.now() - datetime.timedelta(days=1)
    cases = []
    for index in range(50):
        caseworker = UserFactory(username=f"caseworker{index}")
        caseworker.groups.add(caseworkers_group)
        application = SubmittedApplicationFactory(
            programme_slug=SLUG,
            status=S.IN_REVIEW,
            assigned_to=caseworker,
            computed_amount=AMOUNT,
            submitted_at=start + datetime.timedelta(seconds=index),
        )
        cases.append((application, caseworker))

    results = run_at_once(
        [
            (
                lambda application=application, user=user: decision_approve(
                    application=application, user=user
                )
            )
            for application, user in cases
        ]
    )

    errors = [result for result in results if isinstance(result, Exception)]
    assert errors == []
    statuses = [result.status for result in results]
    assert statuses.count(S.APPROVED) == 30
    assert statuses.count(S.WAITLISTED) == 20
    desk = ProgrammeDesk.objects.get(programme_slug=SLUG)
    awarded = Application.objects.filter(status=S.APPROVED).aggregate(total=Sum("awarded_amount"))
    assert desk.committed == awarded["total"] == AMOUNT * 30
    assert desk.committed <= desk.budget
    assert (
        Application.objects.filter(status=S.WAITLISTED, awarded_amount__isnull=False).count() == 0
    )
    # Every decision has its one audit event.
    assert (
        Application.objects.filter(events__to_status__in=[S.APPROVED, S.WAITLISTED]).count() == 50
    )
