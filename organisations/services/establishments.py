"""Writes on an organisation's establishments: add, change, remove.

Only the organisation's representatives may. An establishment that has applications keeps
its record with them (the desk and the letters name it), so it cannot be removed.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisations.models import Establishment, Organisation

# The fields an applicant writes; the organisation is the one the establishment belongs to.
ESTABLISHMENT_FIELDS: tuple[str, ...] = (
    "name",
    "address",
    "district",
    "activity_code",
    "employees",
    "surface_m2",
    "premises_tenure",
    "monthly_rent",
)


class EstablishmentInUse(ValidationError):
    """The establishment has applications, so it stays."""


def _check_representative(organisation: Organisation, user) -> None:
    if not (
        user is not None
        and user.is_authenticated
        and organisation.representations.filter(user=user).exists()
    ):
        raise PermissionDenied(
            "only an organisation's representatives may change its establishments"
        )


def _fill(establishment: Establishment, data: Mapping[str, Any]) -> Establishment:
    for name, value in data.items():
        if name not in ESTABLISHMENT_FIELDS:
            raise ValueError(f"{name!r} is not a field an applicant writes on an establishment")
        setattr(establishment, name, "" if value is None and name in _TEXT_FIELDS else value)
    establishment.full_clean()
    establishment.save()
    return establishment


_TEXT_FIELDS = frozenset({"name", "address", "district", "activity_code", "premises_tenure"})


@transaction.atomic
def establishment_create(
    *, organisation: Organisation, user, data: Mapping[str, Any]
) -> Establishment:
    _check_representative(organisation, user)
    return _fill(Establishment(organisation=organisation), data)


@transaction.atomic
def establishment_update(
    *, establishment: Establishment, user, data: Mapping[str, Any]
) -> Establishment:
    _check_representative(establishment.organisation, user)
    return _fill(establishment, data)


@transaction.atomic
def establishment_delete(*, establishment: Establishment, user) -> None:
    """Remove an establishment without applications; refuse, saying why, one with them."""
    _check_representative(establishment.organisation, user)
    locked = Establishment.objects.select_for_update().get(pk=establishment.pk)
    applications = list(locked.applications.all()[:3])
    if applications:
        submitted = [application.reference for application in applications if application.reference]
        if submitted:
            message = _(
                "“%(name)s” cannot be removed: it has applications (%(references)s), which "
                "keep its details on record."
            ) % {"name": locked.name, "references": ", ".join(submitted)}
        else:
            message = _(
                "“%(name)s” cannot be removed while it has a draft application: delete the "
                "draft first, from My applications."
            ) % {"name": locked.name}
        raise EstablishmentInUse(message, code="in_use")
    locked.delete()
