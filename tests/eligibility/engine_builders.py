"""Small programme definitions for the engine tests."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

AS_OF = dt.date(2026, 1, 20)


def programme(eligibility: Any = None, amount: Any = "100", **overrides: Any) -> dict[str, Any]:
    """A valid definition with the given eligibility and amount; anything else overridable."""
    doc: dict[str, Any] = {
        "format": "onestop.programme/v1",
        "slug": "test-programme",
        "title": {"es": "Programa de prueba", "eu": "Proba-programa", "en": "Test programme"},
        "benefit": "grant",
        "unit": "EUR",
        "window": {"opens": "2026-01-15", "closes": "2026-02-15"},
        "budget": "100000.00",
        "award_mode": "first_come",
        "one_per": "organisation",
        "de_minimis": False,
        "exclusive_with": [],
        "questions": [],
        "documents": [],
        "eligibility": {"all": []} if eligibility is None else eligibility,
        "amount": amount,
    }
    doc.update(copy.deepcopy(overrides))
    return doc


HOSPITALITY: dict[str, Any] = {
    "format": "onestop.programme/v1",
    "slug": "hospitality-direct-aid",
    "title": {
        "es": "Ayuda directa a la hostelería",
        "eu": "Ostalaritzarako zuzeneko laguntza",
        "en": "Direct aid for hospitality",
    },
    "summary": {"es": "Importe fijo según plantilla para locales de hostelería de la ciudad."},
    "benefit": "grant",
    "unit": "EUR",
    "window": {"opens": "2026-01-15", "closes": "2026-02-15"},
    "budget": "3255000.00",
    "award_mode": "first_come",
    "one_per": "organisation",
    "de_minimis": True,
    "exclusive_with": [],
    "questions": [],
    "documents": [{"code": "iae", "label": {"es": "Alta en el IAE"}}],
    "eligibility": {
        "all": [
            {"id": "sector", "fact": "sector", "op": "in", "value": ["hospitality", "tourism"]},
            {"id": "premises", "fact": "district", "op": "ne", "value": "outside"},
            {"id": "staff", "fact": "employees", "op": "gte", "value": 1},
            {"id": "tax", "fact": "tax_obligations_current", "op": "is_true"},
            {"id": "ss", "fact": "social_security_current", "op": "is_true"},
            {
                "not": {"id": "debts", "fact": "debts_with_city", "op": "is_true"},
                "reason": {
                    "es": "Tener deudas con el Ayuntamiento impide recibir la ayuda.",
                    "en": "Debts with the City Council rule out this aid.",
                },
            },
        ]
    },
    "amount": {
        "tiers": {"fact": "employees"},
        "bands": [{"upto": 3, "value": "1000"}, {"upto": 10, "value": "1250"}],
        "otherwise": "1500",
    },
}

GOOD_BAR: dict[str, Any] = {
    "sector": "hospitality",
    "district": "abando",
    "employees": 5,
    "tax_obligations_current": True,
    "social_security_current": True,
    "debts_with_city": False,
    "de_minimis_declared": "0",
}
