"""How the screener shows amounts, answers and outcomes to a person, in their language."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext

from eligibility import providers
from eligibility.engine import ELIGIBLE, INELIGIBLE, Evaluation
from eligibility.providers import ProgrammeLink
from eligibility.questions import question_text, short_label
from eligibility.screening import fact_spec
from eligibility.screening_service import ScreenerState
from eligibility.service import AnswerRow, answer_text
from onestop.i18n import format_date, format_money


def question_url(fact: str, *, back_to_results: bool = False) -> str:
    url = reverse("screener:question", args=[fact])
    return f"{url}?{urlencode({'return': 'results'})}" if back_to_results else url


@dataclass
class MissingFact:
    question: str
    url: str
    said_unknown: bool


@dataclass
class ProgrammeResult:
    """One programme on the results page."""

    slug: str
    title: str
    url: str
    outcome: str
    amount: str = ""
    missing: list[MissingFact] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    # Requirements that cannot be checked yet: they are neither met nor failed.
    not_known: list[str] = field(default_factory=list)
    opens_on: str = ""

    @property
    def apply_url(self) -> str:
        """The application form's start, which prefills from the session's
        `screener_answers`."""
        return providers.apply_url(self.slug)

    @property
    def eligible(self) -> bool:
        return self.outcome == ELIGIBLE

    @property
    def ineligible(self) -> bool:
        return self.outcome == INELIGIBLE


def programme_result(
    evaluation: Evaluation,
    *,
    state: ScreenerState,
    link: ProgrammeLink | None,
    lang: str,
) -> ProgrammeResult:
    live = state.programme(evaluation.slug)
    title = link.title if link else _definition_title(evaluation, lang)
    result = ProgrammeResult(
        slug=evaluation.slug,
        title=title,
        url=link.url if link else "",
        outcome=evaluation.outcome,
        opens_on=format_date(live.opens_on, lang) if live.opens_on else "",
    )
    if evaluation.outcome == ELIGIBLE and evaluation.amount is not None:
        result.amount = format_money(evaluation.amount, evaluation.programme.unit, lang)
    elif evaluation.outcome == INELIGIBLE:
        for reason in evaluation.reasons(lang, with_unknown=True):
            if reason["unknown"]:
                if reason["text"] not in result.not_known:
                    result.not_known.append(reason["text"])
            elif reason["met"] is False:
                result.reasons.append(reason["text"])
    else:
        programmes = state.screening.programmes
        for name in evaluation.missing_facts:
            spec = fact_spec(programmes, name)
            if spec is None:
                continue
            result.missing.append(
                MissingFact(
                    question=question_text(spec, lang),
                    url=question_url(name, back_to_results=True),
                    said_unknown=name in state.answers.unknown,
                )
            )
    return result



def answer_rows(state: ScreenerState, lang: str) -> list[AnswerRow]:
    """The check-your-answers list: every fact answered or not known, in the order asked."""
    specs = state.screening.specs
    given = [*state.answers.facts, *state.answers.unknown]
    order = {name: index for index, name in enumerate(state.answers.asked)}
    rows = []
    for name in sorted(dict.fromkeys(given), key=lambda name: order.get(name, len(order))):
        spec = specs.get(name)
        if spec is None:
            continue
        value = state.answers.facts.get(name)
        rows.append(
            AnswerRow(
                fact=name,
                label=short_label(spec, lang) if spec.standard else question_text(spec, lang),
                answer=gettext("I don't know") if value is None else answer_text(spec, value, lang),
                change_url=question_url(name, back_to_results=True),
            )
        )
    return rows


def _definition_title(evaluation: Evaluation, lang: str) -> str:
    title = evaluation.programme.definition.get("title") or {}
    return title.get(lang) or title.get("es") or evaluation.slug
