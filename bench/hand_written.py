"""A hand-written evaluator of one demo programme, hospitality-direct-aid, as the yardstick of
`manage.py evaluate` (see bench/README.md, engine section, and `bench/engine.py
--hand-written`).

    .venv/bin/python bench/hand_written.py FACTS.jsonl --as-of 2026-12-01 > out.jsonl

It is what a programmer would write for this one programme without the engine: read each
line with `json.loads`, check the facts the rules read (and that no unknown fact is given),
decide, and write the same outcome object as `manage.py evaluate --lang es`, with one
sentence per rule. Plain Python and the standard library only: nothing of the project is
imported, so that the comparison measures the engine's generality, not a shared cost.

It is not a second implementation to keep: it knows only what the benchmark's profiles hold
(valid facts; an invalid line gives an error object, worded more briefly than the engine's).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from decimal import ROUND_HALF_UP, Decimal

OPENS = dt.date(2026, 11, 2)
CLOSES = dt.date(2027, 6, 30)
CEILING = Decimal("300000")
CENTS = Decimal("0.01")

ACCEPTED = frozenset(
    {
        "activity_code", "activity_suspended", "de_minimis_declared", "debts_with_city",
        "district", "employees", "founded_on", "legal_form", "monthly_rent",
        "premises_tenure", "sector", "social_security_current", "surface_m2",
        "tax_obligations_current", "turnover_current", "turnover_previous", "women_led",
    }
)  # fmt: skip
DISTRICTS = {
    "abando": "Abando", "basurto-zorroza": "Basurto-Zorroza", "begona": "Begoña",
    "deusto": "Deusto", "errekalde": "Errekalde", "ibaiondo": "Ibaiondo",
    "otxarkoaga-txurdinaga": "Otxarkoaga-Txurdinaga", "uribarri": "Uribarri",
    "outside": "fuera de la ciudad",
}  # fmt: skip
SECTORS = {
    "retail": "comercio", "hospitality": "hostelería", "tourism": "turismo",
    "culture": "cultura", "personal_services": "servicios personales", "care": "cuidados",
    "digital": "economía digital", "professional_services": "servicios profesionales",
    "manufacturing": "industria manufacturera", "construction": "construcción",
    "other": "otro sector",
}  # fmt: skip
DECIMAL_TEXT = re.compile(r"[0-9]+(\.[0-9]+)?").fullmatch

UNKNOWN = "(aún sin respuesta)"
YES_NO = {True: "(ha respondido sí)", False: "(ha respondido no)", None: UNKNOWN}

SECTOR_NOT_MET = "Esta ayuda es para negocios de hostelería y turismo."
SECTOR = "El sector debe ser «Hostelería» o «Turismo» "
DISTRICT_NOT_MET = "El local o establecimiento debe estar en Bilbao."
DISTRICT = "El distrito no puede ser «Fuera de la ciudad» "
STAFF = "El número de personas empleadas debe ser como mínimo 1 "
TAX = "Debe estar al corriente de sus obligaciones tributarias "
SS = "Debe estar al corriente de sus obligaciones con la Seguridad Social "
DEBTS_NOT_MET = "Tener deudas pendientes con el Ayuntamiento impide recibir esta ayuda."
DEBTS = "No debe tener deudas con el Ayuntamiento "
DE_MINIMIS = (
    "Ayudas de minimis: {} ya recibidos más {} de este programa suman {}, {} del límite de {}"
)


def euros(value: Decimal) -> str:
    """1234.5 -> "1.234,50 €", as a Spanish reader writes money."""
    whole, cents = f"{value.quantize(CENTS, ROUND_HALF_UP):,.2f}".split(".")
    return f"{whole.replace(',', '.')},{cents} €"


def checked(facts: object) -> tuple | str:
    """The facts the rules read, or the text of the first problem."""
    if type(facts) is not dict:
        return "the facts must be a JSON object of fact names to values"
    if not ACCEPTED.issuperset(facts):
        return "unknown fact"
    sector = facts.get("sector")
    district = facts.get("district")
    employees = facts.get("employees")
    tax = facts.get("tax_obligations_current")
    ss = facts.get("social_security_current")
    debts = facts.get("debts_with_city")
    declared = facts.get("de_minimis_declared")
    if sector is not None and sector not in SECTORS:
        return "sector"
    if district is not None and district not in DISTRICTS:
        return "district"
    if employees is not None and (type(employees) is not int or employees < 0):
        return "employees"
    for value in (tax, ss, debts):
        if value is not None and type(value) is not bool:
            return "a yes/no fact"
    if declared is not None:
        if type(declared) is int or type(declared) is str and DECIMAL_TEXT(declared):
            declared = Decimal(declared)
        else:
            return "de_minimis_declared"
    return sector, district, employees, tax, ss, debts, declared


def outcome(facts: object, is_open: bool) -> dict:
    found = checked(facts)
    if type(found) is str:
        return {"error": {"fact": None, "message": found}}
    sector, district, employees, tax, ss, debts, declared = found
    sector_met = None if sector is None else sector in ("hospitality", "tourism")
    district_met = None if district is None else district != "outside"
    staff_met = None if employees is None else employees >= 1
    debts_met = None if debts is None else not debts
    met = (sector_met, district_met, staff_met, tax, ss, debts_met)
    reasons = [
        {
            "id": "sector",
            "met": sector_met,
            "text": SECTOR_NOT_MET
            if sector_met is False
            else SECTOR + (UNKNOWN if sector is None else f"(ha respondido {SECTORS[sector]})"),
        },
        {
            "id": "district",
            "met": district_met,
            "text": DISTRICT_NOT_MET
            if district_met is False
            else DISTRICT
            + (UNKNOWN if district is None else f"(ha respondido {DISTRICTS[district]})"),
        },
        {
            "id": "staff",
            "met": staff_met,
            "text": STAFF + (UNKNOWN if employees is None else f"(tiene {employees})"),
        },
        {"id": "tax", "met": tax, "text": TAX + YES_NO[tax]},
        {"id": "ss", "met": ss, "text": SS + YES_NO[ss]},
        {
            "id": "debts",
            "met": debts_met,
            "text": DEBTS_NOT_MET if debts_met is False else DEBTS + YES_NO[debts],
        },
    ]
    result = "ineligible"
    amount = None
    missing: list[str] = []
    if False in met:
        pass
    elif None in met:
        result = "needs_info"
        names = ("sector", "district", "employees", "tax_obligations_current",
                 "social_security_current", "debts_with_city")  # fmt: skip
        missing = sorted(name for name, value in zip(names, met, strict=True) if value is None)
    elif declared is None:
        result = "needs_info"
        missing = ["de_minimis_declared"]
    else:
        grant = Decimal(1000 if employees <= 3 else 1250 if employees <= 10 else 1500)
        within = declared + grant <= CEILING
        reasons.append(
            {
                "id": "de_minimis",
                "met": within,
                "text": DE_MINIMIS.format(
                    euros(declared),
                    euros(grant),
                    euros(declared + grant),
                    "dentro" if within else "por encima",
                    euros(CEILING),
                ),
            }
        )
        if within:
            result = "eligible"
            amount = f"{grant}.00"
    return {
        "programme": "hospitality-direct-aid",
        "outcome": result,
        "amount": amount,
        "unit": "EUR",
        "open": is_open,
        "missing_facts": missing,
        "reasons": reasons,
    }


def main() -> None:
    path = sys.argv[1]
    as_of = dt.date.fromisoformat(sys.argv[sys.argv.index("--as-of") + 1])
    is_open = OPENS <= as_of <= CLOSES
    write = sys.stdout.write
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                write(json.dumps(outcome(json.loads(line), is_open), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
