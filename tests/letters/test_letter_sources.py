"""Decision letters under a format v2 programme cite the bases: an award the articles its
amount was set under and the programme's key figures with their sources; a refusal the
article of each requirement not met."""

import datetime as dt
from decimal import Decimal

import pytest

from applications.constants import ApplicationStatus
from applications.services.submission import _frozen_evaluation
from eligibility.engine import CompiledProgramme
from tests.eligibility.v2_facts_examples import bilbao_2022
from tests.letters.letter_helpers import issue, pdf_text

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2022, 3, 10)
SMALL = {"founded_on": "2020-01-01", "full_time_staff": 3, "part_time_staff": 3}


def frozen(facts):
    evaluation = CompiledProgramme(bilbao_2022()).evaluate(facts, as_of=AS_OF)
    return _frozen_evaluation(evaluation, AS_OF, Decimal(0))


@pytest.mark.parametrize(
    ("language", "sources", "figure"),
    [
        ("es", "Base 5; Base 5.1", "Decreto de Alcaldía de 1 de marzo de 2022"),
        ("eu", "5. oinarria; 5.1 oinarria", "Pertsona bakoitzeko zenbatekoa: 400 (5.1 oinarria)"),
        ("en", "Rule 5; Rule 5.1", "Amount per worker: 400 (Rule 5.1)"),
    ],
)
def test_an_award_letter_cites_the_amount_sources_and_the_parameters(
    make_decided, language, sources, figure
):
    application = make_decided(
        language=language,
        definition=bilbao_2022(),
        amount=Decimal("1800.00"),
        evaluation=frozen(SMALL),
    )

    text = pdf_text(issue(application).pdf.read())

    assert sources in text
    assert figure in text
    assert "Largest headcount: 10." in text or language != "en"


def test_a_rejection_letter_cites_the_source_of_each_failed_requirement(make_decided):
    application = make_decided(
        language="en",
        status=ApplicationStatus.REJECTED,
        rejection_reasons=["not_eligible"],
        definition=bilbao_2022(),
        evaluation=frozen({**SMALL, "founded_on": "2022-05-01"}),
    )

    text = pdf_text(issue(application, kind="rejection").pdf.read())

    assert "Founding date must be before 1 March 2022" in text
    assert "(Rule 3.1)" in text
    # Met requirements are not reasons for the refusal, nor are their sources.
    assert "Small venue" not in text


def test_a_v1_letter_is_unchanged(make_decided):
    application = make_decided(language="en")
    text = pdf_text(issue(application).pdf.read())
    assert "The amount is set under" not in text
