"""Desk screens that read the published programmes: the re-evaluation beside the frozen
trace, the programme filter, the competitive ranking."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.roles import CASEWORKERS, SENIOR_CASEWORKERS
from tests.factories.organisations import OrganisationFactory, RepresentationFactory
from tests.helpers import member


@pytest.fixture
def people(demo_site):
    """Desk staff whose names do not clash with the demo desk's users."""
    representation = RepresentationFactory()
    return type(
        "People",
        (),
        {
            "organisation": representation.organisation,
            "caseworker": member(CASEWORKERS, username="d2-caseworker"),
            "senior": member(CASEWORKERS, SENIOR_CASEWORKERS, username="d2-senior"),
        },
    )


def test_case_page_sets_frozen_trace_beside_the_current_rules_and_marks_changes(
    client, demo_site, people, case
):
    # Frozen: eligible with staff met. Now the answers say no employees: staff is not met.
    application = case(
        answers={
            "sector": "hospitality",
            "district": "abando",
            "employees": 0,
            "tax_obligations_current": True,
            "social_security_current": True,
            "debts_with_city": False,
        },
        evaluation={
            "outcome": "eligible",
            "amount": "1000.00",
            "missing_facts": [],
            # As frozen at submission: the reasons in every language.
            "reasons": {
                "es": [
                    {"id": "sector", "met": True, "text": "sector ok"},
                    {"id": "staff", "met": True, "text": "staff ok"},
                ],
                "en": [
                    {"id": "sector", "met": True, "text": "sector fine"},
                    {"id": "staff", "met": True, "text": "staff fine"},
                ],
            },
        },
    )
    client.force_login(people.caseworker)
    response = client.get(reverse("desk:case", args=[application.pk]))
    trace = response.context["trace"]
    rows = {row.id: row for row in trace.rows}
    assert trace.frozen_outcome == "eligible"
    assert trace.current_outcome == "ineligible"
    assert rows["staff"].differs and rows["staff"].current_met is False
    assert not rows["sector"].differs
    assert rows["sector"].in_frozen and rows["sector"].frozen_text == "sector ok"
    assert trace.has_differences
    page = response.text
    assert 'class="desk-diff"' in page
    assert "staff ok" in page


def test_programme_filter_lists_only_that_programme(client, demo_site, people, case):
    hospitality = case(mine=False, organisation=OrganisationFactory())
    rental = case(mine=False, organisation=OrganisationFactory(), programme_slug="rental-subsidy")
    client.force_login(people.caseworker)
    url = reverse("desk:queue", args=["all"])
    response = client.get(url, {"programme": "rental-subsidy"})
    assert [a.pk for a in response.context["object_list"]] == [rental.pk]
    response = client.get(url, {"programme": "hospitality-direct-aid"})
    assert hospitality.pk in [a.pk for a in response.context["object_list"]]
    assert rental.pk not in [a.pk for a in response.context["object_list"]]
    # The listing names the programme by its title, not its slug.
    assert "Ayuda directa a la hostelería" in response.text


def test_competitive_ranking_lists_by_score_and_only_seniors_award(client, demo_site, people, case):
    low = case(
        mine=False,
        organisation=OrganisationFactory(),
        programme_slug="digital-consultancy",
        score=Decimal("10"),
    )
    high = case(
        mine=False,
        organisation=OrganisationFactory(),
        programme_slug="digital-consultancy",
        score=Decimal("42"),
    )
    url = reverse("desk:ranking", args=["digital-consultancy"])
    client.force_login(people.caseworker)
    response = client.get(url)
    assert response.status_code == 200
    assert [a.pk for a in response.context["ranking"]] == [high.pk, low.pk]
    assert "Award in rank order" not in response.text and "Adjudicar" not in response.text
    client.force_login(people.senior)
    assert 'action="' + url + '"' in client.get(url).text


def test_demo_applications_are_real_submitted_cases_and_load_once(demo_site):
    from demo.applications import demo_applications_ensure
    from desk.models import ProgrammeDesk

    first = demo_applications_ensure()
    again = demo_applications_ensure()
    assert [a.pk for a in again] == [a.pk for a in first]
    assert len(first) == 3
    for application in first:
        assert application.status == "submitted"
        assert application.reference
        assert application.evaluation["outcome"] == "eligible"
        assert application.documents.count() == 2
        # The letters print the beneficiary's postal address: the demo's have one.
        assert application.organisation.street and application.organisation.postcode
    assert sorted(str(a.computed_amount) for a in first) == ["1000.00", "1250.00", "1500.00"]
    # Same rules, same answers: the re-evaluation agrees with the frozen trace, rule by rule.
    from cms.services.programme_of_record import programme_of_record
    from desk.views.trace import trace_comparison

    for application in first:
        definition = programme_of_record(slug=application.programme_slug).definition
        trace = trace_comparison(application, definition)
        assert trace.rows and all(row.in_frozen and row.in_current for row in trace.rows)
        assert not trace.has_differences
    desk = ProgrammeDesk.objects.get(programme_slug="hospitality-direct-aid")
    assert desk.four_eyes_threshold == Decimal("1000.00")
