"""Reads for "what if": the frozen answers of a programme's past applications, streamed.

A what-if run reads every submitted application of a programme once. Rows come as plain
tuples from `values_list(...).iterator()` in chunks, never as model instances. Of the frozen
evaluation only the three keys the comparison needs are read, by the database's own JSON
functions and in one pass over each document: the evaluation's reasons, in three languages,
are most of its size, and decoding it in Python would cost more than the evaluation itself.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import DecimalField, Func, QuerySet, TextField
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from applications.constants import ApplicationStatus
from applications.models import Application

CHUNK_SIZE = 2000
CENT = Decimal("0.01")
# The keys of the frozen evaluation read, in this order.
FROZEN_KEYS = ("outcome", "as_of", "desk_de_minimis")


class FrozenApplication(NamedTuple):
    """What one past application was submitted and decided with."""

    reference: str
    answers: dict[str, Any]
    outcome: str | None  # the outcome evaluated at submission
    # The reference date of that evaluation, YYYY-MM-DD; for older data that did not keep
    # it, the moment of submission as the database writes it (see `submission_day`).
    as_of: str | None
    desk_de_minimis: str | None  # the desk's own de minimis awards counted then
    # The amount it was decided with: awarded by the desk, else computed at submission.
    amount: Decimal | None
    status: str


class FrozenEvaluationKeys(Func):
    """`[outcome, as_of, desk_de_minimis]` of the frozen evaluation, as JSON text, the
    document parsed once (three key lookups would parse it three times on SQLite)."""

    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra):
        paths = ", ".join(f"'$.{key}'" for key in FROZEN_KEYS)
        return self.as_sql(compiler, connection, template=f"JSON_EXTRACT(%(expressions)s, {paths})")

    def as_postgresql(self, compiler, connection, **extra):
        keys = ", ".join(f"(%(expressions)s) -> '{key}'" for key in FROZEN_KEYS)
        return self.as_sql(compiler, connection, template=f"JSONB_BUILD_ARRAY({keys})::text")


def _past_applications(slug: str) -> QuerySet[Application]:
    """Submitted applications of the programme whose answers are still held: an anonymised
    file keeps no answers, and a draft was never evaluated."""
    return (
        Application.objects.filter(programme_slug=slug, submitted_answers__isnull=False)
        .exclude(status=ApplicationStatus.DRAFT)
        .filter(anonymised_at__isnull=True)
    )


def past_applications_count(slug: str) -> int:
    return _past_applications(slug).count()


def past_applications_anonymised_count(slug: str) -> int:
    """Submitted applications of the programme left out of a run: their answers are gone."""
    return (
        Application.objects.filter(programme_slug=slug, anonymised_at__isnull=False)
        .exclude(status=ApplicationStatus.DRAFT)
        .count()
    )


def programme_has_applications(slug: str) -> bool:
    return Application.objects.filter(programme_slug=slug).exclude(status="draft").exists()


def past_applications_frozen(
    slug: str, *, chunk_size: int = CHUNK_SIZE
) -> Iterator[FrozenApplication]:
    """Every past application of the programme, in the order they were started, in
    constant memory."""
    rows = (
        _past_applications(slug)
        .annotate(
            # Text, decoded here: no per-row converter of the JSON field.
            answers_text=Cast("submitted_answers", TextField()),
            frozen=FrozenEvaluationKeys("evaluation"),
            # Text as well: read only for the rare row without a frozen date.
            submitted_text=Cast("submitted_at", TextField()),
            decided_amount=Coalesce(
                "awarded_amount",
                "computed_amount",
                output_field=DecimalField(max_digits=14, decimal_places=2),
            ),
        )
        # The programme's index gives its rows in this order: no sort of the whole table.
        .order_by("pk")
        .values_list(
            "reference", "answers_text", "frozen", "submitted_text", "decided_amount", "status"
        )
    )
    loads = json.loads
    for reference, answers, frozen, submitted, amount, status in rows.iterator(chunk_size):
        outcome, as_of, desk = loads(frozen) if frozen else (None, None, None)
        if amount is not None:
            # A column in an expression comes from SQLite unquantized ("100", not "100.00").
            amount = amount.quantize(CENT)
        yield FrozenApplication(
            reference, loads(answers), outcome, as_of or submitted, desk, amount, status
        )


def submission_day(as_of: str) -> dt.date:
    """The city's day of a frozen `as_of`: a date as written, or (older data) the moment of
    submission as the database wrote it, in UTC unless it says otherwise."""
    if len(as_of) == 10:
        return dt.date.fromisoformat(as_of)
    moment = dt.datetime.fromisoformat(as_of)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dt.UTC)
    return timezone.localdate(moment)
