"""Ceilings an award must keep: a per-establishment programme's ceiling per organisation
(the most one organisation's establishments are awarded together under it), and the joint
ceilings a programme declares with others (format v2 `ceilings`: cumulative aid to one
beneficiary, or one establishment, up to a total).

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
    Ceiling,
    programme_application_unit,
    programme_ceiling_per_organisation,
    programme_ceilings,
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


# Awards a preview counts as made before the case it works out: (application, amount).
Pending = tuple[tuple[Application, Decimal], ...]


def ceiling_limit(
    application: Application, amount: Decimal, *, lock: bool = True, pending: Pending = ()
) -> CeilingLimit:
    """`amount` as the programme's ceilings allow it (per organisation across its
    establishments, and across programmes, format v2 `ceilings`), inside the caller's
    transaction (the application's row locked). Raises DeskError when a ceiling has
    nothing left.

    A preview passes `lock=False` (it writes nothing and may run outside a transaction) and
    the awards it has already counted in `pending`, so that two cases of one organisation
    in the same batch share its ceiling as the approval will."""
    limit = _organisation_ceiling_limit(application, amount, lock=lock, pending=pending)
    for ceiling in programme_ceilings(application.programme_definition or {}):
        limit = _cumulative_limit(application, limit, ceiling, lock=lock, pending=pending)
    return limit


def _pending_total(pending: Pending, counts) -> Decimal:
    return sum((amount for other, amount in pending if counts(other)), ZERO)


def cumulative_awarded(application: Application, ceiling: Ceiling) -> Decimal:
    """What the beneficiary (the organisation, or the establishment) has been awarded under
    this programme and the others the ceiling names, this application apart."""
    awards = Application.objects.awarded().filter(
        programme_slug__in=[application.programme_slug, *ceiling.programmes]
    )
    if ceiling.per == PER_ESTABLISHMENT and application.establishment_id is not None:
        awards = awards.filter(establishment_id=application.establishment_id)
    else:
        awards = awards.filter(organisation_id=application.organisation_id)
    total = awards.exclude(pk=application.pk).aggregate(total=Sum("awarded_amount"))["total"]
    return (total or ZERO).quantize(Decimal("0.01"))


def _cumulative_limit(application: Application, limit: CeilingLimit, ceiling: Ceiling, *,
                      lock: bool, pending: Pending) -> CeilingLimit:  # fmt: skip
    if lock:
        # The organisation's row serialises every award to it, whichever programme it is from.
        Organisation.objects.select_for_update().filter(pk=application.organisation_id).first()
    per_establishment = ceiling.per == PER_ESTABLISHMENT and application.establishment_id
    others = cumulative_awarded(application, ceiling) + _pending_total(
        pending,
        lambda other: other.programme_slug in (application.programme_slug, *ceiling.programmes)
        and (
            other.establishment_id == application.establishment_id
            if per_establishment
            else other.organisation_id == application.organisation_id
        ),
    )
    left = max(ceiling.total - others, ZERO)
    unit = application_unit(application)
    shown = {
        "ceiling": amount_shown(ceiling.total, unit),
        "others": amount_shown(others, unit),
        "left": amount_shown(left, unit),
        "amount": amount_shown(limit.amount, unit),
    }
    if left <= ZERO:
        raise DeskError(
            _(
                "The beneficiary has already been awarded %(others)s under this programme and "
                "those it is cumulative with, up to their joint ceiling of %(ceiling)s: "
                "nothing is left for this application."
            )
            % shown,
            code="ceiling",
        )
    if limit.amount <= left:
        return limit
    reason = (
        _(
            "Awarded %(left)s instead of %(amount)s: the joint ceiling with other programmes is "
            "%(ceiling)s and the beneficiary has been awarded %(others)s under them."
        )
        % shown
    )
    return CeilingLimit(
        left,
        reason=f"{limit.reason} {reason}".strip(),
        ceiling=limit.ceiling,
        others=limit.others,
    )


def _organisation_ceiling_limit(application: Application, amount: Decimal, *, lock: bool,
                                pending: Pending) -> CeilingLimit:  # fmt: skip
    ceiling = organisation_ceiling(application)
    if ceiling is None:
        return CeilingLimit(amount)
    if lock:
        Organisation.objects.select_for_update().filter(pk=application.organisation_id).first()
    others = organisation_awarded(application) + _pending_total(
        pending,
        lambda other: other.organisation_id == application.organisation_id
        and other.programme_slug == application.programme_slug,
    )
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
