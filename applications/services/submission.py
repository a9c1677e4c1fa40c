"""Submitting an application: the one moment its answers, rules and result are frozen.

Everything happens in one transaction that holds the application's row lock, so a second
submit of the same draft (a second tab, a retried POST) waits for the first and then finds
the application already submitted: it gets that application back, with its one reference.
The organisation's row is locked too, so that `one_per` checks of two submissions of the same
organisation run one after the other.

An ineligible result does not stop a submission: the applicant was told on the check page,
and the desk decides. What does stop it is refused with `SubmissionRefused`, whose `code`
says why and whose message says so in the applicant's language.
"""

import logging
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications import selectors
from applications.models import Application, ApplicationDocument, RegistryKind
from applications.models.applications import REPRESENTATIVE_CHECKED, is_representative
from applications.services import notifications
from applications.services.drafts import DECLARATION, declaration_progress
from applications.services.references import reference_next
from applications.services.registry import registry_enter
from applications.services.transitions import apply_transition, locked_application
from cms.services.programme_of_record import ProgrammeOfRecord, programme_of_record
from eligibility.engine import (
    LANGUAGES,
    NEEDS_INFO,
    CompiledProgramme,
    Evaluation,
    city_today,
)
from eligibility.service import PER_ESTABLISHMENT, de_minimis_ceiling, short_label
from onestop.i18n import active_language, format_date, text_in_language
from organisations.models import Organisation

logger = logging.getLogger(__name__)

WINDOW_NOT_OPEN = "window_not_open"
WINDOW_CLOSED = "window_closed"
PROGRAMME_UNAVAILABLE = "programme_unavailable"
ONE_PER = selectors.ONE_PER
ONE_PER_ESTABLISHMENT = selectors.ONE_PER_ESTABLISHMENT
ESTABLISHMENT_MISSING = "establishment_missing"
EXCLUSIVE_WITH = selectors.EXCLUSIVE_WITH
INVALID_ANSWERS = "invalid_answers"
MISSING_ANSWERS = "missing_answers"
MISSING_DOCUMENTS = "missing_documents"

_SCORE_PLACES = Decimal("0.0001")


