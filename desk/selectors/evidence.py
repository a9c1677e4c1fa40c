"""The case page's checklist: each requirement the programme proves in a stated way, how it
was proven on this application, and whether a caseworker has verified it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from applications.models import Application
from desk.services.evidence import EVIDENCE_VERIFIED
from onestop.i18n import text_in_language


@dataclass(frozen=True)
class EvidenceRow:
    ident: str
    requirement: str
    how: str
    given: bool  # declared or consented to, or the document uploaded
    verified_by: object = None
    verified_at: object = None


def evidence_checklist(*, application: Application, documents, events, labels) -> list[EvidenceRow]:
    """`documents`, `events` and `labels` (document code -> name) as the case page has them."""
    uploaded = {document.code for document in documents}
    verified = {}
    for event in events:
        ident = (event.data or {}).get(EVIDENCE_VERIFIED)
        if ident:
            verified[ident] = event
    rows = []
    for item in (application.evaluation or {}).get("evidence") or ():
        by = item.get("by")
        if by == "document":
            code = item.get("document")
            given = code in uploaded
            how = _("Document: %(document)s") % {"document": labels.get(code) or code}
        elif by == "consent":
            given = bool(item.get("given"))
            how = _("Consent to verify with the administration holding the data")
        else:
            given = bool(item.get("given"))
            how = _("Declared by the applicant")
        event = verified.get(item.get("id"))
        rows.append(
            EvidenceRow(
                ident=item.get("id", ""),
                requirement=text_in_language(item.get("text")),
                how=how,
                given=given,
                verified_by=event.actor if event else None,
                verified_at=event.at if event else None,
            )
        )
    return rows
