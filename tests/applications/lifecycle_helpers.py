"""Files at the end of their life: decided, withdrawn or closed on a given day, with the
personal data, documents and letters a real file gathers."""

import datetime
from decimal import Decimal

from django.utils import timezone

from applications.constants import ApplicationStatus, EventKind
from applications.models import Appeal, ApplicationEvent, ElectronicNotification, RegistryEntry
from letters.models import Letter
from tests.applications.my_applications_helpers import stored_document, submitted_application
from tests.factories.applications import InformationRequestFactory
from tests.factories.letters import LetterFactory
from tests.factories.organisations import InvitationFactory, OrganisationFactory
from tests.helpers import caseworker

S = ApplicationStatus

ORGANISATION = {
    "legal_name": "Errota Kooperatiba Txikia",
    "tax_id": "F95123452",
    "street": "Iturribide kalea 44, 2. ezk.",
    "postcode": "48006",
    "city": "Bilbao",
    "contact_email": "errota@example.org",
    "phone": "944 123 456",
    "iban": "ES9121000418450200051332",
    "employees": 12,
    "sector": "hospitality",
    "district": "ibaiondo",
    "women_led": True,
    "turnover_current": Decimal("210000.00"),
    "monthly_rent": Decimal("1800.00"),
}
APPLICANT_NOTE = "Retiro la solicitud: Miren Etxeberria deja la cooperativa."
DESK_NOTE = "Llamé a Miren Etxeberria al 600 111 222: el local está en obras."


def at_local(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def rich_organisation(**fields):
    return OrganisationFactory(**{**ORGANISATION, **fields})


def ended_application(organisation, outcome: str, on: datetime.datetime, **fields):
    """An application that ended on `on`: "awarded", "rejected", "withdrawn" or "closed"
    (closed without a decision, the closure recorded as its last status change)."""
    if outcome == "awarded":
        fields = {
            "status": S.APPROVED,
            "awarded_amount": Decimal("1250.00"),
            "decided_at": on,
            **fields,
        }
    elif outcome == "rejected":
        fields = {
            "status": S.REJECTED,
            "rejection_reasons": ["not_eligible"],
            "decided_at": on,
            **fields,
        }
    elif outcome == "withdrawn":
        fields = {"status": S.WITHDRAWN, "withdrawn_at": on, **fields}
    elif outcome == "closed":
        fields = {"status": S.CLOSED, **fields}
    else:
        raise ValueError(outcome)
    fields.setdefault("submitted_at", on - datetime.timedelta(days=40))
    application = submitted_application(organisation, **fields)
    if outcome == "closed":
        ApplicationEvent.objects.create(
            application=application,
            kind=EventKind.TRANSITION,
            from_status=S.SUBMITTED,
            to_status=S.CLOSED,
            at=on,
        )
    return application


def stored_letter(application, *, kind="rejection", version=1) -> Letter:
    return LetterFactory(application=application, kind=kind, version=version, sha256="ab" * 32)


def full_file(organisation, user, outcome="rejected", on=None, **fields):
    """A file with all a file gathers: answers and reasons that repeat them, the desk's texts,
    an answered information request, notes, an email event, a document and a letter."""
    on = on or at_local(datetime.date(2020, 3, 10))
    desk = caseworker()
    application = ended_application(
        organisation,
        outcome,
        on,
        created_by=user,
        answers={"employees": 12, "legal_form": "cooperative", "sector": "hospitality"},
        submitted_answers={"employees": 12, "legal_form": "cooperative", "sector": "hospitality"},
        evaluation={
            "outcome": "eligible",
            "amount": "1250.00",
            "missing_facts": [],
            "reasons": {"es": ["Tiene 12 personas empleadas (Errota Kooperatiba Txikia)"]},
        },
        progress={"declaration": {"accepted": True, "by": user.pk}},
        proposal_justification="Propuesta: Miren Etxeberria lo explicó por teléfono.",
        decision_note="No cumple: la facturación de Errota Kooperatiba Txikia supera el límite.",
        assigned_to=desk,
        decided_by=desk if outcome in ("awarded", "rejected") else None,
        **fields,
    )
    request = InformationRequestFactory(
        application=application,
        message="Envíe el contrato de alquiler firmado por Miren Etxeberria.",
        due_on=on.date(),
        requested_by=desk,
        answer="Adjunto el contrato; mi DNI es 12345678Z.",
        answered_by=user,
        answered_at=on,
    )
    # The answer as the registry entered it, with its document's name and fingerprint.
    RegistryEntry.objects.create(
        number="BIO-E-2020-000001",
        year=2020,
        sequence=1,
        kind="information_answer",
        application=application,
        filed_by=user,
        filed_at=on,
        counts_from=on,
        content={"information_request": request.pk, "answer": request.answer},
        documents=[{"code": "", "name": "contrato-Etxeberria.pdf", "size": 10, "sha256": "a" * 64}],
    )
    # An appeal against the decision, in the applicant's words, and its resolution.
    notification = ElectronicNotification.objects.create(
        application=application, letter_id=999999, kind="rejection", made_available_at=on
    )
    Appeal.objects.create(
        application=application,
        notification=notification,
        decision_kind="rejection",
        text="Recurre Miren Etxeberria, DNI 12345678Z.",
        lodged_by=user,
        lodged_at=on,
        status="dismissed",
        resolved_at=on,
        resolution="Errota Kooperatiba Txikia no aportó el contrato.",
    )
    ApplicationEvent.objects.create(
        application=application,
        kind=EventKind.TRANSITION,
        actor=desk,
        from_status=S.IN_REVIEW,
        to_status=S.INFO_REQUESTED,
        note=request.message,
        at=on - datetime.timedelta(days=20),
    )
    ApplicationEvent.objects.create(
        application=application,
        kind=EventKind.TRANSITION,
        actor=user,
        from_status=S.INFO_REQUESTED,
        to_status=S.IN_REVIEW,
        note=request.answer,
        data={"information_request": request.pk},
        at=on - datetime.timedelta(days=15),
    )
    ApplicationEvent.objects.create(
        application=application,
        kind=EventKind.NOTE,
        actor=desk,
        note=DESK_NOTE,
        internal=True,
        at=on - datetime.timedelta(days=10),
    )
    ApplicationEvent.objects.create(
        application=application,
        kind=EventKind.EMAIL,
        note="Su solicitud",
        data={"kind": "decision_made", "to": [user.email, organisation.contact_email]},
        at=on - datetime.timedelta(days=1),
    )
    document = stored_document(application, name="contrato Miren Etxeberria.pdf", user=user)
    letter = stored_letter(application, kind="award" if outcome == "awarded" else "rejection")
    InvitationFactory(organisation=organisation, email="nueva.socia@example.org", invited_by=user)
    return application, document, letter, desk
