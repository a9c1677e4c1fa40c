"""Amounts on the desk: in their programme's unit, and within what the rules allow.

The rules compute an award (`computed_amount`). A caseworker may propose less with a
justification; more only when the programme's desk row allows a manual amount, with a
justification and never above that row's maximum. Proposing, approving and committing money
all check it, so an amount entered before a programme's settings changed cannot slip through.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from applications.models import Application
from desk.models import ProgrammeDesk
from desk.services.errors import DeskError
from onestop.i18n import active_language, format_money, format_number

DEFAULT_UNIT = "EUR"


def application_unit(application: Application, *, fallback: str = DEFAULT_UNIT) -> str:
    """The unit of the programme the case was decided on (its frozen definition)."""
    return (application.programme_definition or {}).get("unit") or fallback


def unit_name(unit: str) -> str:
    """The unit as a column title says it: "EUR", "hours", "vouchers", "%"."""
    return {
        "EUR": "EUR",
        "hours": pgettext("unit of award", "hours"),
        "vouchers": pgettext("unit of award", "vouchers"),
        "percent": "%",
    }.get(unit, unit)


def amount_shown(amount, unit: str = DEFAULT_UNIT) -> str:
    """An amount as the desk shows it, in its unit and the staff's language ("12 hours")."""
    if amount is None or amount == "":
        return "—"
    return format_money(Decimal(str(amount)), unit, active_language())


def score_shown(score) -> str:
    """A score as people write it: 70, 12.5 (12,5 in Spanish), and 0 as 0."""
    if score is None or score == "":
        return "—"
    return format_number(Decimal(str(score)), active_language())


def award_amount_refusal(
    *, application: Application, desk: ProgrammeDesk, amount: Decimal, justification: str
) -> DeskError | None:
    """Why `amount` may not be awarded on this case, or None when it may."""
    amount = Decimal(str(amount))
    computed = application.computed_amount
    if computed is not None and amount == Decimal(str(computed)):
        return None
    unit = application_unit(application)
    rules = amount_shown(computed, unit)
    if computed is None or amount > Decimal(str(computed)):
        maximum = desk.manual_amount_maximum
        if not desk.manual_amount_allowed or maximum is None:
            return DeskError(
                _(
                    "The rules give %(computed)s and this programme does not allow a manual "
                    "amount: award at most %(computed)s."
                )
                % {"computed": rules},
                code="amount",
            )
        if amount > maximum:
            return DeskError(
                _(
                    "%(amount)s is above this programme's maximum for a manual amount, "
                    "%(maximum)s (the rules give %(computed)s)."
                )
                % {
                    "amount": amount_shown(amount, unit),
                    "maximum": amount_shown(maximum, unit),
                    "computed": rules,
                },
                code="amount",
            )
    if not (justification or "").strip():
        return DeskError(
            _("Explain why the amount differs from the rules' %(computed)s.") % {"computed": rules},
            code="justification",
        )
    return None


def award_amount_check(
    *, application: Application, desk: ProgrammeDesk, amount: Decimal, justification: str
) -> None:
    refusal = award_amount_refusal(
        application=application, desk=desk, amount=amount, justification=justification
    )
    if refusal is not None:
        raise refusal
