"""The right of access (GDPR art. 15): everything held about an organisation and its
applications, as one JSON document with the documents and letters themselves, zipped.

Two readers ask for it. A representative, from the organisation's page, gets what the
applicant side may see: their own account in full, the other representatives by name and
email only (art. 15(4): a copy must not disclose more of other people than they already
share), the audit trail as their timeline shows it (without the desk's internal entries
and notes) and the desk's staff as "the desk". A data protection officer, answering a formal request in the admin, gets all of it,
internal notes and actors included, to review before it is handed over (some internal
deliberation may be withheld under the law).

Every export is written to the register (DataProtectionEvent) before it is handed out: who,
when, which organisation, and how much it held.
"""

import json
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from applications.constants import DataProtectionEventKind
from applications.models import Application, DataProtectionEvent
from organisations.models import Organisation
from organisations.selectors import FACT_FIELDS
from organisations.services.establishments import ESTABLISHMENT_FIELDS

FORMAT = "onestop.subject-access/v1"
DATA_FILE = "data.json"
# Exports up to this size stay in memory while they are written; larger ones go to disk.
IN_MEMORY_BYTES = 8 * 1024 * 1024

ORGANISATION_FIELDS = (
    "legal_name",
    "tax_id",
    *FACT_FIELDS,
    "street",
    "postcode",
    "city",
    "contact_email",
    "phone",
    "iban",
    "created_at",
    "updated_at",
    "anonymised_at",
)

ESTABLISHMENT_EXPORT_FIELDS = (*ESTABLISHMENT_FIELDS, "created_at", "updated_at")


@dataclass
class SubjectAccessExport:
    file: IO[bytes]
    filename: str
    size: int
    event: DataProtectionEvent


