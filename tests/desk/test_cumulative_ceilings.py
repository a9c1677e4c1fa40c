"""Ceilings across programmes (format v2 `ceilings`): the awards to one beneficiary under a
programme and those it is cumulative with never pass their joint total."""

from decimal import Decimal

import pytest

from applications.constants import ApplicationStatus as S
from desk.services import DeskError, decision_approve
from eligibility.engine import validate_definition
from tests.eligibility.engine_builders import programme
from tests.factories.organisations import OrganisationFactory
from tests.letters.letter_helpers import DEFINITION

CEILINGS = [
    {
        "id": "aurrera-total",
        "programmes": ["rent-aid"],
        "per": "organisation",
        "total": "1500.00",
        "source": {"es": "Base 12"},
    }
]


def _frozen():
    return {**DEFINITION, "format": "onestop.programme/v2", "ceilings": CEILINGS}


@pytest.fixture
def rent_award(case, people):
    def make(amount, organisation=None):
        return case(
            programme_slug="rent-aid",
            status=S.APPROVED,
            computed_amount=Decimal(amount),
            awarded_amount=Decimal(amount),
            **({"mine": False, "organisation": organisation} if organisation else {}),
        )

    return make


def test_an_award_is_reduced_to_what_the_joint_ceiling_leaves(
    people, desk, in_review, rent_award, letters
):
    rent_award("1000.00")
    application = in_review(computed_amount=Decimal("800.00"), programme_definition=_frozen())
    decision_approve(application=application, user=people.caseworker)
    application.refresh_from_db()
    assert application.status == S.APPROVED
    assert application.awarded_amount == Decimal("500.00")
    assert "1.500,00" in application.decision_note or "1,500.00" in application.decision_note


def test_nothing_left_under_the_joint_ceiling_refuses_the_award(
    people, desk, in_review, rent_award, letters
):
    rent_award("1500.00")
    application = in_review(computed_amount=Decimal("800.00"), programme_definition=_frozen())
    with pytest.raises(DeskError) as refused:
        decision_approve(application=application, user=people.caseworker)
    assert refused.value.code == "ceiling"
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW and application.awarded_amount is None


def test_another_beneficiarys_awards_do_not_count(people, desk, in_review, rent_award, letters):
    rent_award("1500.00", organisation=OrganisationFactory())
    application = in_review(computed_amount=Decimal("800.00"), programme_definition=_frozen())
    decision_approve(application=application, user=people.caseworker)
    application.refresh_from_db()
    assert application.awarded_amount == Decimal("800.00")


def test_ceilings_are_validated_at_their_path():
    doc = programme(None, 100, format="onestop.programme/v2", ceilings=[
        {"id": "a", "programmes": ["test-programme"], "total": "-1"},
        {"id": "a", "per": "establishment", "total": "10"},
    ])  # fmt: skip
    found = {error.path: error.message for error in validate_definition(doc)}
    assert found["ceilings[0].programmes[0]"].startswith("the programme itself always counts")
    assert found["ceilings[0].total"] == "must not be negative"
    assert found["ceilings[1].id"] == "'a' is already used by ceilings[0]"
    assert found["ceilings[1].per"] == "'establishment' needs application_unit 'establishment'"
    v1 = programme(None, 100, ceilings=CEILINGS)
    assert {e.path: e.message for e in validate_definition(v1)}["ceilings"] == (
        "needs format 'onestop.programme/v2'"
    )
