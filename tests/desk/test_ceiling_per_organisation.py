"""A per-establishment programme's ceiling per organisation: the desk reduces the award that
would take one organisation's establishments above it, and refuses one when nothing is left,
saying why."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.constants import ApplicationStatus as S
from desk.services import (
    DeskError,
    applications_bulk_approve,
    decision_approve,
    decision_reject,
)
from desk.services.ceiling import ceiling_limit
from tests.applications.submission_helpers import definition
from tests.desk.conftest import PROGRAMME
from tests.factories.organisations import EstablishmentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def per_establishment(ceiling="2000.00", **changes) -> dict:
    """The programme as frozen on its applications: per establishment, capped at `ceiling`
    per organisation (None: uncapped)."""
    keys = {
        "format": "onestop.programme/v2",
        "slug": PROGRAMME,
        "application_unit": "establishment",
        "one_per": "establishment",
        **changes,
    }
    document = definition(**keys)
    if ceiling is not None:
        document["ceiling_per_organisation"] = ceiling
    return document


@pytest.fixture
def establishment_case(in_review, people):
    """A case in review for a new establishment of the representative's organisation."""
    start = timezone.now() - datetime.timedelta(days=10)
    made = []

    def make(amount="1250.00", *, organisation=None, frozen=None, **fields):
        organisation = organisation or people.organisation
        made.append(None)
        return in_review(
            organisation=organisation,
            establishment=EstablishmentFactory(organisation=organisation),
            computed_amount=Decimal(amount),
            programme_definition=per_establishment() if frozen is None else frozen,
            submitted_at=start + datetime.timedelta(hours=len(made)),
            **fields,
        )

    return make


def test_the_award_that_reaches_the_ceiling_is_reduced_to_what_is_left(
    people, desk, establishment_case, letters
):
    first, second = establishment_case(), establishment_case()
    assert decision_approve(application=first, user=people.caseworker).awarded_amount == Decimal(
        "1250.00"
    )
    reduced = decision_approve(application=second, user=people.caseworker)
    assert reduced.status == S.APPROVED
    assert reduced.awarded_amount == Decimal("750.00")
    reason = (
        "Se conceden 750,00 € en lugar de 1.250,00 €: el límite del programa por entidad es "
        "2.000,00 € y los demás establecimientos de la entidad han recibido 1.250,00 €."
    )
    event = reduced.events.get(to_status=S.APPROVED)
    assert event.note == reason
    assert event.data == {
        "amount": "750.00",
        "requested_amount": "1250.00",
        "ceiling_per_organisation": "2000.00",
        "organisation_awarded": "1250.00",
    }
    reduced.refresh_from_db()
    assert reduced.decision_note == reason
    assert reduced.awarded_amount == Decimal("750.00")
    desk.refresh_from_db()
    assert desk.committed == Decimal("2000.00")
    assert letters == [(first.pk, "award"), (second.pk, "award")]


def test_an_award_within_the_ceiling_is_untouched(people, desk, establishment_case):
    first, second = establishment_case("800.00"), establishment_case("1200.00")
    decision_approve(application=first, user=people.caseworker)
    approved = decision_approve(application=second, user=people.caseworker)
    assert approved.awarded_amount == Decimal("1200.00")
    event = approved.events.get(to_status=S.APPROVED)
    assert event.data == {"amount": "1200.00"}
    assert event.note == ""


def test_at_nothing_left_the_approval_is_refused_with_the_reason(
    people, desk, establishment_case, letters
):
    decision_approve(application=establishment_case("2000.00"), user=people.caseworker)
    third = establishment_case("500.00")
    with pytest.raises(DeskError) as refused:
        decision_approve(application=third, user=people.caseworker)
    assert refused.value.code == "ceiling"
    assert refused.value.messages == [
        "Los establecimientos de la entidad ya han recibido 2.000,00 € de este programa, su "
        "límite por entidad de 2.000,00 €: no queda nada para esta solicitud."
    ]
    third.refresh_from_db()
    assert third.status == S.IN_REVIEW
    assert third.awarded_amount is None
    desk.refresh_from_db()
    assert desk.committed == Decimal("2000.00")


def test_a_zero_ceiling_refuses_every_award(people, desk, establishment_case):
    case = establishment_case(frozen=per_establishment(ceiling="0"))
    with pytest.raises(DeskError):
        decision_approve(application=case, user=people.caseworker)


