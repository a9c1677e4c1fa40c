"""The caseworker desk's queues: one filtered, searched, ordered QuerySet per queue.

Every row's related data is joined (`select_related`), so a queue page costs the same number
of queries for five rows as for five thousand. "Overdue" is a filter on the stored deadline
(`Application.sla_due_at`, moved on by the time spent waiting for the applicant), not a loop.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.es import nif

from applications import roles
from applications.constants import CLOCK_RUNNING_STATUSES, ApplicationStatus
from applications.models import Application
from applications.search_text import search_term, searchable
from desk.selectors.keyset import key_ordering
from organisations.models import Organisation
from organisations.validators import tax_id_compact

S = ApplicationStatus

QUEUES = {
    "new": _("New"),
    "mine": _("Mine"),
    "waiting": _("Waiting for the applicant"),
    "pending_approval": _("Pending approval"),
    "waitlisted": _("Waiting list"),
    "overdue": _("Overdue"),
    "all": _("All"),
}

# Sort keys a request may ask for ("-" first for descending), and the columns they sort by.
# Each ends with the pk, so that rows tied on the key keep one order from page to page (see
# desk.selectors.keyset); an index of migration 0023 covers each, most with their queues.
ORDERS = {
    "submitted_at": ("submitted_at", "pk"),
    "reference": ("reference", "pk"),
    "organisation": ("organisation__legal_name", "pk"),
    "programme": ("programme_slug", "submitted_at", "pk"),
    "status": ("status", "submitted_at", "pk"),
    "amount": ("computed_amount", "pk"),
    "sla_due_at": ("sla_due_at", "pk"),
    "score": ("score", "pk"),
}
DEFAULT_ORDER = {"waitlisted": "submitted_at", "overdue": "sla_due_at"}


def _queue(queryset: QuerySet, queue: str, user) -> QuerySet:
    if queue == "new":
        return queryset.filter(assigned_to__isnull=True, status__in=[S.SUBMITTED, S.IN_REVIEW])
    if queue == "mine":
        return queryset.open().filter(assigned_to=user)
    if queue == "waiting":
        return queryset.filter(status=S.INFO_REQUESTED)
    if queue == "pending_approval":
        return queryset.filter(status=S.PENDING_APPROVAL)
    if queue == "waitlisted":
        return queryset.filter(status=S.WAITLISTED)
    if queue == "overdue":
        return queryset.filter(
            status__in=CLOCK_RUNNING_STATUSES,
            sla_paused_at__isnull=True,
            sla_due_at__lt=timezone.now(),
        )
    if queue == "all":
        return queryset.exclude(status=S.DRAFT)
    raise ValueError(f"unknown desk queue {queue!r}")


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _filtered(queryset: QuerySet, filters: dict) -> QuerySet:
    if filters.get("programme"):
        queryset = queryset.filter(programme_slug=filters["programme"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("district"):
        queryset = queryset.filter(organisation__district=filters["district"])
    if filters.get("legal_form"):
        queryset = queryset.filter(organisation__legal_form=filters["legal_form"])
    if (amount_min := _decimal(filters.get("amount_min"))) is not None:
        queryset = queryset.filter(computed_amount__gte=amount_min)
    if (amount_max := _decimal(filters.get("amount_max"))) is not None:
        queryset = queryset.filter(computed_amount__lte=amount_max)
    # Dates are the city's calendar days, inclusive, compared as the moments they start and
    # end: `submitted_at__date` would convert every row's timestamp, which no index answers.
    if (submitted_from := _date(filters.get("submitted_from"))) is not None:
        queryset = queryset.filter(submitted_at__gte=_day_start(submitted_from))
    if (submitted_to := _date(filters.get("submitted_to"))) is not None:
        queryset = queryset.filter(
            submitted_at__lt=_day_start(submitted_to + datetime.timedelta(days=1))
        )
    return queryset


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of a day in the city's time zone (the current one, as `__date` uses)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# What a caseworker types when they hold the letter or the email: a whole reference.
NAMED_ORGANISATIONS_LISTED = 500
REFERENCE_SHAPE = re.compile(r"^[A-Z]{2,8}-\d{4}-\d{6}$")


def _searched(queryset: QuerySet, search: str) -> QuerySet:
    """A whole reference or a valid tax id is looked up exactly (their unique indexes answer
    at once); anything else matches part of a reference or of an organisation's name (a
    trigram index answers on PostgreSQL, see migrations 0008 and 0012)."""
    search = " ".join((search or "").split())
    if not search:
        return queryset
    if REFERENCE_SHAPE.match(search.upper()):
        return queryset.filter(reference=search.upper())
    tax_id = tax_id_compact(search)
    if nif.is_valid(tax_id):
        return queryset.filter(organisation__tax_id=tax_id)
    # Names are compared without accents and case ("begona" finds "Begoña"), by the same
    # expression that migration 0012 indexes on PostgreSQL.
    named = (
        Organisation.objects.alias(searchable_name=searchable("legal_name"))
        .filter(searchable_name__contains=search_term(search))
        .values_list("pk", flat=True)
    )
    # A name few organisations have is looked up first and its applications fetched by
    # organisation (an index each side); inside one query PostgreSQL would instead read the
    # whole queue in order, testing each row, to find the few. A word many names share is
    # left a subquery: the queue in order soon finds a page of them.
    few = list(named[: NAMED_ORGANISATIONS_LISTED + 1])
    if len(few) <= NAMED_ORGANISATIONS_LISTED:
        named = few
    return queryset.filter(Q(reference__icontains=search) | Q(organisation__in=named))


def desk_queue_key(*, queue: str, order: str) -> tuple[tuple[str, ...], bool]:
    """The columns a queue is sorted by for a requested sort key, and whether descending."""
    order = order or DEFAULT_ORDER.get(queue, "submitted_at")
    descending = order.startswith("-")
    columns = ORDERS.get(order.lstrip("-"))
    if columns is None:
        return ORDERS["submitted_at"], False
    return columns, descending


def _ordered(queryset: QuerySet, queue: str, order: str) -> QuerySet:
    columns, descending = desk_queue_key(queue=queue, order=order)
    return queryset.order_by(*key_ordering(columns, descending=descending))


def desk_applications(*, user) -> QuerySet[Application]:
    """Every application the desk works on: all but drafts, which are the applicant's own.
    Desk staff only."""
    if not roles.is_caseworker(user):
        raise PermissionDenied("only caseworkers work the desk")
    return Application.objects.exclude(status=S.DRAFT).select_related(
        "organisation", "establishment", "assigned_to", "proposed_by", "decided_by"
    )


def desk_queue(
    *, user, queue: str, filters: dict | None = None, search: str = "", order: str = ""
) -> QuerySet[Application]:
    """The applications of one desk queue, filtered, searched and ordered (only the sort keys
    in ORDERS; anything else sorts by submission). Desk staff only."""
    if not roles.is_caseworker(user):
        raise PermissionDenied("only caseworkers work the desk")
    queryset = Application.objects.select_related(
        "organisation", "assigned_to", "proposed_by", "decided_by"
    )
    queryset = _queue(queryset, queue, user)
    queryset = _filtered(queryset, filters or {})
    queryset = _searched(queryset, search)
    return _ordered(queryset, queue, order)


# Counted no further: a count reads every row it counts, and beyond this a caseworker learns
# nothing from the exact figure that "more than" does not tell.
COUNT_CAP = 10_000


def count_capped(queryset: QuerySet, cap: int | None = None) -> int:
    """The rows of a queryset, counted up to `cap` (COUNT_CAP) + 1, which means "more than
    `cap`": the database stops reading there, so the cost stays flat as the queue grows."""
    cap = COUNT_CAP if cap is None else cap
    return queryset.order_by()[: cap + 1].count()


def desk_queue_counts(*, user) -> dict[str, int]:
    """How many cases each queue holds, for the desk's menu, up to COUNT_CAP + 1."""
    return {
        queue: count_capped(desk_queue(user=user, queue=queue, filters={}, search="", order=""))
        for queue in QUEUES
    }
