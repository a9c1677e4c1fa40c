"""The staff dashboard: per programme, its money and its cases, in a handful of queries.

Counts are grouped in the database (one query by programme and status, one for the clock),
so the dashboard costs the same for ten cases as for a hundred thousand.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone

from applications import roles
from applications.constants import CLOCK_RUNNING_STATUSES, OPEN_STATUSES, ApplicationStatus
from applications.models import Application
from desk.models import ProgrammeDesk

S = ApplicationStatus
# "Due soon": the decision is due within this many days.
DUE_SOON_DAYS = 3


@dataclass
class ProgrammeSummary:
    slug: str
    title: str
    unit: str
    budget: Decimal | None = None
    committed: Decimal = Decimal("0")
    by_status: dict[str, int] = field(default_factory=dict)
    due_soon: int = 0
    overdue: int = 0
    mine: int = 0

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed

    @property
    def open_cases(self) -> int:
        return sum(self.by_status.get(status, 0) for status in OPEN_STATUSES)


def desk_dashboard(*, user, now: datetime.datetime | None = None) -> list[ProgrammeSummary]:
    """Every programme with a desk or with cases: budget, committed and remaining money,
    cases by status, decisions due soon and overdue, and the user's own open cases."""
    if not roles.is_caseworker(user):
        raise PermissionDenied("only caseworkers work the desk")
    from cms.selectors import programme_pages_default_locale

    now = now or timezone.now()
    summaries: dict[str, ProgrammeSummary] = {}
    for page in programme_pages_default_locale():
        definition = page.definition or {}
        summaries[page.programme_slug] = ProgrammeSummary(
            slug=page.programme_slug, title=page.title, unit=definition.get("unit", "EUR")
        )

    def summary(slug: str) -> ProgrammeSummary:
        return summaries.setdefault(slug, ProgrammeSummary(slug=slug, title=slug, unit="EUR"))

    for desk in ProgrammeDesk.objects.all():
        row = summary(desk.programme_slug)
        row.budget, row.committed = desk.budget, desk.committed

    cases = Application.objects.exclude(status=S.DRAFT)
    for entry in cases.values("programme_slug", "status").annotate(n=Count("pk")).order_by():
        summary(entry["programme_slug"]).by_status[entry["status"]] = entry["n"]

    clock = Q(status__in=CLOCK_RUNNING_STATUSES, sla_paused_at__isnull=True)
    soon = now + datetime.timedelta(days=DUE_SOON_DAYS)
    for entry in (
        cases.values("programme_slug")
        .annotate(
            overdue=Count("pk", filter=clock & Q(sla_due_at__lt=now)),
            due_soon=Count("pk", filter=clock & Q(sla_due_at__gte=now, sla_due_at__lt=soon)),
            mine=Count("pk", filter=Q(assigned_to=user, status__in=OPEN_STATUSES)),
        )
        .order_by()
    ):
        row = summary(entry["programme_slug"])
        row.overdue, row.due_soon, row.mine = entry["overdue"], entry["due_soon"], entry["mine"]

    return sorted(summaries.values(), key=lambda row: row.title.lower())
