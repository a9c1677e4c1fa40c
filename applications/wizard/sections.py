"""What an applicant sees of a draft: its sections and their status, the documents asked,
the summary of answers and what still stops it from being submitted."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationDocument
from applications.selectors import organisation_desk_de_minimis
from applications.services import drafts
from applications.wizard.programmes import live_programme_or_404
from applications.wizard.steps import (
    DOCUMENT_UPLOADS,
    DOCUMENTS,
    Step,
    programme_steps,
    step_for_fact,
)
from cms.services.programme_of_record import ProgrammeOfRecord
from eligibility.engine import ELIGIBLE, INELIGIBLE, Evaluation, FactError, city_today
from eligibility.service import AnswerRow, answer_text, question_text, short_label
from onestop.i18n import format_money, text_in_language
from organisations.selectors import unit_facts

COMPLETED = "completed"
IN_PROGRESS = "in_progress"
NOT_STARTED = "not_started"


@dataclass
class DocumentRow:
    code: str
    label: str
    required: bool | None  # None: depends on answers not given yet
    uploaded: list[ApplicationDocument] = field(default_factory=list)


@dataclass
class SummarySection:
    step: Step
    rows: list[AnswerRow]
    change_url: str


@dataclass
class Problem:
    message: str
    url: str


@dataclass
class Draft:
    """A draft with its programme and the steps derived for it."""

    application: Application
    programme: ProgrammeOfRecord
    steps: list[Step]
    language: str

    @property
    def answers(self) -> dict[str, Any]:
        return self.application.answers or {}

    @property
    def completed_steps(self) -> list[str]:
        return list((self.application.progress or {}).get(drafts.COMPLETED, []))

    def step(self, name: str) -> Step | None:
        return next((step for step in self.steps if step.name == name), None)

    def step_url(self, name: str, *, back_to_check: bool = False) -> str:
        url = reverse(
            "applications:application_step", kwargs={"pk": self.application.pk, "step": name}
        )
        return f"{url}?return=check" if back_to_check else url

    def evaluation(self) -> Evaluation | None:
        """The rules on the answers so far, with this desk's own de minimis awards as the
        submission counts them; None if an answer is no longer acceptable."""
        today = city_today()
        try:
            return self.programme.compiled.evaluate(
                self.answers,
                as_of=today,
                desk_de_minimis=organisation_desk_de_minimis(
                    self.application.organisation, as_of=today
                ),
                de_minimis_ceiling=Decimal(str(settings.ONESTOP_DE_MINIMIS_CEILING)),
            )
        except FactError:
            return None


def draft_for(application: Application, language: str) -> Draft:
    programme = live_programme_or_404(application.programme_slug)
    establishment = application.establishment
    steps = programme_steps(
        programme.compiled,
        unit_facts(application.organisation, establishment),
        establishment_name=establishment.name if establishment is not None else None,
    )
    return Draft(application=application, programme=programme, steps=steps, language=language)


def document_rows(draft: Draft) -> list[DocumentRow]:
    """The programme's documents whose condition holds on the answers (or is not known yet),
    each with the files uploaded for it."""
    evaluation = draft.evaluation()
    required = (
        {row["code"]: row["required"] for row in evaluation.documents()} if evaluation else {}
    )
    uploaded: dict[str, list[ApplicationDocument]] = {}
    for document in draft.application.documents.filter(information_request__isnull=True):
        uploaded.setdefault(document.code, []).append(document)
    rows = []
    for document in draft.programme.definition.get("documents", []):
        code = document["code"]
        needed = required.get(code, None if "when" in document else True)
        if needed is False:
            continue
        rows.append(
            DocumentRow(
                code=code,
                label=text_in_language(document.get("label"), draft.language),
                required=needed,
                uploaded=uploaded.get(code, []),
            )
        )
    return rows


def step_status(draft: Draft, step: Step, documents: list[DocumentRow] | None = None) -> str:
    answers = draft.answers
    if step.kind == DOCUMENT_UPLOADS:
        rows = document_rows(draft) if documents is None else documents
        missing = [row for row in rows if row.required and not row.uploaded]
        if step.name in draft.completed_steps and not missing:
            return COMPLETED
        return IN_PROGRESS if any(row.uploaded for row in rows) else NOT_STARTED
    facts = step.facts + step.profile_facts
    answered = [name for name in facts if answers.get(name) is not None]
    if step.name in draft.completed_steps and len(answered) == len(facts):
        return COMPLETED
    started = any(answers.get(name) is not None for name in step.facts)
    current = (draft.application.progress or {}).get(drafts.CURRENT_STEP) == step.name
    return IN_PROGRESS if started or current else NOT_STARTED


def status_label(status: str) -> str:
    return {
        COMPLETED: _("Completed"),
        IN_PROGRESS: _("In progress"),
        NOT_STARTED: _("Not started"),
    }[status]


def summary_sections(draft: Draft) -> list[SummarySection]:
    """The answers per fact step, each with a link to change it and come back."""
    specs = draft.programme.compiled.fact_specs
    sections = []
    for step in draft.steps:
        if step.kind == DOCUMENT_UPLOADS:
            continue
        rows = []
        for name in step.profile_facts + step.facts:
            spec = specs[name]
            value = draft.answers.get(name)
            rows.append(
                AnswerRow(
                    fact=name,
                    label=short_label(spec, draft.language)
                    if spec.standard
                    else question_text(spec, draft.language),
                    answer=_("Not answered")
                    if value is None
                    else answer_text(spec, value, draft.language),
                    change_url=draft.step_url(step.name, back_to_check=True),
                )
            )
        sections.append(
            SummarySection(
                step=step, rows=rows, change_url=draft.step_url(step.name, back_to_check=True)
            )
        )
    return sections


def submission_problems(draft: Draft, documents: list[DocumentRow] | None = None) -> list[Problem]:
    """What must be done before the draft can be submitted, each with where to do it."""
    problems = []
    for step in draft.steps:
        if step.kind == DOCUMENT_UPLOADS:
            continue
        facts = step.facts + step.profile_facts
        if any(draft.answers.get(name) is None for name in facts):
            problems.append(
                Problem(
                    _("Answer the questions in “%(section)s”.") % {"section": step.title},
                    draft.step_url(step.name, back_to_check=True),
                )
            )
    rows = document_rows(draft) if documents is None else documents
    for row in rows:
        if row.required and not row.uploaded:
            problems.append(
                Problem(
                    _("Upload this document: %(document)s.") % {"document": row.label},
                    draft.step_url(DOCUMENTS, back_to_check=True),
                )
            )
    return problems


@dataclass
class Outcome:
    eligible: bool
    ineligible: bool
    amount: str
    reasons: list[str]


def outcome_on_answers(draft: Draft) -> Outcome | None:
    """The eligibility outcome on the answers, stated plainly; None while undecided."""
    evaluation = draft.evaluation()
    if evaluation is None or evaluation.outcome not in (ELIGIBLE, INELIGIBLE):
        return None
    if evaluation.outcome == ELIGIBLE:
        amount = (
            format_money(evaluation.amount, evaluation.programme.unit, draft.language)
            if evaluation.amount is not None
            else ""
        )
        return Outcome(eligible=True, ineligible=False, amount=amount, reasons=[])
    # A requirement that cannot be checked yet (unknown facts) is not a reason it failed.
    reasons = [
        reason["text"]
        for reason in evaluation.reasons(draft.language, with_unknown=True)
        if reason["met"] is False and not reason["unknown"]
    ]
    return Outcome(eligible=False, ineligible=True, amount="", reasons=reasons)


def refusal_problems(
    draft: Draft, facts: tuple[str, ...], documents: tuple[str, ...]
) -> list[Problem]:
    """Where to put right what a refused submission names: the steps asking those facts,
    the documents step for those documents."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in facts:
        step = step_for_fact(draft.steps, name)
        if step is not None and step.name not in seen:
            seen.add(step.name)
            problems.append(
                Problem(
                    _("Answer the questions in “%(section)s”.") % {"section": step.title},
                    draft.step_url(step.name, back_to_check=True),
                )
            )
    if documents and draft.step(DOCUMENTS) is not None:
        labels = {row.code: row.label for row in document_rows(draft)}
        for code in documents:
            problems.append(
                Problem(
                    _("Upload this document: %(document)s.") % {"document": labels.get(code, code)},
                    draft.step_url(DOCUMENTS, back_to_check=True),
                )
            )
    return problems
