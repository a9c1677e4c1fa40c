"""Which decision letter an application's decision calls for."""

from decimal import Decimal

import pytest
from django.utils import timezone

from applications.constants import ApplicationStatus as S
from letters.models.letters import LetterKind
from letters.services.letters import decision_letter_kind
from tests.factories.applications import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db


def _decided(status, **fields):
    return SubmittedApplicationFactory(status=status, decided_at=timezone.now(), **fields)


def test_an_award_and_a_closed_award_call_for_the_award_letter():
    for status in (S.APPROVED, S.CLOSED):
        assert decision_letter_kind(_decided(status, awarded_amount=Decimal("1250.00"))) == (
            LetterKind.AWARD
        )


def test_an_award_taken_back_keeps_its_rejection_letter_once_closed():
    taken_back = {"awarded_amount": Decimal("1250.00"), "rejection_reasons": ["not_eligible"]}
    assert decision_letter_kind(_decided(S.REJECTED, **taken_back)) == LetterKind.REJECTION
    assert decision_letter_kind(_decided(S.CLOSED, **taken_back)) == LetterKind.REJECTION


def test_an_undecided_application_calls_for_no_letter():
    assert decision_letter_kind(SubmittedApplicationFactory(status=S.IN_REVIEW)) is None
