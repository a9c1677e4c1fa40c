"""Eligibility's public face: what every other app uses of it, besides the engine's names.

The engine (`eligibility.engine`) is pure Python and the only code that interprets a programme
definition; the rest of the desk reaches it, and the texts, form fields and screener answers
built on it, through this module.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from eligibility.engine import (
    INELIGIBLE,
    CompiledProgramme,
    DefinitionError,
    FactSpec,
    ProgrammeCache,
    validate_definition,
)
from eligibility.engine.application_unit import ESTABLISHMENT as PER_ESTABLISHMENT
from eligibility.engine.application_unit import application_unit as programme_application_unit
from eligibility.engine.application_unit import (
    ceiling_per_organisation as programme_ceiling_per_organisation,
)
from eligibility.engine.ceilings import Ceiling
from eligibility.engine.ceilings import parse_ceilings as programme_ceilings
from eligibility.engine.explain import code_text, translated
from eligibility.engine.facts import parse_date, programme_facts
from eligibility.forms import (
    LocalizedDecimalField,
    facts_form_class,
    facts_from_cleaned_data,
    screener_field,
    screener_initial,
)
from eligibility.providers import (
    ProgrammeLink,
    PublishedProgramme,
    definition_checks,
    register_apply_url,
    register_definition_check,
    register_programme_source,
)
from eligibility.questions import choice_label, question_help, question_text, short_label
from eligibility.screener_session import session_answers
from onestop.i18n import format_date
from onestop.i18n import format_money as amount_text
from onestop.i18n import format_number as number_text

__all__ = [
    "PER_ESTABLISHMENT",
    "AnswerRow",
    "Ceiling",
    "LocalizedDecimalField",
    "ProgrammeLink",
    "PublishedProgramme",
    "amount_text",
    "answer_text",
    "choice_label",
    "compiled_programme",
    "de_minimis_ceiling",
    "definition_errors",
    "definition_problems",
    "register_definition_check",
    "facts_form_class",
    "facts_from_cleaned_data",
    "number_text",
    "programme_application_unit",
    "parameter_text",
    "programme_parameters",
    "programme_audiences",
    "programme_ceiling_per_organisation",
    "programme_ceilings",
    "programme_description",
    "programme_facts",
    "question_help",
    "question_text",
    "register_apply_url",
    "register_programme_source",
    "screener_answers",
    "screener_field",
    "screener_initial",
    "short_label",
]

_compiled = ProgrammeCache(maxsize=512)

SSE_LEGAL_FORMS = (
    "cooperative",
    "labour_company",
    "insertion_company",
    "special_employment_centre",
    "mutual",
    "association",
    "foundation",
)
BUSINESS_LEGAL_FORMS = ("sole_trader", "partnership", "limited_company")
# Small businesses in the EU sense: fewer than 50 staff. Sampled at the edges and in between.
SMALL_BUSINESS_HEADCOUNTS = (1, 9, 49)


@dataclass
class AnswerRow:
    """A row of a "check your answers" list: the screener's and the application wizard's."""

    fact: str
    label: str
    answer: str
    change_url: str


def de_minimis_ceiling() -> Decimal:
    """The most de minimis aid an organisation may hold over three financial years."""
    return Decimal(str(settings.ONESTOP_DE_MINIMIS_CEILING))


def answer_text(spec: FactSpec | None, value: Any, language: str) -> str:
    """An answer (in the engine's input format) as a reader of `language` writes it: "Sí",
    "Cooperativa", "1 de marzo de 2019", "85.000,50 €", "12 %".

    A value that is not of the fact's type, or of a fact no longer known, is shown as given;
    an unanswered fact is the caller's to word.
    """
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if spec is None:
        return str(value)
    if spec.type == "choice":
        return choice_label(spec, value, language)
    if spec.type == "code" and isinstance(value, str):
        return code_text(spec, value, language)
    if spec.type == "date":
        parsed = parse_date(value) if isinstance(value, str) else value
        if isinstance(parsed, dt.date):
            return format_date(parsed, language)
        return str(value)
    if spec.type in ("int", "decimal"):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        if spec.display == "money":
            return amount_text(number, "EUR", language)
        if spec.display == "percent":
            return amount_text(number, "percent", language)
        return number_text(number, language)
    return str(value)


def screener_answers(session: Mapping[str, Any]) -> dict[str, Any]:
    """The facts a visitor has told the screener in this session, in the engine's input
    format: some may be facts the programme at hand does not read."""
    return session_answers(session).facts


def definition_errors(definition: dict) -> list[str]:
    """Every problem of a programme definition, each as `path: message`; empty when valid."""
    return [str(error) for error in definition_problems(definition)]


def definition_problems(definition: dict) -> list[DefinitionError]:
    """The engine's errors, then those of the checks other apps registered (an activity code
    missing from the CMS's list), each once."""
    errors = validate_definition(definition)
    seen = {(error.path, error.message) for error in errors}
    for check in definition_checks():
        for error in check(definition):
            if (error.path, error.message) not in seen:
                seen.add((error.path, error.message))
                errors.append(error)
    return errors


def compiled_programme(
    definition: Mapping[str, Any], *, revision: Hashable | None = None
) -> CompiledProgramme:
    """The definition compiled once: cached by its `revision` when the caller has one (a
    page's live revision: a new one published is a new entry, so no rules are ever stale),
    else by its content, so every revision compiles once."""
    if revision is not None:
        # Hashing the content costs more than evaluating it: the screener asks on every
        # request, for every live programme.
        return _compiled.get(("revision", revision), definition)
    key = hashlib.sha256(
        json.dumps(definition, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    return _compiled.get(key, definition)


def programme_audiences(definition: Mapping[str, Any]) -> frozenset[str]:
    """Who a programme is open to: "sse" and/or "small_business".

    Evaluated with only the organisation's legal form (and headcount) known: the three-valued
    rules answer "ineligible" only when those alone rule the organisation out, so a programme
    is for an audience unless its rules exclude every kind of organisation in it.
    """
    programme = compiled_programme(definition)

    def possible(facts: dict) -> bool:
        return programme.evaluate(facts).outcome != INELIGIBLE

    audiences = set()
    if any(possible({"legal_form": form}) for form in SSE_LEGAL_FORMS):
        audiences.add("sse")
    if any(
        possible({"legal_form": form, "employees": headcount})
        for form in BUSINESS_LEGAL_FORMS
        for headcount in SMALL_BUSINESS_HEADCOUNTS
    ):
        audiences.add("small_business")
    return frozenset(audiences)


def programme_parameters(definition: Mapping[str, Any], language: str) -> list[dict[str, str]]:
    """The programme's key figures (format v2 `parameters`) for a reader of `language`: each
    `{"name", "label", "value", "source"}`, the value written as the language writes it and
    the source "" when the definition gives none."""
    return [
        {
            "name": parameter.name,
            "label": parameter.label_in(language),
            "value": parameter_text(parameter.type, parameter.value, language),
            "source": parameter.source_in(language) or "",
        }
        for parameter in compiled_programme(definition).parameters
    ]


def parameter_text(kind: str, value: Any, language: str) -> str:
    if kind == "date":
        return format_date(value, language)
    if kind == "bool":
        with translation.override(language):
            return _("Yes") if value else _("No")
    return number_text(value, language)


def programme_description(definition: Mapping[str, Any], language: str) -> dict[str, Any]:
    """Who can apply and how much, stated for a reader of `language` who has answered nothing.

    `requirements` is the engine's nested description of the eligibility rules; `amount` is
    None when the amount is computed from answers (the screener then tells each their own), or
    `{"fixed": text}`, or `{"tiers": [(condition text, amount text), ...]}`.
    """
    programme = compiled_programme(definition)
    shape = programme.describe_amount()
    unit = definition["unit"]
    amount: dict[str, Any] | None = None
    if shape["kind"] == "fixed":
        amount = {"fixed": amount_text(shape["value"], unit, language)}
    elif shape["kind"] == "tiers":
        # The table is headed by the fact ("Número de personas empleadas"), so each row
        # only states its band: "Hasta 3", "De 4 a 10", "Más de 10".
        fact = shape["fact"]
        rows = []
        previous = None
        for upto, value in shape["bands"]:
            limit = number_text(upto, language)
            if previous is None:
                band = _("Up to %(limit)s") % {"limit": limit}
            elif fact.type == "int":
                low = number_text(int(previous) + 1, language)
                band = _("From %(low)s to %(high)s") % {"low": low, "high": limit}
            else:
                low = number_text(previous, language)
                band = _("More than %(low)s and up to %(high)s") % {"low": low, "high": limit}
            rows.append((band, amount_text(value, unit, language)))
            previous = upto
        rows.append(
            (
                _("More than %(limit)s") % {"limit": number_text(previous, language)},
                amount_text(shape["otherwise"], unit, language),
            )
        )
        amount = {"tiers": rows, "fact": translated(fact.label, language)}
    elif shape["kind"] == "bands":
        # Explicit bands read as their own bounds; what no band holds takes `otherwise`.
        rows = [
            (band_text(interval, language), amount_text(value, unit, language))
            for interval, value in shape["bands"]
        ]
        if shape["otherwise"] is not None:
            rows.append((_("Any other value"), amount_text(shape["otherwise"], unit, language)))
        amount = {"tiers": rows, "fact": translated(shape["fact"].label, language)}
    return {"requirements": programme.describe_eligibility(language), "amount": amount}


def band_text(interval: Any, language: str) -> str:
    """An explicit band as a table row reads it: "From 1 to 3", "More than 10"."""
    low = number_text(interval.lower, language) if interval.lower is not None else None
    high = number_text(interval.upper, language) if interval.upper is not None else None
    if low is not None and high is not None:
        if interval.lower_inclusive and interval.upper_inclusive:
            return _("From %(low)s to %(high)s") % {"low": low, "high": high}
        if interval.lower_inclusive:
            return _("From %(low)s to less than %(high)s") % {"low": low, "high": high}
        if interval.upper_inclusive:
            return _("More than %(low)s and up to %(high)s") % {"low": low, "high": high}
        return _("More than %(low)s and less than %(high)s") % {"low": low, "high": high}
    if low is not None:
        if interval.lower_inclusive:
            return _("%(limit)s or more") % {"limit": low}
        return _("More than %(limit)s") % {"limit": low}
    if high is not None:
        if interval.upper_inclusive:
            return _("Up to %(limit)s") % {"limit": high}
        return _("Less than %(limit)s") % {"limit": high}
    return _("Any value")
