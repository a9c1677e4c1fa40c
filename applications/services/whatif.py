"""What if: a programme definition (a draft, before it is published) run against the frozen
answers of every past application of a programme, to see what the change would do.

Each application is evaluated again, by the draft compiled once, with the answers it was
submitted with, as of the day it was evaluated then (or a day chosen for the whole run), and
with the desk's own de minimis awards counted then. The report counts the outcomes before
(as evaluated at submission) and after, lists the applications whose outcome or amount
changes (the amount before is the one awarded where the desk decided an award, else the one
computed at submission), and sets the total amount after against the draft's budget.

Nothing is written: a run only reads.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from applications import selectors_whatif
from cms.services.programme_of_record import programme_of_record
from eligibility.engine import (
    ELIGIBLE,
    INELIGIBLE,
    NEEDS_INFO,
    CompiledProgramme,
    FactError,
)
from eligibility.service import compiled_programme, de_minimis_ceiling

OUTCOMES = (ELIGIBLE, INELIGIBLE, NEEDS_INFO)
# An application whose frozen evaluation has no outcome (older data) is counted apart.
UNKNOWN = "unknown"
CHANGES_SHOWN = 200
ZERO = Decimal("0")

Progress = Callable[[int, int], None]


class UnknownProgramme(LookupError):
    """No programme, and no application, has this identifier."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        super().__init__(f"no programme has the identifier {slug!r}, and no application names it")


@dataclass(frozen=True)
class WhatIfChange:
    """One application whose outcome or amount the draft changes."""

    reference: str
    status: str
    outcome_before: str
    amount_before: Decimal | None
    outcome_after: str
    amount_after: Decimal | None
    # Why the draft could not use an answer (a choice it no longer has, a new maximum): such
    # an application would be asked to answer again, so it counts as needing information.
    refused_answer: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "status": self.status,
            "before": {"outcome": self.outcome_before, "amount": _text(self.amount_before)},
            "after": {"outcome": self.outcome_after, "amount": _text(self.amount_after)},
            "refused_answer": self.refused_answer,
        }


