"""The Bilbao 2022 hospitality aid, written with v2 derived facts, parameters and sources."""

from __future__ import annotations

import copy
from typing import Any

V2 = "onestop.programme/v2"

BASE_4_2 = {"es": "Base 4.2", "eu": "4.2 oinarria", "en": "Rule 4.2"}
BASE_3_1 = {"es": "Base 3.1", "eu": "3.1 oinarria", "en": "Rule 3.1"}
BASE_5 = {"es": "Base 5", "eu": "5. oinarria", "en": "Rule 5"}
BASE_5_1 = {"es": "Base 5.1", "eu": "5.1 oinarria", "en": "Rule 5.1"}
DECREE = {"es": "Decreto de Alcaldía de 1 de marzo de 2022"}

_BILBAO_2022: dict[str, Any] = {
    "format": V2,
    "slug": "bilbao-2022-hospitality",
    "title": {"es": "Ayuda a la hostelería 2022", "eu": "Ostalaritzarako laguntza 2022",
              "en": "Hospitality aid 2022"},
    "benefit": "grant",
    "unit": "EUR",
    "window": {"opens": "2022-03-01", "closes": "2022-04-30"},
    "budget": None,
    "award_mode": "first_come",
    "questions": [
        {"name": "full_time_staff", "type": "int", "min": 0,
         "label": {"es": "Personas a jornada completa", "eu": "Lanaldi osoko langileak",
                   "en": "Full-time staff"}},
        {"name": "part_time_staff", "type": "int", "min": 0,
         "label": {"es": "Personas a jornada parcial", "eu": "Lanaldi partzialeko langileak",
                   "en": "Part-time staff"}},
    ],
    "parameters": [
        {"name": "publication_date", "type": "date", "value": "2022-03-01",
         "label": {"es": "Fecha de publicación", "eu": "Argitalpen-data",
                   "en": "Publication date"},
         "source": DECREE},
        {"name": "amount_per_worker", "type": "decimal", "value": "400",
         "label": {"es": "Importe por persona", "eu": "Pertsona bakoitzeko zenbatekoa",
                   "en": "Amount per worker"},
         "source": BASE_5_1},
        {"name": "headcount_limit", "type": "int", "value": 10,
         "label": {"es": "Plantilla máxima", "eu": "Gehieneko plantilla",
                   "en": "Largest headcount"}},
    ],
    "derived": [
        {"name": "weighted_headcount", "type": "decimal",
         "label": {"es": "Plantilla ponderada", "eu": "Plantilla haztatua",
                   "en": "Weighted headcount"},
         "formula": {"add": [{"fact": "full_time_staff"},
                             {"mul": ["0.5", {"fact": "part_time_staff"}]}],
                     "source": BASE_4_2}},
        {"name": "small_venue", "type": "bool",
         "label": {"es": "Local pequeño", "eu": "Lokal txikia", "en": "Small venue"},
         "condition": {"fact": "weighted_headcount", "op": "lte",
                       "value": {"param": "headcount_limit"}}},
    ],
    "eligibility": {"all": [
        {"id": "founded", "fact": "founded_on", "op": "lt",
         "value": {"param": "publication_date"}, "source": BASE_3_1},
        {"id": "small", "fact": "small_venue", "op": "is_true"},
    ], "source": {"es": "Base 3", "eu": "3. oinarria", "en": "Rule 3"}},
    "amount": {"mul": [{"param": "amount_per_worker", "source": BASE_5_1},
                       {"fact": "weighted_headcount"}],
               "source": BASE_5},
}  # fmt: skip


def bilbao_2022() -> dict[str, Any]:
    return copy.deepcopy(_BILBAO_2022)
