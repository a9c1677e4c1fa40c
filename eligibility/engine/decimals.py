"""Decimal helpers shared by the derivations, the evaluator and the explanations."""

from __future__ import annotations

from decimal import MAX_EMAX, MIN_EMIN, ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Context, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")

# Quantizing under the ambient 28-digit context fails for large values with many places;
# rounding must never be the thing that breaks an evaluation, so it gets room to spare.
_ROUNDING = Context(prec=1000, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN)

_EXPONENTS = tuple(Decimal(1).scaleb(-places) for places in range(0, 7))


def round_half_up(value: Decimal, places: int) -> Decimal:
    exponent = _EXPONENTS[places] if places < len(_EXPONENTS) else Decimal(1).scaleb(-places)
    return value.quantize(exponent, ROUND_HALF_UP, _ROUNDING)


# `round` modes of the format: down is toward zero, up is away from zero.
ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN, "up": ROUND_UP}


def round_with(value: Decimal, places: int, mode: str) -> Decimal:
    exponent = _EXPONENTS[places] if places < len(_EXPONENTS) else Decimal(1).scaleb(-places)
    return value.quantize(exponent, ROUNDING_MODES[mode], _ROUNDING)


def money(value: Decimal, places: int = 2, mode: str = "half_up") -> Decimal:
    """A final amount: rounded as the programme says (half-up to cents unless it says
    otherwise), written in cents, never below zero (and never "-0.00")."""
    rounded = round_with(value, places, mode).quantize(CENT, ROUND_HALF_UP, _ROUNDING)
    return rounded if rounded > ZERO else ZERO.quantize(CENT)
