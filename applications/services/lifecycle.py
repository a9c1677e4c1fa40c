"""The end of a file's retention period: its personal data replaced, its files deleted, its
figures kept for statistics.

What goes, per application past its period (applications.retention says which):

- the answers (draft and frozen), the wizard's bookkeeping and the reasons of the frozen
  evaluation, which repeat the answers; the figures that statistics need are first copied to
  `retained_facts`: outcome, legal form, sector, district, postcode, municipality, headcount
  band and whether the organisation is led by women;
- every free text typed by the applicant or the desk: information requests and answers, the
  desk's justification and decision note, the notes of the audit trail;
- the links to the applicant's user accounts (who started it, who answered, who acted);
  event data other than ids, codes, amounts and statuses (an email's recipients);
- what the registry entries say and who filed them (their numbers, times and the documents'
  fingerprints stay);
- the uploaded documents, rows and files; the letters' PDFs, while the letter rows stay with
  their code and fingerprint, so that the public check still answers, saying the file was
  removed.

Kept: the programme, its frozen rules, the amounts, the dates, the status and rejection
reason codes, and the desk's staff on the decision (they acted for the city, not for the
applicant).

The organisation itself is anonymised only once every one of its applications is: while one
is live or still kept, its name, tax id and contact are needed. Then its name, tax id,
address, contact, bank account and figures are replaced (legal form, sector, district,
postcode and municipality stay), its representations and invitations are deleted. User
accounts are not touched: an account is a person's own, may represent other organisations
with live files, and is closed by its holder or on request, not by a file's retention.

Each application is done in its own transaction under its row lock, re-checked there, and
marked `anonymised_at`: a run that is repeated, retried or overlaps another does each once.
Files are deleted inside that transaction, before it commits: if the commit then failed,
the next run would find the file still due and finish it, whereas deleting after the commit
could leave personal files behind with nothing pointing at them.
"""

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from applications.constants import DataProtectionEventKind, EventKind
from applications.models import Application, ApplicationEvent, DataProtectionEvent
from applications.models.lifecycle import VIA_TASK
from applications.retention import retention_days, retention_last_day
from applications.selectors_lifecycle import (
    applications_past_retention,
    organisations_left_anonymised,
)
from applications.services.transitions import event_record
from organisations.models import Invitation, Organisation, Representation

logger = logging.getLogger(__name__)

# Event data that say nothing about a person: ids, codes, amounts, statuses.
EVENT_DATA_KEPT = frozenset(
    {
        "action",
        "amount",
        "available",
        "code",
        "document",
        "files",
        "from_user",
        "information_request",
        "key",
        "kind",
        "letter",
        "letter_kind",
        "outcome",
        "programme_revision_id",
        "reasons",
        "reference",
        "source_key",
        "to_user",
        "version",
        "waitlist",
        "due_on",
    }
)

# The EU's SME size classes (Recommendation 2003/361/EC): the lower bound and the band.
HEADCOUNT_BANDS = ((250, "250+"), (50, "50-249"), (10, "10-49"), (1, "1-9"), (0, "0"))


@dataclass
class AnonymisationRun:
    """What one run did (or, dry, would do)."""

    applications: list[Application] = field(default_factory=list)
    organisations: int = 0
    documents_deleted: int = 0
    letters_removed: int = 0
    failed: int = 0


def headcount_band(employees: Any) -> str:
    try:
        count = int(employees)
    except (TypeError, ValueError):
        return ""
    return next((band for lower, band in HEADCOUNT_BANDS if count >= lower), "")


def _in_site_language(text_of) -> str:
    # What replaces a text is stored data, like anything the desk types: in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        return text_of()


def removed_text() -> str:
    return _in_site_language(lambda: gettext("[Removed at the end of its retention period]"))


def anonymised_organisation_name() -> str:
    return _in_site_language(lambda: gettext("Anonymised organisation"))