class SubmissionRefused(ValidationError):
    """The application cannot be submitted; `code` says why, the message tells the applicant.

    `facts` names the questions to answer again (invalid_answers, missing_answers) and
    `documents` the document codes to upload (missing_documents), so that the wizard can
    send the applicant to the right step.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        facts: tuple[str, ...] = (),
        documents: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message, code=code)
        self.facts = facts
        self.documents = documents


def application_submit(
    *, application: Application, user, as_of=None, declaration: dict | None = None
) -> Application:
    """Submit a draft and return the submitted application (a fresh instance).

    `declaration` ({"evidence": {condition id: "declaration" | "consent"}}) records the
    applicant's responsible declaration in the same transaction, as `draft_declare` would:
    the check page's one POST is one transaction, and a refused submission leaves the draft
    as it was.

    Submitting an application that is no longer a draft returns it unchanged, so a double
    submit lands on the same confirmation. Raises SubmissionRefused when it cannot be
    submitted (nothing is written then), PermissionDenied for someone who does not represent
    the organisation.
    """
    as_of = as_of or city_today()
    with transaction.atomic():
        # Locks the organisation's row too (select_related under FOR UPDATE), so that the
        # `one_per` checks of two submissions of one organisation run one after the other.
        locked = locked_application(application.pk)
        if not is_representative(locked, user):
            raise PermissionDenied(f"{user} does not represent application {application.pk}")
        setattr(locked, REPRESENTATIVE_CHECKED, user.pk)
        if not locked.is_draft:
            return locked
        if declaration is not None:
            locked.progress = declaration_progress(
                locked.progress, user=user, accepted=True, evidence=declaration.get("evidence")
            )
        organisation = locked.organisation
        programme = _published_programme(locked.programme_slug)
        _check_window(programme, as_of)
        _check_conflict(programme, organisation, locked)
        answers = _programme_answers(programme, locked.answers)
        desk_de_minimis = selectors.organisation_desk_de_minimis(organisation, as_of=as_of)
        evaluation = _evaluate(programme, answers, as_of, desk_de_minimis)
        documents = list(locked.documents.filter(information_request__isnull=True).order_by("pk"))
        _check_complete(programme, evaluation, documents)

        locked.submitted_answers = answers
        locked.programme_revision_id = programme.revision_id
        locked.programme_definition = programme.definition
        locked.evaluation = _frozen_evaluation(evaluation, as_of, desk_de_minimis)
        locked.evaluation["evidence"] = _frozen_evidence(evaluation, locked.progress)
        locked.computed_amount = evaluation.amount
        locked.score = (
            None
            if evaluation.score is None
            else evaluation.score.quantize(_SCORE_PLACES, rounding=ROUND_HALF_UP)
        )
        locked.language = active_language()
        # Last, because every submission of the year queues on this one row.
        locked.reference = reference_next(year=as_of.year)
        apply_transition(
            locked,
            "submit",
            user=user,
            data={
                "reference": locked.reference,
                "programme_revision_id": programme.revision_id,
                "outcome": evaluation.outcome,
            },
        )
        registry_enter(
            application=locked,
            kind=RegistryKind.SUBMISSION,
            user=user,
            content={
                "reference": locked.reference,
                "programme": locked.programme_slug,
                "answers": answers,
            },
            documents=documents,
            filed_at=locked.submitted_at,
        )
        notifications.application_notify(application=locked, kind=notifications.SUBMISSION_RECEIVED)
    return locked


def _published_programme(slug: str) -> ProgrammeOfRecord:
    programme = programme_of_record(slug=slug)
    if programme is None or programme.compiled is None:
        if programme is not None:
            logger.error("programme %s: the published definition is invalid", slug)
        raise SubmissionRefused(
            _("This programme is not open for applications at the moment."),
            code=PROGRAMME_UNAVAILABLE,
        )
    return programme


def _programme_title(programme: ProgrammeOfRecord) -> str:
    return programme.title() or programme.slug


def _check_window(programme: ProgrammeOfRecord, as_of) -> None:
    compiled = programme.compiled
    if compiled.is_open(as_of):
        return
    if as_of < compiled.opens:
        raise SubmissionRefused(
            _(
                "Applications for %(programme)s open on %(date)s. Your answers are saved: "
                "you can submit them from that day."
            )
            % {"programme": _programme_title(programme), "date": _date(compiled.opens)},
            code=WINDOW_NOT_OPEN,
        )
    raise SubmissionRefused(
        _(
            "Applications for %(programme)s closed on %(date)s, so this application can no "
            "longer be submitted."
        )
        % {"programme": _programme_title(programme), "date": _date(compiled.closes)},
        code=WINDOW_CLOSED,
    )


def _check_conflict(programme: ProgrammeOfRecord, organisation: Organisation, draft) -> None:
    whole_organisation = draft.establishment is None and (
        programme.compiled.application_unit == PER_ESTABLISHMENT
    )
    if whole_organisation and selectors.applies_per_establishment(programme.compiled, organisation):
        # A draft started before the programme became per-establishment (or before the
        # organisation's profile changed so that it no longer applies once for all).
        raise SubmissionRefused(
            _(
                "%(programme)s takes one application per establishment, and this application "
                "does not say which one. Start it again from the programme's page."
            )
            % {"programme": _programme_title(programme)},
            code=ESTABLISHMENT_MISSING,
        )
    conflict = selectors.organisation_application_conflict(
        organisation,
        programme_slug=programme.slug,
        definition=programme.definition,
        exclude_pk=draft.pk,
        establishment=draft.establishment,
        whole_organisation=whole_organisation,
    )
    if conflict is not None:
        raise SubmissionRefused(conflict.message(_programme_title(programme)), code=conflict.kind)


def _programme_answers(programme: ProgrammeOfRecord, answers: dict[str, Any]) -> dict[str, Any]:
    """The draft's answers to this programme: its own questions and the facts its rules read.

    A draft prefilled from the screener may carry answers about other programmes; they are
    not answers to this one, and are neither evaluated nor frozen.
    """
    asked = programme.compiled.input_facts | {
        question["name"] for question in programme.definition.get("questions", ())
    }
    return {name: value for name, value in (answers or {}).items() if name in asked}


def _evaluate(
    programme: ProgrammeOfRecord, answers: dict[str, Any], as_of, desk_de_minimis: Decimal
) -> Evaluation:
    compiled = programme.compiled
    errors = compiled.check_facts(answers)
    if errors:
        # The rules changed since the question was answered (a choice removed, a new maximum).
        names = tuple(dict.fromkeys(error.fact for error in errors))
        raise SubmissionRefused(
            _("Please answer again: %(questions)s. The answers given can no longer be accepted.")
            % {"questions": _question_list(compiled, names)},
            code=INVALID_ANSWERS,
            facts=names,
        )
    return compiled.evaluate(
        answers,
        as_of=as_of,
        desk_de_minimis=desk_de_minimis,
        de_minimis_ceiling=de_minimis_ceiling(),
    )


def _check_complete(
    programme: ProgrammeOfRecord, evaluation: Evaluation, documents: list[ApplicationDocument]
) -> None:
    """What the desk needs to decide: every answer the result depends on, and every
    document the rules require on these answers."""
    compiled = programme.compiled
    missing = set(evaluation.missing_facts) if evaluation.outcome == NEEDS_INFO else set()
    facts = evaluation.facts
    required: list[str] = []
    for (code, when), document in zip(compiled.documents, evaluation.documents(), strict=True):
        if document["required"] is None:
            # Whether it is needed depends on an answer not given yet.
            when.undecided(facts, compiled.fact_specs, missing)
        elif document["required"]:
            required.append(code)
    if missing:
        names = tuple(sorted(missing))
        raise SubmissionRefused(
            _("Some questions have not been answered yet: %(questions)s.")
            % {"questions": _question_list(compiled, names)},
            code=MISSING_ANSWERS,
            facts=names,
        )
    uploaded = {document.code for document in documents}
    absent = tuple(code for code in required if code not in uploaded)
    if absent:
        labels = {
            document["code"]: text_in_language(document.get("label")) or document["code"]
            for document in programme.definition.get("documents", ())
        }
        raise SubmissionRefused(
            _("Please upload these documents before you submit: %(documents)s.")
            % {"documents": _joined([labels[code] for code in absent])},
            code=MISSING_DOCUMENTS,
            documents=absent,
        )


def _frozen_evaluation(evaluation: Evaluation, as_of, desk_de_minimis: Decimal) -> dict[str, Any]:
    """The result the application is decided on, with its reasons in every language, so
    that the desk and the letters never evaluate it again."""
    frozen = {
        "outcome": evaluation.outcome,
        "amount": None if evaluation.amount is None else format(evaluation.amount, "f"),
        "unit": evaluation.programme.unit,
        "open": evaluation.open,
        "as_of": as_of.isoformat(),
        "missing_facts": list(evaluation.missing_facts),
        "score": None if evaluation.score is None else format(evaluation.score, "f"),
        # This desk's own de minimis awards counted in the ceiling check.
        "desk_de_minimis": format(desk_de_minimis, "f"),
        "met": [{"id": ident, "met": met} for ident, met in evaluation.met()],
        # `unknown` lists the facts a requirement still waits for: such a reason is not a
        # failed one.
        "reasons": {lang: evaluation.reasons(lang, with_unknown=True) for lang in LANGUAGES},
        # The programme line (format v2) whose budget an award commits against.
        "line": evaluation.line if evaluation.outcome == "eligible" else None,
    }
    if evaluation.programme.reasons_have_sources:
        # Format v2: the articles the amount was set under, for the award letter.
        frozen["amount_sources"] = {lang: evaluation.amount_sources(lang) for lang in LANGUAGES}
    return frozen


def _frozen_evidence(evaluation: Evaluation, progress) -> list[dict[str, Any]]:
    """How each requirement is proven (format v2 `evidence`), its text in every language,
    and what the applicant gave: the declaration or consent ticked at the check page."""
    declaration = (progress or {}).get(DECLARATION) or {}
    given = declaration.get("evidence") or {}
    texts = {lang: evaluation.programme.evidence_texts(lang) for lang in LANGUAGES}
    frozen = []
    for index, item in enumerate(texts[LANGUAGES[0]]):
        frozen.append(
            {
                "id": item["id"],
                "by": item["by"],
                "document": item["document"],
                "text": {lang: texts[lang][index]["text"] for lang in LANGUAGES},
                "given": given.get(item["id"]) == item["by"],
                "at": declaration.get("at") if item["id"] in given else None,
            }
        )
    return frozen


def _question_list(compiled: CompiledProgramme, names) -> str:
    lang = active_language()
    return _joined(
        [
            short_label(compiled.fact_specs[name], lang)
            for name in names
            if name in compiled.fact_specs
        ]
    )


def _joined(items: list[str]) -> str:
    return "; ".join(items)


def _date(value) -> str:
    return format_date(value, active_language())
