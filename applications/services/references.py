"""Application references (`<CITY>-<YEAR>-<6 digits>`) and registry numbers, numbered from
000001 each year.

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
    return reference_format(year=year, number=sequence_next(ReferenceSequence, year=year))


def registry_number_format(*, year: int, number: int) -> str:
    """A registry entry's number: `<CITY>-E-<YEAR>-<6 digits>` (E: entry, as registries
    number what comes in)."""
    return f"{settings.ONESTOP_CITY_CODE}-E-{year}-{number:06d}"


def sequence_next(model, *, year: int) -> int:
    """The next number of `year` in a yearly sequence (`ReferenceSequence`,
    `RegistrySequence`): gapless, because the year's row is locked until the transaction
    that uses the number commits or rolls back (and gives it back)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("a sequence number must be taken inside the transaction that uses it")
    # One statement takes the row's lock and the number: every submission of the year waits
    # on this row, so it is held for as few round trips as possible.
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        for _attempt in range(2):
            cursor.execute(
                f"UPDATE {table} SET last_number = last_number + 1 WHERE year = %s "  # noqa: S608 (the table is the model's own)
                "RETURNING last_number",
                [year],
            )
            row = cursor.fetchone()
            if row is not None:
                return row[0]
            # The first number of a year creates the row. Two doing so at once must not
            # both insert: insert-or-ignore makes the second wait for the first and then do
            # nothing, and both then take the number from the one row.
            model.objects.bulk_create([model(year=year, last_number=0)], ignore_conflicts=True)
    raise RuntimeError(f"no {model.__name__} row for {year}")