def test_other_organisations_and_other_programmes_do_not_count(
    people, desk, establishment_case, case
):
    other = OrganisationFactory()
    decision_approve(
        application=establishment_case("2000.00", organisation=other), user=people.caseworker
    )
    case(
        programme_slug="another-aid",
        status=S.APPROVED,
        awarded_amount=Decimal("5000.00"),
        programme_definition=per_establishment(slug="another-aid"),
    )
    mine = establishment_case("1500.00")
    assert decision_approve(application=mine, user=people.caseworker).awarded_amount == Decimal(
        "1500.00"
    )


def test_an_award_taken_back_frees_its_part_of_the_ceiling(people, desk, establishment_case):
    first = establishment_case("2000.00")
    decision_approve(application=first, user=people.caseworker)
    decision_reject(
        application=first, user=people.senior, reason_codes=["duplicate"], text="Duplicated."
    )
    second = establishment_case("1500.00")
    assert decision_approve(application=second, user=people.caseworker).awarded_amount == (
        Decimal("1500.00")
    )


def test_without_a_ceiling_or_per_organisation_nothing_changes(people, desk, establishment_case):
    uncapped = per_establishment(ceiling=None)
    decision_approve(
        application=establishment_case("2000.00", frozen=uncapped), user=people.caseworker
    )
    assert decision_approve(
        application=establishment_case("2000.00", frozen=uncapped), user=people.caseworker
    ).awarded_amount == Decimal("2000.00")
    # A per-organisation definition with the key (not valid, but frozen long ago) is not capped.
    loose = definition(slug=PROGRAMME)
    loose["ceiling_per_organisation"] = "1"
    case = establishment_case("900.00", frozen=loose)
    assert ceiling_limit(case, Decimal("900.00")).amount == Decimal("900.00")


def test_the_waiting_list_promotes_within_the_ceiling(
    people, small_budget, establishment_case, letters, django_capture_on_commit_callbacks
):
    """3,000 EUR of budget: the organisation's first bar takes 1,250, another organisation
    the rest; the second bar waits. When the other award is taken back, the second bar
    comes off the list with what the 2,000 ceiling leaves: 750."""
    mine = establishment_case("1250.00")
    holder = establishment_case("1750.00", organisation=OrganisationFactory())
    waiting = establishment_case("1250.00")
    decision_approve(application=mine, user=people.caseworker)
    decision_approve(application=holder, user=people.caseworker)
    assert decision_approve(application=waiting, user=people.caseworker).status == S.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        decision_reject(
            application=holder, user=people.senior, reason_codes=["duplicate"], text="Duplicated."
        )
    waiting.refresh_from_db()
    assert waiting.status == S.APPROVED
    assert waiting.awarded_amount == Decimal("750.00")
    promotion = waiting.events.get(to_status=S.APPROVED)
    assert promotion.data["waitlist"] is True
    assert promotion.data["requested_amount"] == "1250.00"
    assert "el límite del programa por entidad es 2.000,00 €" in promotion.note
    small_budget.refresh_from_db()
    assert small_budget.committed == Decimal("2000.00")


def test_a_waiting_case_with_nothing_left_stays_waiting(
    people, small_budget, establishment_case, case, letters, django_capture_on_commit_callbacks
):
    holder = establishment_case(
        "3000.00", organisation=OrganisationFactory(), frozen=per_establishment(ceiling=None)
    )
    waiting = establishment_case("500.00")
    decision_approve(application=holder, user=people.caseworker)
    assert decision_approve(application=waiting, user=people.caseworker).status == S.WAITLISTED
    # Meanwhile another establishment of the organisation is awarded the whole ceiling.
    case(
        status=S.APPROVED,
        awarded_amount=Decimal("2000.00"),
        decided_at=timezone.now(),
        programme_definition=per_establishment(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision_reject(
            application=holder, user=people.senior, reason_codes=["duplicate"], text="Duplicated."
        )
    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED
    assert waiting.awarded_amount is None


def test_a_bulk_approval_skips_the_case_with_nothing_left_saying_why(
    people, desk, establishment_case, letters
):
    first, second = establishment_case("2000.00"), establishment_case("300.00")
    summary = applications_bulk_approve(applications=[first, second], user=people.caseworker)
    assert [application.pk for application in summary.approved] == [first.pk]
    ((skipped, reason),) = summary.skipped
    assert skipped.pk == second.pk
    assert "no queda nada para esta solicitud" in reason


def test_the_case_page_shows_the_establishment(client, people, desk, establishment_case):
    case = establishment_case()
    client.force_login(people.caseworker)
    html = client.get(reverse("desk:case", args=[case.pk])).content.decode()
    assert case.establishment.name in html
    assert case.establishment.address in html
