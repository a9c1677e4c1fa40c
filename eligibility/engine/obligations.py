"""Obligations: what a beneficiary must do after the award, as the call's bases say.

Bilbao's 2020 hospitality aid obliged the business to stay open four months; most calls
oblige the beneficiary to justify the spending by a date, with the documents that prove it.
The format declares them; the desk stores them with each award, with their due dates, and
the award letter states them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eligibility.engine.facts import parse_date

Text = Mapping[str, str]

OBLIGATION_KINDS: tuple[str, ...] = ("keep_open", "justify", "other")
# What a due date in months counts from: the award's decision date.
OBLIGATION_FROM: tuple[str, ...] = ("award",)
MAX_MONTHS = 120


@dataclass(frozen=True)
class Obligation:
    ident: str
    kind: str
    label: Text
    by: dt.date | None  # a fixed date, or
    months: int | None  # so many months from the award
    documents: tuple[tuple[str, Text], ...] = ()
    source: Text | None = None

    def due_on(self, awarded_on: dt.date) -> dt.date:
        """The obligation's due date for an award decided on `awarded_on`."""
        if self.by is not None:
            return self.by
        assert self.months is not None
        return months_after(awarded_on, self.months)


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later; the month's last day where it is shorter
    (31 January + 1 month is 28 or 29 February), as civil law counts a period in months."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_obligations(doc: Mapping[str, Any]) -> tuple[Obligation, ...]:
    """The programme's obligations (already validated), in document order."""
    return tuple(
        Obligation(
            ident=item["id"],
            kind=item["kind"],
            label=item["label"],
            by=parse_date(item["by"]) if "by" in item else None,
            months=item.get("months"),
            documents=tuple(
                (document["code"], document["label"]) for document in item.get("documents", ())
            ),
            source=item.get("source"),
        )
        for item in doc.get("obligations", ())
    )
