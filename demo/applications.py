"""Submitted demo applications, so that the demo desk has cases to work.

They go through the applicant's real path (a draft, its answers, its documents, the
submission), so each carries a reference, a frozen evaluation and an audit trail like any
other. Idempotent: an organisation that already applied is left as it is.
"""

import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from applications.models import Application
from organisations.models import Organisation, Representation

HOSPITALITY = "hospitality-direct-aid"
# A programme's desk row: decisions above this need a second, senior caseworker.
DEMO_FOUR_EYES_THRESHOLD = "1000.00"


@dataclass(frozen=True)
class DemoCase:
    legal_name: str
    tax_id: str
    legal_form: str
    district: str
    employees: int
    # A postal address, as a real applicant gives: the letters print it.
    street: str = ""
    postcode: str = ""


DEMO_CASES = (
    DemoCase(
        "Taberna Zazpi Kaleak S.Coop.",
        "F95000014",
        "cooperative",
        "abando",
        6,
        "Calle Ercilla, 18",
        "48009",
    ),
    DemoCase(
        "Jatetxe Deusto S.L.L.",
        "B95000022",
        "labour_company",
        "deusto",
        2,
        "Avenida Lehendakari Aguirre, 20",
        "48014",
    ),
    DemoCase(
        "Ostatu Begoña S.L.",
        "B95000030",
        "limited_company",
        "begona",
        14,
        "Calle Zabalbide, 40",
        "48006",
    ),
)


def demo_pdf(title: str) -> bytes:
    """A one-page PDF standing in for a certificate."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 760, title)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def hospitality_answers(employees: int, district: str) -> dict[str, Any]:
    return {
        "sector": "hospitality",
        "district": district,
        "employees": employees,
        "tax_obligations_current": True,
        "social_security_current": True,
        "debts_with_city": False,
        "de_minimis_declared": "0",
    }


def demo_application_submit(
    *, user, organisation: Organisation, programme_slug: str, answers: dict[str, Any]
) -> Application:
    """Start, fill in, document and submit an application as its representative would."""
    from applications.services.documents import document_add
    from applications.services.drafts import draft_save_step, draft_start
    from applications.services.submission import application_submit
    from applications.wizard.programmes import live_programme

    draft = draft_start(organisation=organisation, programme_slug=programme_slug, user=user)
    draft = draft_save_step(application=draft, user=user, step="demo", answers=answers)
    programme = live_programme(programme_slug)
    for document in programme.definition.get("documents", []):
        pdf = demo_pdf(document["code"])
        document_add(
            application=draft,
            user=user,
            code=document["code"],
            uploaded_file=SimpleUploadedFile(
                f"{document['code']}.pdf", pdf, content_type="application/pdf"
            ),
        )
    return application_submit(application=draft, user=user)


@transaction.atomic
def demo_applications_ensure(*, username: str = "applicant") -> list[Application]:
    """The demo applicant's organisations, each with a submitted hospitality application."""
    from desk.services import programme_desk_for

    user = get_user_model().objects.get(username=username)
    desk = programme_desk_for(HOSPITALITY)
    desk.four_eyes_threshold = DEMO_FOUR_EYES_THRESHOLD
    desk.save(update_fields=["four_eyes_threshold"])
    applications = []
    for case in DEMO_CASES:
        organisation, _created = Organisation.objects.get_or_create(
            tax_id=case.tax_id,
            defaults={
                "legal_name": case.legal_name,
                "legal_form": case.legal_form,
                "district": case.district,
                "employees": case.employees,
                "sector": "hospitality",
                "contact_email": f"{case.tax_id.lower()}@demo.onestop.example",
                "street": case.street,
                "postcode": case.postcode,
                "city": "Bilbao",
            },
        )
        Representation.objects.get_or_create(user=user, organisation=organisation)
        existing = organisation.applications.filter(programme_slug=HOSPITALITY).first()
        if existing is not None and not existing.is_draft:
            applications.append(existing)
            continue
        applications.append(
            demo_application_submit(
                user=user,
                organisation=organisation,
                programme_slug=HOSPITALITY,
                answers=hospitality_answers(case.employees, case.district),
            )
        )
    return applications
