"""What a programme takes one application from (format v2): the organisation, or each of its
establishments, and the most one organisation's establishments may be awarded together.

Validation and reading of the three top-level keys live here, so that the shared validator
and the compiled programme only call in.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from eligibility.engine.decimals import ZERO
from eligibility.engine.facts import parse_decimal

ORGANISATION = "organisation"
ESTABLISHMENT = "establishment"
APPLICATION_UNITS: tuple[str, ...] = (ORGANISATION, ESTABLISHMENT)

_FORMAT_V2 = "onestop.programme/v2"


def application_unit(doc: Mapping[str, Any]) -> str:
    """The unit a programme takes applications from; organisation unless it says otherwise."""
    unit = doc.get("application_unit")
    return unit if unit in APPLICATION_UNITS else ORGANISATION


def ceiling_per_organisation(doc: Mapping[str, Any]) -> Decimal | None:
    """The most one organisation's establishments are awarded together, if capped."""
    return parse_decimal(doc.get("ceiling_per_organisation"))


def application_unit_errors(doc: Mapping[str, Any]) -> list[tuple[list[str | int], str]]:
    """Problems with `application_unit`, `ceiling_per_organisation`, `one_application_when`
    and a `one_per` of "establishment", as (path, message). The shape pass has checked their
    types; the validator checks `one_application_when` as a condition."""
    errors: list[tuple[list[str | int], str]] = []
    v2 = doc.get("format") == _FORMAT_V2
    per_establishment = doc.get("application_unit") == ESTABLISHMENT
    if "one_application_when" in doc:
        if not v2:
            errors.append((["one_application_when"], f"needs format {_FORMAT_V2!r}"))
        elif not per_establishment:
            errors.append(
                (
                    ["one_application_when"],
                    "is allowed only with application_unit 'establishment': it says which "
                    "organisations apply once for all their establishments",
                )
            )
    if "application_unit" in doc and not v2:
        errors.append((["application_unit"], f"needs format {_FORMAT_V2!r}"))
    if "ceiling_per_organisation" in doc:
        ceiling = parse_decimal(doc["ceiling_per_organisation"])
        if not v2:
            errors.append((["ceiling_per_organisation"], f"needs format {_FORMAT_V2!r}"))
        elif not per_establishment:
            errors.append(
                (
                    ["ceiling_per_organisation"],
                    "is allowed only with application_unit 'establishment': an organisation "
                    "applying once is capped by its amount",
                )
            )
        elif ceiling is not None and ceiling < ZERO:
            errors.append((["ceiling_per_organisation"], "must not be negative"))
    if doc.get("one_per") == ESTABLISHMENT:
        if not v2:
            errors.append((["one_per"], f"'establishment' needs format {_FORMAT_V2!r}"))
        elif not per_establishment:
            errors.append(
                (
                    ["one_per"],
                    "'establishment' is allowed only with application_unit 'establishment'",
                )
            )
    return errors
