"""Ceilings across programmes: cumulative aid to one beneficiary up to a total.

A call often says that the aid, together with the city's other aid of the same plan (or of
another line), may not exceed a total per beneficiary or per establishment. The format
declares it on the programme; the desk keeps it when it commits money, counting the awards
of this programme and of the programmes listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from eligibility.engine.errors import repeated_keys
from eligibility.engine.facts import parse_decimal

PER_ORGANISATION = "organisation"
PER_ESTABLISHMENT = "establishment"

Text = Mapping[str, str]


@dataclass(frozen=True)
class Ceiling:
    ident: str
    programmes: tuple[str, ...]  # the other programmes whose awards count with this one's
    per: str  # PER_ORGANISATION or PER_ESTABLISHMENT
    total: Decimal
    source: Text | None = None


def parse_ceilings(doc: Mapping[str, Any]) -> tuple[Ceiling, ...]:
    """The programme's ceilings (from a valid definition), in document order."""
    found = []
    for item in doc.get("ceilings", ()) or ():
        total = parse_decimal(item.get("total"))
        if total is None:
            continue
        found.append(
            Ceiling(
                ident=item["id"],
                programmes=tuple(item.get("programmes", ())),
                per=item.get("per", PER_ORGANISATION),
                total=total,
                source=item.get("source"),
            )
        )
    return tuple(found)


def ceiling_errors(doc: Mapping[str, Any], v2: bool) -> list[tuple[list, str]]:
    """(path, message) for each problem with `ceilings` the shape pass cannot see."""
    ceilings = doc.get("ceilings")
    if not isinstance(ceilings, list):
        return []
    if not v2:
        return [(["ceilings"], "needs format 'onestop.programme/v2'")]
    errors: list[tuple[list, str]] = list(repeated_keys(ceilings, ["ceilings"]))
    for index, item in enumerate(ceilings):
        if not isinstance(item, dict):
            continue
        total = parse_decimal(item.get("total"))
        if total is not None and total < 0:
            errors.append((["ceilings", index, "total"], "must not be negative"))
        if (
            item.get("per") == PER_ESTABLISHMENT
            and doc.get("application_unit") != PER_ESTABLISHMENT
        ):
            errors.append(
                (
                    ["ceilings", index, "per"],
                    "'establishment' needs application_unit 'establishment'",
                )
            )
        for position, slug in enumerate(item.get("programmes") or ()):
            if slug == doc.get("slug"):
                errors.append(
                    (
                        ["ceilings", index, "programmes", position],
                        "the programme itself always counts: list only the others",
                    )
                )
    return errors