@dataclass
class WhatIfReport:
    programme: str  # the draft's slug
    against: str  # the programme whose past applications were evaluated
    as_of: dt.date | None  # None: each application as of its own evaluation's day
    unit: str
    budget: Decimal | None
    applications: int = 0
    anonymised: int = 0  # left out: their answers are no longer held
    before: Counter = field(default_factory=Counter)
    after: Counter = field(default_factory=Counter)
    refused_answers: int = 0
    changed_count: int = 0
    changes: list[WhatIfChange] = field(default_factory=list)
    total_before: Decimal = ZERO
    total_after: Decimal = ZERO

    @property
    def over_budget(self) -> Decimal | None:
        """How far the total after goes above the budget (negative: what is left); None for
        an uncapped programme."""
        return None if self.budget is None else self.total_after - self.budget

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON values: what `manage.py whatif --json` prints and a stored run
        keeps."""
        return {
            "programme": self.programme,
            "against": self.against,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "applications": self.applications,
            "anonymised_left_out": self.anonymised,
            "before": _counts(self.before),
            "after": _counts(self.after),
            "refused_answers": self.refused_answers,
            "changed": {
                "count": self.changed_count,
                "shown": [change.as_dict() for change in self.changes],
                "truncated": self.changed_count > len(self.changes),
            },
            "unit": self.unit,
            "total_amount": {"before": _text(self.total_before), "after": _text(self.total_after)},
            "budget": _text(self.budget),
            "over_budget": _text(self.over_budget),
        }


def programme_whatif(
    *,
    definition: Mapping[str, Any],
    against: str,
    as_of: dt.date | None = None,
    changes_shown: int = CHANGES_SHOWN,
    progress: Progress | None = None,
) -> WhatIfReport:
    """Evaluate `definition` against the past applications of programme `against`.

    Raises InvalidDefinition (every error at its path) for a definition that does not
    compile, UnknownProgramme for an identifier that no programme or application has.
    """
    compiled = compiled_programme(definition)
    if not _programme_known(against):
        raise UnknownProgramme(against)
    report = WhatIfReport(
        programme=compiled.slug,
        against=against,
        as_of=as_of,
        unit=compiled.unit,
        budget=None if definition.get("budget") is None else Decimal(definition["budget"]),
        anonymised=selectors_whatif.past_applications_anonymised_count(against),
    )
    total = selectors_whatif.past_applications_count(against)
    if progress is not None:
        progress(0, total)
    _evaluate_all(report, compiled, as_of, changes_shown, progress, total)
    if progress is not None:
        progress(report.applications, max(total, report.applications))
    return report


def _programme_known(slug: str) -> bool:
    return programme_of_record(
        slug=slug, include_unpublished=True
    ) is not None or selectors_whatif.programme_has_applications(slug)


def _evaluate_all(
    report: WhatIfReport,
    compiled: CompiledProgramme,
    as_of: dt.date | None,
    changes_shown: int,
    progress: Progress | None,
    total: int,
) -> None:
    # The loop runs once per application: names are bound to locals, dates and desk totals
    # parsed once per distinct text, and nothing is built for an application that does not
    # change but the counters' increments.
    evaluate = compiled.evaluate
    accepted = compiled.accepted_facts
    ceiling = de_minimis_ceiling()
    days: dict[Any, dt.date] = {}
    desks: dict[str | None, Decimal] = {}
    before_counts = report.before
    after_counts = report.after
    changes = report.changes
    step = selectors_whatif.CHUNK_SIZE
    count = 0
    total_before = total_after = ZERO
    changed = refused = 0
    for row in selectors_whatif.past_applications_frozen(report.against):
        count += 1
        answers = row.answers or {}
        if not answers.keys() <= accepted:
            # Answers to another programme's own questions (or facts this draft no longer
            # asks for): not answers to this one.
            answers = {name: value for name, value in answers.items() if name in accepted}
        day = as_of or days.get(row.as_of) or _day(row.as_of, days)
        desk = desks.get(row.desk_de_minimis)
        if desk is None:
            desk = desks[row.desk_de_minimis] = Decimal(row.desk_de_minimis or "0")
        refused_answer = ""
        try:
            evaluation = evaluate(
                answers, as_of=day, desk_de_minimis=desk, de_minimis_ceiling=ceiling
            )
        except FactError as error:
            outcome, amount = NEEDS_INFO, None
            refused_answer = str(error)
            refused += 1
        else:
            outcome, amount = evaluation.outcome, evaluation.amount
        outcome_before = row.outcome or UNKNOWN
        amount_before = row.amount
        before_counts[outcome_before] += 1
        after_counts[outcome] += 1
        if amount_before is not None:
            total_before += amount_before
        if amount is not None:
            total_after += amount
        if outcome != outcome_before or amount != amount_before:
            changed += 1
            if len(changes) < changes_shown:
                changes.append(
                    WhatIfChange(
                        reference=row.reference,
                        status=row.status,
                        outcome_before=outcome_before,
                        amount_before=amount_before,
                        outcome_after=outcome,
                        amount_after=amount,
                        refused_answer=refused_answer,
                    )
                )
        if progress is not None and count % step == 0:
            progress(count, total)
    report.applications = count
    report.changed_count = changed
    report.refused_answers = refused
    report.total_before = total_before
    report.total_after = total_after


def _day(as_of: str | None, days: dict[Any, dt.date]) -> dt.date:
    """The day the application was evaluated on at submission, remembered by its text."""
    if not as_of:
        return timezone.localdate()  # neither a frozen date nor a submission time
    day = days[as_of] = selectors_whatif.submission_day(as_of)
    return day


def _counts(counter: Counter) -> dict[str, int]:
    counts = {outcome: counter.get(outcome, 0) for outcome in OUTCOMES}
    if counter.get(UNKNOWN):
        counts[UNKNOWN] = counter[UNKNOWN]
    return counts


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else format(amount, "f")
