"""Entering filings in the electronic registry (Ley 39/2015, arts. 16 and 31).

Each filing of an applicant (the submission, an answer to a request, a withdrawal, an
appeal) is entered in the same transaction that records it: its number is the year's next
(gapless: the year's row is locked, and a rolled-back filing gives its number back), its time
is to the second, and a filing made on a non-working day counts from the next working day's
first hour (`deadlines.effective_filing`). What was filed is kept as it was: the answers or
the text, and a SHA-256 of each document. The applicant's receipt (*justificante*, art. 16.3)
is owed in the same transaction and issued as a letter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from applications.models import Application, ApplicationDocument, RegistryEntry, RegistrySequence
from applications.services import outbox
from applications.services.deadlines import effective_filing
from applications.services.references import registry_number_format, sequence_next


def document_rows(documents: Iterable[ApplicationDocument]) -> list[dict[str, Any]]:
    return [
        {
            "code": document.code,
            "name": document.original_name,
            "size": document.size,
            "sha256": document.sha256,
        }
        for document in documents
    ]


def registry_enter(
    *,
    application: Application,
    kind: str,
    user,
    content: dict[str, Any],
    documents: Iterable[ApplicationDocument] = (),
    filed_at=None,
) -> RegistryEntry:
    """Enter a filing; must run inside the transaction that records it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("registry_enter must run inside the transaction of the filing")
    filed_at = (filed_at or timezone.now()).replace(microsecond=0)
    year = timezone.localtime(filed_at).year
    number = sequence_next(RegistrySequence, year=year)
    entry = RegistryEntry.objects.create(
        number=registry_number_format(year=year, number=number),
        year=year,
        sequence=number,
        kind=kind,
        application=application,
        filed_by=user if user is not None and user.is_authenticated else None,
        filed_at=filed_at,
        counts_from=effective_filing(filed_at),
        content=content,
        documents=document_rows(documents),
    )
    # The applicant's receipt (justificante), issued by the letters' worker once this commits.
    outbox.letter_owe(application=application, kind="receipt")
    return entry
