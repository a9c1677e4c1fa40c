"""Reads of the outbox: who may see it, the rows that need a look, a letter batch's progress."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from applications import roles
from applications.constants import OutboxState
from applications.models import OutboxEntry


def may_manage_outbox(user) -> bool:
    """Senior caseworkers and superusers see the outbox and send its rows again."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or roles.is_senior_caseworker(user))
    )


def outbox_entries_needing_attention(
    user, *, state: str = "", kind: str = "", now: dt.datetime | None = None
) -> QuerySet[OutboxEntry]:
    """Dead rows, and pending rows that failed at least once or have waited longer than
    ONESTOP_OUTBOX_OVERDUE_MINUTES; the oldest first. `state` and `kind` narrow it."""
    if not may_manage_outbox(user):
        raise PermissionDenied
    now = now or timezone.now()
    overdue_since = now - dt.timedelta(minutes=settings.ONESTOP_OUTBOX_OVERDUE_MINUTES)
    entries = OutboxEntry.objects.filter(
        Q(state=OutboxState.DEAD)
        | Q(state=OutboxState.PENDING) & (Q(attempts__gt=0) | Q(created_at__lte=overdue_since))
    )
    if state:
        entries = entries.filter(state=state)
    if kind:
        entries = entries.filter(kind=kind)
    return entries.select_related("application").order_by("created_at", "pk")


def outbox_counts() -> dict[str, int]:
    """How many rows are in each state, for the page's summary."""
    counts = dict(
        OutboxEntry.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return {state: counts.get(state, 0) for state in OutboxState.values}
