"""Writes on application drafts: start or resume one, save a step's answers, move the
wizard's place, record the responsible declaration.

A draft's answers live in `Application.answers` (the engine's input format) and its wizard
bookkeeping in `Application.progress`; both are written to the database at every step, so
that a draft resumes on any device and an expired session loses nothing.

`progress` holds:
- `current_step`: the step to resume at;
- `completed`: the steps the applicant has saved, in the order first saved;
- `declaration`: `{"accepted": true, "at": ISO timestamp}` once the applicant declares.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.constants import ApplicationStatus, EventKind
from applications.models import Application
from applications.selectors import applies_per_establishment
from applications.services.drafts_cleanup import draft_files_delete
from applications.services.transitions import event_record, locked_application
from applications.wizard.programmes import live_programme
from onestop.i18n import active_language
from organisations.models import Establishment, Organisation
from organisations.selectors import ESTABLISHMENT_FACT_FIELDS, unit_facts

CURRENT_STEP = "current_step"
COMPLETED = "completed"
DECLARATION = "declaration"


class DraftClosed(ValidationError):
    """The application is no longer a draft: it has been submitted."""

    def __init__(self) -> None:
        super().__init__(
            _("This application has been submitted, so its answers can no longer be changed."),
            code="not_a_draft",
        )


def _check_representative(organisation: Organisation, user) -> None:
    if not (
        user is not None
        and user.is_authenticated
        and organisation.representations.filter(user=user).exists()
    ):
        raise PermissionDenied("only an organisation's representatives may apply for it")


def _locked_draft(application: Application, user) -> Application:
    locked = locked_application(application.pk)
    _check_representative(locked.organisation, user)
    if locked.status != ApplicationStatus.DRAFT:
        raise DraftClosed()
    return locked


def draft_start(
    *,
    organisation: Organisation,
    programme_slug: str,
    user,
    prefill: Mapping[str, Any] | None = None,
    establishment: Establishment | None = None,
) -> Application:
    """The organisation's draft for the programme: the one it has, or a new one.

    A new draft is prefilled with `prefill` (e.g. the screener's answers) and, over them, the
    organisation profile's facts, keeping only the facts the programme reads and accepts.
    There is one draft per organisation and programme (a partial unique constraint): a
    second "Apply", or two at once, resumes the same draft.

    A programme that takes one application per establishment needs `establishment` (one of
    the organisation's): the draft remembers it, its facts are the establishment's own over
    the organisation's others, and there is one draft per establishment. For any other
    programme `establishment` is ignored.
    """
    _check_representative(organisation, user)
    if establishment is not None and establishment.organisation_id != organisation.pk:
        raise PermissionDenied("the establishment belongs to another organisation")
    existing = Application.objects.drafts().filter(
        organisation=organisation, programme_slug=programme_slug, establishment=establishment
    )
    draft = existing.first()
    if draft is not None:
        return draft
    programme = live_programme(programme_slug)
    if programme is None:
        raise ValidationError(_("This programme does not exist or is not published."))
    per_establishment = applies_per_establishment(programme.compiled, organisation)
    if per_establishment and establishment is None:
        raise ValidationError(
            _("This programme takes one application per establishment: choose which one."),
            code="establishment_required",
        )
    if not per_establishment and establishment is not None:
        return draft_start(
            organisation=organisation, programme_slug=programme_slug, user=user, prefill=prefill
        )
    prefill = dict(prefill or {})
    if establishment is not None:
        # The screener was answered about the organisation, not about this establishment.
        for name in ESTABLISHMENT_FACT_FIELDS:
            prefill.pop(name, None)
    answers = _acceptable_answers(
        programme.compiled, {**prefill, **unit_facts(organisation, establishment)}
    )
    try:
        with transaction.atomic():
            draft = Application.objects.create(
                organisation=organisation,
                establishment=establishment,
                programme_slug=programme_slug,
                created_by=user,
                language=active_language(),
                answers=answers,
                progress={COMPLETED: []},
            )
            event_record(application=draft, kind=EventKind.CREATED, user=user, internal=False)
    except IntegrityError:
        # Another request started it a moment ago: that draft is the one.
        return existing.get()
    return draft


def _acceptable_answers(programme, facts: Mapping[str, Any]) -> dict[str, Any]:
    """The facts the programme reads, less any it would refuse (a stale screener answer)."""
    # A fact the programme's engine does not know (a profile field newer than its rules)
    # is neither read nor accepted, so it is left out here.
    read = set(programme.read_names) & programme.accepted_facts
    kept = {name: value for name, value in facts.items() if name in read and value is not None}
    refused = {error.fact for error in programme.check_facts(kept)}
    return {name: value for name, value in kept.items() if name not in refused}


def draft_save_step(
    *,
    application: Application,
    user,
    step: str,
    answers: Mapping[str, Any],
    next_step: str | None = None,
) -> Application:
    """Save one step's answers (engine input format) into the draft and mark it completed.

    An answer of None clears the fact. Raises ValidationError for a fact the programme would
    refuse, DraftClosed once submitted, PermissionDenied for anyone but a representative.
    """
    with transaction.atomic():
        draft = _locked_draft(application, user)
        programme = live_programme(draft.programme_slug)
        given = {name: value for name, value in answers.items() if value is not None}
        if programme is not None:
            errors = programme.compiled.check_facts(given)
            if errors:
                raise ValidationError([str(error) for error in errors], code="invalid_fact")
        merged = dict(draft.answers or {})
        for name, value in answers.items():
            if value is None:
                merged.pop(name, None)
            else:
                merged[name] = value
        progress = dict(draft.progress or {})
        completed = list(progress.get(COMPLETED, []))
        if step not in completed:
            completed.append(step)
        progress[COMPLETED] = completed
        if next_step:
            progress[CURRENT_STEP] = next_step
        draft.answers = merged
        draft.progress = progress
        draft.save(update_fields=["answers", "progress", "updated_at"])
    _refresh(application, draft)
    return draft


def draft_set_current_step(*, application: Application, user, step: str) -> None:
    """Remember where the applicant is, to resume there."""
    if (application.progress or {}).get(CURRENT_STEP) == step:
        return
    with transaction.atomic():
        draft = _locked_draft(application, user)
        draft.progress = {**(draft.progress or {}), CURRENT_STEP: step}
        draft.save(update_fields=["progress", "updated_at"])
    _refresh(application, draft)


def draft_declare(
    *, application: Application, user, accepted: bool, evidence: dict[str, str] | None = None
) -> Application:
    """Record (or withdraw) the applicant's responsible declaration, with the requirements
    declared or consented to one by one (`evidence`: condition id -> "declaration" or
    "consent")."""
    with transaction.atomic():
        draft = _locked_draft(application, user)
        draft.progress = declaration_progress(
            draft.progress, user=user, accepted=accepted, evidence=evidence
        )
        draft.save(update_fields=["progress", "updated_at"])
    _refresh(application, draft)
    return draft


def declaration_progress(
    progress: dict | None, *, user, accepted: bool, evidence: dict[str, str] | None = None
) -> dict:
    """A draft's progress with the declaration recorded (or withdrawn); written by
    `draft_declare`, or by the submission that the declaration comes with."""
    progress = dict(progress or {})
    if accepted:
        progress[DECLARATION] = {
            "accepted": True,
            "at": timezone.now().isoformat(),
            "by": user.pk,
            **({"evidence": dict(evidence)} if evidence else {}),
        }
    else:
        progress.pop(DECLARATION, None)
    return progress


def _refresh(application: Application, saved: Application) -> None:
    """Let the caller's instance see what was saved through the locked copy."""
    if application is not saved:
        application.answers = saved.answers
        application.progress = saved.progress
        application.updated_at = saved.updated_at


def draft_delete(*, application: Application, user) -> None:
    """Delete a draft the applicant no longer wants, with its documents and their files.

    Only the organisation's representatives may, and only while it is a draft: a submitted
    application is withdrawn instead, and keeps its record.
    """
    with transaction.atomic():
        locked = _locked_draft(application, user)
        files = [document.file for document in locked.documents.all() if document.file]
        locked.delete()
        # The files go once the rows have gone for good: a rollback keeps both.
        transaction.on_commit(lambda: draft_files_delete(files))
