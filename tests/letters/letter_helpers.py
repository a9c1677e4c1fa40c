"""What the letters' tests share: the decided applications' organisation and programme, the
decision letter issued as the desk's decision issues it, and a PDF's text."""

import io

from pypdf import PdfReader

from letters.services import letters
from letters.services.letters import letter_issue

ORGANISATION_NAME = "Txurdinaga Begoña Kooperatiba «Ñandú» Güeñes"

DEFINITION = {
    "slug": "hospitality-direct-aid",
    "title": {
        "es": "Ayuda directa a la hostelería",
        "eu": "Ostalaritzarako zuzeneko laguntza",
        "en": "Direct aid for hospitality",
    },
    "benefit": "grant",
    "unit": "EUR",
}


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, pages joined, with line breaks as spaces."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def issue(application, kind="award"):
    """The decision letter of `application`, issued as the decision's task issues it."""
    return letter_issue(
        application_id=application.pk, kind=kind, source_key=letters.decision_key(application)
    )
