"""How long a submitted file is kept, and from when: the one place that says so.

A file's outcome decides its period (settings ONESTOP_RETENTION_*_DAYS):

- awarded: any file that was ever awarded money, even if the award was later renounced or
  taken back, because the money may have to be claimed back (reintegro). Kept for the
  repayment prescription of Ley 38/2003 art. 39, counted from `award_retention_start`.
- rejected: decided without an award; kept for the appeal and extraordinary review periods.
- withdrawn: withdrawn by the applicant, or closed without a decision.

A period is counted in whole days in the city's time zone from the day the file ended: on
the last day of the period the file is still kept, and it is anonymised from the next day.
Files still being worked (submitted, in review, waiting) have no outcome and are never due;
drafts have their own rule (ONESTOP_DRAFT_RETENTION_DAYS, applications.services.drafts_cleanup).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    Expression,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from applications.constants import ENDED_STATUSES, ApplicationStatus, EventKind, RetentionOutcome

S = ApplicationStatus
O = RetentionOutcome  # noqa: E741

# Ley 38/2003 art. 39: four years, of which any span holds at most one 29 February.
REPAYMENT_PRESCRIPTION_DAYS = 4 * 365 + 1

# Stands for "no date" inside Greatest(), which on SQLite is NULL as soon as one argument is.
_NO_DATE = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)

_SETTINGS = {
    O.AWARDED: "ONESTOP_RETENTION_AWARDED_DAYS",
    O.REJECTED: "ONESTOP_RETENTION_REJECTED_DAYS",
    O.WITHDRAWN: "ONESTOP_RETENTION_WITHDRAWN_DAYS",
}


def retention_days(outcome: str) -> int:
    """The period of `outcome` in days, from the settings. An award kept for less than the
    repayment prescription would let the city lose the means to claim money back: refused."""
    days = int(getattr(settings, _SETTINGS[outcome]))
    if outcome == O.AWARDED and days < REPAYMENT_PRESCRIPTION_DAYS:
        raise ImproperlyConfigured(
            f"RETENTION_AWARDED_DAYS={days} is shorter than the repayment prescription of "
            f"Ley 38/2003 art. 39 ({REPAYMENT_PRESCRIPTION_DAYS} days)"
        )
    if days < 1:
        raise ImproperlyConfigured(f"{_SETTINGS[outcome]} must be at least one day")
    return days


def retention_periods() -> dict[str, int]:
    """Every outcome's period in days, in the order of RetentionOutcome."""
    return {outcome: retention_days(outcome) for outcome in O.values}


def _last_status_change() -> Subquery:
    from applications.models import ApplicationEvent

    return Subquery(
        ApplicationEvent.objects.filter(application=OuterRef("pk"), kind=EventKind.TRANSITION)
        .order_by("-at", "-pk")
        .values("at")[:1],
        output_field=DateTimeField(),
    )


def _latest(*expressions) -> Expression:
    return Greatest(
        *(Coalesce(expression, Value(_NO_DATE)) for expression in expressions),
        output_field=DateTimeField(),
    )


def file_end() -> Expression:
    """When a file ended: its decision, its withdrawal or its last change of status (a
    closure), whichever came last."""
    return _latest("decided_at", "withdrawn_at", _last_status_change())


def award_retention_start() -> Expression:
    """From when an award's repayment prescription runs.

    The law counts it from the end of the period to justify the award (or of the
    obligations it carries). Until payments and justification are recorded here, the file's
    end stands in for it: the decision, or a later renunciation, taking back or closure.
    When they are, add the last justification's date to this Greatest and nothing else
    changes.
    """
    return file_end()


def retention_outcome() -> Case:
    """The outcome that decides a file's period; NULL for a file not ended."""
    # An approved award stands, but its retention already runs from its decision; a revoked
    # one keeps its amount and is kept as an award, for the repayment it may owe.
    ended = Q(status__in=ENDED_STATUSES)
    return Case(
        # Any award, standing or not; and, to err on the side of keeping, any decision without
        # rejection reasons (every rejection states some).
        When(
            ended
            & (
                Q(awarded_amount__isnull=False)
                | Q(status=S.APPROVED)
                | Q(decided_at__isnull=False, rejection_reasons=[], withdrawn_at__isnull=True)
            ),
            then=Value(O.AWARDED),
        ),
        When(
            ended & Q(decided_at__isnull=False, withdrawn_at__isnull=True), then=Value(O.REJECTED)
        ),
        When(ended & Q(status__in=[S.WITHDRAWN, S.CLOSED]), then=Value(O.WITHDRAWN)),
        default=Value(None),
        output_field=CharField(),
    )


def retention_start() -> Case:
    """The moment each outcome's period is counted from."""
    return Case(
        When(retention_outcome=O.AWARDED, then=award_retention_start()),
        default=file_end(),
        output_field=DateTimeField(),
    )


def with_retention(applications: QuerySet) -> QuerySet:
    """`applications` annotated with `retention_outcome` and `retention_start`."""
    return applications.annotate(retention_outcome=retention_outcome()).annotate(
        retention_start=retention_start()
    )


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def past_retention(applications: QuerySet, *, today: datetime.date) -> QuerySet:
    """The files of `applications` (annotated by `with_retention`) whose period ended before
    `today`: started on a day D, a period of N days keeps them through day D + N."""
    due = Q()
    for outcome, days in retention_periods().items():
        cutoff = _start_of_day(today - datetime.timedelta(days=days))
        due |= Q(retention_outcome=outcome, retention_start__lt=cutoff)
    # A file with no date at all is never due: better kept than guessed.
    return applications.filter(due, retention_start__gt=_NO_DATE)


def retention_last_day(*, outcome: str, start: datetime.datetime) -> datetime.date:
    """The last day a file that ended at `start` is kept."""
    return timezone.localdate(start) + datetime.timedelta(days=retention_days(outcome))
