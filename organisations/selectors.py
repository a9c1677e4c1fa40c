"""Reads: which organisations a user may act for, and an organisation's answered facts."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from eligibility.service import facts_from_cleaned_data
from organisations.models import Establishment, Organisation

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


# The facts an establishment holds for a per-establishment programme, by the catalogue's
# names; the others still come from the organisation. `activity_code` is read only by a
# programme whose engine knows the fact (the caller keeps the facts its programme accepts).
ESTABLISHMENT_FACT_FIELDS: tuple[str, ...] = (
    "district",
    "activity_code",
    "employees",
    "premises_tenure",
    "monthly_rent",
    "surface_m2",
)
# Every fact a profile (the organisation's, or one of its establishments') may hold.
PROFILE_FACT_FIELDS: tuple[str, ...] = tuple(
    dict.fromkeys((*FACT_FIELDS, *ESTABLISHMENT_FACT_FIELDS))
)


def establishments_of(organisation: Organisation) -> QuerySet[Establishment]:
    return organisation.establishments.all()


def establishment_for_user(user, pk: int, *, organisation_pk: int | None = None) -> Establishment:
    """One establishment of an organisation `user` represents; 404 for any other."""
    establishments = Establishment.objects.filter(organisation__in=organisations_for_user(user))
    if organisation_pk is not None:
        establishments = establishments.filter(organisation_id=organisation_pk)
    try:
        return establishments.select_related("organisation").get(pk=pk)
    except Establishment.DoesNotExist:
        raise Http404 from None


def establishment_facts(establishment: Establishment) -> dict[str, Any]:
    """The establishment's answered facts, in the engine's input format."""
    return facts_from_cleaned_data(
        {name: getattr(establishment, name) for name in ESTABLISHMENT_FACT_FIELDS}
    )


def unit_facts(
    organisation: Organisation, establishment: Establishment | None = None
) -> dict[str, Any]:
    """The facts of whoever applies: the organisation's, or, for an establishment, the
    establishment's own facts over the organisation's others. An establishment's empty
    field stays empty (asked in the wizard), never filled by the organisation's value."""
    facts = organisation_facts(organisation)
    if establishment is None:
        return facts
    for name in ESTABLISHMENT_FACT_FIELDS:
        facts.pop(name, None)
    facts.update(establishment_facts(establishment))
    return facts
