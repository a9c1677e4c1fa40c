"""A plain reference interpretation of the programme format, for the property tests.

Written from the format document alone, sharing no code with `eligibility.engine`: it walks
the JSON each time, as slowly and literally as the document reads. Facts are expected to be
valid (the tests generate them so); checking them is the engine's business.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

FACT_TYPES = {
    "legal_form": "choice",
    "is_sse": "bool",
    "employees": "int",
    "founded_on": "date",
    "years_active": "int",
    "turnover_current": "decimal",
    "turnover_previous": "decimal",
    "turnover_drop_pct": "decimal",
    "district": "choice",
    "sector": "choice",
    "premises_tenure": "choice",
    "activity_code": "code",
    "monthly_rent": "decimal",
    "women_led": "bool",
    "activity_suspended": "bool",
    "tax_obligations_current": "bool",
    "social_security_current": "bool",
    "debts_with_city": "bool",
    "de_minimis_declared": "decimal",
    "de_minimis_total": "decimal",
}
DERIVED_FROM = {
    "is_sse": ["legal_form"],
    "years_active": ["founded_on"],
    "turnover_drop_pct": ["turnover_current", "turnover_previous"],
    "de_minimis_total": ["de_minimis_declared"],
}
SOCIAL_ECONOMY = [
    "cooperative",
    "labour_company",
    "insertion_company",
    "special_employment_centre",
    "mutual",
    "association",
    "foundation",
]
_WIDE = Context(prec=2000)


def quantize(number: Decimal, places: int) -> Decimal:
    return number.quantize(Decimal(10) ** -places, rounding=ROUND_HALF_UP, context=_WIDE)


def anniversary(founded: dt.date, year: int) -> dt.date:
    if founded.month == 2 and founded.day == 29:
        try:
            return dt.date(year, 2, 29)
        except ValueError:
            return dt.date(year, 3, 1)
    return founded.replace(year=year)


def completed_years(founded: dt.date, as_of: dt.date) -> int:
    years = 0
    while anniversary(founded, founded.year + years + 1) <= as_of:
        years += 1
    return years


class Reference:
    def __init__(self, doc: dict, facts: dict, as_of: dt.date, desk: Decimal = Decimal(0)):
        self.doc = doc
        self.types = dict(FACT_TYPES)
        for question in doc.get("questions", []):
            self.types[question["name"]] = question["type"]
        self.as_of = as_of
        self.desk = desk
        self.facts = {name: self.typed(name, value) for name, value in facts.items()}

    def typed(self, name: str, value: Any) -> Any:
        if value is None:
            return None
        kind = self.types[name]
        if kind == "decimal":
            return Decimal(str(value))
        if kind == "date":
            return dt.date.fromisoformat(value)
        return value

    # -- facts --

    def fact(self, name: str) -> Any:
        if name not in DERIVED_FROM:
            return self.facts.get(name)
        inputs = [self.facts.get(item) for item in DERIVED_FROM[name]]
        if any(item is None for item in inputs):
            return None
        if name == "is_sse":
            return inputs[0] in SOCIAL_ECONOMY
        if name == "years_active":
            return completed_years(inputs[0], self.as_of)
        if name == "turnover_drop_pct":
            current, previous = inputs
            if previous == 0:
                return Decimal(0)
            return quantize((previous - current) / previous * 100, 2)
        return inputs[0] + self.desk

    def inputs_of(self, name: str) -> list[str]:
        if name in DERIVED_FROM:
            return [item for item in DERIVED_FROM[name] if self.facts.get(item) is None]
        return [name]

    def typed_value(self, name: str, value: Any) -> Any:
        kind = self.types[name]
        if kind == "decimal":
            return Decimal(str(value))
        if kind == "date":
            return dt.date.fromisoformat(value)
        return value

    # -- conditions --

    def cond(self, node: dict) -> bool | None:
        if "all" in node:
            values = [self.cond(part) for part in node["all"]]
            if False in values:
                return False
            return None if None in values else True
        if "any" in node:
            values = [self.cond(part) for part in node["any"]]
            if True in values:
                return True
            return None if None in values else False
        if "not" in node:
            value = self.cond(node["not"])
            return None if value is None else not value
        return self.leaf(node)

    def leaf(self, node: dict) -> bool | None:
        name, op = node["fact"], node["op"]
        x = self.fact(name)
        if op == "is_set":
            return x is not None
        if x is None:
            return None
        if op == "is_true":
            return x is True
        if op == "is_false":
            return x is False
        value = node.get("value")
        if op in ("in", "not_in") and self.types.get(name) == "code":
            # A code is within a listed code when the listed one is the code or one of its
            # ancestors (its first digits): 5610 is in 561 and in 56; 56 is not in 561.
            found = any(x.startswith(item) for item in value)
            return found if op == "in" else not found
        if op in ("in", "not_in"):
            found = any(x == self.typed_value(name, item) for item in value)
            return found if op == "in" else not found
        if op == "between":
            return self.typed_value(name, value[0]) <= x <= self.typed_value(name, value[1])
        v = self.typed_value(name, value)
        return {
            "eq": x == v,
            "ne": x != v,
            "lt": x < v,
            "lte": x <= v,
            "gt": x > v,
            "gte": x >= v,
        }[op]

    def undecided(self, node: dict, out: set[str]) -> None:
        if self.cond(node) is not None:
            return
        if "all" in node or "any" in node:
            for part in node.get("all", node.get("any")):
                self.undecided(part, out)
        elif "not" in node:
            self.undecided(node["not"], out)
        else:
            out.update(self.inputs_of(node["fact"]))

    def met(self, node: dict, path: str, nots: int = 0) -> list[tuple[str, bool | None]]:
        if "all" in node or "any" in node:
            key = "all" if "all" in node else "any"
            found = []
            for index, part in enumerate(node[key]):
                found += self.met(part, f"{path}.{key}[{index}]", nots)
            return found
        if "not" in node:
            return self.met(node["not"], f"{path}.not", nots + 1)
        value = self.leaf(node)
        if value is not None and nots % 2 == 1:
            value = not value
        return [(node.get("id", path), value)]

    # -- expressions --

    def expr(self, node: Any) -> Decimal | None:
        if not isinstance(node, dict):
            return Decimal(node) if isinstance(node, int) else Decimal(node)
        if "fact" in node:
            x = self.fact(node["fact"])
            if x is None:
                return None
            if isinstance(x, bool):
                return Decimal(1) if x else Decimal(0)
            return Decimal(x)
        for op in ("add", "mul", "min", "max", "sub", "div"):
            if op in node:
                values = [self.expr(part) for part in node[op]]
                if any(value is None for value in values):
                    return None
                if op == "min":
                    return min(values)
                if op == "max":
                    return max(values)
                if op == "div":
                    return None if values[1] == 0 else values[0] / values[1]
                total = values[0]
                for value in values[1:]:
                    if op == "add":
                        total += value
                    elif op == "mul":
                        total *= value
                    else:
                        total -= value
                return total
        if "round" in node:
            value = self.expr(node["round"])
            return None if value is None else quantize(value, node["places"])
        if "if" in node:
            test = self.cond(node["if"])
            if test is None:
                return None
            return self.expr(node["then"] if test else node["else"])
        if "lookup" in node:
            return self.lookup_value(node)
        subject = self.expr(node["tiers"])
        if subject is None:
            return None
        return self.expr(self.band(node, subject))

    def band(self, node: dict, subject: Decimal) -> Any:
        if not any("upto" in band for band in node["bands"]):  # explicit bounds (v2)
            return self.explicit_band(node, subject)
        for band in node["bands"]:
            if Decimal(str(band["upto"])) >= subject:
                return band["value"]
        return node["otherwise"]

    def reads(self, node: Any, out: set[str]) -> None:
        if not isinstance(node, dict):
            return
        if "fact" in node:
            if self.fact(node["fact"]) is None:
                out.update(self.inputs_of(node["fact"]))
            return
        for op in ("add", "mul", "min", "max", "sub", "div"):
            if op in node:
                for part in node[op]:
                    self.reads(part, out)
                return
        if "round" in node:
            self.reads(node["round"], out)
        elif "if" in node:
            test = self.cond(node["if"])
            if test is None:
                self.undecided(node["if"], out)
                self.reads(node["then"], out)
                self.reads(node["else"], out)
            else:
                self.reads(node["then"] if test else node["else"], out)
        elif "lookup" in node:
            self.lookup_reads(node, out)
        else:
            subject = self.expr(node["tiers"])
            if subject is None:
                self.reads(node["tiers"], out)
                for band in node["bands"]:
                    self.reads(band["value"], out)
                if "otherwise" in node:  # optional with explicit bands (v2)
                    self.reads(node["otherwise"], out)
            else:
                self.reads(self.band(node, subject), out)

    # -- v2: bands with explicit bounds, and lookup tables --
    # "min" inclusive and "above" exclusive lower bounds, "max" inclusive and "below"
    # exclusive upper bounds; a missing bound is open. The value falls in the band whose
    # interval contains it, else in `otherwise`.

    def explicit_band(self, node: dict, subject: Decimal) -> Any:
        for band in node["bands"]:
            if in_interval(band, subject):
                return band["value"]
        return node["otherwise"]

    def lookup_cell(self, node: dict, row: Any, column: Decimal) -> Any:
        """The cell for a known row value and column value, or `otherwise`."""
        row_type = self.types[node["lookup"]["row"]]
        for key, cells in node["rows"].items():
            if (int(key) == row) if row_type == "int" else (key == row):
                for index, bounds in enumerate(node["columns"]):
                    if in_interval(bounds, column):
                        return cells[index]
        return node["otherwise"]

    def lookup_value(self, node: dict) -> Decimal | None:
        row = self.fact(node["lookup"]["row"])
        column = self.expr(node["lookup"]["column"])
        if row is None or column is None:
            return None
        return self.expr(self.lookup_cell(node, row, column))

    def lookup_reads(self, node: dict, out: set[str]) -> None:
        name = node["lookup"]["row"]
        row = self.fact(name)
        column = self.expr(node["lookup"]["column"])
        if row is not None and column is not None:
            self.reads(self.lookup_cell(node, row, column), out)
            return
        if row is None:
            out.update(self.inputs_of(name))
        self.reads(node["lookup"]["column"], out)
        for cells in node["rows"].values():
            for cell in cells:
                self.reads(cell, out)
        if "otherwise" in node:
            self.reads(node["otherwise"], out)

    # -- the outcome --

    def outcome(self, ceiling: Decimal = Decimal(300000)) -> dict[str, Any]:
        doc = self.doc
        eligible = self.cond(doc["eligibility"])
        met = self.met(doc["eligibility"], "eligibility")
        result: dict[str, Any] = {"amount": None, "missing": [], "met": met}
        if eligible is False:
            return {**result, "outcome": "ineligible"}
        if eligible is None:
            missing: set[str] = set()
            self.undecided(doc["eligibility"], missing)
            return {**result, "outcome": "needs_info", "missing": sorted(missing)}
        amount = self.expr(doc["amount"])
        total = self.fact("de_minimis_total")
        if amount is None:
            missing = set()
            self.reads(doc["amount"], missing)
            if doc.get("de_minimis") and total is None:
                missing.add("de_minimis_declared")
            return {**result, "outcome": "needs_info", "missing": sorted(missing)}
        amount = quantize(amount, 2)
        if amount < 0:
            amount = Decimal("0.00")
        # v2 lines: the first line, in order, whose `when` holds (or that has none); an
        # unknown `when` before it leaves the outcome open; fitting none refuses.
        for line in doc.get("lines", ()):
            if "when" not in line:
                break
            fits = self.cond(line["when"])
            if fits is None:
                missing = set()
                self.undecided(line["when"], missing)
                return {**result, "outcome": "needs_info", "missing": sorted(missing)}
            if fits:
                break
        else:
            if doc.get("lines"):
                return {**result, "outcome": "ineligible", "met": [*met, ("line", False)]}
        if not doc.get("de_minimis"):
            return {**result, "outcome": "eligible", "amount": amount}
        if total is None:
            return {**result, "outcome": "needs_info", "missing": ["de_minimis_declared"]}
        passed = total + amount <= ceiling
        result["met"] = [*met, ("de_minimis", passed)]
        if passed:
            return {**result, "outcome": "eligible", "amount": amount}
        return {**result, "outcome": "ineligible"}


# -- v2: declared derived facts and parameters --------------------------------------------


class ReferenceWithDeclared(Reference):
    """The reference, reading also the v2 `derived` facts and `{"param": NAME}` values, as
    the format document says: a derived fact is its formula's (or condition's) value, unknown
    when that is unknown, and stands in missing_facts for the unknown facts the formula reads;
    a parameter is its value, in a condition typed as the fact, in an expression a number."""

    def __init__(self, doc: dict, facts: dict, as_of: dt.date, desk: Decimal = Decimal(0)):
        self.declared = {entry["name"]: entry for entry in doc.get("derived", [])}
        self.parameters = {entry["name"]: entry for entry in doc.get("parameters", [])}
        super().__init__(doc, facts, as_of, desk)
        for name, entry in self.declared.items():
            self.types[name] = entry["type"]

    def fact(self, name: str) -> Any:
        entry = self.declared.get(name)
        if entry is None:
            return super().fact(name)
        if entry["type"] == "bool":
            return self.cond(entry["condition"])
        return self.expr(entry["formula"])

    def inputs_of(self, name: str) -> list[str]:
        entry = self.declared.get(name)
        if entry is None:
            return super().inputs_of(name)
        out: set[str] = set()
        if entry["type"] == "bool":
            self.undecided(entry["condition"], out)
        else:
            self.reads(entry["formula"], out)
        return sorted(out)

    def typed_value(self, name: str, value: Any) -> Any:
        if isinstance(value, dict) and "param" in value:
            value = self.parameters[value["param"]]["value"]
        return super().typed_value(name, value)

    def expr(self, node: Any) -> Decimal | None:
        if isinstance(node, dict) and "param" in node:
            value = self.parameters[node["param"]]["value"]
            if isinstance(value, bool):
                return Decimal(1) if value else Decimal(0)
            return Decimal(str(value))
        return super().expr(node)

    def reads(self, node: Any, out: set[str]) -> None:
        if isinstance(node, dict) and "param" in node:
            return  # a constant reads no fact
        super().reads(node, out)
def in_interval(bounds: dict, value: Decimal) -> bool:
    checks = {
        "min": lambda x: value >= x,
        "above": lambda x: value > x,
        "max": lambda x: value <= x,
        "below": lambda x: value < x,
    }
    return all(test(Decimal(str(bounds[key]))) for key, test in checks.items() if key in bounds)
