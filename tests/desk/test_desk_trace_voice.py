"""The case page's eligibility trace speaks about the applicant, in the staff member's
language, although the reasons frozen at submission were written to the applicant."""

import pytest
from django.urls import reverse

from cms.services.programme_of_record import programme_of_record
from eligibility.engine import LANGUAGES
from eligibility.service import compiled_programme
from tests.factories.organisations import RepresentationFactory
from tests.helpers import admin_language_set, caseworker

ANSWERS = {
    "sector": "hospitality",
    "district": "abando",
    "employees": 4,
    "tax_obligations_current": True,
    "social_security_current": True,
    "debts_with_city": False,
}


@pytest.fixture
def people(demo_site):
    """The representative of `case()`; the demo desk brings its own staff users."""
    representation = RepresentationFactory()
    return type("People", (), {"organisation": representation.organisation})


@pytest.fixture
def caseworker_in(client, demo_site):
    def sign_in(language: str):
        user = caseworker(username=f"trace-voice-{language}")
        admin_language_set(user, language)
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def submitted(case):
    """An application frozen as submission freezes it: definition, answers, and the
    reasons in every language, written to the applicant."""
    definition = programme_of_record(slug="hospitality-direct-aid").definition
    evaluation = compiled_programme(definition).evaluate(ANSWERS)
    return case(
        answers=dict(ANSWERS),
        programme_definition=definition,
        evaluation={
            "outcome": evaluation.outcome,
            "amount": evaluation.to_dict()["amount"],
            "missing_facts": [],
            "as_of": evaluation.as_of.isoformat(),
            "desk_de_minimis": "0",
            "reasons": {lang: evaluation.reasons(lang) for lang in LANGUAGES},
        },
    )


@pytest.mark.parametrize(
    ("language", "applicant_voice", "staff_voice"),
    [
        ("es", ["ha respondido", "(tiene 4)"], "(respuesta: 4)"),
        ("en", ["you answered", "(you have 4)"], "(answer: 4)"),
    ],
)
def test_the_case_trace_reports_the_answers_to_staff_in_third_person(
    caseworker_in, submitted, language, applicant_voice, staff_voice
):
    frozen = submitted.evaluation["reasons"][language]
    assert any(words in reason["text"] for reason in frozen for words in applicant_voice)

    page = caseworker_in(language).get(reverse("desk:case", args=[submitted.pk])).text

    trace = page[page.index('id="trace-title"') :]
    trace = trace[: trace.index("</table>")]
    for words in [*applicant_voice, "erantzun duzu"]:
        assert words not in trace
    # Twice: as frozen at submission and as the current rules read the same answers.
    assert trace.count(staff_voice) == 2
