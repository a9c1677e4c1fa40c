"""A senior's other answers to a proposal: send it back to the caseworker with a comment, or
approve a different amount (within the programme's ceiling, justified, audited)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from applications.constants import ApplicationStatus as S
from applications.constants import EventKind
from desk.models import ProgrammeDesk
from desk.services import (
    DeskError,
    decision_approve_amended,
    decision_propose,
    decision_return,
)


@pytest.fixture
def pending(people, desk, in_review):
    """A case the caseworker proposed at 5,000 EUR (above four eyes), the rules' amount."""

    def make(amount=Decimal("5000.00"), **fields):
        fields.setdefault("computed_amount", amount)
        application = in_review(**fields)
        return decision_propose(application=application, user=people.caseworker, amount=amount)

    return make


def test_a_senior_returns_the_proposal_to_its_caseworker_with_a_comment(
    client, people, pending, letters, mailoutbox
):
    application = pending()
    decision_return(application=application, user=people.senior, comment="Check the lease.")
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert application.assigned_to == people.caseworker
    event = application.events.get(kind=EventKind.TRANSITION, to_status=S.IN_REVIEW, note__gt="")
    assert event.note == "Check the lease."
    assert event.actor == people.senior
    assert event.internal  # never shown to the applicant
    assert letters == []
    assert mailoutbox == []
    client.force_login(people.caseworker)
    with translation.override("en"):
        page = client.get(reverse("desk:case", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Check the lease." in page.text
    assert page.context["return_comment"] == event


def test_returning_needs_a_comment_and_a_senior(people, pending):
    application = pending()
    with pytest.raises(DeskError) as refused:
        decision_return(application=application, user=people.senior, comment="  ")
    assert refused.value.code == "comment"
    with pytest.raises(PermissionDenied):
        decision_return(application=application, user=people.caseworker2, comment="No.")
    application.refresh_from_db()
    assert application.status == S.PENDING_APPROVAL


def test_the_return_form_on_the_case_page(client, people, pending):
    application = pending()
    url = reverse("desk:case_action", args=[application.pk, "return"])
    client.force_login(people.caseworker2)
    assert client.post(url, {"return-comment": "x"}).status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == S.PENDING_APPROVAL
    client.force_login(people.senior)
    assert client.post(url, {"return-comment": ""}).status_code == 400
    response = client.post(url, {"return-comment": "Look at the invoices."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW


def test_a_senior_approves_a_lower_amount_with_a_justification(people, pending, desk, letters):
    application = pending()
    approved = decision_approve_amended(
        application=application,
        user=people.senior,
        amount="4000",
        justification="One of the invoices is not eligible.",
    )
    assert approved.status == S.APPROVED
    assert approved.awarded_amount == Decimal("4000.00")
    desk.refresh_from_db()
    assert desk.committed == Decimal("4000.00")
    audit = approved.events.get(kind=EventKind.NOTE, data__amended=True)
    assert audit.actor == people.senior
    assert audit.data["old_amount"] == "5000.00"
    assert audit.data["new_amount"] == "4000.00"
    assert audit.data["justification"] == "One of the invoices is not eligible."
    assert letters == [(application.pk, "award")]


def test_an_amended_amount_obeys_the_programmes_ceiling(people, pending, desk):
    application = pending()
    with pytest.raises(DeskError) as refused:
        decision_approve_amended(
            application=application, user=people.senior, amount="6000", justification="More."
        )
    assert refused.value.code == "amount"
    with pytest.raises(DeskError) as unjustified:
        decision_approve_amended(
            application=application, user=people.senior, amount="4000", justification=""
        )
    assert unjustified.value.code == "justification"
    desk.manual_amount_allowed = True
    desk.manual_amount_maximum = Decimal("5500.00")
    desk.save()
    with pytest.raises(DeskError):
        decision_approve_amended(
            application=application, user=people.senior, amount="5600", justification="More."
        )
    approved = decision_approve_amended(
        application=application, user=people.senior, amount="5500", justification="Two sites."
    )
    assert approved.awarded_amount == Decimal("5500.00")


def test_an_amended_amount_never_overspends_the_budget(people, pending, desk, letters):
    application = pending()
    ProgrammeDesk.objects.filter(pk=desk.pk).update(committed=Decimal("6000.00"))
    decided = decision_approve_amended(
        application=application, user=people.senior, amount="4500", justification="Less."
    )
    assert decided.status == S.WAITLISTED
    desk.refresh_from_db()
    assert desk.committed == Decimal("6000.00")
    assert letters == []


def test_a_caseworker_cannot_approve_a_different_amount_and_four_eyes_hold(
    client, people, pending, desk
):
    application = pending()
    with pytest.raises(PermissionDenied):
        decision_approve_amended(
            application=application, user=people.caseworker2, amount="4000", justification="x"
        )
    url = reverse("desk:case_action", args=[application.pk, "approve_amended"])
    client.force_login(people.caseworker)
    client.post(url, {"approve_amended-amount": "4000", "approve_amended-justification": "x"})
    application.refresh_from_db()
    assert application.status == S.PENDING_APPROVAL
    # A senior who proposed cannot approve their own proposal for another amount either.
    own = pending(amount=Decimal("4000.00"))
    decision_return(application=own, user=people.senior2, comment="Again.")
    own.refresh_from_db()
    own.assigned_to = people.senior
    own.save(update_fields=["assigned_to"])
    decision_propose(application=own, user=people.senior, amount=Decimal("4000.00"))
    with pytest.raises(DeskError) as refused:
        decision_approve_amended(
            application=own, user=people.senior, amount="3500", justification="Less."
        )
    assert refused.value.code == "four_eyes"
    desk.refresh_from_db()
    assert desk.committed == Decimal("0.00")


def test_the_amended_approval_form_on_the_case_page(client, people, pending):
    application = pending()
    client.force_login(people.senior)
    page = client.get(reverse("desk:case", args=[application.pk]))
    assert 'name="approve_amended-amount"' in page.text
    assert 'name="return-comment"' in page.text
    url = reverse("desk:case_action", args=[application.pk, "approve_amended"])
    response = client.post(
        url, {"approve_amended-amount": "4000", "approve_amended-justification": "Less."}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.APPROVED
    assert application.awarded_amount == Decimal("4000.00")
