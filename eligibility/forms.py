"""Form fields for facts: one question per fact, typed as the engine types it.

Used wherever a person answers facts: the rule trial on the programme editor, the screener
and the application wizard. Every field is optional: an unanswered fact is unknown, which
the engine treats as such.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .engine import FactSpec
from .engine.explain import translated

UNANSWERED = ("", "—")


def fact_field(spec: FactSpec, language: str) -> forms.Field:
    """A form field asking for one fact, labelled in `language`."""
    common = {
        "label": translated(spec.label, language),
        "help_text": translated(spec.help, language) if spec.help else "",
        "required": False,
    }
    if spec.type == "bool":
        return forms.TypedChoiceField(
            choices=[UNANSWERED, ("true", _("Yes")), ("false", _("No"))],
            coerce=lambda value: value == "true",
            empty_value=None,
            **common,
        )
    if spec.type == "int":
        return forms.IntegerField(min_value=_whole(spec.min), max_value=_whole(spec.max), **common)
    if spec.type == "decimal":
        return forms.DecimalField(
            min_value=spec.min, max_value=spec.max, decimal_places=2, localize=True, **common
        )
    if spec.type == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    choices = [
        (value, translated(spec.choice_labels.get(value) or {"es": value}, language))
        for value in spec.choices
    ]
    return forms.ChoiceField(choices=[UNANSWERED, *choices], **common)


def facts_form_class(specs: Iterable[FactSpec], language: str) -> type[forms.Form]:
    """A form class with one optional field per fact, in the order given."""
    fields = {spec.name: fact_field(spec, language) for spec in specs}
    return type("FactsForm", (forms.Form,), fields)


def facts_from_cleaned_data(cleaned_data: Mapping[str, Any]) -> dict[str, Any]:
    """The answered facts as the engine's input: dates and decimals as strings."""
    facts = {}
    for name, value in cleaned_data.items():
        if value is None or value == "":
            continue
        if isinstance(value, Decimal):
            value = str(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        facts[name] = value
    return facts


def _whole(limit) -> int | None:
    return None if limit is None else int(limit)
