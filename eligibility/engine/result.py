"""The result of one evaluation.

The decision (outcome, amount, missing facts, open) is computed eagerly; per-leaf values and
the explanation texts are computed only when asked for, because a screener evaluating fifty
programmes shows the reasons of a few.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from eligibility.engine.decimals import money
from eligibility.engine.explain import APPLICANT, LeafReasonsMemo, explain_reasons, language
from eligibility.engine.lines import NO_LINE
from eligibility.engine.parameters import decided_sources, sources_text, with_reason_sources

if TYPE_CHECKING:
    from eligibility.engine.programme import CompiledProgramme


class DeMinimisCheck:
    """The ceiling check, made only when eligibility is true and the amount is known."""

    __slots__ = ("total", "amount", "ceiling", "passed")

    def __init__(self, total: Decimal, amount: Decimal, ceiling: Decimal) -> None:
        self.total = total  # de_minimis_total: declared plus the desk's own awards
        self.amount = amount
        self.ceiling = ceiling
        self.passed = total + amount <= ceiling

    def __repr__(self) -> str:
        return f"<DeMinimisCheck {self.total} + {self.amount} <= {self.ceiling}: {self.passed}>"


class Evaluation:
    __slots__ = (
        "programme",
        "outcome",
        "amount",
        "missing_facts",
        "open",
        "as_of",
        "score",
        "_resolved",
        "_ceiling_check",
        "_desk",
        "line",
    )

    def __init__(
        self,
        programme: CompiledProgramme,
        desk: Decimal,
        outcome: str,
        amount: Decimal | None,
        missing_facts: list[str],
        is_open: bool,
        as_of: dt.date,
        resolved: tuple[Any, ...],
        ceiling_check: tuple[Decimal, Decimal] | None,
        score: Decimal | None,
        *,
        line: str | None = None,
    ) -> None:
        self.programme = programme
        self.outcome = outcome
        self.amount = amount
        self.missing_facts = missing_facts
        self.open = is_open
        self.as_of = as_of
        self._ceiling_check = ceiling_check
        # The competitive ranking value; computed whenever eligibility is true.
        self.score = score
        self._resolved = resolved
        self._desk = desk
        # The id of the programme line an eligible applicant falls in (programmes with
        # lines only); NO_LINE ("line") on the refusal of one who fits none.
        self.line = line

    def __repr__(self) -> str:
        return (
            f"<Evaluation {self.programme.slug}: {self.outcome}"
            f"{' ' + str(self.amount) if self.amount is not None else ''}>"
        )

    @property
    def de_minimis(self) -> DeMinimisCheck | None:
        """The de minimis ceiling check, when it was made."""
        if self._ceiling_check is None:
            return None
        total, ceiling = self._ceiling_check
        # An ineligible outcome from the check has no amount: recompute it from the facts.
        amount = self.amount if self.amount is not None else self._checked_amount()
        return DeMinimisCheck(total, amount, ceiling)

    def _checked_amount(self) -> Decimal:
        raw = self.programme.amount.value(self.facts)
        assert raw is not None
        return money(raw, *self.programme.rounding)

    @property
    def slug(self) -> str:
        return self.programme.slug

    @property
    def facts(self) -> dict[str, Any]:
        """The facts the programme reads, checked, converted and derived (None = unknown)."""
        return self.programme.resolved(self._resolved, self.as_of, self._desk)

    def met(self) -> list[tuple[str, bool | None]]:
        """Each eligibility leaf's id and whether its requirement is satisfied, no text."""
        r = self.facts
        met = [(use.leaf.name, use.met(r)) for use in self.programme.leaves]
        if self.de_minimis is not None:
            met.append(("de_minimis", self.de_minimis.passed))
        if self.line == NO_LINE:
            met.append((NO_LINE, False))
        return met

    def reasons(
        self, lang: str = "es", *, voice: str = APPLICANT, with_unknown: bool = False
    ) -> list[dict[str, Any]]:
        """One `{"id", "met", "text"}` per eligibility leaf, then the de minimis check,
        written for `voice` (see `explain_reasons`). In a v2 programme each also has
        `source`: the leaf's legal source, or the nearest one above it, or null."""
        reasons = explain_reasons(self, lang, voice=voice, with_unknown=with_unknown)
        if not self.programme.reasons_have_sources:
            return reasons
        return with_reason_sources(reasons, self.programme.leaf_sources, language(lang))

    def amount_sources(self, lang: str = "es") -> list[str]:
        """The legal sources of the amount: those on the amount expression's nodes along the
        branch that decided it, in document order, each once; empty without an amount."""
        if self.amount is None:
            return []
        return sources_text(decided_sources(self.programme.amount, self.facts), language(lang))

    def documents(self) -> list[dict[str, Any]]:
        """The documents to upload: `required` is true, false, or null (not known yet)."""
        r = self.facts
        return [
            {"code": code, "required": True if when is None else when.value(r)}
            for code, when in self.programme.documents
        ]

    def to_dict(
        self, lang: str = "es", *, memo: LeafReasonsMemo | None = None, reasons: bool = True
    ) -> dict[str, Any]:
        """The format's outcome object, with the reasons written in `lang`; without them
        (`reasons=False`: the decision alone, no sentence rendered). A batch passes its
        `memo` (made for this programme and `lang`), whose reasons are shared: the object is
        then to be read, not changed."""
        amount = self.amount
        outcome = {
            "programme": self.programme.slug,
            "outcome": self.outcome,
            "amount": None if amount is None else format(amount, "f"),
            "unit": self.programme.unit,
            "open": self.open,
            "missing_facts": list(self.missing_facts),
        }
        if reasons:
            outcome["reasons"] = self.reasons(lang) if memo is None else memo.reasons(self)
        if self.programme.lines:
            outcome["line"] = None if self.line == NO_LINE else self.line
        return outcome
