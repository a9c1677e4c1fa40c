"""The screener's Django side: the live programmes it screens, and where a visitor stands.

Which programmes
----------------
"Live programmes" are the live, public programme pages of the default locale (Spanish): that
page holds a programme's rules of record, so each programme counts once, whatever languages it
is translated into. They are taken in the order of their slugs. The CMS supplies them
(`eligibility.providers`).

- The screener (the questionnaire and `Screening.next_fact`) works on the live programmes whose
  window is *open or upcoming* on the reference date: a closed programme can no longer be
  applied for, so no question is asked for it and it is not shown.
- The API (`POST /api/v1/screening`) and `manage.py screen` return an outcome for *every* live
  programme, closed ones included, with `open` telling whether the window is open on `as_of`;
  their `next_question` is the screener's, so it only serves open and upcoming programmes.

The visitor's answers are kept in their session: `eligibility.screener_session`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from eligibility import providers, service
from eligibility.engine import CompiledProgramme, Evaluation, InvalidDefinition, city_today
from eligibility.providers import ProgrammeLink
from eligibility.questions import question_payload
from eligibility.screener_session import ScreenerAnswers, session_answers
from eligibility.screening import Screening

logger = logging.getLogger(__name__)

OPEN = "open"
UPCOMING = "upcoming"
CLOSED = "closed"


@dataclass(frozen=True)
class LiveProgramme:
    """A live programme of record: its compiled rules, window state and page."""

    slug: str
    programme: CompiledProgramme
    status: str  # "open", "upcoming" or "closed" on the reference date
    opens_on: dt.date | None
    closes_on: dt.date | None
    page_id: int


def live_programmes(*, as_of: dt.date) -> list[LiveProgramme]:
    """Every live programme once (its default-locale page), by slug, with its window state."""
    found: dict[str, LiveProgramme] = {}
    for page in providers.published_programmes(as_of=as_of):
        try:
            programme = service.compiled_programme(page.definition, revision=page.revision)
        except InvalidDefinition:
            logger.warning("live programme page %s has an invalid definition", page.page_id)
            continue
        if programme.slug in found:
            continue
        found[programme.slug] = LiveProgramme(
            slug=programme.slug,
            programme=programme,
            status=page.status,
            opens_on=page.opens_on,
            closes_on=page.closes_on,
            page_id=page.page_id,
        )
    return [found[slug] for slug in sorted(found)]


def screened_programmes(live: list[LiveProgramme]) -> list[LiveProgramme]:
    """The programmes the screener works on: those open or opening later."""
    return [item for item in live if item.status in (OPEN, UPCOMING)]


def screening_for(live: list[LiveProgramme], *, as_of: dt.date) -> Screening:
    return Screening(
        [item.programme for item in screened_programmes(live)],
        as_of=as_of,
        de_minimis_ceiling=service.de_minimis_ceiling(),
    )


# --- the API and the command ------------------------------------------------------------


def screening_result(
    *,
    facts: Mapping[str, Any],
    as_of: dt.date | None = None,
    lang: str = "es",
    reasons: bool = True,
) -> dict[str, Any]:
    """The body of `POST /api/v1/screening` and the output of `manage.py screen`.

    `{"results": [one outcome object per live programme, by slug], "next_question": ... |
    null}`; with `reasons=False` the outcome objects have no `reasons` (none is rendered).
    Raises FactError (the first problem) for an unacceptable fact.
    """
    as_of = as_of or city_today()
    live = live_programmes(as_of=as_of)
    every = Screening(
        [item.programme for item in live],
        as_of=as_of,
        de_minimis_ceiling=service.de_minimis_ceiling(),
    )
    errors = every.check_facts(facts)
    if errors:
        raise errors[0]
    evaluations = every.evaluate(facts)
    screening = screening_for(live, as_of=as_of)
    next_fact = screening.next_fact(facts)
    with translation.override(lang):
        return {
            "results": [evaluation.to_dict(lang, reasons=reasons) for evaluation in evaluations],
            "next_question": (
                question_payload(screening.specs[next_fact], lang) if next_fact else None
            ),
        }


def live_programmes_listing(*, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """The open-data listing of `GET /api/v1/programmes`: every live programme, by slug."""
    as_of = as_of or city_today()
    return [
        {
            "slug": item.slug,
            "status": item.status,
            "open": item.status == OPEN,
            "definition": item.programme.definition,
        }
        for item in live_programmes(as_of=as_of)
    ]


# --- programme pages in the visitor's language -------------------------------------------


def programme_links(live: list[LiveProgramme], language: str) -> Mapping[str, ProgrammeLink]:
    """Each programme's page title and address in `language` (the Spanish page when there is
    no live translation)."""
    return providers.programme_links(language=language, page_ids=[item.page_id for item in live])


# --- the questionnaire ---------------------------------------------------------------------


@dataclass
class ScreenerState:
    """Where a visitor stands: the programmes screened, their answers, the outcomes so far."""

    live: list[LiveProgramme]
    screening: Screening
    answers: ScreenerAnswers
    evaluations: list[Evaluation]
    next_fact: str | None

    @property
    def upcoming(self) -> set[str]:
        return {item.slug for item in self.live if item.status == UPCOMING}

    def programme(self, slug: str) -> LiveProgramme:
        return next(item for item in self.live if item.slug == slug)


def screener_state(session: Mapping[str, Any], *, as_of: dt.date | None = None) -> ScreenerState:
    """The visitor's answers evaluated against the open and upcoming programmes.

    Answers the programmes no longer accept (a question removed, a limit changed since they
    were given) are left out rather than failing the page.
    """
    as_of = as_of or city_today()
    live = screened_programmes(live_programmes(as_of=as_of))
    screening = screening_for(live, as_of=as_of)
    answers = session_answers(session)
    answers.facts = {
        name: value
        for name, value in answers.facts.items()
        if name in screening.specs and not screening.check_facts({name: value})
    }
    evaluations = screening.evaluate(answers.facts)
    choice = screening.next_choice(answers.facts, answers.unknown, evaluations)
    return ScreenerState(
        live=live,
        screening=screening,
        answers=answers,
        evaluations=evaluations,
        next_fact=choice.fact if choice else None,
    )
