"""Reads of the data lifecycle: which files are past their retention period, which
organisations are left with nothing but anonymised files, and the data protection officers'
search for an organisation."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from applications import roles
from applications.models import Application, DataProtectionEvent
from applications.retention import past_retention, with_retention
from applications.search_text import search_term, searchable
from organisations.models import Organisation
from organisations.validators import tax_id_compact

DATA_PROTECTION_SEARCH_LIMIT = 50


def applications_past_retention(*, today: datetime.date | None = None) -> QuerySet[Application]:
    """The ended, not yet anonymised files whose retention period is over by `today` (the
    city's today by default), oldest first, annotated with `retention_outcome` and
    `retention_start`."""
    today = today or timezone.localdate()
    candidates = with_retention(Application.objects.ended().filter(anonymised_at__isnull=True))
    return (
        past_retention(candidates, today=today)
        .select_related("organisation")
        .order_by("retention_start", "pk")
    )


def organisations_left_anonymised() -> QuerySet[Organisation]:
    """Organisations not anonymised yet that have applications and all of them anonymised:
    nothing live needs their name, tax id or contact any more. An organisation with a draft
    or a file still kept is not one of them; one that never applied is not either."""
    applications = Application.objects.filter(organisation=OuterRef("pk"))
    # Exists rather than a join: no DISTINCT, so the caller may lock the rows.
    return Organisation.objects.filter(
        Exists(applications),
        ~Exists(applications.filter(anonymised_at__isnull=True)),
        anonymised_at__isnull=True,
    )


def data_protection_officer_required(user) -> None:
    if not roles.is_data_protection_officer(user):
        raise PermissionDenied


def organisations_search(user, query: str) -> QuerySet[Organisation]:
    """Organisations by exact tax id or by part of their name, for a data protection
    officer; PermissionDenied for anyone else."""
    data_protection_officer_required(user)
    query = (query or "").strip()
    if not query:
        return Organisation.objects.none()
    # Names compared as the desk's search compares them: without accents or case.
    return (
        Organisation.objects.alias(searchable_name=searchable("legal_name"))
        .filter(Q(tax_id=tax_id_compact(query)) | Q(searchable_name__contains=search_term(query)))
        .annotate(application_count=Count("applications"))
        .order_by("legal_name", "pk")[:DATA_PROTECTION_SEARCH_LIMIT]
    )


def organisation_for_data_protection(user, pk: int) -> Organisation:
    data_protection_officer_required(user)
    try:
        return Organisation.objects.get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None


def data_protection_events_recent(user, *, limit: int = 20) -> QuerySet[DataProtectionEvent]:
    data_protection_officer_required(user)
    return DataProtectionEvent.objects.select_related("actor", "organisation", "application")[
        :limit
    ]
