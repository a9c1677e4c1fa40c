"""Reads for the desk's appeals: the list with its filters and order, and one appeal."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from applications.models import Appeal, AppealStatus

ORDERS = {
    "oldest": ("lodged_at", "pk"),
    "newest": ("-lodged_at", "-pk"),
    "programme": ("application__programme_slug", "lodged_at", "pk"),
}


def appeals_list(
    *, status: str | None = AppealStatus.LODGED, programme_slug: str | None = None, order="oldest"
) -> QuerySet[Appeal]:
    """Appeals for the desk, pending first by default, the oldest at the top (they have a
    month to be resolved before silence counts as dismissal, Ley 39/2015 art. 124.2)."""
    appeals = Appeal.objects.select_related(
        "application__organisation", "registry_entry", "resolved_by"
    )
    if status in AppealStatus.values:
        appeals = appeals.filter(status=status)
    if programme_slug:
        appeals = appeals.filter(application__programme_slug=programme_slug)
    return appeals.order_by(*ORDERS.get(order, ORDERS["oldest"]))


def appeals_pending_count() -> int:
    return Appeal.objects.filter(status=AppealStatus.LODGED).count()


def appeal_for_desk(pk: int) -> Appeal:
    try:
        return Appeal.objects.select_related(
            "application__organisation", "registry_entry", "notification", "lodged_by"
        ).get(pk=pk)
    except Appeal.DoesNotExist:
        raise Http404 from None


def appeal_programmes() -> list[str]:
    """The programmes with any appeal, for the list's filter."""
    return sorted(
        set(Appeal.objects.values_list("application__programme_slug", flat=True).distinct())
    )
