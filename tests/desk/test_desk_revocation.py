"""Revoking an approved award: a senior's decision with a reason and an explanation; the
money goes back to the budget, the waiting list moves on, a revocation letter is issued."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from applications.constants import INACTIVE_STATUSES, EventKind
from applications.constants import ApplicationStatus as S
from applications.models import Application
from desk.services import DeskError, decision_approve, decision_revoke
from letters.models import Letter, LetterKind
from letters.services.letters import decision_letter_kind
from tests.letters.letter_helpers import pdf_text


def _approved_and_waiting(people, in_review):
    start = timezone.now() - datetime.timedelta(days=10)
    approved, waiting = (
        in_review(computed_amount=Decimal(amount), submitted_at=start + datetime.timedelta(hours=i))
        for i, amount in enumerate(["3000.00", "1000.00"])
    )
    decision_approve(application=approved, user=people.caseworker)
    assert decision_approve(application=waiting, user=people.caseworker).status == S.WAITLISTED
    return approved, waiting


def test_revoking_releases_the_money_promotes_the_waiting_list_and_owes_a_letter(
    people, small_budget, in_review, letters, django_capture_on_commit_callbacks
):
    approved, waiting = _approved_and_waiting(people, in_review)
    with django_capture_on_commit_callbacks(execute=True):
        revoked = decision_revoke(
            application=approved,
            user=people.senior,
            reason="fraud",
            explanation="The invoices were forged.",
        )
    assert revoked.status == S.REVOKED
    assert S.REVOKED in INACTIVE_STATUSES
    assert not Application.objects.active().filter(pk=approved.pk).exists()
    assert not Application.objects.awarded().filter(pk=approved.pk).exists()
    event = revoked.events.get(kind=EventKind.TRANSITION, to_status=S.REVOKED)
    assert (event.actor, event.from_status, event.note) == (
        people.senior,
        S.APPROVED,
        "The invoices were forged.",
    )
    assert event.data["reason"] == "fraud"
    waiting.refresh_from_db()
    assert waiting.status == S.APPROVED
    small_budget.refresh_from_db()
    assert small_budget.committed == Decimal("1000.00")
    assert (approved.pk, "revocation") in letters
    assert decision_letter_kind(revoked) == LetterKind.REVOCATION


def test_a_caseworker_cannot_revoke_and_the_reason_and_explanation_are_required(
    client, people, desk, in_review, letters
):
    application = in_review(computed_amount=Decimal("1000.00"))
    decision_approve(application=application, user=people.caseworker)
    with pytest.raises(PermissionDenied):
        decision_revoke(
            application=application, user=people.caseworker, reason="error", explanation="x"
        )
    with pytest.raises(DeskError) as no_reason:
        decision_revoke(application=application, user=people.senior, reason="", explanation="x")
    assert no_reason.value.code == "reason"
    with pytest.raises(DeskError) as no_text:
        decision_revoke(application=application, user=people.senior, reason="error", explanation="")
    assert no_text.value.code == "explanation"
    url = reverse("desk:case_action", args=[application.pk, "revoke"])
    client.force_login(people.caseworker)
    assert "revoke-reason" not in client.get(reverse("desk:case", args=[application.pk])).text
    response = client.post(url, {"revoke-reason": "error", "revoke-explanation": "Wrong."})
    assert response.status_code in (302, 403)
    for role in ("applicant", "editor"):
        client.force_login(getattr(people, role))
        response = client.post(url, {"revoke-reason": "error", "revoke-explanation": "Wrong."})
        assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == S.APPROVED
    desk.refresh_from_db()
    assert desk.committed == Decimal("1000.00")


def test_a_senior_revokes_from_the_case_page(client, people, desk, in_review, letters):
    application = in_review(computed_amount=Decimal("1000.00"))
    decision_approve(application=application, user=people.caseworker)
    client.force_login(people.senior)
    page = client.get(reverse("desk:case", args=[application.pk]))
    assert 'name="revoke-reason"' in page.text
    url = reverse("desk:case_action", args=[application.pk, "revoke"])
    assert client.post(url, {"revoke-reason": "error", "revoke-explanation": ""}).status_code == 400
    response = client.post(url, {"revoke-reason": "error", "revoke-explanation": "Twice paid."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.REVOKED
    desk.refresh_from_db()
    assert desk.committed == Decimal("0.00")


def test_the_revocation_letter_states_the_reason_and_is_emailed(
    people, desk, in_review, django_capture_on_commit_callbacks
):
    application = in_review(computed_amount=Decimal("1000.00"), language="en")
    with django_capture_on_commit_callbacks(execute=True):
        decision_approve(application=application, user=people.caseworker)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision_revoke(
            application=application,
            user=people.senior,
            reason="renunciation",
            explanation="The beneficiary wrote to renounce the award.",
        )
    letter = Letter.objects.get(application=application, kind=LetterKind.REVOCATION)
    text = pdf_text(letter.pdf.read())
    assert "Revocation decision" in text
    assert "The beneficiary renounced the award" in text
    assert "The beneficiary wrote to renounce the award." in text
    assert "How to appeal" in text or "appeal" in text.lower()
    award = Letter.objects.get(application=application, kind=LetterKind.AWARD)
    assert award.superseded_by == letter
    assert application.events.filter(kind=EventKind.LETTER, data__kind="revocation").exists()
    assert any("revoked" in message.subject for message in mail.outbox)
