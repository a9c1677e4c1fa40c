"""Reads: which organisations a user may act for, and an organisation's answered facts."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from eligibility.service import facts_from_cleaned_data
from organisations.models import Organisation

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
    return facts_from_cleaned_data({name: getattr(organisation, name) for name in FACT_FIELDS})
