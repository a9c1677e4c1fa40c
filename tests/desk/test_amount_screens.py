"""Amounts on the desk's screens: in each programme's unit, the proposal beside the rules'
result, scores as people write them, and bulk approval confirmed before it writes."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications.constants import ApplicationStatus as S
from applications.roles import CASEWORKERS, SENIOR_CASEWORKERS
from desk.models import ProgrammeDesk
from desk.services import applications_bulk_approve_preview, programme_desk_for
from tests.factories.organisations import OrganisationFactory
from tests.helpers import member

HOURS = "digital-consultancy"  # the demo's programme awarded in hours, by competition


@pytest.fixture
def people(demo_site):
    """Desk staff whose names do not clash with the demo desk's users."""
    return type(
        "People",
        (),
        {
            "caseworker": member(CASEWORKERS, username="u-caseworker", first_name="U-Caseworker"),
            "caseworker2": member(
                CASEWORKERS, username="u-caseworker2", first_name="U-Caseworker2"
            ),
            "senior": member(
                CASEWORKERS, SENIOR_CASEWORKERS, username="u-senior", first_name="U-Senior"
            ),
        },
    )


def _case(case, **fields):
    return case(mine=False, organisation=OrganisationFactory(), **fields)


def test_an_hours_programmes_case_shows_hours_not_euros(client, people, case):
    application = _case(
        case,
        programme_slug=HOURS,
        computed_amount=Decimal("12.00"),
        status=S.IN_REVIEW,
        assigned_to=people.caseworker,
    )
    client.force_login(people.caseworker)
    with translation.override("en"):
        page = client.get(reverse("desk:case", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "12.00 EUR" not in text and "12,00 EUR" not in text
    assert "12 hours" in text or "12 horas" in text
    assert "Amount to award (hours)" in text or "Importe que se concede (horas)" in text


def test_the_queue_and_ranking_name_each_amount_in_its_unit(client, people, case):
    _case(case, programme_slug=HOURS, computed_amount=Decimal("12.00"), score=Decimal("70"))
    _case(case, programme_slug=HOURS, computed_amount=Decimal("8.00"), score=Decimal("12.5"))
    _case(case, programme_slug=HOURS, computed_amount=Decimal("4.00"), score=Decimal("0"))
    _case(case, computed_amount=Decimal("1250.00"))
    client.force_login(people.caseworker)
    queue = client.get(reverse("desk:queue", args=["all"])).content.decode()
    assert "Amount (EUR)" not in queue and "Importe (EUR)" not in queue
    assert "12 horas" in queue
    assert "1.250,00 €" in queue
    ranking = client.get(reverse("desk:ranking", args=[HOURS])).content.decode()
    assert "(EUR)" not in ranking
    assert f'<a href="{reverse("desk:ranking", args=[HOURS])}" aria-current="page"' in ranking
    assert "12 horas" in ranking
    cells = [
        row.score_shown
        for row in client.get(reverse("desk:ranking", args=[HOURS])).context["ranking"]
    ]
    assert cells == ["70", "12,5", "0"]
    assert "70.0000" not in ranking and "<td>—</td>" not in ranking


def test_the_export_names_the_unit_of_each_row(client, people, case):
    hours = _case(case, programme_slug=HOURS, computed_amount=Decimal("12.00"))
    client.force_login(people.caseworker)
    response = client.get(reverse("desk:queue", args=["all"]), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    heading = text.splitlines()[0]
    assert "EUR" not in heading
    row = next(line for line in text.splitlines() if line.startswith(hours.reference))
    assert "horas" in row


def test_pending_approval_shows_the_proposed_amount_and_the_rules(client, people, case):
    from desk.services import case_claim, decision_propose

    desk = programme_desk_for("hospitality-direct-aid")
    ProgrammeDesk.objects.filter(pk=desk.pk).update(
        manual_amount_allowed=True,
        manual_amount_maximum=Decimal("6000.00"),
        four_eyes_threshold=Decimal("3000.00"),
    )
    application = case_claim(
        application=_case(case, computed_amount=Decimal("1250.00")), user=people.caseworker
    )
    decision_propose(
        application=application,
        user=people.caseworker,
        amount="4000",
        justification="Dos locales en Abando.",
    )
    client.force_login(people.senior)
    queue = client.get(reverse("desk:queue", args=["pending_approval"])).content.decode()
    assert "4.000,00 €" in queue
    assert "1.250,00 €" in queue
    page = client.get(reverse("desk:case", args=[application.pk])).content.decode()
    assert "4.000,00 €" in page and "1.250,00 €" in page
    assert "Dos locales en Abando." in page


def test_an_amount_above_the_rules_is_refused_at_the_amount_field(client, people, case):
    application = _case(case, computed_amount=Decimal("1250.00"))
    client.force_login(people.caseworker)
    client.post(reverse("desk:case_action", args=[application.pk, "claim"]))
    response = client.post(
        reverse("desk:case_action", args=[application.pk, "propose"]),
        {"propose-amount": "5000", "propose-justification": "Lo pide el solicitante."},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'href="#id_propose-amount"' in text
    assert "1.250,00 €" in text
    form = response.context["forms"]["propose"]
    assert form.errors["amount"]
    application.refresh_from_db()
    assert application.proposed_amount is None


def test_bulk_approval_shows_what_it_will_do_and_writes_nothing_until_confirmed(
    client, people, case
):
    desk = programme_desk_for("hospitality-direct-aid")
    ProgrammeDesk.objects.filter(pk=desk.pk).update(
        budget=desk.committed + Decimal("2500.00"), four_eyes_threshold=Decimal("3000.00")
    )
    start = timezone.now() - datetime.timedelta(days=1)
    chosen = [
        _case(
            case,
            computed_amount=Decimal("1000.00"),
            submitted_at=start + datetime.timedelta(hours=i),
        )
        for i in range(3)
    ]
    ineligible = _case(case, evaluation={"outcome": "ineligible"})
    ids = [a.pk for a in chosen] + [ineligible.pk]
    committed_before = ProgrammeDesk.objects.get(pk=desk.pk).committed
    client.force_login(people.caseworker)
    url = reverse("desk:bulk_approve")
    response = client.post(url, {"application": ids})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert [a.pk for a in preview.approved] == [chosen[0].pk, chosen[1].pk]
    assert [a.pk for a in preview.waitlisted] == [chosen[2].pk]
    assert [a.pk for a, _why in preview.skipped] == [ineligible.pk]
    assert response.context["committed"] == ["2.000,00 €"]
    text = response.content.decode()
    assert 'name="confirm" value="1"' in text
    for application in chosen:
        application.refresh_from_db()
        assert application.status == S.SUBMITTED
    assert ProgrammeDesk.objects.get(pk=desk.pk).committed == committed_before

    response = client.post(url, {"application": ids, "confirm": "1"})
    assert response.status_code == 302
    statuses = []
    for application in chosen:
        application.refresh_from_db()
        statuses.append(application.status)
    assert statuses == [S.APPROVED, S.APPROVED, S.WAITLISTED]
    assert ProgrammeDesk.objects.get(pk=desk.pk).committed == committed_before + Decimal("2000")


def test_the_preview_creates_no_desk_row(people, case, db):
    ProgrammeDesk.objects.filter(programme_slug="municipal-fee-rebate").delete()
    application = _case(case, programme_slug="municipal-fee-rebate")
    application.refresh_from_db()
    preview = applications_bulk_approve_preview(applications=[application], user=people.caseworker)
    assert [a.pk for a in preview.approved] == [application.pk]
    assert not ProgrammeDesk.objects.filter(programme_slug="municipal-fee-rebate").exists()


def test_only_desk_staff_reach_the_bulk_confirmation(client, people, case):
    from tests.factories.organisations import RepresentationFactory

    application = _case(case)
    applicant = RepresentationFactory().user
    client.force_login(applicant)
    response = client.post(reverse("desk:bulk_approve"), {"application": [application.pk]})
    assert response.status_code in (302, 403)
    assert "preview" not in (response.context or {})


def test_seniors_set_a_programmes_manual_amount_and_its_maximum(client, people):
    desk = programme_desk_for("hospitality-direct-aid")
    client.force_login(people.senior)
    response = client.post(
        reverse("desk_programmes:edit", args=[desk.pk]),
        {
            "sla_days": "30",
            "four_eyes_threshold": "3000.00",
            "manual_amount_allowed": "on",
            "manual_amount_maximum": "1500.00",
        },
    )
    assert response.status_code == 302
    desk.refresh_from_db()
    assert (desk.manual_amount_allowed, desk.manual_amount_maximum) == (True, Decimal("1500.00"))
