"""An award's obligations (format v2): stored with it on approval, with their due dates
counted from the decision, and stated in the award letter."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from desk.models import AwardObligation
from desk.services import decision_approve
from eligibility.engine import months_after, validate_definition
from tests.eligibility.engine_builders import programme
from tests.letters.letter_helpers import DEFINITION, issue, pdf_text

OBLIGATIONS = [
    {
        "id": "stay-open",
        "kind": "keep_open",
        "label": {
            "es": "Mantener la actividad abierta cuatro meses",
            "eu": "Jarduera lau hilabetez irekita mantentzea",
            "en": "Keep the activity open for four months",
        },
        "months": 4,
        "from": "award",
        "documents": [
            {
                "code": "census",
                "label": {"es": "Certificado de situación censal", "en": "Tax census certificate"},
            }
        ],
        "source": {"es": "Base 9.a", "en": "Rule 9.a"},
    },
    {
        "id": "justify",
        "kind": "justify",
        "label": {"es": "Justificar el gasto", "en": "Justify the spending"},
        "by": "2027-03-31",
    },
]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2026-10-15", 4, "2027-02-15"),
        ("2026-12-31", 12, "2027-12-31"),
    ],
)
def test_a_period_in_months_ends_on_the_same_day_or_the_months_last(day, months, expected):
    start = datetime.date.fromisoformat(day)
    assert months_after(start, months) == datetime.date.fromisoformat(expected)


def test_obligations_are_validated_at_their_path():
    doc = programme(None, 100, format="onestop.programme/v2", obligations=[
        {**OBLIGATIONS[0], "by": "2027-02-30"},
        {**OBLIGATIONS[1], "id": "stay-open", "from": "award"},
    ])  # fmt: skip
    found = {error.path: error.message for error in validate_definition(doc)}
    assert found["obligations[0]"].startswith("give its due date either as 'by'")
    assert found["obligations[0].by"] == "'2027-02-30' is not a valid calendar date"
    assert found["obligations[1].id"] == "'stay-open' is already used by obligations[0]"
    assert found["obligations[1].from"] == "goes with 'months'"
    v1 = programme(None, 100, obligations=OBLIGATIONS)
    assert {e.path: e.message for e in validate_definition(v1)}["obligations"] == (
        "needs format 'onestop.programme/v2'"
    )


@pytest.fixture
def obliged(in_review):
    definition = {**DEFINITION, "format": "onestop.programme/v2", "obligations": OBLIGATIONS}
    return in_review(computed_amount=Decimal("1250.00"), programme_definition=definition)


def test_approval_stores_the_obligations_with_their_due_dates(people, desk, obliged, letters):
    decided = timezone.make_aware(datetime.datetime(2026, 10, 31, 12, 0))
    with mock.patch("django.utils.timezone.now", return_value=decided):
        decision_approve(application=obliged, user=people.caseworker)
    stored = {row.obligation_id: row for row in AwardObligation.objects.filter(application=obliged)}
    assert stored["stay-open"].due_on == datetime.date(2027, 2, 28)
    assert stored["stay-open"].kind == "keep_open"
    assert stored["stay-open"].documents[0]["code"] == "census"
    assert stored["justify"].due_on == datetime.date(2027, 3, 31)
    assert stored["justify"].status == "pending"


def test_a_programme_without_obligations_stores_none(people, desk, in_review, letters):
    application = in_review(computed_amount=Decimal("1250.00"))
    decision_approve(application=application, user=people.caseworker)
    assert not AwardObligation.objects.filter(application=application).exists()


def test_the_award_letter_states_each_obligation(people, desk, obliged, letters, settings):
    decision_approve(application=obliged, user=people.caseworker)
    obliged.refresh_from_db()
    obliged.language = "en"
    obliged.save(update_fields=["language"])
    text = pdf_text(issue(obliged).pdf.read())
    assert "Obligations of the beneficiary" in text
    assert "Keep the activity open for four months, by" in text
    assert "Proven with: Tax census certificate (Rule 9.a)" in text
    assert "Justify the spending, by 31 March 2027" in text
