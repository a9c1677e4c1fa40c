"""Fifty caseworkers approve at once against a budget that covers thirty: never overspent."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from applications.constants import ApplicationStatus as S
from applications.models import Application
from applications.roles import CASEWORKERS, SENIOR_CASEWORKERS
from desk.models import ProgrammeDesk
from desk.services import decision_approve, decision_reject
from tests.factories.accounts import UserFactory
from tests.factories.applications import SubmittedApplicationFactory
from tests.integration.desk_threads import run_at_once

SLUG = "hospitality-direct-aid"
AMOUNT = Decimal("1000.00")


@pytest.fixture
def no_letters(monkeypatch):
    # The letters are not what is raced here; their task has its own tests.
    monkeypatch.setattr(
        "applications.services.outbox.letter_owe",
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


@pytest.mark.django_db(transaction=True)
def test_released_money_promotes_the_waiting_list_after_commit(no_letters):
    """On a real database the promotion runs once the rejection has committed."""
    ProgrammeDesk.objects.create(programme_slug=SLUG, budget=AMOUNT * 2)
    caseworker = UserFactory(username="caseworker")
    caseworker.groups.add(Group.objects.get_or_create(name=CASEWORKERS)[0])
    senior = UserFactory(username="senior")
    senior.groups.add(Group.objects.get_or_create(name=SENIOR_CASEWORKERS)[0])
    start = timezone.now() - datetime.timedelta(days=1)
    cases = [
        SubmittedApplicationFactory(
            programme_slug=SLUG,
            status=S.IN_REVIEW,
            computed_amount=AMOUNT,
            submitted_at=start + datetime.timedelta(minutes=index),
        )
        for index in range(4)
    ]
    statuses = [
        decision_approve(application=application, user=caseworker).status for application in cases
    ]
    assert statuses == [S.APPROVED, S.APPROVED, S.WAITLISTED, S.WAITLISTED]

    decision_reject(application=cases[0], user=senior, reason_codes=["duplicate"], text="Twice")

    assert list(
        Application.objects.filter(pk__in=[a.pk for a in cases])
        .order_by("submitted_at")
        .values_list("status", flat=True)
    ) == [S.REJECTED, S.APPROVED, S.APPROVED, S.WAITLISTED]
    assert ProgrammeDesk.objects.get(programme_slug=SLUG).committed == AMOUNT * 2