def retention_anonymise_due(
    *,
    today=None,
    actor=None,
    via: str = VIA_TASK,
    operator: str = "",
    dry_run: bool = False,
) -> AnonymisationRun:
    """Anonymise every file past its retention period, then every organisation left with
    only anonymised files. `dry_run` lists the files and changes nothing. One file that fails
    is logged and left for the next run; the others go on. `operator` names whoever ran it
    without a user account (a command's system user), for the register."""
    run = AnonymisationRun()
    due = list(applications_past_retention(today=today))
    if dry_run:
        run.applications = due
        return run
    for application in due:
        try:
            done = application_anonymise(
                application=application, actor=actor, via=via, operator=operator, today=today
            )
        except Exception:
            logger.exception("could not anonymise application %s", application.pk)
            run.failed += 1
            continue
        if done is not None:
            run.applications.append(application)
            run.documents_deleted += done["documents"]
            run.letters_removed += done["letters"]
    for organisation in list(organisations_left_anonymised()):
        if organisation_anonymise(
            organisation=organisation, actor=actor, via=via, operator=operator
        ):
            run.organisations += 1
    logger.info(
        "retention: %s applications and %s organisations anonymised, %s documents and %s "
        "letters' PDFs deleted, %s failed",
        len(run.applications),
        run.organisations,
        run.documents_deleted,
        run.letters_removed,
        run.failed,
    )
    return run


def application_anonymise(
    *, application: Application, actor=None, via: str = VIA_TASK, operator: str = "", today=None
) -> dict | None:
    """Anonymise one file if, under its row lock, it is still past its period and not done;
    return what was removed, or None when there was nothing to do."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().filter(pk=application.pk).first()
        if locked is None or locked.anonymised_at is not None:
            return None
        due = applications_past_retention(today=today).filter(pk=locked.pk).first()
        if due is None:
            return None
        now = timezone.now()
        outcome, start = due.retention_outcome, due.retention_start
        applicant_users = _applicant_user_ids(locked)
        locked.retained_facts = _retained_facts(locked, outcome)
        documents = _documents_delete(locked)
        letters = _letters_pdf_remove(locked, now=now)
        _information_requests_clear(locked)
        _registry_clear(locked)
        _appeals_clear(locked)
        _events_clear(locked, applicant_users)
        _application_clear(locked, now=now)
        summary = {
            "outcome": outcome,
            "retention_days": retention_days(outcome),
            "retention_start": timezone.localdate(start).isoformat(),
            "last_day_kept": retention_last_day(outcome=outcome, start=start).isoformat(),
            "documents": documents,
            "letters": letters,
        }
        event_record(application=locked, kind=EventKind.ANONYMISED, user=actor, data=summary)
        DataProtectionEvent.objects.create(
            kind=DataProtectionEventKind.ANONYMISATION,
            actor=_user_or_none(actor),
            organisation_id=locked.organisation_id,
            application=locked,
            data={
                **_origin(via, operator),
                "reference": locked.reference or "",
                **summary,
            },
        )
    return summary


def organisation_anonymise(
    *, organisation: Organisation, actor=None, via: str = VIA_TASK, operator: str = ""
) -> bool:
    """Replace an organisation's identifying data once all its applications are anonymised;
    False when, under its row lock, that is not (or no longer) the case."""
    with transaction.atomic():
        locked = (
            organisations_left_anonymised().select_for_update().filter(pk=organisation.pk).first()
        )
        if locked is None:
            return False
        locked.legal_name = anonymised_organisation_name()
        # Unique, and never a valid tax id: the organisation can register again afresh.
        locked.tax_id = f"~{locked.pk:08X}"
        for name in ("street", "contact_email", "phone", "iban"):
            setattr(locked, name, "")
        for name in (
            "employees",
            "founded_on",
            "monthly_rent",
            "turnover_current",
            "turnover_previous",
        ):
            setattr(locked, name, None)
        locked.anonymised_at = timezone.now()
        locked.save()
        # Its establishments stay (anonymised applications point at them), without what
        # identifies them; district, activity and premises stay for statistics, as above.
        establishments = locked.establishments.update(
            name=anonymised_organisation_name(),
            address="",
            employees=None,
            surface_m2=None,
            monthly_rent=None,
        )
        representations, _ = Representation.objects.filter(organisation=locked).delete()
        invitations, _ = Invitation.objects.filter(organisation=locked).delete()
        DataProtectionEvent.objects.create(
            kind=DataProtectionEventKind.ANONYMISATION,
            actor=_user_or_none(actor),
            organisation=locked,
            data={
                **_origin(via, operator),
                "scope": "organisation",
                "representations": representations,
                "invitations": invitations,
                "establishments": establishments,
            },
        )
    return True


def _origin(via: str, operator: str) -> dict[str, str]:
    return {"via": via, "operator": operator} if operator else {"via": via}


def _user_or_none(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _applicant_user_ids(application: Application) -> set[int]:
    """The applicant's side: its representatives and whoever started, answered or uploaded."""
    ids = set(
        Representation.objects.filter(organisation_id=application.organisation_id).values_list(
            "user_id", flat=True
        )
    )
    ids.add(application.created_by_id)
    ids.update(application.information_requests.values_list("answered_by_id", flat=True))
    ids.update(application.documents.values_list("uploaded_by_id", flat=True))
    ids.discard(None)
    return ids


