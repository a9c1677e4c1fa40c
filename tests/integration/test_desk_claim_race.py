"""Two caseworkers claim one case at the same moment: exactly one wins, the other is told."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone, translation

from applications.constants import ApplicationStatus as S
from applications.constants import EventKind
from applications.models import Application
from applications.roles import CASEWORKERS
from desk.services import DeskError, case_claim, case_take_next
from tests.factories.accounts import UserFactory
from tests.factories.applications import SubmittedApplicationFactory
from tests.integration.desk_threads import run_at_once


def _caseworker(username, first_name):
    user = UserFactory(username=username, first_name=first_name, last_name="Etxeberria")
    user.groups.add(Group.objects.get_or_create(name=CASEWORKERS)[0])
    return user


@pytest.mark.django_db(transaction=True)
def test_two_caseworkers_claim_one_case_at_once():
    assert connection.vendor == "postgresql"
    ane, jon = _caseworker("ane", "Ane"), _caseworker("jon", "Jon")
    application = SubmittedApplicationFactory()

    def claim(user):
        with translation.override("en"):
            return case_claim(application=application, user=user)

    results = run_at_once([lambda: claim(ane), lambda: claim(jon)])

    winners = [result for result in results if isinstance(result, Application)]
    losers = [result for result in results if isinstance(result, DeskError)]
    assert (len(winners), len(losers)) == (1, 1), results
    winner = winners[0].assigned_to
    assert losers[0].messages == [f"{winner.get_full_name()} is already working on this case."]
    application.refresh_from_db()
    assert (application.status, application.assigned_to) == (S.IN_REVIEW, winner)
    assert list(
        application.events.filter(kind=EventKind.CLAIMED).values_list("actor", flat=True)
    ) == [winner.pk]
    assert application.events.filter(to_status=S.IN_REVIEW, kind=EventKind.TRANSITION).count() == 1


@pytest.mark.django_db(transaction=True)
def test_caseworkers_taking_next_at_once_each_get_a_different_case():
    caseworkers = [_caseworker(f"caseworker{index}", f"Name{index}") for index in range(6)]
    start = timezone.now() - datetime.timedelta(days=2)
    cases = [
        SubmittedApplicationFactory(submitted_at=start + datetime.timedelta(minutes=index))
        for index in range(4)
    ]

    results = run_at_once(
        [(lambda user=user: case_take_next(user=user, queue="new")) for user in caseworkers]
    )

    assert not [result for result in results if isinstance(result, Exception)], results
    taken = [result for result in results if result is not None]
    assert sorted(application.pk for application in taken) == [
        application.pk for application in cases
    ]
    assert results.count(None) == 2
    for application in taken:
        assert application.assigned_to in caseworkers
