"""The screener's Django side: the live programmes it screens, and the visitor's answers.

Which programmes
----------------
"Live programmes" are the live, public programme pages of the default locale (Spanish): that
page holds a programme's rules of record, so each programme counts once, whatever languages it
is translated into. They are taken in the order of their slugs.

- The screener (the questionnaire and `Screening.next_fact`) works on the live programmes whose
  window is *open or upcoming* on the reference date: a closed programme can no longer be
  applied for, so no question is asked for it and it is not shown.
- The API (`POST /api/v1/screening`) and `manage.py screen` return an outcome for *every* live
  programme, closed ones included, with `open` telling whether the window is open on `as_of`;
  their `next_question` is the screener's, so it only serves open and upcoming programmes.

The visitor's answers
---------------------
An anonymous visitor's answers are kept in their session only; nothing else is written.

- `request.session["screener_answers"]`: a dict of facts in the engine's input format
  (`{"employees": 5, "district": "abando", "turnover_current": "85000.50",
  "founded_on": "2019-03-01", "tax_obligations_current": true, ...}`), the facts answered so
  far. The application wizard reads this key to prefill an application with what the person
  already told the screener; it must accept that some of these facts are not read by the
  programme being applied for.
- `request.session["screener_unknown"]`: a list of the facts the person answered "I don't
  know" (they stay unknown and are not asked again).
- `request.session["screener_asked"]`: a list of the facts asked, in the order they were
  asked (for the back links).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation

from . import service
from .engine import CompiledProgramme, Evaluation, InvalidDefinition, city_today
from .questions import question_payload
from .screening import Screening

logger = logging.getLogger(__name__)

SESSION_ANSWERS = "screener_answers"
SESSION_UNKNOWN = "screener_unknown"
SESSION_ASKED = "screener_asked"

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


def de_minimis_ceiling() -> Decimal:
    return Decimal(str(settings.ONESTOP_DE_MINIMIS_CEILING))


def live_programmes(*, as_of: dt.date) -> list[LiveProgramme]:
    """Every live programme once (its default-locale page), by slug, with its window state."""
    from wagtail.models import Locale

    from cms.selectors import programme_pages_for_locale

    found: dict[str, LiveProgramme] = {}
    for page in programme_pages_for_locale(Locale.get_default()):
        try:
            programme = service.compiled_programme(page.definition)
        except InvalidDefinition:
            logger.warning("live programme page %s has an invalid definition", page.pk)
            continue
        if programme.slug in found:
            continue
        found[programme.slug] = LiveProgramme(
            slug=programme.slug,
            programme=programme,
            status=str(page.window_status(as_of)),
            opens_on=page.opens_on,
            closes_on=page.closes_on,
            page_id=page.pk,
        )
    return [found[slug] for slug in sorted(found)]


def screened_programmes(live: list[LiveProgramme]) -> list[LiveProgramme]:
    """The programmes the screener works on: those open or opening later."""
    return [item for item in live if item.status in (OPEN, UPCOMING)]


def screening_for(live: list[LiveProgramme], *, as_of: dt.date) -> Screening:
    return Screening(
        [item.programme for item in screened_programmes(live)],
        as_of=as_of,
        de_minimis_ceiling=de_minimis_ceiling(),
    )


# --- the API and the command ------------------------------------------------------------


def screening_result(
    *, facts: Mapping[str, Any], as_of: dt.date | None = None, lang: str = "es"
) -> dict[str, Any]:
    """The body of `POST /api/v1/screening` and the output of `manage.py screen`.

    `{"results": [one outcome object per live programme, by slug], "next_question": ... |
    null}`. Raises FactError (the first problem) for an unacceptable fact.
    """
    as_of = as_of or city_today()
    live = live_programmes(as_of=as_of)
    every = Screening(
        [item.programme for item in live], as_of=as_of, de_minimis_ceiling=de_minimis_ceiling()
    )
    errors = every.check_facts(facts)
    if errors:
        raise errors[0]
    evaluations = every.evaluate(facts)
    screening = screening_for(live, as_of=as_of)
    next_fact = screening.next_fact(facts)
    with translation.override(lang):
        return {
            "results": [evaluation.to_dict(lang) for evaluation in evaluations],
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


@dataclass(frozen=True)
class ProgrammeLink:
    title: str
    url: str


def programme_links(live: list[LiveProgramme], language: str) -> dict[str, ProgrammeLink]:
    """Each programme's page title and address in `language` (the Spanish page when there is
    no live translation)."""
    from wagtail.models import Locale

    from cms.models import ProgrammePage
    from cms.selectors import programme_pages_for_locale

    links: dict[str, ProgrammeLink] = {}
    locale = Locale.objects.filter(language_code=language).first()
    if locale is not None:
        for page in programme_pages_for_locale(locale):
            links.setdefault(page.programme_slug, ProgrammeLink(page.title, page.url or ""))
    missing = [item.page_id for item in live if item.slug not in links]
    for page in ProgrammePage.objects.filter(pk__in=missing):
        links[page.programme_slug] = ProgrammeLink(page.title, page.url or "")
    return links


# --- the session -------------------------------------------------------------------------


@dataclass
class ScreenerAnswers:
    """What a visitor has told the screener so far, as kept in their session."""

    facts: dict[str, Any]
    unknown: list[str]
    asked: list[str]


def session_answers(session: Mapping[str, Any]) -> ScreenerAnswers:
    facts = session.get(SESSION_ANSWERS)
    unknown = session.get(SESSION_UNKNOWN)
    asked = session.get(SESSION_ASKED)
    return ScreenerAnswers(
        facts=dict(facts) if isinstance(facts, dict) else {},
        unknown=[name for name in unknown if isinstance(name, str)]
        if isinstance(unknown, list)
        else [],
        asked=[name for name in asked if isinstance(name, str)] if isinstance(asked, list) else [],
    )


def screener_record_answer(session: MutableMapping[str, Any], *, fact: str, value: Any) -> None:
    """Keep one answer (in the engine's input format) in the session."""
    answers = session_answers(session)
    answers.facts[fact] = value
    answers.unknown = [name for name in answers.unknown if name != fact]
    _save(session, answers, fact)


def screener_record_unknown(session: MutableMapping[str, Any], *, fact: str) -> None:
    """Record that the person does not know a fact: it stays unknown and is not asked again."""
    answers = session_answers(session)
    answers.facts.pop(fact, None)
    if fact not in answers.unknown:
        answers.unknown.append(fact)
    _save(session, answers, fact)


def screener_reset(session: MutableMapping[str, Any]) -> None:
    """Forget every answer."""
    for key in (SESSION_ANSWERS, SESSION_UNKNOWN, SESSION_ASKED):
        session.pop(key, None)


def _save(session: MutableMapping[str, Any], answers: ScreenerAnswers, fact: str) -> None:
    if fact not in answers.asked:
        answers.asked.append(fact)
    # New objects each time, so that the session notices the change and saves it.
    session[SESSION_ANSWERS] = dict(answers.facts)
    session[SESSION_UNKNOWN] = list(answers.unknown)
    session[SESSION_ASKED] = list(answers.asked)


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