def _retained_facts(application: Application, outcome: str) -> dict[str, Any]:
    answers = application.submitted_answers or application.answers or {}
    organisation = application.organisation
    facts = {
        "outcome": outcome,
        "legal_form": answers.get("legal_form") or organisation.legal_form,
        "sector": answers.get("sector") or organisation.sector,
        "district": answers.get("district") or organisation.district,
        "women_led": answers.get("women_led", organisation.women_led),
        "postcode": organisation.postcode,
        "municipality": organisation.city,
        "headcount_band": headcount_band(answers.get("employees", organisation.employees)),
    }
    return {name: value for name, value in facts.items() if value not in (None, "")}


def _documents_delete(application: Application) -> int:
    documents = list(application.documents.all())
    for document in documents:
        if document.file:
            document.file.storage.delete(document.file.name)
    application.documents.all().delete()
    return len(documents)


def _letters_pdf_remove(application: Application, *, now) -> int:
    removed = 0
    for letter in application.letters.filter(pdf_removed_at__isnull=True):
        if letter.pdf:
            letter.pdf.storage.delete(letter.pdf.name)
        letter.pdf = ""
        letter.pdf_removed_at = now
        letter.save(update_fields=["pdf", "pdf_removed_at"])
        removed += 1
    return removed


def _information_requests_clear(application: Application) -> None:
    removed = removed_text()
    for request in application.information_requests.all():
        request.message = removed if request.message else ""
        request.answer = removed if request.answer else ""
        request.answered_by = None
        request.save(update_fields=["message", "answer", "answered_by"])


def _registry_clear(application: Application) -> None:
    """The registry keeps each entry's number, kind, times and documents' fingerprints (what
    proves that something was filed, and when), not what it said nor who filed it."""
    removed = removed_text()
    for entry in application.registry_entries.all():
        entry.content = {"removed": removed} if entry.content else {}
        entry.documents = [
            {"size": row.get("size"), "sha256": row.get("sha256")} for row in entry.documents or ()
        ]
        entry.filed_by = None
        entry.save(update_fields=["content", "documents", "filed_by"])


def _appeals_clear(application: Application) -> None:
    """An appeal keeps its kind, times, outcome and amount; not what either side wrote, nor
    who lodged it."""
    removed = removed_text()
    application.appeals.update(text=removed, resolution=removed, lodged_by=None)


def _events_clear(application: Application, applicant_users: set[int]) -> None:
    from django.contrib.auth import get_user_model

    removed = removed_text()
    events = list(application.events.all())
    actor_ids = {event.actor_id for event in events if event.actor_id}
    # Staff act for the city and stay on the record; anyone else is the applicant's side.
    staff = set(
        get_user_model()
        .objects.filter(pk__in=actor_ids - applicant_users)
        .filter(Q(is_staff=True) | Q(is_superuser=True) | Q(groups__isnull=False))
        .values_list("pk", flat=True)
    )
    for event in events:
        event.note = removed if event.note else ""
        event.data = {
            key: value for key, value in (event.data or {}).items() if key in EVENT_DATA_KEPT
        }
        if event.actor_id not in staff:
            event.actor = None
    ApplicationEvent.objects.bulk_update(events, ["note", "data", "actor"])


def _application_clear(application: Application, *, now) -> None:
    removed = removed_text()
    application.answers = {}
    if application.submitted_answers is not None:
        application.submitted_answers = {}
    application.progress = {}
    if application.evaluation:
        # The reasons are sentences built from the answers ("you have 4 employees").
        application.evaluation = {
            key: value for key, value in application.evaluation.items() if key != "reasons"
        }
    for name in ("proposal_justification", "decision_note"):
        if getattr(application, name):
            setattr(application, name, removed)
    application.created_by = None
    application.anonymised_at = now
    application.save(
        update_fields=[
            "answers",
            "submitted_answers",
            "progress",
            "evaluation",
            "proposal_justification",
            "decision_note",
            "created_by",
            "retained_facts",
            "anonymised_at",
        ]
    )
