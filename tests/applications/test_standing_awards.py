"""Which awards stand: they count for exclusive_with and the desk's de minimis total."""

from decimal import Decimal

import pytest
from django.utils import timezone

from applications.constants import ApplicationStatus as S
from applications.models import Application
from tests.factories.applications import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db


def _award(status, **fields):
    return SubmittedApplicationFactory(
        status=status, awarded_amount=Decimal("1250.00"), decided_at=timezone.now(), **fields
    )


def test_approved_and_closed_awards_stand():
    approved = _award(S.APPROVED)
    closed = _award(S.CLOSED)
    assert set(Application.objects.awarded()) == {approved, closed}


def test_awards_taken_back_or_renounced_do_not_stand_even_once_closed():
    _award(S.REJECTED, rejection_reasons=["not_eligible"])
    _award(S.CLOSED, rejection_reasons=["not_eligible"])
    _award(S.WITHDRAWN, withdrawn_at=timezone.now())
    _award(S.CLOSED, withdrawn_at=timezone.now())
    SubmittedApplicationFactory(status=S.APPROVED)  # approved, no amount yet recorded
    assert not Application.objects.awarded().exists()
