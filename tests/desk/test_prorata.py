"""Prorata rounds: requests above the budget, every award reduced by the same ratio, rounded
down to the cent, the sum never above the budget, and letters with the reduced amounts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from applications.constants import ApplicationStatus as S
from desk.models import AwardMode, LineBudget, ProrataRound
from desk.services import DeskError, programme_desk_for, prorata_award, prorata_shares
from tests.letters.letter_helpers import issue, pdf_text

SLUG = "irun-two-lines"


def _definition(closes, *, lines=True):
    definition = {
        "format": "onestop.programme/v2",
        "slug": SLUG,
        "title": {"es": "Irun Aurrera", "en": "Irun Aurrera"},
        "benefit": "grant",
        "unit": "EUR",
        "award_mode": "prorata",
        "budget": "3000.00",
        "window": {"opens": "2026-01-01", "closes": closes},
    }
    if lines:
        definition["lines"] = [
            {"id": "line-1", "label": {"es": "Línea 1", "en": "Line 1"}, "budget": "2000.00"},
            {"id": "line-2", "label": {"es": "Línea 2", "en": "Line 2"}, "budget": "1000.00"},
        ]
    return definition


@pytest.fixture
def round_(case):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    start = timezone.now() - datetime.timedelta(days=20)
    made = []

    def make(amount, line, *, outcome="eligible", closes=yesterday, lines=True):
        application = case(
            programme_slug=SLUG,
            programme_definition=_definition(closes, lines=lines),
            computed_amount=Decimal(amount),
            submitted_at=start + datetime.timedelta(hours=len(made)),
            evaluation={"outcome": outcome, "amount": amount, "line": line},
        )
        made.append(application)
        return application

    return make


def test_requests_above_a_line_budget_are_each_reduced_by_the_same_ratio(people, round_, letters):
    # Line 1: 1300 + 1300 + 1000 = 3600 asked for 2000: ratio 0.5555...
    line_1 = [round_("1300.00", "line-1"), round_("1300.00", "line-1"), round_("1000.00", "line-1")]
    # Line 2: 500 + 300 = 800 asked, within its 1000: paid in full.
    line_2 = [round_("500.00", "line-2"), round_("300.00", "line-2")]
    ineligible = round_("900.00", None, outcome="ineligible")
    summary = prorata_award(programme_slug=SLUG, user=people.senior)
    assert len(summary.approved) == 5
    for application in [*line_1, *line_2, ineligible]:
        application.refresh_from_db()
    assert [a.awarded_amount for a in line_1] == [
        Decimal("722.22"),  # 1300 * 2000 / 3600 = 722.222..., rounded down
        Decimal("722.22"),
        Decimal("555.55"),  # 555.555...
    ]
    assert [a.awarded_amount for a in line_2] == [Decimal("500.00"), Decimal("300.00")]
    assert all(a.status == S.APPROVED for a in [*line_1, *line_2])
    assert ineligible.status == S.SUBMITTED
    line = LineBudget.objects.get(programme_slug=SLUG, line_id="line-1")
    assert line.committed == Decimal("1999.99") <= line.budget
    assert programme_desk_for(SLUG).committed == Decimal("2799.99")
    record = ProrataRound.objects.get(programme_slug=SLUG, line_id="line-1")
    assert (record.requested, record.awarded, record.remainder, record.cases) == (
        Decimal("3600.00"), Decimal("1999.99"), Decimal("0.01"), 3,
    )  # fmt: skip
    assert record.ratio == Decimal("0.555555555555")
    in_full = ProrataRound.objects.get(programme_slug=SLUG, line_id="line-2")
    assert (in_full.ratio, in_full.remainder) == (Decimal(1), Decimal("0.00"))
    assert sorted(letters) == sorted((a.pk, "award") for a in [*line_1, *line_2])
    assert "Ley 38/2003" in line_1[0].proposal_justification


def test_the_letters_state_the_reduced_amounts(people, round_, settings):
    settings.LANGUAGE_CODE = "es"
    first = round_("1300.00", None, lines=False)
    round_("1300.00", None, lines=False)
    round_("1400.00", None, lines=False)
    prorata_award(programme_slug=SLUG, user=people.senior)
    first.refresh_from_db()
    # 4000 asked for 3000: 1300 * 3000 / 4000 = 975.
    assert first.awarded_amount == Decimal("975.00")
    text = pdf_text(issue(first).pdf.read())
    assert "975,00" in text
    assert "1.300,00" not in text


def test_a_budget_that_covers_every_request_pays_each_in_full(people, round_, letters):
    cases = [round_("1000.00", None, lines=False), round_("1500.00", None, lines=False)]
    shares = prorata_shares(programme_slug=SLUG)
    assert [share.ratio for share in shares] == [Decimal(1)]
    prorata_award(programme_slug=SLUG, user=people.senior)
    for application in cases:
        application.refresh_from_db()
    assert [a.awarded_amount for a in cases] == [Decimal("1000.00"), Decimal("1500.00")]


def test_the_sum_never_passes_the_budget_for_awkward_amounts(people, round_, letters):
    amounts = ["333.33", "333.34", "1000.01", "777.77", "1234.56", "999.99"]
    cases = [round_(amount, None, lines=False) for amount in amounts]
    prorata_award(programme_slug=SLUG, user=people.senior)
    total = Decimal(0)
    requested = sum(Decimal(amount) for amount in amounts)
    for application, amount in zip(cases, amounts, strict=True):
        application.refresh_from_db()
        exact = Decimal(amount) * Decimal("3000.00") / requested
        assert exact - Decimal("0.01") < application.awarded_amount <= exact
        total += application.awarded_amount
    assert total <= Decimal("3000.00")
    assert Decimal("3000.00") - total < Decimal("0.01") * len(amounts)


def test_only_a_senior_shares_and_only_after_the_window(people, round_, case):
    round_("1000.00", None, lines=False)
    with pytest.raises(PermissionDenied):
        prorata_award(programme_slug=SLUG, user=people.caseworker)


def test_no_round_while_the_window_is_open(people, round_, letters):
    round_("1000.00", None, lines=False, closes=timezone.localdate().isoformat())
    with pytest.raises(DeskError) as refused:
        prorata_award(programme_slug=SLUG, user=people.senior)
    assert refused.value.code == "window_open"
    assert programme_desk_for(SLUG).award_mode == AwardMode.PRORATA


def test_a_first_come_programme_is_not_shared(people, case):
    case(programme_slug="hospitality-direct-aid")
    with pytest.raises(DeskError) as refused:
        prorata_award(programme_slug="hospitality-direct-aid", user=people.senior)
    assert refused.value.code == "not_prorata"


def test_a_line_budget_limits_a_first_come_approval_too(people, round_, letters):
    from applications.services.transitions import application_transition
    from desk.services import decision_approve

    desk = programme_desk_for(SLUG)
    desk.award_mode = AwardMode.FIRST_COME
    desk.save()
    big = round_("1500.00", "line-2")
    application_transition(application=big, action="start_review", user=people.senior)
    decision_approve(application=big, user=people.senior)
    big.refresh_from_db()
    assert big.status == S.WAITLISTED
    assert LineBudget.objects.get(programme_slug=SLUG, line_id="line-2").committed == 0


def _published_prorata_page():
    from tests.eligibility.engine_builders import programme
    from tests.factories.cms import ProgrammePageFactory

    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    definition = programme(
        None,
        1000,
        **{
            **_definition(yesterday),
            "title": {"es": "Irun Aurrera", "eu": "Irun Aurrera", "en": "Irun Aurrera"},
        },
    )
    return ProgrammePageFactory(definition=definition)


def test_the_screen_shows_each_lines_share_and_only_a_senior_awards(
    client, people, round_, letters
):
    _published_prorata_page()
    round_("1300.00", "line-1")
    round_("2700.00", "line-1")
    url = reverse("desk:prorata", args=[SLUG])
    client.force_login(people.caseworker)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Línea 1" in page
    # The programme's tab is the current one, and links to this page.
    assert f'<a href="{url}" aria-current="page"' in page
    assert "650,00" in page  # 1300 * 2000 / 4000
    assert "1.350,00" in page
    assert 'action="' + url + '"' not in page
    refused = client.post(url)
    assert refused.status_code == 302
    assert LineBudget.objects.get(programme_slug=SLUG, line_id="line-1").committed == 0
    client.force_login(people.senior)
    assert 'action="' + url + '"' in client.get(url).content.decode()
    client.post(url)
    assert LineBudget.objects.get(programme_slug=SLUG, line_id="line-1").committed == Decimal(
        "2000.00"
    )
    assert ProrataRound.objects.get(programme_slug=SLUG).cases == 2
    assert "<td>2.000,00" in client.get(url).content.decode().replace("\xa0", " ").replace(
        " EUR", ""
    )


def test_the_screen_refuses_an_unknown_programme(client, people):
    client.force_login(people.senior)
    response = client.get(reverse("desk:prorata", args=["no-such-programme"]), follow=True)
    assert response.status_code == 404
