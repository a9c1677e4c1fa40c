"""Reads: which organisations a user may act for, and an organisation's answered facts."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from applications.constants import ApplicationStatus
from applications.models import Application, Organisation

# The organisation's fields that are standard facts of the engine catalogue, by the same name.
FACT_FIELDS: tuple[str, ...] = (
    "legal_form",
    "employees",
    "founded_on",
    "sector",
    "district",
    "premises_tenure",
    "monthly_rent",
    "women_led",
    "turnover_current",
    "turnover_previous",
)


def organisations_for_user(user) -> QuerySet[Organisation]:
    """The organisations `user` represents."""
    return Organisation.objects.represented_by(user)


def organisation_for_user(user, pk: int) -> Organisation:
    """One organisation `user` represents; 404 for any other, so that none is disclosed."""
    try:
        return organisations_for_user(user).get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None


def organisation_facts(organisation: Organisation) -> dict[str, Any]:
    """The answered facts in the engine's input format: dates ISO, decimals as strings."""
    facts: dict[str, Any] = {}
    for name in FACT_FIELDS:
        value = getattr(organisation, name)
        if value is None or value == "":
            continue
        if isinstance(value, Decimal):
            value = str(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, str):
            value = str(value)  # a choice may still be its enum member, which is a str subclass
        facts[name] = value
    return facts


# --- submission: the organisation's claims and awards at this desk -------------------------


def submitted_application_for_user(user, pk: int) -> Application:
    """A submitted (no longer draft) application of an organisation `user` represents; 404
    for a draft or anyone else's."""
    try:
        return (
            Application.objects.filter(organisation__in=organisations_for_user(user))
            .exclude(status=ApplicationStatus.DRAFT)
            .select_related("organisation")
            .get(pk=pk)
        )
    except Application.DoesNotExist:
        raise Http404 from None


def organisation_active_application(
    organisation: Organisation, *, programme_slug: str, exclude_pk: int | None = None
) -> Application | None:
    """The organisation's application to a programme that still holds a claim on it
    (submitted, not rejected or withdrawn), if any: what `one_per` allows once."""
    applications = organisation.applications.active().for_programme(programme_slug)
    if exclude_pk is not None:
        applications = applications.exclude(pk=exclude_pk)
    return applications.order_by("submitted_at", "pk").first()


def organisation_exclusive_award(
    organisation: Organisation, *, programme_slug: str, exclusive_with
) -> Application | None:
    """An award of the organisation that rules out applying for `programme_slug`.

    Exclusivity works both ways: an award from a programme that `programme_slug` lists in
    `exclusive_with`, and an award from a programme whose rules (as frozen on that award)
    list `programme_slug`. Either programme's policy says the two are not combined.
    """
    excluded = set(exclusive_with)
    for award in organisation.applications.awarded().order_by("decided_at", "pk"):
        listed = (award.programme_definition or {}).get("exclusive_with") or ()
        if award.programme_slug in excluded or programme_slug in listed:
            return award
    return None


def organisation_desk_de_minimis(organisation: Organisation, *, as_of: datetime.date) -> Decimal:
    """This desk's de minimis awards to the organisation in the fiscal (calendar) year of
    `as_of` and the two before, by decision date in the city's time zone: the desk's part of
    the engine's `de_minimis_total`."""
    start = timezone.make_aware(datetime.datetime(as_of.year - 2, 1, 1))
    end = timezone.make_aware(datetime.datetime(as_of.year + 1, 1, 1))
    total = (
        organisation.applications.awarded()
        .filter(
            programme_definition__de_minimis=True,
            decided_at__gte=start,
            decided_at__lt=end,
        )
        .aggregate(total=Sum("awarded_amount"))["total"]
    )
    # SQLite sums decimals without their places; money is shown and frozen in cents.
    return (total or Decimal(0)).quantize(Decimal("0.01"))
