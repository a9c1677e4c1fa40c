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


def test_the_bulk_preview_reduces_and_refuses_as_the_approval_will(
    people, desk, in_review, rent_award, letters
):
    from desk.services import applications_bulk_approve, applications_bulk_approve_preview

    rent_award("1000.00")  # 500 left under the joint ceiling of 1500
    first = in_review(computed_amount=Decimal("300.00"), programme_definition=_frozen())
    second = in_review(computed_amount=Decimal("800.00"), programme_definition=_frozen())
    third = in_review(computed_amount=Decimal("100.00"), programme_definition=_frozen())
    batch = [first, second, third]
    preview = applications_bulk_approve_preview(applications=batch, user=people.caseworker)
    # 300 in full; 200 of 800, what is left once the first is counted; nothing for the third.
    assert preview.approved == [first, second]
    assert preview.amounts == {first.pk: Decimal("300.00"), second.pk: Decimal("200.00")}
    assert preview.committed == {"EUR": Decimal("500.00")}
    assert [application for application, _reason in preview.skipped] == [third]
    assert "1.500,00" in preview.skipped[0][1] or "1,500.00" in preview.skipped[0][1]
    # The approval does what the preview said.
    applications_bulk_approve(applications=batch, user=people.caseworker)
    for application in batch:
        application.refresh_from_db()
    assert [first.awarded_amount, second.awarded_amount] == [Decimal("300.00"), Decimal("200.00")]
    assert third.status != S.APPROVED


def test_the_bulk_confirmation_page_lists_the_reduced_amounts(
    client, people, desk, in_review, rent_award
):
    from django.urls import reverse

    rent_award("1000.00")
    reduced = in_review(computed_amount=Decimal("800.00"), programme_definition=_frozen())
    client.force_login(people.caseworker)
    page = client.post(reverse("desk:bulk_approve"), {"application": [reduced.pk]})
    html = page.content.decode().replace("\xa0", " ")
    assert page.status_code == 200
    assert reduced.reference in html
    assert "500,00 € en lugar de 800,00 €" in html or "500,00 € instead of 800,00 €" in html
    reduced.refresh_from_db()
    assert reduced.status == S.IN_REVIEW
