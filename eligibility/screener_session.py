"""The screener's visitor's answers, kept in their session only; nothing else is written.

- `request.session["screener_answers"]`: a dict of facts in the engine's input format
  (`{"employees": 5, "district": "abando", "turnover_current": "85000.50",
  "founded_on": "2019-03-01", "tax_obligations_current": true, ...}`), the facts answered so
  far. The application wizard reads them (through `eligibility.service.screener_answers`) to
  prefill an application with what the person already told the screener; it must accept that
  some of these facts are not read by the programme being applied for.
- `request.session["screener_unknown"]`: a list of the facts the person answered "I don't
  know" (they stay unknown and are not asked again).
- `request.session["screener_asked"]`: a list of the facts asked, in the order they were
  asked (for the back links).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

SESSION_ANSWERS = "screener_answers"
SESSION_UNKNOWN = "screener_unknown"
SESSION_ASKED = "screener_asked"





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

