"""An award's ceiling: above the rules' result only where the programme allows a manual
amount, with a justification, and never above the programme's maximum."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from applications.constants import ApplicationStatus as S
from desk.services import (
    DeskError,
    applications_bulk_approve,
    decision_approve,
    decision_propose,
)

RULES = Decimal("1250.00")  # what the rules computed for the case


@pytest.fixture
def manual(desk):
    desk.manual_amount_allowed = True
    desk.manual_amount_maximum = Decimal("1500.00")
    desk.save()
    return desk


def test_more_than_the_rules_give_is_refused_where_no_manual_amount_is_allowed(
    people, desk, in_review
):
    application = in_review(computed_amount=RULES)
    with translation.override("en"), pytest.raises(DeskError) as refused:
        decision_propose(
            application=application,
            user=people.caseworker,
            amount=Decimal("5000"),
            justification="The applicant asked for more.",
        )
    assert refused.value.code == "amount"
    assert refused.value.messages == [
        "The rules give €1,250.00 and this programme does not allow a manual amount: "
        "award at most €1,250.00."
    ]
    application.refresh_from_db()
    assert application.proposed_amount is None


def test_the_refusal_is_in_the_desks_language(people, desk, in_review):
    application = in_review(computed_amount=RULES)
    with translation.override("es"), pytest.raises(DeskError) as refused:
        decision_propose(
            application=application, user=people.caseworker, amount="5000", justification="x"
        )
    assert "1.250,00 €" in refused.value.messages[0]
    assert "The rules give" not in refused.value.messages[0]


def test_a_manual_amount_goes_up_to_the_programmes_maximum_and_no_further(
    people, manual, in_review
):
    application = in_review(computed_amount=RULES)
    with translation.override("en"), pytest.raises(DeskError) as refused:
        decision_propose(
            application=application,
            user=people.caseworker,
            amount=Decimal("5000"),
            justification="Two premises.",
        )
    assert refused.value.messages == [
        "€5,000.00 is above this programme's maximum for a manual amount, €1,500.00 "
        "(the rules give €1,250.00)."
    ]
    with translation.override("en"), pytest.raises(DeskError) as unjustified:
        decision_propose(application=application, user=people.caseworker, amount="1500")
    assert unjustified.value.code == "justification"
    proposed = decision_propose(
        application=application,
        user=people.caseworker,
        amount="1500",
        justification="Two premises.",
    )
    assert proposed.proposed_amount == Decimal("1500.00")
    assert decision_approve(application=proposed, user=people.caseworker).status == S.APPROVED


def test_an_approver_is_refused_a_proposal_above_the_ceiling(people, manual, in_review, letters):
    """The story: 5,000 proposed where the rules give 1,250, approved by a senior. A proposal
    recorded under looser settings is checked again when it is approved."""
    application = in_review(computed_amount=RULES)
    # Recorded when the programme still allowed up to 6,000 and above four eyes.
    manual.manual_amount_maximum = Decimal("6000.00")
    manual.save()
    proposed = decision_propose(
        application=application,
        user=people.caseworker,
        amount="5000",
        justification="Two premises.",
    )
    assert proposed.status == S.PENDING_APPROVAL
    manual.manual_amount_maximum = Decimal("1500.00")
    manual.save()
    with pytest.raises(DeskError) as refused:
        decision_approve(application=proposed, user=people.senior)
    assert refused.value.code == "amount"
    proposed.refresh_from_db()
    assert (proposed.status, proposed.awarded_amount) == (S.PENDING_APPROVAL, None)
    manual.refresh_from_db()
    assert manual.committed == Decimal("0.00")
    assert letters == []


def test_bulk_and_competitive_awards_commit_no_amount_above_the_ceiling(
    people, desk, in_review, letters
):
    application = in_review(computed_amount=RULES)
    # A proposal written around the services (an old row, an import) is still refused.
    type(application).objects.filter(pk=application.pk).update(
        proposed_amount=Decimal("5000.00"), proposal_justification="Two premises."
    )
    summary = applications_bulk_approve(applications=[application], user=people.caseworker)
    assert [a.pk for a, _why in summary.skipped] == [application.pk]
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    desk.refresh_from_db()
    assert desk.committed == Decimal("0.00")


def test_less_than_the_rules_give_needs_a_justification_only(people, desk, in_review):
    application = in_review(computed_amount=RULES)
    with pytest.raises(DeskError) as refused:
        decision_propose(application=application, user=people.caseworker, amount="900")
    assert refused.value.code == "justification"
    proposed = decision_propose(
        application=application, user=people.caseworker, amount="900", justification="9 months"
    )
    assert proposed.proposed_amount == Decimal("900.00")


def test_where_the_rules_computed_nothing_the_amount_is_a_manual_one(people, manual, in_review):
    application = in_review(computed_amount=None)
    with pytest.raises(DeskError) as refused:
        decision_propose(
            application=application, user=people.caseworker, amount="2000", justification="x"
        )
    assert refused.value.code == "amount"
    proposed = decision_propose(
        application=application, user=people.caseworker, amount="1000", justification="x"
    )
    assert proposed.proposed_amount == Decimal("1000.00")


def test_allowing_a_manual_amount_needs_its_maximum(desk):
    desk.manual_amount_allowed = True
    with pytest.raises(ValidationError) as refused:
        desk.full_clean()
    assert "manual_amount_maximum" in refused.value.message_dict
