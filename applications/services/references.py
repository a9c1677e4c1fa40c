"""Application references: `<CITY>-<YEAR>-<6 digits>`, numbered from 000001 each year.

The year's `ReferenceSequence` row is locked to take the next number, so that concurrent
submissions never share one and the numbers have no gaps. Callers take the reference as late
as they can in their transaction: the row is the one lock every submission of the year waits
for.
"""

from django.conf import settings
from django.db import transaction

from applications.models import ReferenceSequence


def reference_format(*, year: int, number: int) -> str:
    return f"{settings.ONESTOP_CITY_CODE}-{year}-{number:06d}"


def reference_next(*, year: int) -> str:
    """The next reference of `year`; must run inside the transaction that stores it, so that
    a rolled-back submission gives its number back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reference_next must run inside the transaction that uses it")
    sequence = _locked_sequence(year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return reference_format(year=year, number=sequence.last_number)


def _locked_sequence(year: int) -> ReferenceSequence:
    sequence = ReferenceSequence.objects.select_for_update().filter(year=year).first()
    if sequence is not None:
        return sequence
    # The first submission of a year creates the row. Two doing so at once must not both
    # insert (get_or_create would raise IntegrityError in one of them): insert-or-ignore
    # makes the second wait for the first and then do nothing, and both lock the one row.
    ReferenceSequence.objects.bulk_create(
        [ReferenceSequence(year=year, last_number=0)], ignore_conflicts=True
    )
    return ReferenceSequence.objects.select_for_update().get(year=year)
