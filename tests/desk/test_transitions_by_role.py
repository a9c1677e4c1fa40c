"""Every transition of the state machine, allowed and refused, for each role.

The transitions are run through `application_transition`, the one way a status changes;
the desk's services add their own checks on top (tested beside them).
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from applications.constants import ApplicationStatus as S
from applications.constants import EventKind
from applications.services.transitions import application_transition
from desk.services.four_eyes import four_eyes_mark

ROLES = ("applicant", "caseworker", "senior", "editor", "anonymous")
APPLICANT = {"applicant"}
DESK = {"caseworker", "senior"}
SENIOR = {"senior"}
NOBODY = set()

# (action, source status, extra fields, roles allowed)
CASES = [
    ("submit", S.DRAFT, {}, APPLICANT),
    ("start_review", S.SUBMITTED, {}, DESK),
    ("request_information", S.IN_REVIEW, {}, DESK),
    ("answer_information", S.INFO_REQUESTED, {}, APPLICANT),
    ("propose_approval", S.IN_REVIEW, {}, DESK),
    # At or under the four-eyes threshold any caseworker approves straight from review ...
    ("approve", S.IN_REVIEW, {"computed_amount": Decimal("3000.00")}, DESK),
    # ... above it, nobody does: it must be proposed first.
    ("approve", S.IN_REVIEW, {"computed_amount": Decimal("3000.01")}, NOBODY),
    ("approve", S.PENDING_APPROVAL, {"proposed_amount": Decimal("5000.00")}, SENIOR),
    ("approve", S.WAITLISTED, {}, SENIOR),
    ("waitlist", S.IN_REVIEW, {}, DESK),
    ("waitlist", S.PENDING_APPROVAL, {"proposed_amount": Decimal("5000.00")}, SENIOR),
    ("reject", S.IN_REVIEW, {}, DESK),
    ("reject", S.PENDING_APPROVAL, {}, DESK),
    ("reject", S.WAITLISTED, {}, DESK),
    ("reject", S.APPROVED, {"awarded_amount": Decimal("1000.00")}, SENIOR),
    ("withdraw", S.SUBMITTED, {}, APPLICANT),
    ("withdraw", S.INFO_REQUESTED, {}, APPLICANT),
    ("withdraw", S.APPROVED, {"awarded_amount": Decimal("1000.00")}, APPLICANT),
]
# What a transition is given besides the user, as the services give it.
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "source", "fields", "allowed"),
    CASES,
    ids=[f"{action}-from-{source}-{sorted(allowed)}" for action, source, _f, allowed in CASES],
)
def test_transition_by_role(people, desk, case, action, source, fields, allowed, role):
    if source in (S.APPROVED,) and "awarded_amount" in fields:
        desk.committed = fields["awarded_amount"]
        desk.save()
    if source == S.DRAFT:
        application = case(status=S.DRAFT, reference=None, submitted_at=None, **fields)
    else:
        application = case(status=source, **fields)
    user = getattr(people, role)

    def transition():
        return application_transition(
            application=application,
            action=action,
            user=user,
            # The desk's four-eyes finding, as its approval services give it.
            before_save=lambda locked: four_eyes_mark(application=locked, desk=desk),
        )

    if role in allowed:
        changed = transition()
        assert changed.status != source
        event = changed.events.get(kind=EventKind.TRANSITION)
        assert (event.from_status, event.to_status, event.actor) == (
            source,
            changed.status,
            None if role == "anonymous" else user,
        )
    else:
        with pytest.raises(PermissionDenied):
            transition()
        application.refresh_from_db()
        assert application.status == source
        assert not application.events.exists()


def test_the_proposer_may_not_approve_but_another_senior_may(people, desk, case):
    application = case(
        status=S.PENDING_APPROVAL, proposed_amount=Decimal("5000.00"), proposed_by=people.senior
    )
    with pytest.raises(PermissionDenied):
        application_transition(application=application, action="approve", user=people.senior)
    approved = application_transition(
        application=application, action="approve", user=people.senior2
    )
    assert approved.status == S.APPROVED


def test_the_desk_itself_only_promotes_from_the_waiting_list(people, desk, case):
    with pytest.raises(PermissionDenied):
        application_transition(application=case(status=S.IN_REVIEW), action="approve", user=None)
    approved = application_transition(
        application=case(status=S.WAITLISTED), action="approve", user=None
    )
    assert approved.status == S.APPROVED
