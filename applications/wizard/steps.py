"""Which steps a programme's application has, derived from its definition.

The facts a programme's rules, amount and document conditions read (the compiled programme's
`read_names`: inputs only, never derived facts) are asked in a few pages of related
questions, one topic per page:

1. "About your organisation": the facts the organisation profile holds, shown for
   confirmation; those the profile leaves empty are asked here.
2. The other catalogue facts, by topic: the applicant's declarations ("Your situation") and
   the de minimis aid received ("Other public aid").
3. The programme's own questions (all of them), a few to a page.
4. The documents to upload, when the programme asks for any.

Then the applicant checks the answers and submits (a view of its own, not a step).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eligibility.engine import CompiledProgramme, FactSpec
from organisations.selectors import PROFILE_FACT_FIELDS

ORGANISATION = "organisation"
SITUATION = "situation"
OTHER_AID = "other-aid"
QUESTIONS = "questions"
DOCUMENTS = "documents"

FACTS = "facts"
DOCUMENT_UPLOADS = "documents"

# Catalogue facts that are not part of the profile, by the page that asks them.
_CATALOGUE_TOPICS: tuple[tuple[str, Promise, tuple[str, ...]], ...] = (
    (
        SITUATION,
        _("Your situation"),
        (
            "tax_obligations_current",
            "social_security_current",
            "debts_with_city",
            "activity_suspended",
        ),
    ),
    (OTHER_AID, _("Other public aid"), ("de_minimis_declared",)),
)
# Programme questions per page: a short page is easier to answer and to correct.
QUESTIONS_PER_PAGE = 4


@dataclass(frozen=True)
class Step:
    """One page of the wizard: its URL name, its title and the facts it asks."""

    name: str
    title: Promise | str
    kind: str = FACTS
    facts: tuple[str, ...] = ()
    # The organisation step: the profile facts it shows rather than asks.
    profile_facts: tuple[str, ...] = field(default=())


def programme_steps(
    programme: CompiledProgramme,
    profile_facts: Mapping[str, Any],
    *,
    establishment_name: str | None = None,
) -> list[Step]:
    """The steps of an application for `programme` by an organisation whose profile holds
    `profile_facts` (engine input format; empty fields absent); for one of its
    establishments (`establishment_name`), the first step names it, since some of its facts
    are the establishment's."""
    read = set(programme.read_names)
    steps: list[Step] = []

    held = tuple(name for name in PROFILE_FACT_FIELDS if name in read)
    if held:
        shown = tuple(name for name in held if profile_facts.get(name) is not None)
        asked = tuple(name for name in held if name not in shown)
        title = (
            _("About your organisation and %(establishment)s")
            % {"establishment": establishment_name}
            if establishment_name
            else _("About your organisation")
        )
        steps.append(Step(ORGANISATION, title, facts=asked, profile_facts=shown))

    placed = set(PROFILE_FACT_FIELDS).union(*(topic for _n, _t, topic in _CATALOGUE_TOPICS))
    # A catalogue fact added later without a page of its own is still asked, with the
    # declarations, rather than left unanswered.
    unplaced = tuple(
        spec.name
        for spec in programme.fact_specs.values()
        if spec.standard and spec.name in read and spec.name not in placed
    )
    for name, title, topic_facts in _CATALOGUE_TOPICS:
        asked = tuple(fact for fact in topic_facts if fact in read)
        if name == SITUATION:
            asked += unplaced
        if asked:
            steps.append(Step(name, title, facts=asked))

    # Every question the programme declares is asked, read by its rules or not: the
    # format defines them as what its application asks (the desk may need the answer).
    questions = [question["name"] for question in programme.definition.get("questions", ())]
    pages = [
        tuple(questions[start : start + QUESTIONS_PER_PAGE])
        for start in range(0, len(questions), QUESTIONS_PER_PAGE)
    ]
    for number, page_facts in enumerate(pages, start=1):
        name = QUESTIONS if number == 1 else f"{QUESTIONS}-{number}"
        steps.append(Step(name, _("About your project"), facts=page_facts))

    if programme.definition.get("documents"):
        steps.append(Step(DOCUMENTS, _("Documents"), kind=DOCUMENT_UPLOADS))
    return steps


def fact_spec(programme: CompiledProgramme, name: str) -> FactSpec:
    return programme.fact_specs[name]


def step_for_fact(steps: list[Step], name: str) -> Step | None:
    """The step where a fact is asked or shown."""
    for step in steps:
        if name in step.facts or name in step.profile_facts:
            return step
    return None