def organisation_export(
    *, organisation: Organisation, user, via: str, full: bool
) -> SubjectAccessExport:
    """Write the organisation's export to a temporary file (rewound, for the caller to send)
    and register it. `full` is the data protection officer's version (see above); the caller
    has checked that `user` may have it."""
    archive = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115
    counts = {"applications": 0, "documents": 0, "letters": 0, "files_missing": 0}
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        data = _organisation_data(organisation, user=user, full=full, zipped=zipped, counts=counts)
        zipped.writestr(
            DATA_FILE, json.dumps(data, indent=2, ensure_ascii=False, default=_json_value)
        )
    size = archive.tell()
    archive.seek(0)
    event = DataProtectionEvent.objects.create(
        kind=DataProtectionEventKind.EXPORT,
        actor=user,
        organisation=organisation,
        data={"via": via, "full": full, "bytes": size, **counts},
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return SubjectAccessExport(
        file=archive,
        filename=f"data-{organisation.tax_id}-{stamp}.zip",
        size=size,
        event=event,
    )


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _organisation_data(organisation, *, user, full, zipped, counts) -> dict[str, Any]:
    applications = (
        Application.objects.filter(organisation=organisation)
        .prefetch_related("events", "information_requests", "documents", "letters")
        .order_by("created_at", "pk")
    )
    entries = []
    for application in applications:
        entries.append(_application_data(application, full=full, zipped=zipped, counts=counts))
        counts["applications"] += 1
    return {
        "format": FORMAT,
        "generated_at": timezone.now(),
        "about": _(
            "Everything this desk holds about the organisation and its applications. The "
            "documents and letters are in the folders named beside each one."
        ),
        "organisation": {
            "id": organisation.pk,
            **{name: getattr(organisation, name) for name in ORGANISATION_FIELDS},
        },
        "establishments": [
            {
                "id": establishment.pk,
                **{name: getattr(establishment, name) for name in ESTABLISHMENT_EXPORT_FIELDS},
            }
            for establishment in organisation.establishments.order_by("created_at", "pk")
        ],
        "representatives": _representatives(organisation, requester=user, full=full),
        "invitations": [
            {
                "email": invitation.email,
                "created_at": invitation.created_at,
                "accepted_at": invitation.accepted_at,
            }
            for invitation in organisation.invitations.order_by("created_at", "pk")
        ],
        "applications": entries,
    }


def _representatives(organisation, *, requester, full) -> list[dict[str, Any]]:
    result = []
    for representation in organisation.representations.select_related("user").order_by(
        "created_at", "pk"
    ):
        person = representation.user
        entry = {
            "email": person.email,
            "name": person.get_full_name(),
            "role": representation.role,
            "since": representation.created_at,
        }
        if full or person.pk == requester.pk:
            entry.update(
                {
                    "username": person.get_username(),
                    "joined": person.date_joined,
                    "last_login": person.last_login,
                    "email_addresses": [
                        {"email": address.email, "verified": address.verified}
                        for address in person.emailaddress_set.order_by("pk")
                    ],
                }
            )
        result.append(entry)
    return result


def _application_data(application, *, full, zipped, counts) -> dict[str, Any]:
    folder = f"applications/{application.reference or f'draft-{application.pk}'}"
    data = {
        "id": application.pk,
        "reference": application.reference,
        "programme": application.programme_slug,
        "status": application.status,
        "status_label": application.get_status_display(),
        "language": application.language,
        "created_at": application.created_at,
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
        "withdrawn_at": application.withdrawn_at,
        "anonymised_at": application.anonymised_at,
        "answers": application.answers,
        "submitted_answers": application.submitted_answers,
        "programme_revision_id": application.programme_revision_id,
        "evaluation": application.evaluation,
        "computed_amount": application.computed_amount,
        "awarded_amount": application.awarded_amount,
        "rejection_reasons": application.rejection_reasons,
        "decision_note": application.decision_note,
        "events": _events(application, full=full),
        "information_requests": [
            {
                "message": request.message,
                "due_on": request.due_on,
                "requested_at": request.requested_at,
                "answer": request.answer,
                "answered_at": request.answered_at,
            }
            for request in application.information_requests.all()
        ],
        "registry_entries": [
            {
                "number": entry.number,
                "kind": entry.kind,
                "filed_at": entry.filed_at,
                "counts_from": entry.counts_from,
                "content": entry.content,
                "documents": entry.documents,
            }
            for entry in application.registry_entries.all()
        ],
        "appeals": [
            {
                "lodged_at": appeal.lodged_at,
                "decision": appeal.decision_kind,
                "text": appeal.text,
                "status": appeal.status,
                "resolved_at": appeal.resolved_at,
                "resolution": appeal.resolution,
                "corrected_amount": appeal.corrected_amount,
            }
            for appeal in application.appeals.all()
        ],
        "documents": [],
        "letters": [],
    }
    if full:
        data["proposal_justification"] = application.proposal_justification
        data["retained_facts"] = application.retained_facts
    for document in application.documents.all():
        name = get_valid_filename(document.original_name) or "document"
        path = _add_file(zipped, document.file, f"{folder}/documents/{document.pk}-{name}", counts)
        counts["documents"] += 1
        data["documents"].append(
            {
                "code": document.code,
                "name": document.original_name,
                "content_type": document.content_type,
                "size": document.size,
                "sha256": document.sha256,
                "uploaded_at": document.uploaded_at,
                "file": path,
            }
        )
    for letter in application.letters.all():
        arcname = f"{folder}/letters/{letter.kind}-v{letter.version}.pdf"
        path = _add_file(zipped, letter.pdf, arcname, counts)
        counts["letters"] += 1
        data["letters"].append(
            {
                "kind": letter.kind,
                "version": letter.version,
                "verification_code": letter.code,
                "language": letter.language,
                "issued_at": letter.issued_at,
                "superseded_at": letter.superseded_at,
                "sha256": letter.sha256,
                "pdf_removed_at": letter.pdf_removed_at,
                "file": path,
            }
        )
    return data


def _events(application, *, full) -> list[dict[str, Any]]:
    events = [event for event in application.events.all() if full or not event.internal]
    applicant_side = _applicant_side(application, events)
    result = []
    for event in events:
        by = _actor_role(event.actor_id, applicant_side)
        entry = {
            "at": event.at,
            "kind": event.kind,
            "from_status": event.from_status,
            "to_status": event.to_status,
            # As on the applicant's timeline: their own words; what the desk wrote to them
            # is in the information requests and the decision note.
            "note": event.note if full or by == "applicant" else "",
            "by": by,
        }
        if full:
            entry.update(
                {"internal": event.internal, "actor_id": event.actor_id, "data": event.data}
            )
        result.append(entry)
    return result


def _applicant_side(application, events) -> set[int]:
    ids = {application.created_by_id}
    ids.update(application.organisation.representations.values_list("user_id", flat=True))
    actors = {event.actor_id for event in events if event.actor_id} - ids
    # Actors without any staff role acted for the applicant (a former representative).
    ids.update(
        get_user_model()
        .objects.filter(pk__in=actors, is_staff=False, is_superuser=False, groups__isnull=True)
        .values_list("pk", flat=True)
    )
    ids.discard(None)
    return ids


def _actor_role(actor_id, applicant_side: set[int]) -> str:
    if actor_id is None:
        return "system"
    return "applicant" if actor_id in applicant_side else "desk"


def _add_file(zipped: zipfile.ZipFile, stored: FieldFile, arcname: str, counts) -> str | None:
    """Copy a stored file into the archive; its path there, or None when there is none."""
    if not stored:
        return None
    try:
        with stored.open("rb") as source, zipped.open(arcname, "w") as target:
            for chunk in source.chunks():
                target.write(chunk)
    except FileNotFoundError:
        counts["files_missing"] += 1
        return None
    return arcname
