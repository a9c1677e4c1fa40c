"""A per-establishment programme's ceiling per organisation: the most one organisation's
establishments are awarded together under it.

Each establishment applies on its own and the rules compute each award alone, so the cap
is the desk's to keep when it commits money: an award is reduced to what the ceiling leaves
after the organisation's other awards under the programme, and refused when nothing is
left. The organisation's row is locked while that is worked out and committed (after the
application's row, before the programme's desk row: the order of budget.py), so two
approvals for two establishments of one organisation cannot both take what is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from applications.models import Application
from desk.services.amounts import amount_shown, application_unit
from desk.services.errors import DeskError
from eligibility.service import (
    PER_ESTABLISHMENT,
    programme_application_unit,
    programme_ceiling_per_organisation,
)
from organisations.models import Organisation

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CeilingLimit:
    """The amount to award under the ceiling, and why it is less than asked (or "")."""

    amount: Decimal
    reason: str = ""
    ceiling: Decimal | None = None
    others: Decimal = ZERO

    @property
    def reduced(self) -> bool:
        return bool(self.reason)

    def event_data(self) -> dict[str, str]:
        if self.ceiling is None:
            return {}
        return {
            "ceiling_per_organisation": str(self.ceiling),
            "organisation_awarded": str(self.others),
        }


def organisation_ceiling(application: Application) -> Decimal | None:
    """The ceiling the application's programme (as frozen on it) sets per organisation."""
    definition = application.programme_definition or {}
    if programme_application_unit(definition) != PER_ESTABLISHMENT:
        return None
    return programme_ceiling_per_organisation(definition)


def organisation_awarded(application: Application) -> Decimal:
    """What the organisation's other applications to the programme have been awarded."""
    total = (
        Application.objects.awarded()
        .filter(
            organisation_id=application.organisation_id, programme_slug=application.programme_slug
        )
        .exclude(pk=application.pk)
        .aggregate(total=Sum("awarded_amount"))["total"]
    )
    # SQLite sums decimals without their places; money is shown and committed in cents.
    return (total or ZERO).quantize(Decimal("0.01"))


def ceiling_limit(application: Application, amount: Decimal) -> CeilingLimit:
    """`amount` as the ceiling per organisation allows it, inside the caller's transaction
    (the application's row locked). Raises DeskError when the ceiling has nothing left."""
    ceiling = organisation_ceiling(application)
    if ceiling is None:
        return CeilingLimit(amount)
    Organisation.objects.select_for_update().filter(pk=application.organisation_id).first()
    others = organisation_awarded(application)
    left = max(ceiling - others, ZERO)
    unit = application_unit(application)
    shown = {
        "ceiling": amount_shown(ceiling, unit),
        "others": amount_shown(others, unit),
        "left": amount_shown(left, unit),
        "amount": amount_shown(amount, unit),
    }
    if left <= ZERO:
        raise DeskError(
            _(
                "The organisation's establishments have already been awarded %(others)s under "
                "this programme, its ceiling per organisation of %(ceiling)s: nothing is left "
                "for this application."
            )
            % shown,
            code="ceiling",
        )
    if amount <= left:
        return CeilingLimit(amount, ceiling=ceiling, others=others)
    return CeilingLimit(
        left,
        reason=_(
            "Awarded %(left)s instead of %(amount)s: the programme's ceiling per organisation "
            "is %(ceiling)s and the organisation's other establishments have been awarded "
            "%(others)s."
        )
        % shown,
        ceiling=ceiling,
        others=others,
    )
