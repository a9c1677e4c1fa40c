"""The eligibility trace frozen at submission beside a re-evaluation of the current answers
under the programme's current published rules, row by row, with the differences marked."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from applications.models import Application
from eligibility.engine import STAFF_VOICE, FactError
from eligibility.service import compiled_programme
from onestop.i18n import active_language

OUTCOME_LABELS = {
    "eligible": _("Eligible"),
    "ineligible": _("Not eligible"),
    "needs_info": _("Needs more information"),
}


def outcome_label(outcome: str | None) -> str:
    return str(OUTCOME_LABELS.get(outcome, outcome or "—"))


@dataclass(frozen=True)
class TraceRow:
    id: str
    frozen_met: bool | None
    frozen_text: str
    current_met: bool | None
    current_text: str
    # Absent on one side: the rule was added or removed since submission.
    in_frozen: bool = True
    in_current: bool = True

    @property
    def differs(self) -> bool:
        return self.in_frozen != self.in_current or self.frozen_met != self.current_met


@dataclass(frozen=True)
class TraceComparison:
    frozen_outcome: str | None
    frozen_amount: str | None
    current_outcome: str | None
    current_amount: str | None
    rows: list[TraceRow] = field(default_factory=list)
    current_error: str = ""

    @property
    def frozen_outcome_label(self) -> str:
        return outcome_label(self.frozen_outcome)

    @property
    def current_outcome_label(self) -> str:
        return outcome_label(self.current_outcome)

    @property
    def outcome_differs(self) -> bool:
        return self.frozen_outcome != self.current_outcome

    @property
    def amount_differs(self) -> bool:
        return _same_amount(self.frozen_amount, self.current_amount) is False

    @property
    def has_differences(self) -> bool:
        return (
            self.outcome_differs
            or self.amount_differs
            or bool(self.current_error)
            or any(row.differs for row in self.rows)
        )


def _same_amount(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except InvalidOperation:
        return a == b


def _reasons(evaluation: dict[str, Any] | None, lang: str) -> list[dict[str, Any]]:
    """The reasons of an outcome object: a list, or (as frozen at submission) a list per
    language, of which the staff's language is taken, else Spanish."""
    reasons = (evaluation or {}).get("reasons") or []
    if isinstance(reasons, dict):
        reasons = reasons.get(lang) or reasons.get("es") or next(iter(reasons.values()), [])
    return [reason for reason in reasons if isinstance(reason, dict)]


def current_evaluation(
    application: Application, definition: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, str]:
    """The outcome object for the application's current answers, or an error message."""
    if not definition:
        return None, ""
    frozen = application.evaluation or {}
    try:
        # The desk's own de minimis awards as counted at submission, so that only the rules
        # and the answers differ.
        desk_de_minimis = Decimal(str(frozen.get("desk_de_minimis") or "0"))
        evaluation = compiled_programme(definition).evaluate(
            application.answers or {}, desk_de_minimis=desk_de_minimis
        )
    except (FactError, InvalidOperation) as error:
        return None, str(error)
    result = evaluation.to_dict(active_language())
    result["reasons"] = evaluation.reasons(active_language(), voice=STAFF_VOICE)
    return result, ""


def frozen_staff_texts(application: Application, lang: str) -> dict[str, str]:
    """The frozen reasons' texts as staff read them, by reason id.

    The reasons frozen at submission are written to the applicant ("you answered 4"). They
    are written again about the applicant from what was frozen with them: the definition,
    the answers, the date and the desk's de minimis count. A text is taken only where the
    requirement comes out as frozen, so the trace never shows what the application was not
    decided on; elsewhere (and for applications frozen without a definition) the stored
    text stays."""
    frozen = application.evaluation or {}
    definition = application.programme_definition
    answers = application.submitted_answers
    if not definition or answers is None:
        return {}
    try:
        as_of = dt.date.fromisoformat(frozen["as_of"]) if frozen.get("as_of") else None
        evaluation = compiled_programme(definition).evaluate(
            answers,
            as_of=as_of,
            desk_de_minimis=Decimal(str(frozen.get("desk_de_minimis") or "0")),
        )
    except (FactError, InvalidOperation, ValueError):
        return {}
    stored = {reason.get("id"): reason.get("met") for reason in _reasons(frozen, lang)}
    return {
        reason["id"]: reason["text"]
        for reason in evaluation.reasons(lang, voice=STAFF_VOICE)
        if reason["id"] != "de_minimis" and stored.get(reason["id"], ...) == reason["met"]
    }


def trace_comparison(
    application: Application, current_definition: dict[str, Any] | None
) -> TraceComparison:
    frozen = application.evaluation or {}
    current, error = current_evaluation(application, current_definition)
    lang = active_language()
    frozen_reasons = {reason.get("id"): reason for reason in _reasons(frozen, lang)}
    staff_texts = frozen_staff_texts(application, lang)
    current_reasons = {reason.get("id"): reason for reason in _reasons(current, lang)}
    order = list(frozen_reasons) + [key for key in current_reasons if key not in frozen_reasons]
    rows = []
    for key in order:
        before = frozen_reasons.get(key)
        after = current_reasons.get(key)
        rows.append(
            TraceRow(
                id=str(key),
                frozen_met=before.get("met") if before else None,
                frozen_text=staff_texts.get(key, before.get("text", "")) if before else "",
                current_met=after.get("met") if after else None,
                current_text=after.get("text", "") if after else "",
                in_frozen=before is not None,
                in_current=after is not None or current is None,
            )
        )
    return TraceComparison(
        frozen_outcome=frozen.get("outcome"),
        frozen_amount=frozen.get("amount"),
        current_outcome=(current or {}).get("outcome"),
        current_amount=(current or {}).get("amount"),
        rows=rows,
        current_error=error,
    )
